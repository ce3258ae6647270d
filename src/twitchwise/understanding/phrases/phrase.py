"""One phrase being read (``Words``), the words that may be left over in it, and ``Refused``: a
reader never guesses, it refuses."""

from __future__ import annotations

import re
from collections.abc import Iterable


class Refused(ValueError):
    """The phrase says something impossible, vague or ambiguous: it is not understood."""


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that the longest name wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def word_table(text: str) -> dict[str, str]:
    """``"run: ran run, gym: gym"`` -> {"ran": "run", "run": "run", "gym": "gym"}; _ is a space."""
    pairs = (entry.split(":") for entry in text.split(","))
    return {w.replace("_", " "): name.strip() for name, words in pairs for w in words.split()}


# Words that may be left over in a phrase without changing what it says.
FILLER = frozenset(
    """i i'd i've i'm im me my had have has having been was were is am be did do got get
    a an the of some about around approx approximately roughly ~ just also again still only
    with in on at for to from went go going today now away drank drink drinks drinking took
    feeling felt feel feels and then plus & + very really quite pretty bad little slight small
    strong lasted lasting lasts long muscle muscles side sides lower upper inner outer
    woke up barely""".split()
)


class Words:
    """One phrase being read; ``rest`` is its lower-case text with the words used so far blanked,
    so what is left at the end shows whether every word was understood."""

    def __init__(self, text: str) -> None:
        self.low = text.lower()
        self.text = text if len(self.low) == len(text) else self.low
        self.rest = self.low

    def find(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.rest)

    def blank(self, start: int, end: int) -> None:
        self.rest = self.rest[:start] + " " * (end - start) + self.rest[end:]

    def take_all(self, pattern: str) -> list[re.Match[str]]:
        found = list(re.finditer(pattern, self.rest))
        for match in found:
            self.blank(*match.span())
        return found

    def one(self, pattern: str) -> re.Match[str] | None:
        """The one match of ``pattern``, used up; a second one makes the phrase ambiguous."""
        found = self.take_all(pattern)
        if len(found) > 1:
            raise Refused
        return found[0] if found else None

    def leftover(self) -> list[tuple[int, int]]:
        """Spans of the words not used yet (filler words included)."""
        return [m.span() for m in re.finditer(r"[^\s,;:!?()\"]+", self.rest) if self.word(m.span())]

    def word(self, span: tuple[int, int]) -> str:
        return self.rest[span[0] : span[1]].strip(".-")

    def understood(self) -> bool:
        return all(self.word(span) in FILLER for span in self.leftover())
