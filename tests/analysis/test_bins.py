"""Bins, windows and Benjamini-Hochberg: the plumbing the estimator relies on."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchwise.analysis.fdr import bh_q_values
from twitchwise.analysis.grid import Diary, HourGrid, hour_grid, hour_of, logged_days, onsets
from twitchwise.analysis.series import (
    Candidate,
    EntryIndex,
    _day_values,
    candidates,
    daily,
    hourly,
)
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse
from twitchwise.knowledge import load_knowledge

LONDON = ZoneInfo("Europe/London")
DEFINITIONS = {d.id: d for d in load_knowledge().triggers}


def at(day: int, hour: float, month: int = 11) -> datetime:
    return datetime(2026, month, day, tzinfo=LONDON) + timedelta(hours=hour)


def diary(
    episodes: list[datetime],
    exposures: list[Exposure] | None = None,
    courses: list[MedicationCourse] | None = None,
) -> Diary:
    return Diary(
        [LoggedEpisode(kind="twitch", started_at=moment) for moment in episodes],
        exposures or [],
        courses or [],
        LONDON,
    )


def test_only_days_with_an_entry_are_logged() -> None:
    d = diary([at(3, 10)], [Exposure(type="water", started_at=at(5, 9), amount=500.0)])
    assert logged_days(d) == [date(2026, 11, 3), date(2026, 11, 5)]


def test_episodes_less_than_an_hour_after_the_one_before_are_one_bout() -> None:
    assert onsets(diary([at(3, 10), at(3, 10.75), at(3, 11.5), at(3, 12.6)]).episodes) == [
        at(3, 10).astimezone(ZoneInfo("UTC")),
        at(3, 12.6).astimezone(ZoneInfo("UTC")),
    ]


def test_clock_change_days_have_23_and_25_hours_and_their_clock_hours() -> None:
    d = diary([at(29, 12, month=3), at(25, 12, month=10)])
    days = logged_days(d)
    grid = hour_grid(d, days, onsets(d.episodes))
    counts = np.bincount(grid.day)
    # a lone episode at 12:00 blocks 12:00-13:00, all inside its own hour: 23 and 25 remain
    assert counts.tolist() == [23, 25]
    assert grid.y.sum() == 2
    spring, autumn = grid.wall_hour[grid.day == 0], grid.wall_hour[grid.day == 1]
    assert 1 not in spring.tolist() and spring.tolist()[:2] == [0, 2]  # 01:00-02:00 never was
    assert autumn.tolist()[:3] == [0, 1, 1]  # 01:00-02:00 twice
    assert 13 in spring.tolist() and 13 in autumn.tolist()  # at risk again an hour after


def hours_of(grid: HourGrid, mask: np.ndarray, day: int = 3) -> list[int]:
    return sorted(int(h - hour_of(at(day, 0))) for h in grid.hour[mask])


def test_an_hourly_window_opens_the_hour_after_the_entry_and_the_control_ends_with_it() -> None:
    coffee = Exposure(type="caffeine", started_at=at(3, 10.5), amount=350.0)
    d = diary([at(3, 20)], [coffee])
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = hourly(Candidate(DEFINITIONS["caffeine_6h"]), EntryIndex(d), grid)
    assert hours_of(grid, series.exposed) == [11, 12, 13, 14, 15, 16]
    assert hours_of(grid, series.lead_exposed) == [5, 6, 7, 8, 9, 10]  # the entry's own hour too
    assert series.dose[grid.hour == hour_of(at(3, 12))].tolist() == [3.5]  # per 100 mg


def test_an_activity_counts_from_the_hour_after_it_ends() -> None:
    run = Exposure(type="exercise", started_at=at(3, 9.25), ended_at=at(3, 10.25))
    d = diary([at(3, 20)], [run])
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = hourly(Candidate(DEFINITIONS["exercise_3h"]), EntryIndex(d), grid)
    assert hours_of(grid, series.exposed) == [11, 12, 13]


def test_caffeine_adds_up_within_the_window_and_the_threshold_is_strict() -> None:
    d = diary(
        [at(3, 20)],
        [
            Exposure(type="caffeine", started_at=at(3, 8), amount=150.0),
            Exposure(type="caffeine", started_at=at(3, 12), amount=150.0),
            Exposure(type="caffeine", started_at=at(3, 13), amount=1.0),
        ],
    )
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = hourly(Candidate(DEFINITIONS["caffeine_6h"]), EntryIndex(d), grid)
    hours = {
        int(h - hour_of(at(3, 0))): round(100 * dose, 6)
        for h, dose in zip(grid.hour, series.dose, strict=True)
    }
    assert hours[13] == 300.0 and hours[14] == 301.0 and hours[15] == 151.0
    assert hours_of(grid, series.exposed) == [14]


def test_hours_inside_logged_sleep_are_marked_asleep() -> None:
    night = Exposure(type="sleep", started_at=at(2, 23.5), ended_at=at(3, 5.5))
    d = diary([at(3, 12)], [night])
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    assert hours_of(grid, grid.asleep) == [-1, 0, 1, 2, 3, 4]


def test_short_sleep_counts_from_waking_and_needs_an_entry() -> None:
    night = Exposure(type="sleep", started_at=at(2, 23.5), ended_at=at(3, 5.5))
    d = diary([at(4, 12)], [night, Exposure(type="water", started_at=at(5, 9), amount=1.0)])
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = daily(Candidate(DEFINITIONS["short_sleep"]), d, EntryIndex(d), grid)
    assert hours_of(grid, series.exposed) == list(range(6, 30))
    assert hours_of(grid, series.observed) == hours_of(grid, series.exposed)  # the rest: missing
    assert hours_of(grid, series.lead_exposed) == list(range(-18, 6))


def test_a_stress_rating_counts_only_after_it_was_given() -> None:
    """Episodes earlier the same day cannot be 'after' a rating made in the evening."""
    rating = Exposure(type="stress", started_at=at(3, 21.25), amount=8.0)
    d = diary([at(3, 10)], [rating, Exposure(type="water", started_at=at(4, 9), amount=1.0)])
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = daily(Candidate(DEFINITIONS["high_stress_day"]), d, EntryIndex(d), grid)
    assert hours_of(grid, series.exposed) == list(range(22, 46))
    assert 10 in hours_of(grid, series.lead_exposed)  # the morning episode's hour: the control


def test_a_day_total_counts_from_the_entry_that_took_it_past_the_threshold() -> None:
    cups = [Exposure(type="caffeine", started_at=at(3, h), amount=150.0) for h in (8.5, 11.5, 15.5)]
    d = diary([at(3, 20)], cups)
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = daily(Candidate(DEFINITIONS["high_caffeine_day"]), d, EntryIndex(d), grid)
    assert hours_of(grid, series.exposed)[0] == 16  # 450 mg from 15:30


def test_medicines_become_one_candidate_per_name() -> None:
    doses = [
        Exposure(type="supplement", started_at=at(d, 8), amount=50.0, detail="Vitamin B6")
        for d in range(1, 7)
    ]
    rare = [Exposure(type="medication", started_at=at(2, 9), amount=400.0, detail="ibuprofen")]
    courses = [MedicationCourse(name="Omeprazole", started_on=date(2026, 11, 2))]
    found = [c.id for c in candidates(list(DEFINITIONS.values()), diary([], doses + rare, courses))]
    assert "dose_24h:vitamin b6" in found and "course_day:omeprazole" in found
    assert not any("ibuprofen" in name for name in found)  # fewer than 5 doses


def test_benjamini_hochberg_matches_statsmodels() -> None:
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(9)
    for _ in range(50):
        p = rng.uniform(size=rng.integers(1, 15)) ** 2
        assert bh_q_values(p.tolist()) == pytest.approx(
            multipletests(p, method="fdr_bh")[1].tolist(), rel=1e-12
        )


@settings(max_examples=100)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_q_values_are_never_below_p_and_keep_the_order(p: list[float]) -> None:
    q = bh_q_values(p)
    assert all(qi >= pi - 1e-15 and qi <= 1 for pi, qi in zip(p, q, strict=True))
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(np.array(q)[order]) >= -1e-15)


def test_a_night_from_two_sources_is_one_night_for_the_short_sleep_trigger() -> None:
    """Issue 16: 23:19-07:19 (device) and 23:26-04:18 (by hand) once summed to 12.9 h, so a
    short night could never count; as one night they are 8 h, and 5 h + 4.5 h stays short."""
    from twitchwise.domain.journal import ExposureEntry

    def slept(start: datetime, end: datetime, source: str, n: int) -> ExposureEntry:
        return ExposureEntry(type="sleep", started_at=start, ended_at=end, source=source, id=n)

    long_night = [
        slept(at(2, 23 + 19 / 60), at(3, 7 + 19 / 60), "apple_health", 1),
        slept(at(2, 23 + 26 / 60), at(3, 4 + 18 / 60), "manual", 2),
    ]
    short_night = [
        slept(at(3, 23), at(4, 4), "apple_health", 3),
        slept(at(4, 0), at(4, 4.5), "manual", 4),
    ]
    d = diary([at(5, 12)], [*long_night, *short_night])
    candidate = Candidate(DEFINITIONS["short_sleep"])
    _, values, passing, days = _day_values(candidate.definition, EntryIndex(d).get(candidate))
    hours = dict(zip(days, values.tolist(), strict=True))
    assert hours[date(2026, 11, 3)] == pytest.approx(8.0)
    assert hours[date(2026, 11, 4)] == pytest.approx(5.5)  # 23:00-04:30, not 9.5
    exposed = dict(zip(days, passing.tolist(), strict=True))
    assert exposed[date(2026, 11, 3)] is False and exposed[date(2026, 11, 4)] is True
