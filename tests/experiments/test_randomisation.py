"""The randomisation test's level and its statistic.

With no effect every schedule the design could draw was as likely as the one drawn, so for any
counts the share of those schedules with p < 0.05 is the chance of a false positive: the exact
test keeps it at or below 5% whatever the counts. The statistic (a sum of per-pair log rate
ratios) is checked against a plain loop over the schedule's days written apart from ``Laid``'s
look-up, and against the score it replaced, whose ties kept the level well under 5%."""

from __future__ import annotations

import math

import numpy as np
import pytest

from twitchwise.domain.experiments import DesignKind
from twitchwise.experiments.randomisation import Laid, all_coins, p_value, two_sided
from twitchwise.experiments.schedules import Layout, layout


def exact_p_of_every_schedule(scores: np.ndarray) -> np.ndarray:
    """Each schedule's own two-sided exact p against all of them, by sorting (as ``two_sided``
    with every schedule as the observed one, without the schedules x schedules table)."""
    ordered = np.sort(scores)
    tolerance = 1e-9
    below = np.searchsorted(ordered, scores + tolerance, side="right")
    above = scores.size - np.searchsorted(ordered, scores - tolerance, side="left")
    return np.minimum(1.0, 2 * np.minimum(above, below) / scores.size)


def rejected_share(shape: Layout, counts: np.ndarray, statistic: str = "log ratio") -> float:
    """The share of all the design's schedules whose own p-value is below 0.05."""
    coins = all_coins(shape.coins)
    everything = np.ones(shape.days, dtype=np.bool_)
    if statistic == "log ratio":
        scores = Laid.of(shape, coins, everything).statistics(counts[None, :])[:, 0]
    else:  # the score the log ratio replaced: change-day episodes minus their pair's share
        change, counted = shape.arms(coins)
        strata = shape.stratum()
        scores = np.zeros(coins.shape[0])
        for pair in np.unique(strata):
            days = strata == pair
            on_change = (change & counted)[:, days]
            on_usual = (~change & counted)[:, days]
            both = on_change.sum(1) + on_usual.sum(1)
            share = np.divide(on_change.sum(1), both, out=np.zeros(both.size), where=both > 0)
            scores += on_change @ counts[days] - share * ((on_change | on_usual) @ counts[days])
    return float(np.mean(exact_p_of_every_schedule(scores) < 0.05))


