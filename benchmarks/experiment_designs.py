"""Can a personal experiment's answer be trusted? Simulated twitch diaries, analysed exactly as the
app analyses a real experiment (``twitchwise.experiments.analyse`` on the drawn schedule), beside
the naive test a quick app would run on the same days (an ordinary Poisson regression on the arm,
every counted day independent: a Wald test of log(rate on change days / rate on usual days) with
standard error sqrt(1/C + 1/U)).

The world is written apart from the app's own power model: the daily rate has a weekly rhythm
(weekends about 1.3 times weekdays), bad weeks (a two-state chain over weeks: a bad week doubles
the rate, and bad weeks tend to follow bad weeks) and a day-to-day AR(1) wobble of the log rate
(correlation 0.5, spread 0.4); episodes are Poisson on the day's rate, times the effect on the
change arm's days. Designs: randomised days (pairs) at 4-16 weeks, weekly blocks with a 2-day
washout at 12 and 16 weeks, and "2 weeks each, ABAB" (14-day blocks, 8 weeks). Per cell: the
false-positive rate with no effect (a "helps" or "worse" verdict; naive: p < 0.05), the power for
a halving (a "helps" verdict), and how often the 95% interval holds the true ratio.

Every run is judged twice, on the same days: by ``analyse`` (the app's exact randomisation test of
the sum of per-pair log rate ratios) and by the same rule with the exact randomisation test of the
within-pair score the app used first (episodes on change days minus their pair's share, linear in
the counts; ``score_verdict`` below), so the two columns differ only by the test's statistic.
The score ties across many schedules when counts are small, which holds an exact test's level
well under 5%; the log ratio was adopted for that (docs/experiments.md, "The test's statistic").

Run: .venv/bin/python benchmarks/experiment_designs.py [--null 1000] [--power 400] [--quick]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
from scipy import stats

from twitchwise.domain.experiments import (
    Arm,
    DayRecord,
    DesignKind,
    ExperimentResult,
    Schedule,
    Verdict,
)
from twitchwise.experiments import OFFERED_WEEKS, analyse, can_reach, make_schedule, propose
from twitchwise.experiments.analysis import Observed
from twitchwise.experiments.power import percent
from twitchwise.experiments.randomisation import reference_coins, two_sided
from twitchwise.experiments.schedules import Layout

START = date(2026, 1, 5)  # a Monday
WEEKDAY = np.array([0.9, 0.9, 0.9, 0.95, 1.05, 1.25, 1.3])
RATES = (0.5, 1.0, 2.0)


@dataclass(frozen=True)
class Cell:
    label: str
    design: DesignKind
    weeks: int
    block_days: int = 7
    washout_days: int = 2


def world_rates(rng: np.random.Generator, days: int, rate: float) -> np.ndarray:
    """A day's expected episodes without the change: rhythm x bad weeks x wobble, mean ~rate."""
    weeks = days // 7 + 1
    bad = np.zeros(weeks, dtype=bool)
    bad[0] = rng.random() < 0.3
    for w in range(1, weeks):
        bad[w] = rng.random() < (0.6 if bad[w - 1] else 0.17)
    wobble = np.zeros(days)
    wobble[0] = rng.normal(0, 0.4)
    for d in range(1, days):
        wobble[d] = 0.5 * wobble[d - 1] + rng.normal(0, 0.4 * math.sqrt(1 - 0.25))
    level = np.where(np.repeat(bad, 7)[:days], 2.0, 1.0) * np.exp(wobble - 0.08)
    return rate / 1.3 * WEEKDAY[np.arange(days) % 7] / WEEKDAY.mean() * level


def naive_p(schedule: Schedule, counts: np.ndarray) -> float:
    counted = np.array([not d.washout for d in schedule.days])
    change = np.array([d.arm is Arm.CHANGE for d in schedule.days])
    c, u = counts[counted & change].sum(), counts[counted & ~change].sum()
    if c == 0 or u == 0:
        return 1.0  # the Wald test has no finite estimate to test
    dc, du = np.count_nonzero(counted & change), np.count_nonzero(counted & ~change)
    z = (math.log(c / dc) - math.log(u / du)) / math.sqrt(1 / c + 1 / u)
    return float(2 * stats.norm.sf(abs(z)))


OURS, SCORE = "log ratio", "score"
TESTS = (OURS, SCORE)


