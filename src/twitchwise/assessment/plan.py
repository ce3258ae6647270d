"""The personal plan: what to do first, then the advice most likely to help this person."""

from __future__ import annotations

from twitchwise.assessment.advice import advice_for, text
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import Factor, FactorStatus, FamilyId, Triage, TriageLevel
from twitchwise.knowledge import Knowledge

MAX_ITEMS = 6

# A family the request said nothing about still contributes its general advice, below anything
# the person's own data points at. Medicine and nutrient advice needs data to make sense.
_UNKNOWN_WEIGHT = 0.15
_NEEDS_DATA = frozenset({FamilyId.MEDICATIONS, FamilyId.NUTRIENTS})


def _weight(factor: Factor) -> float:
    if factor.status in (FactorStatus.LIKELY, FactorStatus.POSSIBLE):
        return factor.score
    if factor.status is FactorStatus.UNKNOWN and factor.id not in _NEEDS_DATA:
        return _UNKNOWN_WEIGHT
    return 0.0


def make_plan(
    triage: Triage, factors: tuple[Factor, ...], situation: Situation, knowledge: Knowledge
) -> tuple[str, ...]:
    """The triage action first when it asks for a doctor, then advice by score times impact;
    an emergency's plan is its action alone, with no self-care tip beside "call an ambulance"."""
    if triage.level is TriageLevel.EMERGENCY:
        return (triage.action,)
    ranked: list[tuple[float, int, str]] = []
    order = 0
    raised = frozenset(flag.id for flag in triage.flags)
    for item in advice_for("general", situation, knowledge, raised):
        ranked.append((item.impact / 3, order, text(item, situation)))
        order += 1
    for factor in factors:
        weight = _weight(factor)
        if weight <= 0:
            continue
        for item in advice_for(factor.id, situation, knowledge, raised):
            ranked.append((weight * item.impact / 3, order, text(item, situation)))
            order += 1
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    steps = list(dict.fromkeys(entry[2] for entry in ranked))[:MAX_ITEMS]
    if triage.level is not TriageLevel.SELF_CARE:
        steps.insert(0, triage.action)
    return tuple(steps)
