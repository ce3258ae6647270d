"""Numbers as people write them: digits, words ("forty-five"), "a couple", "half an", "one and a
half", and the vague "a few" and "several", which are read as their usual size and marked as
estimates."""

from __future__ import annotations

import re
from collections.abc import Iterable

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}
_EXACT = {w: float(i) for i, w in enumerate(_ONES)} | {t: float(v) for t, v in _TENS.items()}
_EXACT |= {f"{t} {o}": v + i for t, v in _TENS.items() for i, o in enumerate(_ONES[1:10], 1)}
_EXACT |= {"a couple of": 2.0, "a couple": 2.0, "couple of": 2.0, "a pair of": 2.0}
_EXACT |= {"half an": 0.5, "half a": 0.5, "an": 1.0, "a": 1.0, "a single": 1.0, "one single": 1.0}
_EXACT |= {"a dozen": 12.0, "dozen": 12.0, "a hundred": 100.0, "hundred": 100.0}
# Vague words, read as their usual size; a fact made from one says it is an estimate.
VAGUE = {"a few": 3.0, "few": 3.0, "several": 4.0, "a handful of": 4.0, "a bunch of": 4.0}
VAGUE |= {"loads of": 6.0, "lots of": 6.0, "a lot of": 6.0, "tons of": 6.0, "some": 2.0}
VAGUE |= {"a few more": 3.0, "countless": 10.0, "many": 5.0}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of spaces or a
    hyphen ("forty-five")."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace("\\ ", r"[\s-]+") for w in ordered)


_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
NUMBER = (
    rf"(?<![\w.])(?:{_DIGITS}|(?:{alternation([*_EXACT, *VAGUE])})(?![\w-]))"
    r"(?:\s*(?:-|to|or)\s*\d+(?:\.\d+)?)?(?:\s+and\s+a\s+half\b)?"
)


def read_number(text: str) -> tuple[float, bool] | None:
    """``(value, estimate)``: ``"3"`` (3, False), ``"forty-five"`` 45, ``"a few"`` (3, True),
    ``"5 or 6"`` (5.5, True), ``"one and a half"`` 1.5; None when it is no number."""
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.5 if words.endswith(" and a half") else 0.0
    words = words.removesuffix(" and a half")
    ranged = re.fullmatch(rf"({_DIGITS}|[a-z ]+?)\s*(?:-|to|or)\s*(\d+(?:\.\d+)?)", words)
    if ranged is not None:
        low = read_number(ranged.group(1))
        if low is None:
            return None
        return (low[0] + float(ranged.group(2))) / 2 + half, True
    if re.fullmatch(_DIGITS, words):
        return float(words.replace(",", "")) + half, False
    if words in _EXACT:
        return _EXACT[words] + half, False
    if words in VAGUE:
        return VAGUE[words] + half, True
    return None
