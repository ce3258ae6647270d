"""Warning signs in a person's words, each present, ruled out or only worried about.

Every mention is kept with its status; a sign mentioned as present anywhere is present (a later
"no" elsewhere does not cancel it: missing a sign is the worse mistake). "I can swallow fine"
rules a sign out as surely as "no trouble swallowing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from twitchwise.domain.episodes import Symptom
from twitchwise.knowledge.model_words import Words
from twitchwise.understanding.context import Context, Status
from twitchwise.understanding.patterns import compiled, phrase
from twitchwise.understanding.reading import Reading, SignMention


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    return phrase(phrases) if phrases else None


@dataclass(frozen=True)
class Composed:
    sign: Symptom
    parts: tuple[re.Pattern[str], ...]
    window: int
    onset: bool


@dataclass(frozen=True)
class SignPatterns:
    present: dict[Symptom, re.Pattern[str]]
    normal: dict[Symptom, re.Pattern[str]]
    context: Context
    composed: tuple[Composed, ...] = ()
    onset: re.Pattern[str] | None = None


def patterns(words: Words) -> SignPatterns:
    """The patterns of ``words``, compiled once per loaded knowledge."""
    return compiled(words, "signs", lambda: _compile(words))


def _compile(words: Words) -> SignPatterns:
    present = {sign: _pattern(w.phrases) for sign, w in words.signs.items()}
    normal = {sign: _pattern(w.normal) for sign, w in words.signs.items()}
    return SignPatterns(
        present={s: p for s, p in present.items() if p is not None},
        normal={s: p for s, p in normal.items() if p is not None},
        context=Context.of(words.context_rules),
        composed=tuple(
            Composed(c.sign, tuple(phrase(part) for part in c.parts), c.window, c.onset)
            for c in words.composed
        ),
        onset=_pattern(words.onset),
    )


# A mention of the first sign inside a mention of the second is that one, not both: slurring
# "for three weeks" is a gradual change of speech, not a sudden one.
_INSTEAD_OF = {Symptom.DIFFICULTY_SPEAKING: Symptom.SPEECH_CHANGE_GRADUAL}


def read_signs(reading: Reading, words: Words) -> None:
    compiled = patterns(words)
    text = reading.text
    found = [
        (sign, _tightest(pattern, text.low, match), match.end())
        for sign, pattern in compiled.present.items()
        for match in pattern.finditer(text.low)
        if match.end() > match.start()
    ]
    found = [
        (sign, start, end) for sign, start, end in found if not _replaced(sign, start, end, found)
    ]
    spans = [(start, end) for _, start, end in found]
    for sign, start, end in found:
        others = [span for span in spans if span != (start, end)]
        status = compiled.context.status(text, start, end, others)
        reading.signs.append(SignMention(sign, status, text.quote(start, end)))
        text.use(start, end)
    _read_composed(reading, compiled, spans)
    for sign, pattern in compiled.normal.items():
        for match in pattern.finditer(text.low):
            reading.signs.append(
                SignMention(sign, Status.ABSENT, text.quote(match.start(), match.end()))
            )
            text.use(match.start(), match.end())


def _read_composed(reading: Reading, compiled: SignPatterns, spans: list[tuple[int, int]]) -> None:
    """Signs told in pieces: a phrase of every part in one sentence (or, for a rule with a
    window of 0, anywhere in the text), close together; a present reading of the last piece
    decides ("her arm isn't weak" does not count; "can't lift the kettle" does)."""
    text = reading.text
    sudden = compiled.onset is not None and compiled.onset.search(text.low) is not None
    for rule in compiled.composed:
        if rule.onset and not sudden:
            continue
        scopes = [(0, len(text.low))] if rule.window == 0 else list(text.sentences())
        for scope_start, scope_end in scopes:
            if _compose(reading, compiled, rule, (scope_start, scope_end), spans):
                break


def _compose(
    reading: Reading,
    compiled: SignPatterns,
    rule: Composed,
    scope: tuple[int, int],
    spans: list[tuple[int, int]],
) -> bool:
    text = reading.text
    instead = _INSTEAD_OF.get(rule.sign)
    if instead is not None and any(m.sign is instead for m in reading.signs):
        return False  # slurring "since Christmas" is a gradual change of speech
    found = [list(part.finditer(text.low, *scope)) for part in rule.parts]
    if not all(found):
        return False
    first = min(hits[0].start() for hits in found[:-1])
    for last in found[-1]:
        start, end = min(first, last.start()), max(last.end(), *(h[0].end() for h in found[:-1]))
        if rule.window and end - start > rule.window:
            continue
        if compiled.context.status(text, last.start(), last.end(), spans) is Status.PRESENT:
            reading.signs.append(SignMention(rule.sign, Status.PRESENT, text.quote(start, end)))
            for hits in found[:-1]:
                text.use(hits[0].start(), hits[0].end())
            text.use(last.start(), last.end())
            return True
    return False


def _tightest(pattern: re.Pattern[str], low: str, match: re.Match[str]) -> int:
    """Where the shortest mention ending where ``match`` ends starts: a phrase with a gap
    ("calf ... swollen") matches from the first "calf", and the words between ("it won't let
    go, my left calf is swollen") must not decide whether the sign is there."""
    for start in range(match.end() - 1, match.start(), -1):
        if low[start - 1].isalnum() and low[start].isalnum():
            continue  # not the start of a word
        if pattern.fullmatch(low, start, match.end()):
            return start
    return match.start()


def _replaced(sign: Symptom, start: int, end: int, found: list[tuple[Symptom, int, int]]) -> bool:
    instead = _INSTEAD_OF.get(sign)
    return instead is not None and any(
        other is instead and s <= start and end <= e for other, s, e in found
    )


def sign_states(mentions: list[SignMention]) -> dict[Symptom, Status]:
    """Each sign's status over all its mentions: present beats uncertain beats absent."""
    states: dict[Symptom, Status] = {}
    rank = {Status.ABSENT: 0, Status.UNCERTAIN: 1, Status.PRESENT: 2}
    for mention in mentions:
        current = states.get(mention.sign)
        if current is None or rank[mention.status] > rank[current]:
            states[mention.sign] = mention.status
    return states
