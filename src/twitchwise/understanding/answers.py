"""What people type into a number field, read the way they mean it: "25 mins", "half an hour",
"started 20 minutes ago and still going", "7 days", "a fortnight", "every night", "3 times a
day", "1.5 L". Each reader returns the number in the field's unit or raises ``ValueError`` with
a reason to show beside the field."""

from __future__ import annotations

import re
from collections.abc import Callable

from twitchwise.domain.units import UnitError, convert, normalise_unit
from twitchwise.understanding.numbers import NUMBER, read_number
from twitchwise.understanding.timing import FREQUENCY_WORDS, SINCE_WORDS

_NUMBER_WITH_UNIT = re.compile(
    rf"^\s*(?:about |around |roughly |maybe |~\s*)?(?P<n>{NUMBER})\s*(?P<u>[a-zµ/. -]*?)\s*$"
)
_AGO = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<u>seconds?|secs?|minutes?|mins?|min|hours?|hrs?|h)\s+ago"
)
_STILL = re.compile(r"\b(?:still|going on|ongoing|not stopped|won'?t stop|hasn'?t stopped)\b")
_HOURS_AND_MINUTES = re.compile(
    r"^\s*(?P<h>\d+)\s*h(?:ours?|rs?)?\s*(?:and\s*)?(?P<m>\d{1,2})\s*(?:m(?:in(?:ute)?s?)?)?\s*$"
)
_RATE = re.compile(
    rf"^\s*(?P<n>{NUMBER}|once|twice|thrice)\s*(?:times?|x)?\s*(?:a|an|per|each|every|/)\s*(?P<p>day|night|week|month)\s*$"
)
_COUNT = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_PER_WEEK = {"day": 7.0, "night": 7.0, "week": 1.0, "month": 12 / 52}


def _measured(text: str, target: str, default_unit: str) -> float:
    found = _NUMBER_WITH_UNIT.match(text.lower())
    if found is None:
        raise ValueError(f"write a number, for example 20 {default_unit}")
    number = read_number(found.group("n"))
    if number is None:
        raise ValueError(f"write a number, for example 20 {default_unit}")
    unit = found.group("u").strip(" .") or default_unit
    try:
        return convert(number[0], normalise_unit(unit), target)
    except UnitError as error:
        raise ValueError(str(error)) from None


def minutes(text: str) -> float:
    """How long an episode lasted: "25 mins", "half an hour", "1h30", "started 20 minutes ago
    and still going" (the time since it began)."""
    low = text.lower()
    ago = _AGO.search(low)
    if ago is not None:
        number = read_number(ago.group("n"))
        if number is not None:
            return _measured(f"{ago.group('n')} {ago.group('u')}", "min", "min")
    if _STILL.search(low):
        raise ValueError("still going: say when it started, for example 'started 20 minutes ago'")
    both = _HOURS_AND_MINUTES.match(low)
    if both is not None:
        return int(both.group("h")) * 60 + int(both.group("m"))
    return _measured(low, "min", "min")


def days(text: str) -> float:
    """How long it has been happening: "7 days", "3 weeks", "a fortnight", "2 months"."""
    low = " ".join(text.lower().split())
    for pattern, value in SINCE_WORDS:
        if pattern.fullmatch(low) or pattern.fullmatch(f"for {low}"):
            return float(value)
    found = re.fullmatch(
        rf"(?:for\s+)?(?P<n>{NUMBER})\s*(?P<u>days?|d|weeks?|wks?|w|fortnights?|months?|years?|yrs?)?",
        low,
    )
    if found is None:
        raise ValueError("write how many days, for example 10, '3 weeks' or 'a fortnight'")
    number = read_number(found.group("n"))
    if number is None:
        raise ValueError("write how many days, for example 10")
    unit = (found.group("u") or "d")[0]
    per = {"d": 1, "w": 7, "f": 14, "m": 30, "y": 365}[unit]
    return round(number[0] * per)


def per_week(text: str) -> float:
    """How often: "every night", "3 times a day", "twice a week", or a number a week."""
    low = " ".join(text.lower().split())
    for pattern, value in FREQUENCY_WORDS:
        if pattern.fullmatch(low):
            return value
    rate = _RATE.match(low)
    if rate is not None:
        count = _COUNT.get(rate.group("n")) or (read_number(rate.group("n")) or (0.0, False))[0]
        return round(count * _PER_WEEK[rate.group("p")], 2)
    found = _NUMBER_WITH_UNIT.match(low)
    number = read_number(found.group("n")) if found is not None else None
    if number is None:
        raise ValueError("write how many a week, for example 3, 'every night' or '2 times a day'")
    return number[0]


def amount(target: str, default_unit: str) -> Callable[[str], float]:
    """A reader of amounts in ``target`` ("1.5 L" for ml, "5h" for hours, "300 mg")."""

    def read(text: str) -> float:
        return _measured(text, target, default_unit)

    return read
