"""Misspellings put right before matching: a word that is neither English nor one of the words
twitchwise looks for, but one or two letters away from one of those, is read as that word.

English is the 82,765-word frequency list that ships with symspellpy (read as data, without
importing the package); the distance is Damerau-Levenshtein (rapidfuzz), so a swapped pair of
letters counts as one.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

ENGLISH_LIST = "frequency_dictionary_en_82_765.txt"
SHORTEST = 4  # shorter words are too easily another word


@cache
def english() -> frozenset[str]:
    """The English words of symspellpy's frequency list (empty if it is not installed)."""
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency
        return frozenset()
    path = Path(spec.origin).with_name(ENGLISH_LIST)
    with path.open(encoding="utf-8") as lines:
        return frozenset(line.split(" ", 1)[0] for line in lines)


def most_apart(word: str) -> int:
    """How many letters may differ: one in a short word, two from eight letters on."""
    return 1 if len(word) < 8 else 2


def corrector(targets: Iterable[str]) -> Callable[[str], str | None]:
    """``correct(word)``: the target ``word`` was meant to be, or None when it is a real word
    already or nothing is close enough."""
    wanted = sorted({t.lower() for t in targets if len(t) >= SHORTEST})
    known = set(wanted)

    def correct(word: str) -> str | None:
        if len(word) < SHORTEST or word in known or "'" in word or word in english():
            return None
        found = process.extractOne(
            word,
            wanted,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=most_apart(word),
        )
        return None if found is None else str(found[0])

    return correct
