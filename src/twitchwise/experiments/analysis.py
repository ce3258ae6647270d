"""An experiment's result, by a rule fixed before it starts.

Which days count: a day of the schedule counts when its adherence is recorded (followed yes or
no), it is not a washout day, and so it lies within the records (days after the last record are
not counted). Days are analysed in the arm drawn for them, followed or not (as randomised), so
days not followed pull any effect towards none; adherence says how many.

The verdict, in this order:

1. **cannot_tell** when the result could not be trusted either way: fewer than
   ``MIN_DAYS_PER_ARM`` counted days in either arm; fewer than ``MIN_EPISODES`` counted episodes;
   adherence (the share of recorded days on which the drawn arm was followed) below
   ``MIN_ADHERENCE`` or not recorded at all; or too few pairs counted for the randomisation test
   to reach p < alpha whatever the counts (``schedules.smallest_p``).
2. **helps** when the randomisation p-value is below alpha and change days had fewer episodes
   (the rate ratio below 1); **worse** when p is below alpha and they had more.
3. **no_clear_effect** otherwise.

The 95% interval of the rate ratio (``estimate``) comes from a model and can, at the margin,
include 1 when the test's p is below alpha; the verdict follows the test, and the result then
says so in its notes.

Stopping early (``should_stop``): one look, at half-way, stated before the start. The first half
of the schedule is analysed as above, and the experiment stops if p < ``STOP_P`` (0.001) either
way; otherwise it runs to its end and is judged at the usual alpha. A single look this strict
(Haybittle-Peto) keeps the overall false-positive rate at about alpha. The look uses only the
first half's days, so asking again later gives the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from twitchwise.domain.experiments import Arm, DayRecord, ExperimentResult, Schedule, Verdict
from twitchwise.experiments.estimate import Pairs, RateRatio, rate_ratio
from twitchwise.experiments.randomisation import Floats, p_value
from twitchwise.experiments.schedules import Bools, Layout, layout, smallest_p

MIN_DAYS_PER_ARM = 7
MIN_EPISODES = 6
MIN_ADHERENCE = 0.8
STOP_P = 0.001


@dataclass(frozen=True)
class Observed:
    """The records laid on the schedule: counts per day, which days are recorded, the drawn
    coins re-read from the schedule, and the adherence figures."""

    shape: Layout
    coins: Bools
    counts: Floats
    recorded: Bools
    followed: int
    missing_days: int

    @classmethod
    def read(cls, schedule: Schedule, records: Sequence[DayRecord]) -> Observed:
        shape = layout(schedule.design, schedule.weeks, schedule.block_days, schedule.washout_days)
        counts = np.zeros(shape.days)
        recorded = np.zeros(shape.days, dtype=np.bool_)
        by_index = {(r.day - schedule.start).days: r for r in records}  # a later record wins
        inside = {i: r for i, r in by_index.items() if 0 <= i < shape.days}
        followed = sum(r.followed is True for r in inside.values())
        last = max(inside, default=-1)
        for index, record in inside.items():
            counts[index] = record.episodes
            recorded[index] = record.followed is not None
        missing = int(np.count_nonzero(~recorded[: last + 1]))
        return cls(shape, coins_of(schedule, shape), counts, recorded, followed, missing)

    @property
    def adherence(self) -> float | None:
        recorded = int(np.count_nonzero(self.recorded))
        return self.followed / recorded if recorded else None


def coins_of(schedule: Schedule, shape: Layout) -> Bools:
    """The coins a schedule was drawn with: whether each pair (and the lone end day) starts on
    the change."""
    step = 2 * shape.unit_days
    firsts = [schedule.days[i].arm is Arm.CHANGE for i in range(0, shape.pairs * step, step)]
    if shape.tail_days:
        firsts.append(schedule.days[-1].arm is Arm.CHANGE)
    return np.array(firsts, dtype=np.bool_)


def analyse(
    schedule: Schedule,
    records: Sequence[DayRecord],
    alpha: float = 0.05,
    stopped_early: bool = False,
) -> ExperimentResult:
    """The result so far (see the module docstring for which days count and the verdict)."""
    seen = Observed.read(schedule, records)
    change, counted = (row[0] for row in seen.shape.arms(seen.coins))
    counted = counted & seen.recorded
    pairs = Pairs.build(seen.counts, change, counted, seen.shape.stratum())
    informative = informative_pairs(seen.shape, change, counted)
    p, statistic = (None, 0.0)
    if informative:
        p, statistic = p_value(seen.shape, seen.coins, seen.recorded, seen.counts)
    estimate = rate_ratio(pairs)
    totals = Totals.of(seen.counts, change, counted)
    verdict, limits = judge(totals, seen.adherence, informative, p, statistic, alpha)
    notes = (
        *limits,
        *disagreement(verdict, estimate),
        *context_notes(seen, totals, estimate, stopped_early),
    )
    return ExperimentResult(
        rate_ratio=None if estimate is None else estimate.ratio,
        ci=None if estimate is None else (estimate.low, estimate.high),
        p_value=p,
        verdict=verdict,
        adherence=seen.adherence,
        missing_days=seen.missing_days,
        days_counted=totals.days_change + totals.days_usual,
        days_usual=totals.days_usual,
        days_change=totals.days_change,
        episodes_usual=totals.episodes_usual,
        episodes_change=totals.episodes_change,
        notes=notes,
    )


def informative_pairs(shape: Layout, change: Bools, counted: Bools) -> int:
    """Pairs with counted days in both arms: the ones the test can compare."""
    strata = shape.stratum()
    both = np.zeros(int(strata.max()) + 1 if strata.size else 0, dtype=np.int64)
    for arm in (change, ~change):
        has = np.zeros_like(both)
        np.add.at(has, strata[arm & counted], 1)
        both += has > 0
    return int(np.count_nonzero(both == 2))


@dataclass(frozen=True)
class Totals:
    days_change: int
    days_usual: int
    episodes_change: int
    episodes_usual: int

    @classmethod
    def of(cls, counts: Floats, change: Bools, counted: Bools) -> Totals:
        on_change, on_usual = change & counted, ~change & counted
        return cls(
            int(np.count_nonzero(on_change)),
            int(np.count_nonzero(on_usual)),
            int(counts[on_change].sum()),
            int(counts[on_usual].sum()),
        )


def judge(
    totals: Totals,
    adherence: float | None,
    informative: int,
    p: float | None,
    statistic: float,
    alpha: float,
) -> tuple[Verdict, tuple[str, ...]]:
    """The fixed rule, and the limits that made it "cannot tell"."""
    limits: list[str] = []
    if min(totals.days_change, totals.days_usual) < MIN_DAYS_PER_ARM:
        limits.append(
            f"Only {totals.days_change} change days and {totals.days_usual} usual days counted so "
            f"far: at least {MIN_DAYS_PER_ARM} of each are needed."
        )
    episodes = totals.episodes_change + totals.episodes_usual
    if episodes < MIN_EPISODES:
        limits.append(
            f"Only {episodes} episodes on the counted days: at least {MIN_EPISODES} are needed "
            "to compare the two kinds of day."
        )
    if adherence is None or adherence < MIN_ADHERENCE:
        share = "no day" if adherence is None else f"only {adherence:.0%} of the recorded days"
        limits.append(
            f"The day's plan was followed on {share} (at least {MIN_ADHERENCE:.0%} is needed), "
            "so the result cannot say what the change itself does."
        )
    if smallest_p(informative) >= alpha:
        limits.append(
            f"With {informative} pairs counted so far, the test could not show a difference "
            "whatever the counts."
        )
    if limits or p is None:
        return Verdict.CANNOT_TELL, tuple(limits)
    if p < alpha:
        return (Verdict.HELPS if statistic < 0 else Verdict.WORSE), ()
    return Verdict.NO_CLEAR_EFFECT, ()


def disagreement(verdict: Verdict, estimate: RateRatio | None) -> tuple[str, ...]:
    """The verdict comes from the randomisation test, the interval from a model of the counts;
    at the margin they can disagree, and a reader (a doctor) should be told which decides."""
    if estimate is None or verdict not in (Verdict.HELPS, Verdict.WORSE):
        return ()
    if estimate.low < 1 < estimate.high:
        return (
            "The 95% interval of the ratio still includes no change: it comes from a model of "
            "the day-to-day counts and is approximate. The verdict comes from the randomisation "
            "test chosen before the start, which assumes no model; the result is near the line.",
        )
    return ()


def context_notes(
    seen: Observed, totals: Totals, estimate: RateRatio | None, stopped_early: bool
) -> tuple[str, ...]:
    notes: list[str] = []
    if stopped_early:
        notes.append(
            "Stopped early, at half-way, by the rule set before starting. An experiment stopped "
            "on a striking result tends to overstate the size of the effect."
        )
    if seen.missing_days:
        notes.append(f"{seen.missing_days} days have no record of the plan and are left out.")
    adherence = seen.adherence
    if adherence is not None and MIN_ADHERENCE <= adherence < 1:
        notes.append(
            f"The plan was followed on {adherence:.0%} of recorded days; the other days still "
            "count as drawn, which makes any effect look smaller."
        )
    washout = int(np.count_nonzero(seen.recorded & ~seen.shape.arms(seen.coins)[1][0]))
    if washout:
        notes.append(f"{washout} washout days were followed but not counted.")
    if estimate is None and totals.episodes_change + totals.episodes_usual:
        notes.append(
            "One kind of day had no episodes at all, so the ratio is not given as a number."
        )
    notes.append("This answers for you, this change and these weeks only; it is not a diagnosis.")
    return tuple(notes)


def should_stop(schedule: Schedule, records: Sequence[DayRecord]) -> str | None:
    """The one look at half-way (module docstring): the reason to stop, or None."""
    half = len(schedule.days) // 2
    if half == 0:
        return None
    half_end = schedule.days[half - 1].day
    if not any(r.day >= half_end for r in records):
        return None
    result = analyse(schedule, [r for r in records if r.day <= half_end], alpha=STOP_P)
    if result.verdict not in (Verdict.HELPS, Verdict.WORSE) or result.p_value is None:
        return None
    fewer = "fewer" if result.verdict is Verdict.HELPS else "more"
    return (
        f"At half-way the change days already had clearly {fewer} episodes than the usual days "
        f"(randomisation p = {result.p_value:.4f}, below the {STOP_P} set before starting), "
        "so the experiment can stop here."
    )
