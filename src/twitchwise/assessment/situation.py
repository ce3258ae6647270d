"""Everything the evaluators and the triage need, worked out once from the request."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from twitchwise.domain.assessment import (
    AssessmentContext,
    AssessmentRequest,
    FamilyId,
    Person,
)
from twitchwise.domain.episodes import Episode
from twitchwise.knowledge import Knowledge, MedicationMatch
from twitchwise.knowledge.catalogue import PersonalValues


@dataclass(frozen=True)
class Situation:
    request: AssessmentRequest
    medications: tuple[MedicationMatch, ...]
    unrecognised: tuple[str, ...]
    suspect_weight: float
    values: PersonalValues = field(compare=False)

    @classmethod
    def build(cls, request: AssessmentRequest, knowledge: Knowledge) -> Situation:
        matched: list[MedicationMatch] = []
        unrecognised: list[str] = []
        for use in request.context.medications:
            match = knowledge.match_medication(use.name, use.dose_mg_per_day)
            if match is None:
                unrecognised.append(use.name)
            else:
                matched.append(replace(match, taken_for_days=use.taken_for_days))
        return cls(
            request,
            tuple(matched),
            tuple(unrecognised),
            knowledge.suspect_weight,
            knowledge.values_for(request.person),
        )

    @property
    def person(self) -> Person:
        return self.request.person

    @property
    def episode(self) -> Episode:
        return self.request.episode

    @property
    def context(self) -> AssessmentContext:
        return self.request.context

    @property
    def persisting_days(self) -> int | None:
        """How long episodes have gone on: as said, or as the diary shows if that is longer."""
        said = self.episode.persisting_days
        seen = self.request.history.days_since_first_episode if self.request.history else None
        known = [days for days in (said, seen) if days is not None]
        return max(known) if known else None

    def in_classes(self, class_ids: Iterable[str]) -> tuple[MedicationMatch, ...]:
        wanted = set(class_ids)
        return tuple(m for m in self.medications if any(c.id in wanted for c in m.classes))

    def for_family(self, family: FamilyId) -> tuple[MedicationMatch, ...]:
        """Medicines whose classes count towards ``family`` directly."""
        return tuple(m for m in self.medications if any(c.family is family for c in m.classes))

    def suspected(self) -> tuple[MedicationMatch, ...]:
        """Medicines tied to this kind of episode strongly enough to mention to a doctor."""
        kind = self.episode.kind
        return tuple(
            m
            for m in self.medications
            if any(c.link(kind, m.taken_for_days) >= self.suspect_weight for c in m.classes)
        )

    def intake_from_medicines(self, intake: str) -> float | None:
        """Milligrams of caffeine or magnesium that the named medicines add, if any say so."""
        total: float | None = None
        for match in self.medications:
            adds_to = match.drug.adds_to if match.drug and match.drug.adds_to else None
            adds_to = adds_to or next((c.adds_to for c in match.classes if c.adds_to), None)
            if adds_to == intake and match.dose_mg_per_day is not None:
                total = (total or 0.0) + match.dose_mg_per_day
        return total
