"""One evaluator per cause family, and the registry that turns their findings into factors."""

from __future__ import annotations

from collections.abc import Mapping

from twitchwise.assessment.advice import advice_for, sources, text
from twitchwise.assessment.factors import (
    caffeine,
    exertion,
    hydration_electrolytes,
    medications,
    nutrients,
    sleep,
    stress,
)
from twitchwise.assessment.factors.base import Evaluator, Finding
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import Factor, FactorStatus, FamilyId, Flag
from twitchwise.knowledge import Knowledge

EVALUATORS: Mapping[FamilyId, Evaluator] = {
    FamilyId.EXERTION: exertion.evaluate,
    FamilyId.HYDRATION_ELECTROLYTES: hydration_electrolytes.evaluate,
    FamilyId.SLEEP: sleep.evaluate,
    FamilyId.CAFFEINE: caffeine.evaluate,
    FamilyId.STRESS: stress.evaluate,
    FamilyId.NUTRIENTS: nutrients.evaluate,
    FamilyId.MEDICATIONS: medications.evaluate,
}

_ORDER = {family: index for index, family in enumerate(FamilyId)}


def _factor(
    family_id: FamilyId,
    finding: Finding,
    situation: Situation,
    knowledge: Knowledge,
    raised: frozenset[str],
) -> Factor:
    family = knowledge.families[family_id]
    items = advice_for(family_id, situation, knowledge, raised)
    cited = [*family.sources]
    for signal in finding.signals:
        cited.extend(signal.sources)
    for item in items:
        cited.extend(sources(item, situation))
    return Factor(
        id=family_id,
        name=family.name,
        status=finding.status,
        score=finding.score,
        evidence=tuple(signal.evidence for signal in finding.signals),
        explanation=family.explanation,
        evidence_grade=finding.grade or family.evidence_grade,
        advice=tuple(text(item, situation) for item in items),
        sources=tuple(dict.fromkeys(cited)),
    )


def evaluate_factors(
    situation: Situation, knowledge: Knowledge, flags: tuple[Flag, ...] = ()
) -> tuple[Factor, ...]:
    """Every family, most likely first; families the request says nothing about come last.
    ``flags`` are the warning signs raised: one that names a medicine the person takes makes
    that medicine a likely part of the picture, so the factors agree with the triage."""
    findings = {
        family_id: evaluate(situation, knowledge) for family_id, evaluate in EVALUATORS.items()
    }
    medications.flagged(findings[FamilyId.MEDICATIONS], situation, knowledge, flags)
    raised = frozenset(flag.id for flag in flags)
    factors = [
        _factor(family_id, finding, situation, knowledge, raised)
        for family_id, finding in findings.items()
    ]
    factors.sort(key=lambda f: (-f.score, f.status is FactorStatus.UNKNOWN, _ORDER[f.id]))
    return tuple(factors)


__all__ = ["EVALUATORS", "evaluate_factors"]
