"""The rules of what cannot be true, at their edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import Note
from twitchwise.domain.plausible import birth_year_problem, future_problems, positive_days

NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


def test_five_minutes_ahead_is_allowed_and_a_second_more_is_not() -> None:
    assert future_problems(Note(at=NOW + timedelta(minutes=5), text="x"), NOW) == []
    late = future_problems(Note(at=NOW + timedelta(minutes=5, seconds=1), text="x"), NOW)
    assert [problem.field for problem in late] == ["at"]


def test_every_time_of_an_entry_is_checked() -> None:
    sleep = Exposure(
        type=ExposureType.SLEEP,
        started_at=NOW + timedelta(hours=1),
        ended_at=NOW + timedelta(hours=8),
    )
    assert [problem.field for problem in future_problems(sleep, NOW)] == [
        "started_at",
        "ended_at",
    ]


@pytest.mark.parametrize(
    ("year", "refused"),
    [(2027, True), (2026, False), (1906, False), (1905, True), (None, False)],
)
def test_a_birth_year_is_within_a_human_life(year: int | None, refused: bool) -> None:
    assert (birth_year_problem(year, date(2026, 11, 24)) is not None) is refused


@pytest.mark.parametrize("days", [0, -5, 100_001])
def test_a_day_count_is_positive_and_countable(days: int) -> None:
    with pytest.raises(InputError) as refused:
        positive_days(days, "--days")
    assert refused.value.field == "--days"


def test_one_day_is_a_day_count() -> None:
    assert positive_days(1) == 1
