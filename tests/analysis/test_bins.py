"""Bins, windows and Benjamini-Hochberg: the plumbing the estimator relies on."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchwise.analysis.fdr import bh_q_values
from twitchwise.analysis.grid import Diary, day_grid, hour_grid, hour_of, logged_days, onsets
from twitchwise.analysis.series import Candidate, EntryIndex, candidates, daily, hourly
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


def test_onsets_within_an_hour_are_one_episode() -> None:
    assert onsets(diary([at(3, 10), at(3, 10.5), at(3, 11.6)]).episodes) == [
        at(3, 10).astimezone(ZoneInfo("UTC")),
        at(3, 11.6).astimezone(ZoneInfo("UTC")),
    ]


def test_clock_change_days_have_23_and_25_hours() -> None:
    d = diary([at(29, 12, month=3), at(25, 12, month=10)])
    days = logged_days(d)
    grid = hour_grid(d, days, onsets(d.episodes))
    counts = np.bincount(grid.day)
    # each day loses the hour after its onset (not at risk): 22 and 24 hours remain
    assert counts.tolist() == [22, 24]
    assert grid.y.sum() == 2


def test_an_hourly_window_covers_the_hours_after_the_entry() -> None:
    coffee = Exposure(type="caffeine", started_at=at(3, 10.5), amount=350.0)
    d = diary([at(3, 20)], [coffee])
    grid = hour_grid(d, logged_days(d), onsets(d.episodes))
    series = hourly(Candidate(DEFINITIONS["caffeine_6h"]), EntryIndex(d), grid)
    exposed_hours = sorted(int(h - hour_of(at(3, 0))) for h in grid.hour[series.exposed])
    assert exposed_hours == [10, 11, 12, 13, 14, 15]
    lead_hours = sorted(int(h - hour_of(at(3, 0))) for h in grid.hour[series.lead_exposed])
    assert lead_hours == [4, 5, 6, 7, 8, 9]


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
        int(h - hour_of(at(3, 0))): dose for h, dose in zip(grid.hour, series.dose, strict=True)
    }
    assert hours[12] == 300.0 and hours[13] == 301.0 and hours[14] == 151.0
    exposed = sorted(int(h - hour_of(at(3, 0))) for h in grid.hour[series.exposed])
    assert exposed == [13]


def test_short_sleep_counts_on_the_day_you_woke_and_needs_an_entry() -> None:
    night = Exposure(type="sleep", started_at=at(2, 23.5), ended_at=at(3, 5.5))
    d = diary([at(4, 12)], [night, Exposure(type="water", started_at=at(5, 9), amount=1.0)])
    days = logged_days(d)
    grid = day_grid(d, days, onsets(d.episodes))
    series = daily(Candidate(DEFINITIONS["short_sleep"]), d, EntryIndex(d), grid)
    assert dict(zip(grid.days, series.exposed.tolist(), strict=True))[date(2026, 11, 3)] is True
    observed = dict(zip(grid.days, series.observed.tolist(), strict=True))
    assert observed[date(2026, 11, 4)] is False  # no sleep logged: missing, not "enough sleep"


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
    grid = day_grid(d, logged_days(d), onsets(d.episodes))
    series = daily(Candidate(DEFINITIONS["short_sleep"]), d, EntryIndex(d), grid)
    hours = dict(zip(grid.days, series.dose.tolist(), strict=True))
    assert hours[date(2026, 11, 3)] == pytest.approx(8.0)
    assert hours[date(2026, 11, 4)] == pytest.approx(5.5)  # 23:00-04:30, not 9.5
    exposed = dict(zip(grid.days, series.exposed.tolist(), strict=True))
    assert exposed[date(2026, 11, 3)] is False and exposed[date(2026, 11, 4)] is True
