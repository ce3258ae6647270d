"""Time rules: every datetime is aware; "now" comes from an injectable clock; local days use the
person's IANA zone, so a day across a daylight-saving change still has its right length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Annotated, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema

from twitchwise.domain.errors import InputError


class Clock(Protocol):
    def now(self, zone: tzinfo) -> datetime: ...


class SystemClock:
    def now(self, zone: tzinfo) -> datetime:
        return datetime.now(zone)


@dataclass(frozen=True)
class FixedClock:
    """A clock that always says ``at`` (tests, demos, reproducible runs)."""

    at: datetime

    def now(self, zone: tzinfo) -> datetime:
        return self.at.astimezone(zone)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            "time_zone", f"{name!r} is not a known time zone, e.g. Europe/London"
        ) from None


def local_date(moment: datetime, where: tzinfo) -> date:
    """The calendar day ``moment`` falls on for someone in ``where``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(where).date()


# --- what a diary time or day may be ----------------------------------------------------------

EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
MOST_OFFSET = timedelta(hours=14)  # UTC-12:00 to UTC+14:00 are the offsets in use


def _written(value: object) -> object:
    """Times and days come as ISO 8601 text (or as datetime objects from code), never as
    numbers: pydantic would read 0 as 1970-01-01 and a typo would become a date."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit()
    ):
        raise ValueError("must be written as a date and time such as 2026-11-20T23:40:00+01:00")
    return value


def _plausible_moment(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is None or abs(offset) > MOST_OFFSET or offset.seconds % 60:
        raise ValueError("needs a real UTC offset, between -12:00 and +14:00")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def _plausible_day(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


# The schema says it too (for the API's description and for schemathesis): years 1900-2100, an
# offset or Z.
_MOMENT_TEXT = r"^(19\d\d|20\d\d|2100)-.*(Z|z|[+-](0\d|1[0-4]):[0-5]\d)$"
_DAY_TEXT = r"^(19\d\d|20\d\d|2100)-\d\d-\d\d$"
DiaryTime = Annotated[
    AwareDatetime,
    BeforeValidator(_written),
    AfterValidator(_plausible_moment),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _MOMENT_TEXT}),
]
DiaryDay = Annotated[
    date,
    BeforeValidator(_written),
    AfterValidator(_plausible_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DAY_TEXT}),
]
