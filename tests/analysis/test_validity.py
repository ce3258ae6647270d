"""The issue-17 targets on the independent world, with a small replicate count (the benchmark,
benchmarks/triggers_validity.py, runs the full set). Each assertion fails only when the diaries
seen make the target implausible: a one-sided binomial test at the 5% level against the target,
so a small run cannot pass a missed target by luck of a loose margin, nor fail a met one by
chance more than 1 time in 20."""

from __future__ import annotations

import pytest
from scipy.stats import binom

from tests.analysis.validity import NULLS, REVERSE, judge

REPLICATES = 10  # per scenario: 40 no-effect diaries, 20 reverse-logged, 20 planted
DAYS = 365


def _incompatible_with_at_most(count: int, n: int, target: float) -> bool:
    """True when ``count`` of ``n`` is too many for a true share of ``target`` (p < 0.05)."""
    return bool(binom.sf(count - 1, n, target) < 0.05)


def _incompatible_with_range(count: int, n: int, low: float, high: float) -> bool:
    too_few = binom.cdf(count, n, low) < 0.025
    too_many = binom.sf(count - 1, n, high) < 0.025
    return bool(too_few or too_many)


@pytest.mark.slow
def test_no_effect_diaries_rarely_show_any_flag() -> None:
    judged = [judge(s, DAYS, seed) for s in NULLS for seed in range(101, 101 + REPLICATES)]
    flagged = sum(j.flag for j in judged)
    assert not _incompatible_with_at_most(flagged, len(judged), 0.10), (
        flagged,
        [(j.scenario, j.seed, j.flagged_ids) for j in judged if j.flag],
    )


@pytest.mark.slow
def test_exposures_logged_because_of_episodes_are_rarely_flagged() -> None:
    judged = [judge(s, DAYS, seed) for s in REVERSE for seed in range(201, 201 + REPLICATES)]
    flagged = sum(bool(j.reverse_flagged) for j in judged)
    assert not _incompatible_with_at_most(flagged, len(judged), 0.10), (
        flagged,
        [(j.scenario, j.seed, j.flagged_ids) for j in judged if j.reverse_flagged],
    )


@pytest.mark.slow
def test_the_interval_covers_the_pseudo_true_ratio() -> None:
    judged = [
        judge(s, DAYS, seed)
        for s in ("caffeine_200", "short_sleep_6")
        for seed in range(301, 301 + REPLICATES)
    ]
    covers = [j.covers_pseudo for j in judged if j.covers_pseudo is not None]
    covers += [j.covers_pseudo_matching for j in judged if j.covers_pseudo_matching is not None]
    assert len(covers) >= 2 * REPLICATES
    assert not _incompatible_with_range(sum(covers), len(covers), 0.93, 0.97), (
        sum(covers),
        len(covers),
    )
