"""The phrase reader: short phrases read whole into exact diary entries, with their times.

``read_phrases("legs twitching after sex, 3 coffees, slept 5h", now)`` gives a twitch in the
legs after sex, the sexual activity just before it, 288 mg of caffeine and five hours of sleep.

It is strict: a phrase with a word it does not know ("ate pizza"), a vague or impossible amount
("a few coffees", "slept 30 hours", "stress 14/10", "-2 coffees") or two things it cannot tell
apart gives nothing, and is left to the rest of the understanding, which reads facts out of
longer, looser text (``twitchwise.understanding``).

Times are in ``now``'s zone and never later than ``now``; lengths are real elapsed time, so a
clock change is respected. The choices:

- no time given: ``now``; exercise, sex and naps with a length are taken to have ended ``now``,
  and a time given for them is when they started;
- a clock time ("at 8pm", "20:30", "at 8"): its most recent past occurrence;
- "this morning" 08:00, "this afternoon" 15:00, "this evening"/"tonight" 19:00 (``now`` if that
  part of the day has begun but its default is still to come, refused before it begins),
  "yesterday" 12:00, "last night" 23:00 the evening before, "N hours ago" ``now`` minus N hours;
- sleep given only as a length is last night's, ended at 07:00 today (or ``now`` if earlier);
- "after sex", "after a run", "during a run" also log that activity 15 minutes before the
  episode, with no length, unless the same text logs that activity itself;
- drinks need a count ("a", "one", "3", "a couple of"): "coffee" alone or "a few" is refused;
- "stressed" is 7/10, "a bit stressed" 5, "very stressed" 8, "extremely stressed" 9;
- effort "hard" 7, "moderate" 5, "easy" 3; episode "mild" 3, "moderate" 5, "severe" 8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse, Note
from twitchwise.knowledge import Knowledge, load_knowledge
from twitchwise.understanding.phrases.entries import (
    ProposedEntry,
    read_activity,
    read_drinks,
    read_episode,
    read_medicine,
    read_sleep,
    read_stress,
)
from twitchwise.understanding.phrases.numbers import NEGATIVE
from twitchwise.understanding.phrases.phrase import Words
from twitchwise.understanding.phrases.times import SLEEP_SPAN, read_sleep_span, read_time
from twitchwise.understanding.phrases.vocabulary import (
    ACTIVITY,
    IGNORED,
    KIND,
    PER_DAY,
    SLEEP_WORD,
    START,
    STOP,
    TOOK,
)

__all__ = ["Phrases", "Proposal", "read_phrases"]

_CHUNKS = r"[,;\n!?]+|(?<![ap]\.m)\.(?=\s|$)"
_PARTS = r"\s+(?:and\s+then|and|then|plus|&|\+)\s+(?!a\s+half\b|off\b)"


@dataclass(frozen=True)
class Proposal:
    """One entry read from the text, with the words it came from and a line to show back."""

    phrase: str
    entry: LoggedEpisode | Exposure | MedicationCourse | Note
    summary: str


@dataclass(frozen=True)
class Phrases:
    """The entries the phrases read whole propose, and the phrases it could not read whole."""

    proposals: tuple[Proposal, ...]
    not_understood: tuple[str, ...]


def _read(text: str, now: datetime, knowledge: Knowledge) -> list[ProposedEntry] | None:
    """The entries one phrase makes, or None if any of it is not understood."""
    w = Words(text)
    try:
        if re.search(NEGATIVE, w.low):
            return None
        w.take_all(IGNORED)
        span = None
        if w.find(SLEEP_WORD) and not w.find(KIND) and (found := w.one(SLEEP_SPAN)):
            span = read_sleep_span(found, now)
        when = read_time(w, now)
        if w.find(KIND):
            out = read_episode(w, when, now)
        elif w.find(r"\bstress"):
            out = read_stress(w, when, now)
        elif span is not None or w.find(SLEEP_WORD):
            out = read_sleep(w, when, now, span)
        elif not (out := read_drinks(w, when, now, knowledge)):
            medicine = knowledge.match_medication(w.rest)
            if w.find(ACTIVITY) and medicine is None:
                out = read_activity(w, when, now)
            elif medicine or any(w.find(p) for p in (START, STOP, TOOK, PER_DAY)):
                out = read_medicine(w, when, now, knowledge)
    except (ValueError, OverflowError, ArithmeticError):
        return None
    return out if out and w.understood() else None


def _spans(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The non-empty pieces of ``text[start:end]`` between separators, without outer spaces."""
    cuts = [
        (start + m.start(), start + m.end()) for m in re.finditer(separator, text[start:end], re.I)
    ]
    bounds = zip([start, *(b for _, b in cuts)], [*(a for a, _ in cuts), end], strict=True)
    pieces = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in bounds]
    return [(s, s + len(text[s:e].rstrip())) for s, e in pieces if text[s:e].strip()]


