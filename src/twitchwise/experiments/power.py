"""How long an experiment needs, worked out from the person's own recent diary before it starts.

The rate is the mean of the daily episode counts given (the recent logged days). Days are then
simulated at that rate with good and bad spells: the log rate follows a day-to-day chain
(correlation ``CORRELATION`` from one day to the next, spread ``SPREAD``: a bad spell has about
1.6 times the usual rate, a good one about 0.6 times), the change multiplies the rate on change
days by ``ratio``, and each simulated experiment is analysed as a real one is: the randomisation
test at ``alpha`` (against ``POWER_DRAWS`` re-drawn schedules) and the verdict's minimums. The
power is the share of simulated experiments ending in "helps". Simulations share their random
numbers across lengths and rates (the same days, the counts from the same uniforms), so a longer
experiment or a higher rate does not come out weaker by chance.

``SIMULATIONS`` runs per length keep a whole proposal (every offered length) well under a second;
results are cached by rate, design and length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from twitchwise.domain.experiments import DesignKind, PowerEstimate
from twitchwise.domain.wording import counted
from twitchwise.experiments.analysis import MIN_EPISODES
from twitchwise.experiments.randomisation import Floats, Laid, reference_coins, two_sided
from twitchwise.experiments.schedules import can_reach, layout, smallest_p

OFFERED_WEEKS = (4, 6, 8, 10, 12, 14, 16)
MIN_HISTORY_DAYS = 7
TARGET = 0.8
CORRELATION = 0.7
SPREAD = 0.5
SIMULATIONS = 400
POWER_DRAWS = 1000


@lru_cache(maxsize=512)
def simulated_power(
    rate: float,
    design: DesignKind,
    weeks: int,
    ratio: float,
    alpha: float,
    seed: int,
    block_days: int,
    washout_days: int,
) -> float:
    """The share of simulated experiments at ``rate`` episodes a day ending in "helps"."""
    shape = layout(design, weeks, block_days, washout_days)
    if rate <= 0 or smallest_p(shape.pairs) >= alpha:
        return 0.0
    rng = np.random.default_rng(seed)
    longest = 7 * max(weeks, *OFFERED_WEEKS)
    shocks = rng.standard_normal((SIMULATIONS, longest))
    uniforms = rng.random((SIMULATIONS, longest))
    coins = rng.random((SIMULATIONS, longest)) < 0.5
    level = np.empty_like(shocks)
    level[:, 0] = SPREAD * shocks[:, 0]
    step = SPREAD * math.sqrt(1 - CORRELATION**2)
    for day in range(1, longest):
        level[:, day] = CORRELATION * level[:, day - 1] + step * shocks[:, day]
    days = shape.days
    change, counted = shape.arms(coins[:, : shape.coins])
    mean = rate * np.exp(level[:, :days] - SPREAD**2 / 2) * np.where(change, ratio, 1.0)
    counts = poisson_counts(uniforms[:, :days], mean)
    everything = np.ones(days, dtype=np.bool_)
    observed_scores = Laid.of(shape, coins[:, : shape.coins], everything).own_statistics(counts)
    reference, exact = reference_coins(shape, POWER_DRAWS, seed, exact_coins=10)
    scores = Laid.of(shape, reference, everything).statistics(counts)
    p = two_sided(scores, observed_scores, exact)
    enough = np.sum(counts * counted, axis=1) >= MIN_EPISODES
    return float(np.mean((p < alpha) & (observed_scores < 0) & enough))


def poisson_counts(uniforms: Floats, mean: Floats) -> Floats:
    """Poisson counts by inverting the distribution at ``uniforms`` (the same uniforms give
    counts that rise with the mean). Summing the terms is many times quicker than scipy's
    ``poisson.ppf`` and exact to rounding at these means."""
    counts = np.zeros_like(mean)
    term = np.exp(-mean)
    below = term.copy()
    rising = uniforms > below
    k = 0
    while rising.any():
        k += 1
        term = term * mean / k
        below = below + term
        counts += rising
        rising &= uniforms > below
    return counts


def estimate_power(
    history: Sequence[int],
    design: DesignKind,
    weeks: int,
    ratio: float = 0.5,
    alpha: float = 0.05,
    seed: int = 0,
    *,
    block_days: int = 7,
    washout_days: int = 2,
) -> PowerEstimate:
    """The chance this design and length show a change of ``ratio`` at this person's rate, the
    offered length that reaches 80%, and both in plain words."""
    rate = float(np.mean(history)) if len(history) else 0.0
    reachable = can_reach(design, weeks, block_days, washout_days, alpha)

    def power_at(length: int) -> float:
        if not can_reach(design, length, block_days, washout_days, alpha):
            return 0.0
        return simulated_power(
            round(rate, 3), design, length, ratio, alpha, seed, block_days, washout_days
        )

    enough_history = len(history) >= MIN_HISTORY_DAYS and rate > 0
    power = power_at(weeks) if enough_history and reachable else 0.0
    weeks_for_80 = None
    if enough_history:
        weeks_for_80 = next((w for w in OFFERED_WEEKS if power_at(w) >= TARGET), None)
    best = power_at(max(OFFERED_WEEKS)) if enough_history and weeks_for_80 is None else power
    words = describe(history, rate, design, (weeks, power), (best, weeks_for_80), ratio, reachable)
    return PowerEstimate(
        design=design,
        weeks=weeks,
        ratio=ratio,
        power=power,
        weeks_for_80=weeks_for_80,
        reachable=reachable,
        episodes_per_week=7 * rate,
        words=words,
    )


def propose(
    history: Sequence[int],
    design: DesignKind,
    ratio: float = 0.5,
    alpha: float = 0.05,
    *,
    block_days: int = 7,
    washout_days: int = 2,
) -> PowerEstimate:
    """The shortest offered length reaching 80% power, else the longest the design can make."""
    lengths = [w for w in OFFERED_WEEKS if can_reach(design, w, block_days, washout_days, alpha)]
    if not lengths:
        lengths = [max(OFFERED_WEEKS)]
    longest = estimate_power(
        history, design, lengths[-1], ratio, alpha, block_days=block_days, washout_days=washout_days
    )
    weeks = longest.weeks_for_80 or lengths[-1]
    if weeks == longest.weeks:
        return longest
    return estimate_power(
        history, design, weeks, ratio, alpha, block_days=block_days, washout_days=washout_days
    )


def percent(power: float) -> str:
    """A power in whole percent, never rounded up to the target it missed (79.75% is "79%",
    not an "80%" beside "could not reliably tell")."""
    whole = round(100 * power)
    if power < TARGET:
        whole = min(whole, math.ceil(100 * TARGET) - 1)
    return f"{whole}%"


def effect_words(ratio: float) -> str:
    if math.isclose(ratio, 0.5):
        return "a halving"
    if ratio < 1:
        return f"a drop of {1 - ratio:.0%}"
    return f"a rise of {ratio - 1:.0%}"


def rate_words(rate: float) -> str:
    weekly = 7 * rate
    if weekly < 0.75:
        return "less than one episode a week"
    if weekly < 1.5:
        return "about 1 episode a week"
    if weekly < 14:
        return f"about {weekly:.0f} episodes a week"
    return f"about {rate:.0f} episodes a day"


def describe(
    history: Sequence[int],
    rate: float,
    design: DesignKind,
    asked: tuple[int, float],
    best: tuple[float, int | None],
    ratio: float,
    reachable: bool,
) -> str:
    """``asked``: the length and its power; ``best``: the longest offered length's power and
    the length reaching 80%."""
    (weeks, power), (longest_power, weeks_for_80) = asked, best
    effect = effect_words(ratio)
    if len(history) < MIN_HISTORY_DAYS:
        so_far = (
            "No days of your own logged yet"
            if not history
            else f"Only {counted(len(history), 'logged day')} of your own so far"
        )
        return (
            f"{so_far}: log at least {MIN_HISTORY_DAYS} days first, so the length can be worked "
            "out from your own rate."
        )
    if rate <= 0:
        return (
            f"No episodes in your last {len(history)} logged days: an experiment would have "
            "nothing to count, so it cannot tell anything now."
        )
    if not reachable:
        kind = "randomised days" if design is DesignKind.DAYS else "randomised blocks"
        return (
            f"{weeks} weeks of {kind} cannot give a verdict at all: too few randomised pairs "
            "for the test to reach its threshold."
        )
    at_rate = f"at your rate of {rate_words(rate)}"
    chance = f"over {weeks} weeks the chance of showing it is about {percent(power)}"
    if weeks_for_80 is None:
        longest = max(OFFERED_WEEKS)
        if weeks != longest:
            chance = f"{chance}, over {longest} weeks about {percent(longest_power)}"
        return (
            f"{at_rate[0].upper()}{at_rate[1:]}, even {longest} weeks could not reliably tell "
            f"{effect} ({chance})."
        )
    return f"About {weeks_for_80} weeks to detect {effect} {at_rate} ({chance})."
