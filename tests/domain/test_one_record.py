"""One night is one sleep, and one source counts per measure and day, whoever wrote them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from twitchwise.domain.journal import ExposureEntry
from twitchwise.domain.one_record import (
    night_before,
    nights,
    one_record,
    one_source_per_day,
    sleep_sessions,
)

LONDON = ZoneInfo("Europe/London")
_ids = count(1)


def x(kind: str, at: datetime, source: str = "manual", **fields: Any) -> ExposureEntry:
    return ExposureEntry.model_validate(
        {"id": next(_ids), "type": kind, "started_at": at, "source": source, **fields}
    )


def slept(start: datetime, end: datetime, source: str = "manual", **fields: Any) -> ExposureEntry:
    return x("sleep", start, source, ended_at=end, **fields)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_apple_health_and_a_hand_log_of_one_night_are_one_eight_hour_sleep() -> None:
    health = slept(at(23, 23, 19), at(24, 7, 19), "apple_health", amount=8.0)
    hand = slept(at(23, 23, 26), at(24, 4, 18))
    night = night_before([health, hand], at(24, 9))
    assert night is not None
    assert night.hours == 8.0  # not 12.9
    assert set(night.entries) == {health, hand}
    assert nights([health, hand], LONDON)[date(2026, 11, 24)].hours == 8.0


def test_two_hand_logged_sleeps_of_one_night_are_counted_once() -> None:
    by_hours = slept(at(23, 23), at(24, 7))  # "log sleep --from 23:00 --to 07:00"
    again = slept(at(24, 2, 30), at(24, 7), amount=4.5)  # "log sleep --hours 4.5"
    assert night_before([by_hours, again], at(24, 12)).hours == 8.0  # type: ignore[union-attr]


def test_a_night_woken_for_half_an_hour_is_one_sleep_of_its_hours() -> None:
    first, second = slept(at(23, 23), at(24, 3)), slept(at(24, 3, 30), at(24, 7))
    [session] = sleep_sessions([first, second])
    assert session.hours == 7.5


def test_a_nap_stays_a_sleep_of_its_own_and_is_not_the_night() -> None:
    night = slept(at(23, 23), at(24, 5))
    nap = slept(at(24, 14), at(24, 15, 30))
    sessions = sleep_sessions([night, nap])
    assert [s.hours for s in sessions] == [6.0, 1.5]
    assert night_before([night, nap], at(24, 20)).hours == 6.0  # type: ignore[union-attr]
    assert nights([night, nap], LONDON)[date(2026, 11, 24)].hours == 6.0
    figures = one_record([night, nap], LONDON)
    assert [e.duration_amount for e in figures] == [6.0]


def test_a_night_across_midnight_and_the_clock_change_is_measured_in_real_hours() -> None:
    """London went back an hour at 02:00 on 25 October 2026."""
    device = slept(
        datetime(2026, 10, 24, 23, 0, tzinfo=LONDON),
        datetime(2026, 10, 25, 7, 0, tzinfo=LONDON),
        "apple_health",
    )
    hand = slept(
        datetime(2026, 10, 25, 0, 30, tzinfo=LONDON), datetime(2026, 10, 25, 6, 0, tzinfo=LONDON)
    )
    night = nights([device, hand], LONDON)
    assert list(night) == [date(2026, 10, 25)]
    assert night[date(2026, 10, 25)].hours == 9.0


def test_a_device_night_with_awake_time_left_out_keeps_its_own_hours() -> None:
    """The union of spans would say 8 h; the device counted 6.5 h asleep, the hand log 5 h."""
    device = slept(at(23, 23), at(24, 7), "apple_health", amount=6.5)
    hand = slept(at(24, 1), at(24, 6))
    assert night_before([device, hand], at(24, 9)).hours == 8.0  # type: ignore[union-attr]
    inside = slept(at(24, 2), at(24, 3))
    assert night_before([device, inside], at(24, 9)).hours == 7.5  # type: ignore[union-attr]


def test_water_from_two_sources_on_one_day_counts_the_fuller_source() -> None:
    hand = [x("water", at(24, 9), amount=500.0), x("water", at(24, 13), amount=250.0)]
    health = [x("water", at(24, 9), "apple_health", amount=500.0)]
    other_day = [x("water", at(25, 9), "apple_health", amount=300.0)]
    kept = one_source_per_day([*hand, *health, *other_day], LONDON)
    assert kept == [*hand, *other_day]
    caffeine = [x("caffeine", at(24, 8), amount=80.0), x("caffeine", at(24, 8), "csv", amount=80)]
    assert one_source_per_day(caffeine, LONDON) == [caffeine[0]]  # a tie: the hand log


def test_each_nutrient_and_each_medicine_is_its_own_measure() -> None:
    magnesium = x("meal", at(24, 12), detail="magnesium", amount=100.0)
    potassium = x("meal", at(24, 12), "apple_health", detail="potassium", amount=900.0)
    assert one_source_per_day([magnesium, potassium], LONDON) == [magnesium, potassium]


_START = datetime(2026, 11, 20, tzinfo=UTC)
_sleeps = st.lists(
    st.tuples(
        st.integers(0, 4 * 24 * 60),  # start, minutes after _START
        st.integers(10, 12 * 60),  # length in minutes
        st.sampled_from(["manual", "apple_health", "csv"]),
        st.one_of(st.none(), st.floats(0.1, 1.0)),  # asleep share of the span, for a device
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_sleeps)
def test_a_merged_sleep_is_at_most_the_sum_and_at_least_the_longest(
    pieces: list[tuple[int, int, str, float | None]],
) -> None:
    entries = [
        slept(
            _START + timedelta(minutes=start),
            _START + timedelta(minutes=start + length),
            source,
            **({} if share is None else {"amount": round(length * share / 60, 4)}),
        )
        for start, length, source, share in pieces
    ]
    sessions = sleep_sessions(entries)
    assert sorted(e.id for s in sessions for e in s.entries) == sorted(e.id for e in entries)  # type: ignore[attr-defined]
    for session in sessions:
        hours = [e.duration_amount or 0.0 for e in session.entries]
        assert max(hours) - 1e-9 <= session.hours <= sum(hours) + 1e-9
        reach = (session.ended_at - session.started_at).total_seconds() / 3600
        assert session.hours <= reach + 1e-9 or len(session.entries) == 1
    total = sum(s.hours for s in sessions)
    assert total <= sum(e.duration_amount or 0.0 for e in entries) + 1e-9
