"""The episode in a person's words: what kind (twitch, cramp, spasm), where, which side, what
they were doing, how strong and how painful.

A body place counts when it is named in a sentence that names the episode ("pins and needles in
my feet, and my calves twitch": calves), so other symptoms' places are not taken for the
episode's. Kinds and places that are negated ("no cramps", "not in my legs") are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from twitchwise.knowledge.model_words import Words
from twitchwise.understanding.context import Context, Status
from twitchwise.understanding.patterns import compiled, named
from twitchwise.understanding.reading import Reading
from twitchwise.understanding.text import Match

# When a text names more than one kind, the one whose warning signs matter most is kept.
_KIND_ORDER = ("cramp", "spasm", "twitch")
# Contexts in the order one wins over another when a text names several.
_CONTEXT_ORDER = ("after_sex", "during_activity", "after_exercise", "falling_asleep", "at_rest")
_PAIRED = re.compile(r"calves|legs|feet|hands|arms|eyes|eyelids|thighs|hamstrings|shins|ankles")
_SIDE_BEFORE = re.compile(r"(?:\b(left|right|both)\b)(?:[\s-]+(?:hand|side(?:d)?|sided))?\s+$")
_ON_SIDE = re.compile(r"\bon (?:the |my )?(left|right|both)(?: side| sides)?\b")
_OUT_OF_10 = r"\s*(?:/\s*10|out of (?:10|ten))"
_PAIN_NUMBER = re.compile(
    rf"\b(?:pain|painful|hurts?|hurting|sore)\w*\s*(?:is |was |about |around |at |of |level |"
    rf"score |like )?(?:a )?(?P<n>\d+(?:\.\d+)?){_OUT_OF_10}"
    rf"|(?P<m>\d+(?:\.\d+)?){_OUT_OF_10}\s*(?:pain|painful|for pain)"
)
_RATING = re.compile(rf"(?<![\w./])(?P<n>\d+(?:\.\d+)?){_OUT_OF_10}")
_PAIN_WORDS = (
    (
        re.compile(
            r"\b(?:agony|agoni[sz]ing|excruciating|unbearable|worst pain|screaming|killing me)"
        ),
        9,
    ),
    (
        re.compile(
            r"\b(?:really|very|extremely|so|super|incredibly) (?:painful|sore)|"
            r"hurts? like (?:hell|mad)|really hurts?|hurts? (?:so much|a lot|loads)"
        ),
        7,
    ),
    (re.compile(r"\b(?:painful|sore|hurts|hurting|aching|ache)\b"), 4),
    (
        re.compile(
            r"\b(?:no pain|not painful|painless|(?:does ?n'?t|did ?n'?t|does not|did not) hurt)\b"
        ),
        0,
    ),
)
_EVENT_WORD = r"(?:\w+ )?(?:twitch|cramp|spasm|jerk|flicker|jump|quiver|fascicul)\w*"
_STRENGTH_WORDS = (
    (re.compile(rf"\b(?:violent|massive|huge|intense|really strong|very strong) {_EVENT_WORD}"), 8),
    (re.compile(rf"\b(?:mild|slight|tiny|small|little|faint|subtle|gentle) {_EVENT_WORD}"), 2),
)


@dataclass(frozen=True)
class _Groups:
    kinds: list[tuple[str, re.Pattern[str]]]
    sites: list[tuple[str, re.Pattern[str]]]
    contexts: list[tuple[str, re.Pattern[str]]]


def _groups(words: Words) -> _Groups:
    return compiled(
        words,
        "episode",
        lambda: _Groups(
            named(words.kinds.words), named(words.sites.words), named(words.contexts.words)
        ),
    )


def read_episode(reading: Reading, words: Words, context: Context) -> None:
    groups = _groups(words)
    text = reading.text
    kinds = _mentions(reading, groups.kinds, context)
    present = [(value, m) for value, m in kinds if _status(reading, m, context) is Status.PRESENT]
    for value in _KIND_ORDER:
        chosen = next((m for v, m in present if v == value), None)
        if chosen is not None:
            reading.add("episode.kind", value, chosen)
    for _, found in kinds:
        text.use(found.start, found.end)
    sentences = {text.sentence_of(m.start) for _, m in present}
    reading.episode_sentences = sentences
    _read_sites(reading, groups, context, sentences)
    _read_context(reading, groups, context)
    _read_strength(reading, sentences)


def _mentions(
    reading: Reading, group: list[tuple[str, re.Pattern[str]]], context: Context
) -> list[tuple[str, Match]]:
    found = [(value, m) for value, pattern in group for m in reading.text.find(pattern)]
    return sorted(found, key=lambda item: item[1].start)


def _status(reading: Reading, found: Match, context: Context) -> Status:
    return context.status(reading.text, found.start, found.end, [])


def _read_sites(
    reading: Reading, groups: _Groups, context: Context, sentences: set[tuple[int, int]]
) -> None:
    text = reading.text
    mentions = [
        (value, m)
        for value, m in _longest(_mentions(reading, groups.sites, context))
        if not (
            value == "back"
            and re.search(r"\b(?:on|onto)\s+$", text.low[max(0, m.start - 6) : m.start])
        )
    ]
    near = [
        (value, m)
        for value, m in mentions
        if any(s <= m.start < e for s, e in sentences) or not sentences
    ]
    chosen = [(v, m) for v, m in near if _status(reading, m, context) is not Status.ABSENT]
    if not chosen:
        return
    sites = list(dict.fromkeys(value for value, _ in chosen))
    first = chosen[0][1]
    reading.add("episode.body_sites", sites, first)
    for _, found in chosen:
        text.use(found.start, found.end)
    sides = _sides(reading, chosen, sentences)
    if sides:
        reading.add("episode.sides", sides.pop() if len(sides) == 1 else "both", first)


def _longest(mentions: list[tuple[str, Match]]) -> list[tuple[str, Match]]:
    """Drop a mention inside a longer one ("back of my leg" is the calf, not the back)."""
    kept = []
    for value, m in mentions:
        inside = any(
            o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
            for _, o in mentions
        )
        if not inside:
            kept.append((value, m))
    return kept


def _sides(
    reading: Reading, chosen: list[tuple[str, Match]], sentences: set[tuple[int, int]]
) -> set[str]:
    text = reading.text
    sides: set[str] = set()
    for _, found in chosen:
        before = _SIDE_BEFORE.search(text.low[max(0, found.start - 30) : found.start])
        if before is not None:
            sides.add(before.group(1))
            text.use(found.start - len(before.group(0)), found.start)
        elif _PAIRED.fullmatch(found.text.split()[-1]):
            sides.add("both")
    for start, end in sentences:
        for on_side in _ON_SIDE.finditer(text.low, start, end):
            sides.add(on_side.group(1))
            text.use(on_side.start(), on_side.end())
    return sides


def _read_context(reading: Reading, groups: _Groups, context: Context) -> None:
    found = [
        (value, m)
        for value, m in _mentions(reading, groups.contexts, context)
        if _status(reading, m, context) is not Status.ABSENT
    ]
    for value in _CONTEXT_ORDER:
        match = next((m for v, m in found if v == value), None)
        if match is not None:
            reading.add("episode.context", value, match)
            break
    for _, match in found:
        reading.text.use(match.start, match.end)


def _read_strength(reading: Reading, sentences: set[tuple[int, int]]) -> None:
    text = reading.text
    for found in _PAIN_NUMBER.finditer(text.low):
        value = float(found.group("n") or found.group("m"))
        if value.is_integer() and 0 <= value <= 10:
            reading.add("episode.pain", int(value), text.match(found.start(), found.end()))
    for pattern, pain in _PAIN_WORDS:
        for found in pattern.finditer(text.low):
            reading.add("episode.pain", pain, text.match(found.start(), found.end()), estimate=True)
    for start, end in sentences:
        for found in _RATING.finditer(text.low, start, end):
            value = float(found.group("n"))
            if value.is_integer() and 0 <= value <= 10 and not text.is_used(*found.span()):
                reading.add("episode.intensity", int(value), text.match(*found.span()))
        for pattern, strength in _STRENGTH_WORDS:
            for found in pattern.finditer(text.low, start, end):
                match = text.match(found.start(), found.end())
                reading.add("episode.intensity", strength, match, estimate=True)
