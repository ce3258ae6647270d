"""Whether a mention says the person HAS something, does NOT have it, or only worries or asks
about it: a small ConText (Harkema et al. 2009) over one sentence.

A negation reaches forward to the sign it negates only across glue words ("I don't have any
numbness or tingling"); any other word ends its reach, so "haven't eaten, feel weak" stays
weak. A worry ("scared it's a clot", "is it") reaches a few words, up to a terminator ("but",
"now"). When in doubt a mention counts as present: missing a sign is the worse mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from twitchwise.knowledge.model_words import ContextRules
from twitchwise.understanding.text import Text


class Status(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    UNCERTAIN = "uncertain"


# A negation inside a mention, after its first word, turns the mention round; one at its start
# is part of the sign ("haven't peed all day", "no strength").
_INNER_NEGATION = re.compile(
    r"(?<![a-z'])(?:not|no|never|isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|don'?t|didn'?t|hasn'?t|"
    r"haven'?t|won'?t)(?![a-z'])"
)


def _any(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9'])(?:" + "|".join(phrases) + r")(?![a-z0-9'])")


@dataclass(frozen=True)
class Context:
    """The compiled rules; ``status`` reads one mention."""

    negation_before: re.Pattern[str]
    negation_after: re.Pattern[str]
    pseudo: re.Pattern[str]
    hypothetical: re.Pattern[str]
    terminator: re.Pattern[str]
    glue: frozenset[str]
    reach_before: int
    reach_after: int

    @classmethod
    def of(cls, rules: ContextRules) -> Context:
        return cls(
            negation_before=_any(rules.negation_before),
            # After a sign only a word that closes the clause negates it ("numbness: none."),
            # so "weak, no energy" stays weak.
            negation_after=re.compile(
                r"^[\s,:=-]*(?:" + "|".join(rules.negation_after) + r")\s*(?:[.!?,;)]|$)"
            ),
            pseudo=_any(rules.pseudo),
            hypothetical=_any(rules.hypothetical),
            terminator=_any(rules.terminators),
            glue=rules.negation_glue,
            reach_before=rules.reach_before,
            reach_after=rules.reach_after,
        )

    def status(self, text: Text, start: int, end: int, others: list[tuple[int, int]]) -> Status:
        """The status of the mention ``low[start:end]``; ``others`` are the spans of other sign
        mentions, which a negation may reach across ("no numbness, tingling or weakness")."""
        sentence_start, sentence_end = text.sentence_of(start)
        if _INNER_NEGATION.search(text.low, start, end) and not _INNER_NEGATION.match(
            text.low, start
        ):
            return Status.ABSENT  # "my speech isn't slurred", "hands aren't shaky"
        before = self._before(text, sentence_start, start)
        if self._negated_before(text, before, start, others):
            return Status.ABSENT
        after = text.low[end:sentence_end]
        if self._negated_after(after):
            return Status.ABSENT
        window = text.low[before:start]
        if self.hypothetical.search(window):
            return Status.UNCERTAIN
        return Status.PRESENT

    def _before(self, text: Text, sentence_start: int, start: int) -> int:
        """Where the left window starts: ``reach_before`` words back, cut after a terminator."""
        words = [w for w in text.words(sentence_start, start) if re.match(r"[a-z0-9]", w[2])]
        first = words[-self.reach_before][0] if len(words) >= self.reach_before else sentence_start
        cut = first
        for found in self.terminator.finditer(text.low, first, start):
            cut = found.end()
        return cut

    def _negated_before(
        self, text: Text, window_start: int, start: int, others: list[tuple[int, int]]
    ) -> bool:
        for found in self.negation_before.finditer(text.low, window_start, start):
            if self._is_pseudo(text, found.start(), found.end()):
                continue
            if self._glued(text, found.end(), start, others):
                return True
        return False

    def _is_pseudo(self, text: Text, start: int, end: int) -> bool:
        for found in self.pseudo.finditer(
            text.low, max(0, start - 3), min(len(text.low), end + 40)
        ):
            if found.start() <= start and found.end() >= end:
                return True
        return False

    def _glued(self, text: Text, start: int, end: int, others: list[tuple[int, int]]) -> bool:
        """Only glue words, punctuation and other sign mentions lie between ``start`` and
        ``end``."""
        for word_start, word_end, word in text.words(start, end):
            if not re.match(r"[a-z0-9]", word) or word in self.glue:
                continue
            if any(s <= word_start and word_end <= e for s, e in others):
                continue
            return False
        return True

    def _negated_after(self, after: str) -> bool:
        return self.negation_after.search(after) is not None
