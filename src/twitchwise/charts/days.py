"""Local days: grouping by the person's date, and the words for days, periods and kinds.

Everything is grouped by the local date in the person's zone (``.astimezone(zone).date()``), so
an episode at 00:30 on a daylight-saving morning lands on that morning's date, not on UTC's.
Times reach the charts as *local wall-clock* ISO strings without an offset ("floating" times);
the specs parse them as UTC and draw them on a UTC scale, so a chart shows the person's clock
whatever the time zone of the machine or browser that renders it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.wording import counted

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def floating(moment: datetime, zone: ZoneInfo) -> str:
    """The local wall-clock time as an ISO string without offset: ``2026-10-25T00:30:00``."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%b %Y}"


def period_label(start: date, end: date) -> str:
    first = f"{start.day} {start:%b}" + (f" {start.year}" if start.year != end.year else "")
    return f"{first} – {end.day} {end:%b %Y}"


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def episodes_in(
    episodes: Iterable[LoggedEpisode], zone: ZoneInfo, start: date, end: date
) -> list[LoggedEpisode]:
    inside = [e for e in episodes if start <= local_date(e.started_at, zone) <= end]
    return sorted(inside, key=lambda e: e.started_at)


def kinds_text(kinds: Counter[str]) -> str:
    return ", ".join(counted(count, kind) for kind, count in kinds.most_common()) or "none"
