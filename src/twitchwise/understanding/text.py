"""The text being read: a lower-cased copy to match against (misspellings put right), every
match mapped back to the person's own words, the clauses that bound a negation's reach, and a
record of which words were used, so that what was not understood can be quoted back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[^\sa-z0-9]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})
# Where a negation or a worry stops reaching: the end of a sentence or a line.
_SENTENCE_END = re.compile(r"[.!?;\n]+|(?<=\s)-(?=\s)|\s\(|\)")


@dataclass(frozen=True)
class Match:
    """A span of the matchable text and the person's words it came from."""

    start: int
    end: int
    text: str  # the matchable (lower-case, corrected) words
    quote: str  # the person's own words

    def groups(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass
class Text:
    """``original`` as typed; ``low`` lower-cased, with apostrophes and dashes made plain and
    misspelt words put right; ``origin[i]`` is where ``low[i]`` came from in ``original``."""

    original: str
    low: str
    origin: list[int]
    used: bytearray = field(init=False)
    sentence_ends: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.used = bytearray(len(self.low))
        ends = [m.start() for m in _SENTENCE_END.finditer(self.low)]
        self.sentence_ends = [*ends, len(self.low)]

    @classmethod
    def of(cls, original: str, correct: Callable[[str], str | None] | None = None) -> Text:
        """``original`` made matchable; ``correct(word)`` names the right spelling of a word it
        does not know (or None to leave it)."""
        plain = original.translate(_APOSTROPHES).translate(_DASHES)
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in plain)
        pieces: list[str] = []
        origin: list[int] = []
        at = 0
        for found in re.finditer(r"[a-z]+(?:'[a-z]+)*", lower):
            pieces.append(lower[at : found.start()])
            origin.extend(range(at, found.start()))
            word = found.group(0)
            right = correct(word) if correct is not None else None
            if right is None or right == word:
                pieces.append(word)
                origin.extend(range(found.start(), found.end()))
            else:
                pieces.append(right)
                # Every letter of the correction points at the start of the misspelt word, the
                # last at its end, so a quote takes the word as it was typed.
                origin.extend([found.start()] * (len(right) - 1) + [found.end() - 1])
            at = found.end()
        pieces.append(lower[at:])
        origin.extend(range(at, len(lower)))
        origin.append(len(lower))
        return cls(original, "".join(pieces), origin)

    def quote(self, start: int, end: int) -> str:
        """The person's own words behind ``low[start:end]``."""
        if end <= start:
            return ""
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        if end < len(self.origin) - 1 and self.origin[end] > last:
            last = self.origin[end]
        return self.original[first:last].strip()

    def low_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``original[start:end]`` is in ``low``."""
        from bisect import bisect_left

        return bisect_left(self.origin, start), bisect_left(self.origin, end)

    def match(self, start: int, end: int) -> Match:
        return Match(start, end, self.low[start:end], self.quote(start, end))

    def find(self, pattern: re.Pattern[str]) -> Iterator[Match]:
        for found in pattern.finditer(self.low):
            if found.end() > found.start():
                yield self.match(found.start(), found.end())

    def use(self, start: int, end: int) -> None:
        """Mark ``low[start:end]`` as understood."""
        self.used[start:end] = b"\x01" * (end - start)

    def is_used(self, start: int, end: int) -> bool:
        return all(self.used[start:end])

    def sentences(self) -> Iterator[tuple[int, int]]:
        """Each sentence (or line): its start and end."""
        start = 0
        for end in self.sentence_ends:
            if end > start:
                yield start, end
            start = end + 1

    def sentence_of(self, position: int) -> tuple[int, int]:
        """The sentence (or line) around ``position``: its start and end."""
        start = 0
        for end in self.sentence_ends:
            if position < end or end == len(self.low):
                return start, end
            start = end + 1
        return start, len(self.low)  # pragma: no cover - the last end is len(low)

    def words(self, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word and mark in ``low[start:end]``."""
        stop = len(self.low) if end is None else end
        return [
            (start + m.start(), start + m.end(), m.group(0))
            for m in WORD.finditer(self.low[start:stop])
        ]

    def unused_runs(self, ignore: frozenset[str]) -> list[str]:
        """The person's own words of every run of words not understood, leaving out runs made
        only of words in ``ignore`` (little words that say nothing on their own)."""
        runs: list[list[tuple[int, int, str]]] = []
        current: list[tuple[int, int, str]] = []
        for start, end, word in self.words():
            if self.is_used(start, end) or not re.match(r"[a-z0-9]", word):
                if current:
                    runs.append(current)
                    current = []
                continue
            current.append((start, end, word))
        if current:
            runs.append(current)
        return [
            self.quote(run[0][0], run[-1][1])
            for run in runs
            if any(word not in ignore for _, _, word in run)
        ]
