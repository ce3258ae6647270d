"""What an evaluator returns, and how its signals become a score and a status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import EvidenceGrade, FactorStatus, FamilyId
from twitchwise.knowledge import Knowledge

LIKELY_AT = 0.6
POSSIBLE_AT = 0.3


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: how much it points at the family (0-1) and the sentence saying so."""

    weight: float
    evidence: str
    sources: tuple[str, ...] = ()


@dataclass
class Finding:
    """An evaluator's answer. ``known`` is False when the request said nothing about the family."""

    signals: list[Signal] = field(default_factory=list)
    known: bool = False
    cap: float = 1.0
    # How well the evidence supports the link for this episode, when it differs from the
    # family's usual grade (caffeine above a gram a day: strong; twitching after sex: weak).
    grade: EvidenceGrade | None = None

    def add(self, weight: float, evidence: str, sources: Iterable[str] = ()) -> None:
        self.known = True
        self.signals.append(Signal(weight, evidence, tuple(sources)))

    @property
    def score(self) -> float:
        """Noisy-OR of the signals: each is an independent chance of explaining the episode."""
        if not self.known:
            return 0.0
        remaining = 1.0
        for signal in self.signals:
            remaining *= 1.0 - signal.weight
        return round(min(self.cap, 1.0 - remaining), 2)

    @property
    def status(self) -> FactorStatus:
        if not self.known:
            return FactorStatus.UNKNOWN
        if self.score >= LIKELY_AT:
            return FactorStatus.LIKELY
        if self.score >= POSSIBLE_AT:
            return FactorStatus.POSSIBLE
        return FactorStatus.UNLIKELY


Evaluator = Callable[[Situation, Knowledge], Finding]


def medicine_signals(
    finding: Finding, situation: Situation, family: FamilyId, *, skip: frozenset[str] = frozenset()
) -> None:
    """Add the named medicines that count towards ``family``, directly or on the side."""
    kind = situation.episode.kind
    for match in situation.medications:
        for drug_class in match.classes:
            if drug_class.id in skip:
                continue
            days = match.taken_for_days
            if drug_class.family is family:
                weight = drug_class.link(kind, days)
            elif family in drug_class.also_affects:
                weight = drug_class.side_link(family, days)
            else:
                continue
            note = drug_class.note
            if drug_class.early_note is not None and not drug_class.long_enough(days):
                taken = "time taken not given" if days is None else f"taken for {days} days"
                note = f"{drug_class.early_note} ({taken})"
            finding.add(weight, f"{match.how()}: {note}", drug_class.sources)
