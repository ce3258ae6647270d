"""A person's own words, understood: one reading used everywhere words come in (``check
--text``, the API's ``text``, the check page's box, the quick log, the interview's first answer).

    understand("calf cramp started 25 mins ago and still won't let go, no numbness", now)

gives the facts it read, each with the words it came from; the warning signs present, ruled out
("no numbness", "I can swallow fine") or only worried about; medicines and what happened to
them; timed events for the diary; and the words it did not understand, quoted, never dropped.
English only for now: a text in another language is recognised as such and read no further.

It never guesses a warning sign away: a sign mentioned as present anywhere is present, and a sign
it could not place is left open, for the check to ask about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from twitchwise.domain.episodes import Symptom
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.knowledge import Knowledge, load_knowledge
from twitchwise.knowledge.model_words import Words
from twitchwise.understanding.context import Context, Status
from twitchwise.understanding.episode import read_episode
from twitchwise.understanding.exposures import count_drinks_as_water, read_exposures
from twitchwise.understanding.medicines import medicine_words, read_medicines
from twitchwise.understanding.patterns import compiled, phrase
from twitchwise.understanding.person import read_person
from twitchwise.understanding.phrases import Phrases, Proposal, read_phrases
from twitchwise.understanding.reading import Event, Fact, MedicineMention, Reading, SignMention
from twitchwise.understanding.signs import read_signs, sign_states
from twitchwise.understanding.spelling import corrector
from twitchwise.understanding.text import Text
from twitchwise.understanding.timing import read_timing

__all__ = ["Event", "Fact", "MedicineMention", "SignMention", "Understanding", "understand"]

# Little words that say nothing on their own: a run made only of them is not "not understood".
_LITTLE = frozenset(
    """i i'm im i've ive i'd me my mine myself it it's its this that these those the a an and or
    but so then just also too very really quite bit little lot lots of in on at to for from with
    by about around into over under up down out off again still now today is am are was were be
    been being have has had having do does did got get gets getting go going went gone feel
    feels felt feeling like kind sort some any all every no not never don't doesn't didn't can't
    can could would should will it'll there here what when where why how which who lol haha ok
    okay yeah yes hi hello thanks thank please help anyone anybody know think guess maybe
    probably bit um uh er hmm well oh ah he she they his her their them we us our you
    your""".split()
)


@dataclass(frozen=True)
class Understanding:
    """What a text says, as far as twitchwise can tell."""

    text: str
    facts: tuple[Fact, ...]
    signs: dict[Symptom, Status]
    mentions: tuple[SignMention, ...]
    medicines: tuple[MedicineMention, ...]
    events: tuple[Event, ...]
    not_understood: tuple[str, ...]
    english: bool
    entries: tuple[Proposal, ...] = ()  # exact entries of the phrases read whole

    def fact(self, field: str) -> Fact | None:
        return next((f for f in self.facts if f.field == field), None)

    @property
    def present(self) -> tuple[Symptom, ...]:
        return tuple(s for s, status in self.signs.items() if status is Status.PRESENT)

    @property
    def ruled_out(self) -> tuple[Symptom, ...]:
        return tuple(s for s, status in self.signs.items() if status is Status.ABSENT)

    @property
    def worried_about(self) -> tuple[Symptom, ...]:
        return tuple(s for s, status in self.signs.items() if status is Status.UNCERTAIN)

    @property
    def understood_anything(self) -> bool:
        return bool(self.facts or self.signs or self.medicines)

    def request(self) -> dict[str, Any]:
        """The assessment request it makes (SPEC section 2's format); ``episode.kind`` is
        ``twitch`` when the text names no kind (see ``assumed``)."""
        request: dict[str, Any] = {"episode": {"kind": "twitch"}}
        for fact in self.facts:
            if fact.field == "episode.started_at":
                continue
            node = request
            *parents, last = fact.field.split(".")
            for key in parents:
                node = node.setdefault(key, {})
            node[last] = fact.value
        episode = request["episode"]
        if self.present:
            episode["symptoms"] = [s.value for s in self.present]
        if self.ruled_out:
            episode["symptoms_absent"] = [s.value for s in self.ruled_out]
        taken = [m for m in self.medicines if m.change != "stopped"]
        if taken:
            request.setdefault("context", {})["medications"] = [_medicine(m) for m in taken]
        return request

    @property
    def assumed(self) -> tuple[str, ...]:
        """Fields of ``request()`` that the text did not give."""
        return () if self.fact("episode.kind") else ("episode.kind",)


def _medicine(mention: MedicineMention) -> dict[str, Any]:
    item: dict[str, Any] = {"name": mention.written}
    if mention.dose_mg is not None:
        item["dose_mg_per_day"] = mention.dose_mg
    return item


def understand(text: str, now: datetime, knowledge: Knowledge | None = None) -> Understanding:
    """Read ``text`` written at ``now`` (an aware datetime in the person's zone)."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime in the person's time zone")
    known = knowledge or load_knowledge()
    words = known.words
    correct = compiled(
        known, "corrector", lambda: corrector([*words.spelling, *medicine_words(known)])
    )
    reading = Reading(Text.of(text, correct), now)
    if not _is_english(text.lower(), words.english, words.other_languages):
        return _foreign(text, reading, words)
    context = compiled(words, "context", lambda: Context.of(words.context_rules))
    phrases = read_phrases(text, now, known)
    spans = _phrase_spans(reading.text, phrases)
    whole = [span for span, _ in spans]
    for (start, end), proposal in spans:
        if isinstance(proposal.entry, Exposure):
            reading.text.use(start, end)  # its drinks and sleep are the phrase reader's
    read_signs(reading, words)
    read_medicines(reading, known, context)
    read_episode(reading, words, context)
    read_timing(reading)
    read_exposures(reading, known)
    read_person(reading, words, context)
    _foreign_signs(text, reading, words)  # "no puedo respirar" inside an English message
    _phrase_amounts(reading, [p for _, p in spans])
    count_drinks_as_water(reading)
    for start, end in whole:
        reading.text.use(start, end)
    return Understanding(
        text=text,
        facts=tuple(reading.facts.values()),
        signs=sign_states(reading.signs),
        mentions=tuple(reading.signs),
        medicines=tuple(reading.medicines),
        events=tuple(e for e in reading.events if not _inside(reading.text, e, whole)),
        not_understood=tuple(reading.text.unused_runs(_LITTLE)),
        english=True,
        entries=phrases.proposals,
    )


def _phrase_spans(text: Text, phrases: Phrases) -> list[tuple[tuple[int, int], Proposal]]:
    """Where each phrase read whole is, in the matchable text, with its proposal."""
    spans: list[tuple[tuple[int, int], Proposal]] = []
    at = 0
    for proposal in phrases.proposals:
        start = text.original.find(proposal.phrase, at)
        if start == -1:
            start = text.original.find(proposal.phrase)
        if start == -1:  # pragma: no cover - a proposal's phrase is a piece of the text
            continue
        end = start + len(proposal.phrase)
        spans.append((text.low_span(start, end), proposal))
        at = start
    return spans


_AMOUNT_FIELDS = {
    ExposureType.CAFFEINE: "context.caffeine_mg_last_24h",
    ExposureType.ALCOHOL: "context.alcohol_units_last_24h",
    ExposureType.WATER: "context.water_ml_last_24h",
}


def _phrase_amounts(reading: Reading, proposals: list[Proposal]) -> None:
    """The drinks of the last 24 hours that the phrase reader read whole ("drank 1.5 litres of
    water"), for the request, where the wider reading left the field empty."""
    totals: dict[str, tuple[float, list[str]]] = {}
    for proposal in proposals:
        entry = proposal.entry
        if not isinstance(entry, Exposure) or entry.amount is None:
            continue
        where = _AMOUNT_FIELDS.get(entry.type)
        if where is None or reading.has(where):
            continue
        if not timedelta(0) <= reading.now - entry.started_at <= timedelta(hours=24):
            continue
        amount, quotes = totals.get(where, (0.0, []))
        totals[where] = (amount + entry.amount, [*quotes, proposal.phrase])
    for where, (amount, quotes) in totals.items():
        reading.facts[where] = Fact(where, round(amount, 2), "; ".join(quotes))


def _inside(text: Text, event: Event, spans: list[tuple[int, int]]) -> bool:
    """An event read from words inside a phrase the phrase reader read whole."""
    where = text.low.find(event.quote.lower())
    return where != -1 and any(s <= where < e for s, e in spans)


def _foreign(text: str, reading: Reading, words: Words) -> Understanding:
    """A text in another language: not read, but searched for the emergency signs' words."""
    _foreign_signs(text, reading, words)
    return Understanding(
        text=text,
        facts=(),
        signs=sign_states(reading.signs),
        mentions=tuple(reading.signs),
        medicines=(),
        events=(),
        not_understood=(text.strip(),) if text.strip() else (),
        english=False,
    )


def _foreign_signs(text: str, reading: Reading, words: Words) -> None:
    """The emergency signs' words in other languages, searched in the text as written (the
    spelling corrector knows English only)."""
    patterns = compiled(words, "foreign", lambda: {s: phrase(p) for s, p in words.foreign.items()})
    low = text.lower()
    for sign, pattern in patterns.items():
        for found in pattern.finditer(low):
            quote = (text if len(text) == len(low) else low)[found.start() : found.end()]
            reading.signs.append(SignMention(sign, Status.PRESENT, quote))


def _is_english(low: str, english: frozenset[str], other: frozenset[str]) -> bool:
    """Not English when several words are another language's common words and few are
    English's."""
    tokens = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", low)
    letters = [c for token in tokens for c in token]
    if letters and sum(ord(c) > 0x24F for c in letters) > 0.3 * len(letters):
        return False  # mostly another script: Cyrillic, Greek, Arabic, Hebrew, Devanagari, Chinese
    theirs = sum(token in other and token not in english for token in tokens)
    ours = sum(token in english and token not in other for token in tokens)
    return not (theirs >= 2 and theirs > 2 * ours)
