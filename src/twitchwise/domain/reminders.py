"""Reminders the person chooses, as pure time rules (issue 19): when one is next due in the
person's zone (a daily local time, a weekday's, or minutes after a logged episode), and whether
a moment falls in their quiet hours. Local times are kept, not UTC instants, so a reminder at
08:00 stays at 08:00 across a daylight-saving change."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ReminderKind(StrEnum):
    CHECKIN = "checkin"  # the evening check-in
    SLEEP = "sleep"  # "how did you sleep?" in the morning
    AFTER_EPISODE = "after-episode"  # note what came before a logged episode
    DIGEST = "digest"  # the week's summary


MESSAGES = {
    ReminderKind.CHECKIN: (
        "Evening check-in",
        "Any twitches or cramps today? Log them, and what you drank and how active you were.",
    ),
    ReminderKind.SLEEP: ("How did you sleep?", "Note last night's hours of sleep in twitchwise."),
    ReminderKind.AFTER_EPISODE: (
        "What came before it?",
        "You logged an episode: note what came before it (drinks, exercise, sleep, stress).",
    ),
    ReminderKind.DIGEST: ("Your week", ""),
}

# The page a push notification opens when tapped (its "Stop" button opens the stop link).
OPENS = {
    ReminderKind.CHECKIN: "/now",
    ReminderKind.SLEEP: "/log",
    ReminderKind.AFTER_EPISODE: "/now",
    ReminderKind.DIGEST: "/report",
}


def minute_of(text: str, field: str = "at") -> int:
    """``"21:30"`` -> 1290 minutes after midnight."""
    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if found is None:
        raise InputError(field, f"{text!r} is not a time of day such as 21:30")
    return int(found.group(1)) * 60 + int(found.group(2))


def quiet_of(text: str) -> tuple[int, int]:
    """``"22:00-07:00"`` -> (1320, 420): quiet from 22:00 to 07:00 the next morning."""
    parts = text.split("-")
    if len(parts) != 2:
        raise InputError("quiet", f"{text!r} is not a span such as 22:00-07:00")
    start, end = minute_of(parts[0], "quiet"), minute_of(parts[1], "quiet")
    if start == end:
        raise InputError("quiet", "starts and ends at the same time")
    return start, end


def weekday_of(text: str) -> int:
    key = text.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise InputError("day", f"{text!r} is not a weekday such as sun")
    return WEEKDAYS.index(key)


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _local(day: date, minute: int, zone: ZoneInfo) -> datetime:
    # A time that does not exist (the hour skipped in spring) is read with the offset before
    # the change, which lands it in the hour after: the reminder comes late, never twice.
    return datetime.combine(day, time(minute // 60, minute % 60), zone)


def next_due(
    after: datetime, zone: ZoneInfo, at_minute: int, weekday: int | None = None
) -> datetime:
    """The first moment strictly after ``after`` at ``at_minute`` local time (on ``weekday``
    when given), as an aware datetime in ``zone``."""
    day = after.astimezone(zone).date()
    for step in range(9):
        candidate = day + timedelta(days=step)
        if weekday is not None and candidate.weekday() != weekday:
            continue
        moment = _local(candidate, at_minute, zone)
        if moment > after:
            return moment
    raise AssertionError("a week always holds the next one")  # pragma: no cover


def in_quiet(moment: datetime, zone: ZoneInfo, quiet: tuple[int, int] | None) -> bool:
    """Whether ``moment`` falls in the quiet hours (which may run past midnight)."""
    if quiet is None:
        return False
    local = moment.astimezone(zone)
    minute = local.hour * 60 + local.minute
    start, end = quiet
    return start <= minute < end if start < end else minute >= start or minute < end


def quiet_ends(moment: datetime, zone: ZoneInfo, quiet: tuple[int, int]) -> datetime:
    """When the quiet hours around ``moment`` end."""
    return next_due(moment, zone, quiet[1])
