"""Clock times, parts of the day and "N hours ago", resolved to moments never later than now.

Times are built in the zone of ``now`` and moved by real elapsed time, so a clock change is
respected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from twitchwise.understanding.numbers import NUMBER, alternation, read_number
from twitchwise.understanding.text import Text


@dataclass(frozen=True)
class Clock:
    """A time on the clock; not ``fixed`` means a bare 1-12 that may be morning or evening."""

    hour: int
    minute: int
    fixed: bool

    def hours(self) -> tuple[int, ...]:
        return (self.hour,) if self.fixed else (self.hour % 12, self.hour % 12 + 12)


def clock_pattern(p: str, bare: bool) -> str:
    """A clock time (``8pm``, ``8.30 pm``, ``20:30``, ``noon``); groups are named with ``p``."""
    pattern = (
        rf"(?P<{p}h>\d{{1,2}})(?:[:.](?P<{p}m>\d{{2}}))?\s*(?P<{p}ap>[ap])\.?m\b\.?"
        rf"|(?P<{p}hh>\d{{1,2}}):(?P<{p}mm>\d{{2}})(?![\w:])|(?P<{p}word>noon|midday|midnight)\b"
    )
    if bare:
        pattern += rf"|(?<![\w.])(?P<{p}b>\d{{1,2}})(?:[:.](?P<{p}bm>\d{{2}}))?(?![\w:.])"
    return pattern


def read_clock(found: re.Match[str], p: str) -> Clock | None:
    groups = found.groupdict()
    if groups.get(p + "word"):
        return Clock(0 if groups[p + "word"] == "midnight" else 12, 0, True)
    if groups.get(p + "h"):
        hour, minute = int(groups[p + "h"]), int(groups[p + "m"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return Clock(hour % 12 + (12 if groups[p + "ap"] == "p" else 0), minute, True)
    text = groups.get(p + "hh") or groups.get(p + "b")
    if text is None:
        return None
    hour, minute = int(text), int(groups.get(p + "mm") or groups.get(p + "bm") or 0)
    if hour > 23 or minute > 59:
        return None
    return Clock(hour, minute, hour == 0 or hour >= 13 or text.startswith("0"))


# Each part of the day as (day offset, hour) of its start, its end and its default moment.
_WINDOWS: dict[str, tuple[int, int, int, int, int, int]] = {
    "last night": (-1, 18, 0, 6, -1, 23),
    "this morning": (0, 0, 0, 12, 0, 8),
    "this afternoon": (0, 12, 0, 18, 0, 15),
    "this evening": (0, 17, 1, 0, 0, 19),
    "yesterday": (-1, 0, 0, 0, -1, 12),
    "yesterday morning": (-1, 0, -1, 12, -1, 8),
    "yesterday afternoon": (-1, 12, -1, 18, -1, 15),
    "yesterday evening": (-1, 17, 0, 0, -1, 19),
}
# Other words for a part of the day.
_SAME = {
    "in the night": "last night",
    "during the night": "last night",
    "overnight": "last night",
    "yesterday night": "last night",
    "tonight": "this evening",
}
DAYPART = rf"\b(?:{alternation([*_WINDOWS, *_SAME, 'today'])})\b"
NIGHT = "last night"
CLOCK = (
    rf"(?:\b(?:at|around|about|by)\s+|@\s*)(?:{clock_pattern('c', True)})"
    rf"|(?:{clock_pattern('d', False)})"
)
SLEEP_SPAN = (
    rf"(?:\bfrom\s+)?(?:{clock_pattern('a', True)})\s*(?:to|-|–|until|till|til)\s*"
    rf"(?:{clock_pattern('b', True)})"
)


def local(now: datetime, day_offset: int, hour: int, minute: int = 0) -> datetime:
    """The wall-clock time ``hour:minute`` ``day_offset`` days from ``now``'s date, in its zone."""
    day = now.date() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


def shift(moment: datetime, delta: timedelta) -> datetime:
    """``moment`` moved by real elapsed time (over a clock change too), kept in its zone."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def later(a: datetime, b: datetime) -> bool:
    """``a`` is after ``b`` in real time (aware datetimes in one zone compare by wall clock)."""
    return a.timestamp() > b.timestamp()


def latest(clock: Clock, floor: datetime, ceiling: datetime) -> datetime | None:
    """The latest moment at ``clock`` with ``floor <= moment < ceiling``."""
    first = floor.date() - timedelta(days=1)
    days = [first + timedelta(days=n) for n in range((ceiling.date() - first).days + 1)]
    moments = [
        datetime.combine(day, time(hour, clock.minute), tzinfo=floor.tzinfo)
        for day in days
        for hour in clock.hours()
    ]
    found = [m for m in moments if not later(floor, m) and later(ceiling, m)]
    return max(found, key=datetime.timestamp) if found else None


def resolve(now: datetime, word: str | None, clock: Clock | None) -> datetime | None:
    """The moment a part of the day and/or a clock time mean, never later than ``now``.

    A clock alone is its most recent past occurrence ("at 8pm" at 14:05 is yesterday's 20:00);
    a part of the day alone is its default moment, or ``now`` if that is still to come while the
    part has begun; a part of the day that has not begun yet ("tonight" at 10:00) is None.
    """
    soon = shift(now, timedelta(minutes=1))
    if word is None:
        return None if clock is None else latest(clock, shift(now, timedelta(days=-1)), soon)
    if word == "today":
        start, end, anchor = local(now, 0, 0), local(now, 1, 0), now
    else:
        s_day, s_hour, e_day, e_hour, a_day, a_hour = _WINDOWS[word]
        start, end = local(now, s_day, s_hour), local(now, e_day, e_hour)
        anchor = local(now, a_day, a_hour)
    if clock is not None:
        return latest(clock, start, min(end, soon, key=datetime.timestamp))
    if not later(anchor, now):
        return anchor
    return None if later(start, now) else now


_AGO_WORDS = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<u>seconds?|secs?|minutes?|mins?|min|hours?|hrs?|h|days?)\s+ago\b"
)
_DAYPART_WORDS = re.compile(DAYPART)
_CLOCK_WORDS = re.compile(CLOCK)


def moment_in(text: Text, position: int, now: datetime) -> datetime | None:
    """The moment the sentence around ``position`` names ("2 hours ago", "last night", "at
    8pm", "yesterday at 9"), never later than ``now``; None when it names none."""
    start, end = text.sentence_of(position)
    segment = text.low[start:end]
    ago = _AGO_WORDS.search(segment)
    if ago is not None:
        number = read_number(ago.group("n"))
        if number is not None:
            unit = ago.group("u")
            per = {"s": 1 / 60, "h": 60.0, "d": 24 * 60.0}.get(unit[0], 1.0)
            if unit.startswith("min"):
                per = 1.0
            return shift(now, timedelta(minutes=-number[0] * per))
    day = _DAYPART_WORDS.search(segment)
    clock = _CLOCK_WORDS.search(segment)
    if day is None and clock is None:
        return None
    word = None if day is None else _SAME.get(" ".join(day.group(0).split()), day.group(0))
    hour = None if clock is None else read_clock(clock, "c") or read_clock(clock, "d")
    return resolve(now, word, hour)
