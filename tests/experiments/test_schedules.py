"""Schedules are balanced, re-made exactly from their seed, and refuse lengths that cannot give
a verdict."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from twitchwise.domain.experiments import Arm, DesignKind
from twitchwise.experiments import can_reach, make_schedule

START = date(2026, 3, 2)


def arms(schedule_days: tuple[object, ...]) -> list[Arm]:
    return [day.arm for day in schedule_days]  # type: ignore[attr-defined]


def test_a_days_schedule_has_one_change_day_in_every_pair_and_no_run_over_two() -> None:
    for seed in range(20):
        schedule = make_schedule(DesignKind.DAYS, START, 8, seed)
        drawn = arms(schedule.days)
        assert len(drawn) == 56
        assert [d.day for d in schedule.days] == [START + timedelta(i) for i in range(56)]
        for i in range(0, 56, 2):
            assert {drawn[i], drawn[i + 1]} == {Arm.CHANGE, Arm.USUAL}
        runs = "".join("c" if a is Arm.CHANGE else "u" for a in drawn)
        assert "ccc" not in runs and "uuu" not in runs
        assert not any(d.washout for d in schedule.days)
        assert (schedule.block_days, schedule.washout_days) == (1, 0)


def test_an_odd_length_ends_with_one_day_drawn_alone() -> None:
    schedule = make_schedule(DesignKind.DAYS, START, 5, 3)
    drawn = arms(schedule.days)
    assert len(drawn) == 35
    assert drawn[:34].count(Arm.CHANGE) == 17


def test_the_same_seed_gives_the_same_schedule_and_another_seed_another() -> None:
    for design, weeks in ((DesignKind.DAYS, 8), (DesignKind.BLOCKS, 16)):
        first = make_schedule(design, START, weeks, 1234)
        assert make_schedule(design, START, weeks, 1234) == first
        assert arms(make_schedule(design, START, weeks, 1235).days) != arms(first.days)


def test_the_draw_is_pinned_so_any_machine_makes_the_same_schedule() -> None:
    # random.Random(seed).random() is guaranteed stable across Python versions; this pins it.
    schedule = make_schedule(DesignKind.DAYS, START, 1, 7)
    assert "".join(a.value[0] for a in arms(schedule.days)) == "cucuucc"


def test_blocks_come_in_pairs_with_a_washout_after_each_switch() -> None:
    for seed in range(20):
        schedule = make_schedule(DesignKind.BLOCKS, START, 12, seed, block_days=7, washout_days=2)
        blocks = [schedule.days[i : i + 7] for i in range(0, 84, 7)]
        assert all(len({d.arm for d in block}) == 1 for block in blocks)
        block_arms = [block[0].arm for block in blocks]
        for i in range(0, 12, 2):
            assert {block_arms[i], block_arms[i + 1]} == {Arm.CHANGE, Arm.USUAL}
        before = Arm.USUAL
        for block, arm in zip(blocks, block_arms, strict=True):
            switched = arm is not before
            assert [d.washout for d in block] == [switched] * 2 + [False] * 5
            before = arm


def test_blocks_that_do_not_fill_whole_pairs_are_refused() -> None:
    with pytest.raises(ValueError, match="multiple of 14 days"):
        make_schedule(DesignKind.BLOCKS, START, 5, 1)
    with pytest.raises(ValueError, match="longer than its washout"):
        make_schedule(DesignKind.BLOCKS, START, 4, 1, block_days=2, washout_days=2)
    assert not can_reach(DesignKind.BLOCKS, 5)


def test_designs_that_cannot_reach_five_percent_are_refused() -> None:
    # 2 weeks each, ABAB: two pairs of 14-day blocks, smallest p 0.5
    assert not can_reach(DesignKind.BLOCKS, 8, block_days=14, washout_days=2)
    assert not can_reach(DesignKind.BLOCKS, 2, block_days=7)  # one pair
    assert not can_reach(DesignKind.BLOCKS, 10, block_days=7)  # five pairs: smallest p 1/16
    assert can_reach(DesignKind.BLOCKS, 12, block_days=7)  # six pairs: 1/32
    assert can_reach(DesignKind.BLOCKS, 10, block_days=7, alpha=0.1)
    assert can_reach(DesignKind.DAYS, 2)  # 7 pairs of days
    assert not can_reach(DesignKind.DAYS, 1)  # 3 pairs
