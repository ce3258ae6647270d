"""What a reading collects as it goes: facts for the request (each with the person's words it
came from), warning signs with their status, medicines, and timed events for the diary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from twitchwise.domain.episodes import Symptom
from twitchwise.domain.exposures import ExposureType
from twitchwise.understanding.context import Status
from twitchwise.understanding.text import Match, Text

Change = Literal["taking", "dose", "started", "increased", "decreased", "stopped"]


@dataclass(frozen=True)
class Fact:
    """One thing the text says: ``field`` is its place in the request (``episode.kind``),
    ``quote`` the person's words, ``estimate`` whether a vague word was read as a number."""

    field: str
    value: Any
    quote: str
    estimate: bool = False


@dataclass(frozen=True)
class SignMention:
    sign: Symptom
    status: Status
    quote: str


@dataclass(frozen=True)
class MedicineMention:
    """A medicine the text names: as written, what it was recognised as, what happened to it."""

    written: str
    name: str
    change: Change
    dose_mg: float | None
    days_ago: int | None
    quote: str


@dataclass(frozen=True)
class Event:
    """Something to put in the diary at a time: a drink, a night's sleep, a run."""

    type: ExposureType
    amount: float | None
    at: datetime
    quote: str
    ended_at: datetime | None = None
    detail: str = ""
    effort_rpe: int | None = None


@dataclass
class Reading:
    text: Text
    now: datetime
    facts: dict[str, Fact] = field(default_factory=dict)
    signs: list[SignMention] = field(default_factory=list)
    medicines: list[MedicineMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # The sentences that name the episode: its length and frequency are read there.
    episode_sentences: set[tuple[int, int]] = field(default_factory=set)
    # Water in the other drinks (two coffees), added to the day's water once everything else
    # that states water ("drank 1.5 litres of water") is read.
    drinks_water: list[tuple[float, Match]] = field(default_factory=list)

    def add(self, where: str, value: Any, found: Match, *, estimate: bool = False) -> None:
        """Keep the first reading of a field (people say the main thing first); the words are
        understood either way."""
        self.text.use(found.start, found.end)
        if where not in self.facts:
            self.facts[where] = Fact(where, value, found.quote, estimate)

    def has(self, where: str) -> bool:
        return where in self.facts

    def value(self, where: str) -> Any:
        fact = self.facts.get(where)
        return None if fact is None else fact.value
