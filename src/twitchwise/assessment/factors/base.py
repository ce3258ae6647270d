"""What an evaluator returns, and how its signals become a score and a status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FactorStatus, FamilyId
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
            if drug_class.family is family:
                weight = drug_class.link(kind)
            elif family in drug_class.also_affects:
                weight = drug_class.also_affects[family]
            else:
                continue
            finding.add(weight, f"{match.how()}: {drug_class.note}", drug_class.sources)
