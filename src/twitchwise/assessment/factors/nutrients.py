"""Low magnesium, potassium, calcium or vitamin D in the diet, plus medicines that drain them."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding, medicine_signals
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge

# (field of daily_intake, threshold id, words, unit as shown)
_NUTRIENTS = (
    ("magnesium_mg", "magnesium_mg", "magnesium", "mg"),
    ("potassium_mg", "potassium_mg", "potassium", "mg"),
    ("calcium_mg", "calcium_mg", "calcium", "mg"),
    ("vitamin_d_iu", "vitamin_d_iu", "vitamin D", "IU"),
)

# Intake estimates and medicines can raise the suspicion of a low level, but only a blood test can
# show one, so without it this family stops at "possible".
_CAP = 0.55


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    person = situation.person
    intake = situation.context.daily_intake
    supplement_magnesium = situation.intake_from_medicines("magnesium_mg")
    finding = Finding(cap=_CAP)
    for field, threshold_id, words, unit in _NUTRIENTS:
        eaten = getattr(intake, field) if intake is not None else None
        if field == "magnesium_mg" and supplement_magnesium is not None:
            eaten = (eaten or 0.0) + supplement_magnesium
        if eaten is None:
            continue
        need = knowledge.threshold(threshold_id, person)
        amount = f"{words} about {number(eaten)} {unit} a day"
        if eaten < need.value / 2:
            finding.add(
                0.3, f"{amount}, under half the {need.show()} for {need.population}", need.sources
            )
        elif eaten < need.value:
            finding.add(
                0.15, f"{amount}, below the {need.show()} for {need.population}", need.sources
            )
        else:
            finding.add(
                0.0, f"{amount}, enough for {need.population} ({need.show()})", need.sources
            )
    if supplement_magnesium is not None:
        upper = knowledge.threshold("magnesium_supplement_upper_mg", person)
        if supplement_magnesium > upper.value:
            finding.add(
                0.0,
                f"magnesium supplements {number(supplement_magnesium)} mg a day, above the "
                f"{upper.show()} upper limit for supplements; too much causes diarrhoea",
                upper.sources,
            )
    if any(signal.weight > 0 for signal in finding.signals):
        finding.add(
            0.0,
            "eating less than the reference amount is common and is not a deficiency by itself; "
            "a blood test shows a real one",
            ("CLIN-SP-HYPOMG", "CLIN-COCHRANE-MG-2020"),
        )
    medicine_signals(finding, situation, FamilyId.NUTRIENTS, skip=frozenset({"magnesium"}))
    return finding
