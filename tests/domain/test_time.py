"""Time rules: aware datetimes only, local days in the person's zone (across clock changes too),
diary times and days that could be real."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import TypeAdapter, ValidationError

from twitchwise.domain.errors import InputError
from twitchwise.domain.time import DiaryDay, DiaryTime, FixedClock, local_date, zone

LONDON = ZoneInfo("Europe/London")
AUCKLAND = ZoneInfo("Pacific/Auckland")
moment = TypeAdapter(DiaryTime)
day = TypeAdapter(DiaryDay)


def test_a_moment_falls_on_the_local_day_of_the_person_who_lived_it() -> None:
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert local_date(late, LONDON) == date(2026, 11, 20)
    assert local_date(late, AUCKLAND) == date(2026, 11, 21)


def test_local_days_stay_right_across_a_clock_change() -> None:
    # London's clocks went back at 02:00 BST on 25 October 2026: 23:30 UTC that night is still
    # the 25th in London, and the 24th's last hour (23:30 BST) is 22:30 UTC.
    assert local_date(datetime(2026, 10, 25, 23, 30, tzinfo=UTC), LONDON) == date(2026, 10, 25)
    assert local_date(datetime(2026, 10, 24, 22, 30, tzinfo=UTC), LONDON) == date(2026, 10, 24)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_date(datetime(2026, 1, 1), LONDON)  # noqa: DTZ001 - the point of the test


def test_a_fixed_clock_tells_its_moment_in_any_zone() -> None:
    clock = FixedClock(datetime(2026, 6, 1, 12, tzinfo=UTC))
    assert clock.now(LONDON).hour == 13 and clock.now(LONDON).utcoffset() == timedelta(hours=1)


def test_an_unknown_zone_is_the_users_mistake_naming_the_field() -> None:
    with pytest.raises(InputError) as raised:
        zone("Mars/Olympus_Mons")
    assert raised.value.field == "time_zone"


def test_diary_times_need_a_real_offset_and_a_year_a_diary_can_hold() -> None:
    assert moment.validate_python("2026-11-20T23:40:00+01:00").utcoffset() == timedelta(hours=1)
    for bad in ("2026-11-20T23:40:00", "2026-11-20T23:40:00+15:00", "1850-01-01T00:00:00Z", 0):
        with pytest.raises(ValidationError):
            moment.validate_python(bad)
    half_minute = datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=30)))
    with pytest.raises(ValidationError):
        moment.validate_python(half_minute)


def test_diary_days_are_written_as_dates_not_numbers() -> None:
    assert day.validate_python("2026-03-01") == date(2026, 3, 1)
    for bad in ("20260301", 20260301, "2101-01-01"):
        with pytest.raises(ValidationError):
            day.validate_python(bad)