def score_weights(shape: Layout, coins: np.ndarray, recorded: np.ndarray) -> np.ndarray:
    """K with score = K @ counts, one row per row of coins: per pair, each counted change day
    +1 and every counted day minus the pair's share of change days."""
    change, counted = shape.arms(coins)
    counted = counted & recorded[None, :]
    on_change = change & counted
    strata = shape.stratum()
    starts = np.flatnonzero(np.r_[True, strata[1:] != strata[:-1]])
    days_change = np.add.reduceat(on_change.astype(np.float64), starts, axis=1)
    days_all = np.add.reduceat(counted.astype(np.float64), starts, axis=1)
    share = np.divide(days_change, days_all, out=np.zeros_like(days_all), where=days_all > 0)
    weights: np.ndarray = on_change - share[:, strata] * counted
    return weights


@lru_cache(maxsize=64)
def reference(shape: Layout, recorded_bits: bytes) -> tuple[np.ndarray, bool]:
    recorded = np.frombuffer(recorded_bits, dtype=np.bool_)
    coins, exact = reference_coins(shape)
    return score_weights(shape, coins, recorded), exact


def score_p(schedule: Schedule, records: list[DayRecord]) -> tuple[float, float]:
    """The exact two-sided randomisation p-value of the score, and the observed score."""
    seen = Observed.read(schedule, records)
    weights, exact = reference(seen.shape, seen.recorded.tobytes())
    score = float(score_weights(seen.shape, seen.coins[None, :], seen.recorded)[0] @ seen.counts)
    p = two_sided((weights @ seen.counts)[:, None], np.array([score]), exact)[0]
    return float(p), score


def score_verdict(
    schedule: Schedule, records: list[DayRecord], ours: ExperimentResult
) -> tuple[Verdict, float | None]:
    """The app's rule (``analysis.judge``) with the score's p-value: its limits do not depend on
    the statistic, so a "cannot tell" stays; otherwise helps or worse by p < 0.05 and the
    score's sign."""
    if ours.p_value is None:
        return ours.verdict, None
    p, score = score_p(schedule, records)
    if ours.verdict is Verdict.CANNOT_TELL:
        return ours.verdict, p
    if p < 0.05:
        return (Verdict.HELPS if score < 0 else Verdict.WORSE), p
    return Verdict.NO_CLEAR_EFFECT, p


@dataclass
class Tally:
    runs: int = 0
    naive: int = 0
    covered: int = 0
    intervals: int = 0

    def __post_init__(self) -> None:
        self.ours = dict.fromkeys(TESTS, 0)
        self.smallest_p = dict.fromkeys(TESTS, 1.0)

    def share(self, hits: int, of: int | None = None) -> str:
        total = self.runs if of is None else of
        return f"{100 * hits / total:.1f}%" if total else "-"

    def rate(self, test: str) -> float:
        return self.ours[test] / self.runs

    def with_range(self, test: str) -> str:
        """The share and its 95% Wilson interval."""
        low, high = wilson(self.ours[test], self.runs)
        return f"{self.share(self.ours[test])} ({100 * low:.1f}-{100 * high:.1f})"


def wilson(hits: int, runs: int, z: float = 1.96) -> tuple[float, float]:
    share = hits / runs
    centre = (share + z * z / (2 * runs)) / (1 + z * z / runs)
    half = (
        z * math.sqrt(share * (1 - share) / runs + z * z / (4 * runs * runs)) / (1 + z * z / runs)
    )
    return max(0.0, centre - half), min(1.0, centre + half)


def simulate(cell: Cell, rate: float, ratio: float, runs: int, seed: int) -> Tally:
    tally = Tally()
    rng = np.random.default_rng(seed)
    for run in range(runs):
        schedule = make_schedule(
            cell.design, START, cell.weeks, seed * 100_000 + run, cell.block_days, cell.washout_days
        )
        mean = world_rates(rng, len(schedule.days), rate)
        on_change = np.array([d.arm is Arm.CHANGE for d in schedule.days])
        counts = rng.poisson(mean * np.where(on_change, ratio, 1.0))
        records = [
            DayRecord(d.day, int(n), True) for d, n in zip(schedule.days, counts, strict=True)
        ]
        wanted = (Verdict.HELPS,) if ratio < 1 else (Verdict.HELPS, Verdict.WORSE)
        result = analyse(schedule, records)
        for test, (verdict, p) in (
            (OURS, (result.verdict, result.p_value)),
            (SCORE, score_verdict(schedule, records, result)),
        ):
            if p is not None:
                tally.smallest_p[test] = min(tally.smallest_p[test], p)
            tally.ours[test] += verdict in wanted
        tally.runs += 1
        tally.naive += naive_p(schedule, counts) < 0.05
        if result.ci is not None:
            tally.intervals += 1
            tally.covered += result.ci[0] <= ratio <= result.ci[1]
    return tally


