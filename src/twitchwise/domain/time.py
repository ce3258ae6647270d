"""Time rules: every datetime is aware; "now" comes from an injectable clock; local days use the
person's IANA zone, so a day across a daylight-saving change still has its right length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
