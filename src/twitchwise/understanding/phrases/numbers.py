"""Numbers in words and digits, and lengths of time ("5h", "1h30", "an hour and a half")."""

from __future__ import annotations

import re

from twitchwise.understanding.phrases.phrase import Refused, alternation

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90}
# "a couple of" is two; vague words ("a few", "several", "some") are not numbers on purpose.
_SPECIAL = {"a couple of": 2.0, "a couple": 2.0, "couple of": 2.0, "half an": 0.5}
_SPECIAL |= {"half a": 0.5, "half": 0.5, "an": 1.0, "a": 1.0}
_VALUES = {w: float(i) for i, w in enumerate(_ONES)} | {t: float(v) for t, v in _TENS.items()}
_VALUES |= {f"{t} {o}": v + i for t, v in _TENS.items() for i, o in enumerate(_ONES[1:10], 1)}
_VALUES |= _SPECIAL
_WORD_NUMBER = alternation(_VALUES).replace("\\ ", r"[\s-]+")
NUMBER = rf"(?<![\w.-])(?:\d+(?:\.\d+)?|(?:{_WORD_NUMBER})\b)(?:\s+and\s+a\s+half\b)?"
COUNT_WORD = alternation(_ONES[1:])
NUMBER_WORDS = (*_ONES, *_TENS)
NEGATIVE = r"(?<![\w/])[-−]\s*\d"


def read_number(text: str) -> float | None:
    """``"3"`` 3, ``"two"`` 2, ``"a couple of"`` 2, ``"forty-five"`` 45, ``"one and a half"``."""
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.5 if words.endswith(" and a half") else 0.0
    words = words.removesuffix(" and a half")
    value = float(words) if re.fullmatch(r"\d+(?:\.\d+)?", words) else _VALUES.get(words)
    return None if value is None else value + half


_H, _M, _S = r"(?:hours?|hrs?|h)", r"(?:minutes?|mins?|m)", r"(?:seconds?|secs?|s)"
DURATION = (
    rf"(?P<dh>{NUMBER})\s*{_H}\s*(?:and\s+)?(?P<dm>\d{{1,2}})\s*{_M}(?!\w)"
    rf"|(?P<dh2>\d{{1,2}})h(?P<dm2>\d{{2}})(?!\w)"
    rf"|(?P<dn>{NUMBER})\s*(?P<du>{_H}|{_M}|{_S})(?!\w)(?P<dhalf>\s+and\s+a\s+half\b)?"
)
_PER_MINUTE = {"h": 60.0, "m": 1.0, "s": 1 / 60}


def read_duration(found: re.Match[str]) -> float | None:
    """Minutes in a match of ``DURATION``: ``5h`` 300, ``1h30`` 90, ``an hour and a half`` 90."""
    if found["dh"] is not None or found["dh2"] is not None:
        hours, minutes = read_number(found["dh"] or found["dh2"]), int(found["dm"] or found["dm2"])
        return None if hours is None or minutes >= 60 else hours * 60 + minutes
    count = read_number(found["dn"])
    if count is None:
        return None
    return (count + (0.5 if found["dhalf"] else 0)) * _PER_MINUTE[found["du"][0]]


def number_in(text: str | None, low: float = 0, high: float = float("inf")) -> float:
    value = read_number(text or "")
    if value is None or not low <= value <= high:
        raise Refused
    return value


def rating(found: re.Match[str]) -> int:
    value = float(found["n"] or found["m"])
    if not value.is_integer() or not 0 <= value <= 10:
        raise Refused
    return int(value)


def minutes(found: re.Match[str] | None, most: float = 7 * 24 * 60) -> float | None:
    value = None if found is None else read_duration(found)
    if found is not None and (value is None or not 0 <= value <= most):
        raise Refused
    return value