def clustered_counts(rng: np.random.Generator, days: int, rate: float) -> np.ndarray:
    weekly = rng.normal(0, 0.6, days // 7 + 1)
    return rng.poisson(rate * np.exp(np.repeat(weekly, 7)[:days])).astype(np.float64)


def plain_statistic(shape: Layout, coins: np.ndarray, counts: np.ndarray) -> float:
    """The statistic by its definition, one pair at a time, from the schedule's own days."""
    change, counted = (row[0] for row in shape.arms(coins[None, :]))
    strata = shape.stratum()
    total = 0.0
    for pair in sorted(set(strata.tolist())):
        c = u = dc = du = 0.0
        for day in range(shape.days):
            if strata[day] != pair or not counted[day]:
                continue
            if change[day]:
                c, dc = c + counts[day], dc + 1
            else:
                u, du = u + counts[day], du + 1
        if dc and du:
            w = dc / (dc + du)
            total += math.log((c + w) / (u + 1 - w)) - math.log(w / (1 - w))
    return total


@pytest.mark.parametrize(
    ("design", "weeks"), [(DesignKind.BLOCKS, 12), (DesignKind.BLOCKS, 16), (DesignKind.DAYS, 3)]
)
def test_the_statistic_is_the_sum_of_the_pairs_log_rate_ratios(
    design: DesignKind, weeks: int
) -> None:
    rng = np.random.default_rng(3)
    shape = layout(design, weeks)
    coins = all_coins(shape.coins)[rng.choice(2**shape.coins, 40, replace=False)]
    counts = clustered_counts(rng, shape.days, 1.5)
    laid = Laid.of(shape, coins, np.ones(shape.days, dtype=np.bool_))
    expected = [plain_statistic(shape, row, counts) for row in coins]
    assert laid.statistics(counts[None, :])[:, 0] == pytest.approx(expected, abs=1e-12)
    many = np.stack([counts, counts[::-1], np.zeros_like(counts)])
    own = Laid.of(shape, coins[:3], np.ones(shape.days, dtype=np.bool_)).own_statistics(many)
    assert own == pytest.approx([plain_statistic(shape, coins[i], many[i]) for i in range(3)])
    assert own[2] == pytest.approx(0.0, abs=1e-12)  # no episode at all: nothing either way


def test_days_not_recorded_leave_their_pair_out() -> None:
    shape = layout(DesignKind.DAYS, 2)
    counts = np.array([3, 0, 1, 1, 0, 2, 4, 0, 0, 1, 2, 2, 1, 0], dtype=np.float64)
    coins = np.ones(shape.coins, dtype=np.bool_)
    recorded = np.ones(shape.days, dtype=np.bool_)
    recorded[1] = False  # the first pair's usual day
    laid = Laid.of(shape, coins[None, :], recorded)
    with_both = Laid.of(shape, coins[None, :], np.ones(shape.days, dtype=np.bool_))
    first_pair = math.log(3.5 / 0.5)
    full = with_both.statistics(counts[None, :])[0, 0]
    assert laid.statistics(counts[None, :])[0, 0] == pytest.approx(full - first_pair)


@pytest.mark.parametrize(
    ("design", "weeks"), [(DesignKind.BLOCKS, 12), (DesignKind.BLOCKS, 16), (DesignKind.DAYS, 3)]
)
def test_the_exact_test_never_rejects_more_than_five_percent_of_schedules(
    design: DesignKind, weeks: int
) -> None:
    rng = np.random.default_rng(1)
    shape = layout(design, weeks)
    shares = [
        rejected_share(shape, clustered_counts(rng, 7 * weeks, rate))
        for rate in (0.5, 1.0, 2.0)
        for _ in range(10)
    ]
    assert max(shares) <= 0.05, max(shares)
    assert max(shares) > 0  # the design can reach a verdict at all


def test_six_pairs_of_blocks_reject_at_most_two_schedules_in_64() -> None:
    # The smallest p with six pairs is 2/64: only the two most extreme schedules (one each way)
    # can fall below 0.05, so no statistic can take the level above 3.1% (the benchmark's 2-3%).
    rng = np.random.default_rng(2)
    shape = layout(DesignKind.BLOCKS, 12)
    shares = {rejected_share(shape, clustered_counts(rng, 84, 1.0)) for _ in range(10)}
    assert shares <= {0.0, 1 / 64, 2 / 64}, shares


@pytest.mark.slow
def test_the_log_ratio_comes_closer_to_five_percent_than_the_score() -> None:
    # Four weeks of randomised days (14 pairs, all 16,384 schedules): averaged over count
    # vectors with good and bad weeks at one episode a day, the share of schedules rejected is
    # the test's false-positive rate. The score's ties hold it near 2.5%.
    rng = np.random.default_rng(4)
    shape = layout(DesignKind.DAYS, 4)
    samples = [clustered_counts(rng, shape.days, 1.0) for _ in range(25)]
    log_ratio = np.mean([rejected_share(shape, counts) for counts in samples])
    score = np.mean([rejected_share(shape, counts, "score") for counts in samples])
    assert log_ratio <= 0.05
    assert log_ratio > score + 0.005, (log_ratio, score)
    assert log_ratio > 0.035, log_ratio


def test_p_value_is_twice_the_smaller_tail_and_gives_the_direction() -> None:
    shape = layout(DesignKind.DAYS, 3)
    counts = np.zeros(shape.days)
    coins = np.ones(shape.coins, dtype=np.bool_)
    counts[1::2] = 3  # every usual day (second of each pair) has three episodes, change days none
    p, statistic = p_value(shape, coins, np.ones(shape.days, dtype=np.bool_), counts)
    assert statistic < 0
    # The most extreme schedule, doubled; the lone last day's coin changes nothing, so each
    # extreme comes twice in the 2^coins schedules: 2 x 2 / 2^coins = 2 / 2^pairs.
    assert p == pytest.approx(2 / 2**shape.pairs)
    scores = np.array([[1.0], [2.0], [3.0], [4.0]])
    assert two_sided(scores, np.array([4.0]), exact=True)[0] == pytest.approx(0.5)