_Found = list[tuple[str, ProposedEntry]]


def _chunk(
    text: str, s: int, e: int, read: Callable[[int, int], list[ProposedEntry] | None]
) -> tuple[_Found, list[str]]:
    """A comma-separated piece, split at "and"/"then" when every part reads alone, else read
    whole, else part by part (a part not understood alone is read with the next one: "left and
    right calf twitching")."""
    parts = _spans(text, s, e, _PARTS)
    alone = [read(ps, pe) for ps, pe in parts] if len(parts) > 1 else []
    if alone and all(outs is not None for outs in alone):
        return [
            (text[ps:pe], o)
            for (ps, pe), outs in zip(parts, alone, strict=True)
            for o in outs or []
        ], []
    outs = read(s, e)
    if outs is not None:
        return [(text[s:e], o) for o in outs], []
    got: _Found = []
    missed: list[str] = []
    k = 0
    while k < len(alone):
        (ps, pe), outs = parts[k], alone[k]
        if outs is None and k + 1 < len(parts) and (joined := read(ps, parts[k + 1][1])):
            outs, pe, k = joined, parts[k + 1][1], k + 1
        if outs is None:
            missed.append(text[ps:pe])
        got.extend((text[ps:pe], o) for o in outs or [])
        k += 1
    return (got, missed) if got else ([], [text[s:e]])


def read_phrases(text: str, now: datetime, knowledge: Knowledge | None = None) -> Phrases:
    """Propose diary entries for a line of plain text written at ``now`` (an aware datetime in
    the person's zone); see the module docstring for what it understands and its choices."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime in the person's time zone")
    known = knowledge if knowledge is not None else load_knowledge()

    def read(s: int, e: int) -> list[ProposedEntry] | None:
        return _read(text[s:e], now, known)

    found: _Found = []
    missed: list[str] = []
    chunks = _spans(text, 0, len(text), _CHUNKS)
    whole: tuple[int, int] | None = None  # (start, entries) of the last piece read whole
    i = 0
    while i < len(chunks):
        s, e = chunks[i]
        got, lost = _chunk(text, s, e, read)
        if got:
            whole = (s, len(got)) if not lost and got[0][0] == text[s:e] else None
        elif whole is not None and (joined := read(whole[0], e)):
            # A qualifier after a comma belongs to the piece before: "calf cramp, 6/10".
            del found[len(found) - whole[1] :]
            got, lost, s = [(text[whole[0] : e], o) for o in joined], [], whole[0]
            whole = (s, len(got))
        elif i + 1 < len(chunks) and (joined := read(s, chunks[i + 1][1])):
            # A piece that needs the next one: "slept badly, 4 hours".
            got, lost, i = [(text[s : chunks[i + 1][1]], o) for o in joined], [], i + 1
            whole = (s, len(got))
        else:
            whole = None
        found.extend(got)
        missed.extend(lost)
        i += 1
    explicit = {o.entry.type for _, o in found if isinstance(o.entry, Exposure) and not o.implied}
    return Phrases(
        tuple(
            Proposal(phrase, o.entry, o.summary)
            for phrase, o in found
            if not (o.implied and isinstance(o.entry, Exposure) and o.entry.type in explicit)
        ),
        tuple(missed),
    )
