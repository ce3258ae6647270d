"""How a count is written, once for the command line, the pages and the PDF: "1 episode",
"64 twitches", "2 entries", "1,408 sample entries"."""

from __future__ import annotations

_SIBILANT = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"


def plural(noun: str) -> str:
    """The plural of ``noun`` (of its last word, for "sample entry"), by English's rules for
    the words twitchwise counts; an irregular word is given to ``counted`` as ``many``."""
    head, _, last = noun.rpartition(" ")
    if last.endswith(_SIBILANT):
        last += "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in _VOWELS:
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def counted(n: float | str, noun: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it needs: "1 episode", "0 episodes", "2.5 hours"; ``n``
    may come already written ("1,000 or more")."""
    if isinstance(n, str):
        number, one = n, n.strip() == "1"
    else:
        number, one = (f"{n:,}" if isinstance(n, int) else f"{n:,g}"), n == 1
    return f"{number} {noun if one else (many or plural(noun))}"
