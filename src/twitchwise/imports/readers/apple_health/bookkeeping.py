"""What every part of one read counts into or remembers across records."""

from __future__ import annotations

from dataclasses import dataclass

from twitchwise.imports.readers.apple_health.record_types import UnitFactors
from twitchwise.imports.readers.apple_health.repeats import RepeatsOfTheDay
from twitchwise.imports.readers.apple_health.summary import Summary
from twitchwise.imports.readers.apple_health.times import Instants


@dataclass(frozen=True, slots=True)
class Bookkeeping:
    """The Summary, and the offsets, repeats and unit factors seen so far: one of each per read,
    shared by the measures and the entries."""

    summary: Summary
    instants: Instants
    repeats: RepeatsOfTheDay
    factors: UnitFactors

    @classmethod
    def start(cls, summary: Summary) -> Bookkeeping:
        return cls(summary, Instants(summary), RepeatsOfTheDay(), UnitFactors())
