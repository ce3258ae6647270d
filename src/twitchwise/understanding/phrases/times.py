"""The time a quick-log phrase gives ("2 hours ago", "yesterday at 9pm"), and a night of sleep
given as clock times; the clock rules are the understanding's (``understanding.when``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from twitchwise.understanding.phrases.numbers import DURATION, minutes
from twitchwise.understanding.phrases.phrase import Refused, Words
from twitchwise.understanding.when import (
    _SAME,
    CLOCK,
    DAYPART,
    SLEEP_SPAN,
    later,
    latest,
    local,
    read_clock,
    resolve,
    shift,
)

__all__ = ["NIGHT", "SLEEP_SPAN", "When", "later", "local", "read_sleep_span", "read_time", "shift"]
NIGHT = "last night"
AGO = rf"(?:{DURATION})\s+ago\b"


@dataclass(frozen=True)
class When:
    """A time the phrase gave: the moment, the part of the day named, whether a clock was."""

    at: datetime
    word: str | None
    clock: bool


def read_time(w: Words, now: datetime) -> When | None:
    """The one time expression in the phrase ("2 hours ago", "yesterday at 9pm"), used up."""
    ago, day, clock = w.one(AGO), w.one(DAYPART), w.one(CLOCK)
    if ago is not None:
        back = minutes(ago, 14 * 24 * 60)
        if day is not None or clock is not None or back is None:
            raise Refused
        return When(shift(now, timedelta(minutes=-back)), None, True)
    if day is None and clock is None:
        return None
    word = None if day is None else _SAME.get(" ".join(day.group(0).split()), day.group(0))
    hour = None if clock is None else read_clock(clock, "c") or read_clock(clock, "d")
    at = resolve(now, word, hour)
    if at is None or (clock is not None and hour is None):
        raise Refused
    return When(at, word, hour is not None)


def read_sleep_span(found: re.Match[str], now: datetime) -> tuple[datetime, datetime]:
    """ "from 11pm to 7am": the latest such night that has ended by ``now``."""
    start, end = read_clock(found, "a"), read_clock(found, "b")
    if start is None or end is None:
        raise Refused
    ended = latest(end, shift(now, timedelta(days=-1)), shift(now, timedelta(minutes=1)))
    began = ended and latest(start, shift(ended, timedelta(days=-1)), ended)
    if ended is None or began is None:
        raise Refused
    return began, ended
