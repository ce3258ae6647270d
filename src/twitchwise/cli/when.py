"""Times typed on the command line: ISO 8601, "14:30", "yesterday 21:00", "2h ago", "now"."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError

_AGO = re.compile(r"(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)\s+ago")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?")


def _clock(text: str) -> time | None:
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_when(text: str, now: datetime, field: str = "--at") -> datetime:
    """An aware datetime in ``now``'s zone; a time without a date is today, or yesterday if that
    would be in the future."""
    words = " ".join(text.strip().lower().split())
    where = now.tzinfo
    if words in {"", "now"}:
        return now
    ago = _AGO.fullmatch(words)
    if ago:
        amount, unit = float(ago.group(1)), ago.group(2)[0]
        step = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}[unit]
        return now - amount * step
    day: date | None = None
    for prefix, offset in (("today", 0), ("yesterday", 1)):
        if words.startswith(prefix):
            day, words = now.date() - timedelta(days=offset), words[len(prefix) :].strip()
    at = _clock(words) if words else time(12, 0)
    if at is not None:
        moment = datetime.combine(day or now.date(), at, tzinfo=where)
        if day is None and moment > now:
            moment -= timedelta(days=1)
        return _normalised(moment)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            field, f"{text!r} is not a time; try 14:30, 'yesterday 21:00', '2h ago' or an ISO time"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=where)
    return parsed


def parse_day(text: str, today: date, field: str) -> date:
    words = text.strip().lower()
    if words == "today":
        return today
    if words == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(words)
    except ValueError:
        raise InputError(field, f"{text!r} is not a date like 2026-11-01") from None


def _normalised(moment: datetime) -> datetime:
    """Round-trip through UTC so a wall time in a daylight-saving gap gets a real offset."""
    zone = moment.tzinfo
    if isinstance(zone, ZoneInfo):
        return moment.astimezone(ZoneInfo("UTC")).astimezone(zone)
    return moment