def history_at(rate: float) -> list[int]:
    """Four weeks of diary with exactly this mean (what propose() reads)."""
    per_fortnight = round(rate * 14)
    return (
        [1] * per_fortnight + [0] * (14 - per_fortnight) if rate < 1 else [round(rate)] * 14
    ) * 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--null", type=int, default=1000, help="no-effect runs per cell")
    parser.add_argument("--power", type=int, default=400, help="halving runs per cell")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 60 and 30 runs")
    args = parser.parse_args()
    nulls, powers = (60, 30) if args.quick else (args.null, args.power)
    cells = [Cell(f"days, {w} weeks", DesignKind.DAYS, w) for w in (4, 8, 12, 16)]
    cells += [Cell(f"weekly blocks, {w} weeks", DesignKind.BLOCKS, w) for w in (12, 16)]
    cells.append(Cell("2 weeks each ABAB, 8 weeks", DesignKind.BLOCKS, 8, 14, 2))
    if args.quick:
        cells = [cells[1], cells[4], cells[6]]
    began = time.perf_counter()
    print(f"Command: {' '.join(['python benchmarks/experiment_designs.py', *sys.argv[1:]])}")
    print(f"{nulls} no-effect and {powers} halving runs per cell\n")
    nulls_by_cell = designs_table(cells, nulls, powers)
    print()
    summary(nulls_by_cell)
    proposals_table(powers)
    print(f"\nOffered lengths: {', '.join(map(str, OFFERED_WEEKS))} weeks.")
    print(f"{(time.perf_counter() - began) / 60:.1f} min")


def designs_table(cells: list[Cell], nulls: int, powers: int) -> list[Tally]:
    print(
        "| design | rate/day | can reach p<0.05 | smallest p seen (ours; score) "
        "| false pos. ours (95% range) | false pos. score (95% range) "
        "| false pos. naive (x 5%) | power, halving (ours; score) "
        "| 95% CI covers (null; halving) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    tallies = []
    for index, cell in enumerate(cells):
        reach = can_reach(cell.design, cell.weeks, cell.block_days, cell.washout_days)
        for r_index, rate in enumerate(RATES):
            null = simulate(cell, rate, 1.0, nulls, 1 + 10 * index + r_index)
            alt = simulate(cell, rate, 0.5, powers, 500 + 10 * index + r_index)
            if reach:  # a refused design gives no verdict at all: not counted in the summary
                tallies.append(null)
            smallest = "; ".join(f"{min(null.smallest_p[t], alt.smallest_p[t]):.2g}" for t in TESTS)
            print(
                f"| {cell.label} | {rate} | {'yes' if reach else 'no'} | {smallest} "
                f"| {null.with_range(OURS)} | {null.with_range(SCORE)} "
                f"| {null.share(null.naive)} ({null.naive / null.runs / 0.05:.1f}x) "
                f"| {alt.share(alt.ours[OURS])}; {alt.share(alt.ours[SCORE])} "
                f"| {null.share(null.covered, null.intervals)}; "
                f"{alt.share(alt.covered, alt.intervals)} |"
            )
    return tallies


def summary(nulls: list[Tally]) -> None:
    """How many of the offered designs' cells land in the 4-6% goal, and the range, for each
    statistic."""
    for test in TESTS:
        rates = [t.rate(test) for t in nulls]
        inside = sum(0.04 <= r <= 0.06 for r in rates)
        print(
            f"{test}: false positives {100 * min(rates):.1f}-{100 * max(rates):.1f}% across "
            f"{len(rates)} cells; {inside} of {len(rates)} within 4-6%; "
            f"mean {100 * float(np.mean(rates)):.1f}%"
        )


def proposals_table(powers: int) -> None:
    print("\nWhat the app proposes (days design, halving), and the power this world gives it:\n")
    print(
        "| rate/day | proposed weeks | app's predicted power | power in this world (ours; score) |"
    )
    print("|---|---|---|---|")
    for r_index, rate in enumerate(RATES):
        proposal = propose(history_at(rate), DesignKind.DAYS)
        cell = Cell(f"days, {proposal.weeks} weeks", DesignKind.DAYS, proposal.weeks)
        alt = simulate(cell, rate, 0.5, powers, 900 + r_index)
        longest = "" if proposal.weeks_for_80 else " (longest offered)"
        print(
            f"| {rate} | {proposal.weeks}{longest} | {percent(proposal.power)} "
            f"| {alt.share(alt.ours[OURS])}; {alt.share(alt.ours[SCORE])} |"
        )


if __name__ == "__main__":
    main()
