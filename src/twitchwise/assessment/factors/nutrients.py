"""Low magnesium, potassium or calcium: the diet, the medicines that drain them, and losses from
vomiting or diarrhoea."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding, medicine_signals
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId, Person
from twitchwise.domain.episodes import Symptom
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge

# (field of daily_intake, threshold id, words, unit as shown)
_NUTRIENTS = (
    ("magnesium_mg", "magnesium_mg", "magnesium", "mg"),
    ("potassium_mg", "potassium_mg", "potassium", "mg"),
    ("calcium_mg", "calcium_mg", "calcium", "mg"),
)

# In healthy people blood levels rarely move with a typical diet, so an intake below the
# reference amount, with no blood test, stays "unlikely"; a medicine that drains these minerals
# or losses from vomiting or diarrhoea can take the family to "possible" (never "likely" without
# a blood test).
_CAP_INTAKE_ONLY = 0.25
_CAP = 0.55
_ADULT_FROM = 19


def _compares_intake(person: Person) -> bool:
    """The reference amounts here are for adults, and for pregnant or breastfeeding teenagers."""
    age = person.age_years
    return age is None or age >= _ADULT_FROM or bool(person.pregnant or person.breastfeeding)


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    person = situation.person
    intake = situation.context.daily_intake
    supplement_magnesium = situation.intake_from_medicines("magnesium_mg")
    finding = Finding(cap=_CAP_INTAKE_ONLY)
    if _compares_intake(person):
        _intakes(finding, situation, knowledge, supplement_magnesium)
    elif intake is not None or supplement_magnesium is not None:
        finding.add(
            0.0,
            "the reference intakes used here are for adults, so a child's or teenager's diet is "
            "not scored; ask a doctor or dietitian",
            ("NUT-IOM-2011",),
        )
    if intake is not None and intake.vitamin_d_iu is not None:
        finding.add(
            0.0,
            "vitamin D from food is not scored: most of it comes from sunlight on the skin, "
            "food (oily fish, fortified milk) adds a little",
            ("NUT-NHS-VITD", "NUT-DGA-VITD"),
        )
    if supplement_magnesium is not None:
        _magnesium_supplements(finding, situation, knowledge, supplement_magnesium)
    before = len(finding.signals)
    medicine_signals(finding, situation, FamilyId.NUTRIENTS, skip=frozenset({"magnesium"}))
    if situation.episode.has(Symptom.VOMITING_OR_DIARRHOEA):
        finding.add(
            0.3,
            "vomiting or diarrhoea lose potassium and magnesium",
            ("MED-MERCK-CRAMPS-QF", "CLIN-SP-HYPOK"),
        )
    if any(signal.weight > 0 for signal in finding.signals[before:]):
        finding.cap = _CAP
    return finding


def _intakes(
    finding: Finding, situation: Situation, knowledge: Knowledge, supplement: float | None
) -> None:
    intake = situation.context.daily_intake
    for field, threshold_id, words, unit in _NUTRIENTS:
        eaten = getattr(intake, field) if intake is not None else None
        if field == "magnesium_mg" and supplement is not None:
            eaten = (eaten or 0.0) + supplement
        if eaten is None:
            continue
        need = knowledge.threshold(threshold_id, situation.person)
        amount = f"{words} about {number(eaten)} {unit} a day"
        if eaten < need.value / 2:
            finding.add(
                0.2, f"{amount}, under half the {need.show()} for {need.population}", need.sources
            )
        elif eaten < need.value:
            finding.add(
                0.1, f"{amount}, below the {need.show()} for {need.population}", need.sources
            )
        else:
            finding.add(
                0.0, f"{amount}, enough for {need.population} ({need.show()})", need.sources
            )
    if any(signal.weight > 0 for signal in finding.signals):
        finding.add(
            0.0,
            "eating less than the reference amount is common and is not a deficiency by itself; "
            "without a blood test it is at most a weak sign",
            ("CLIN-SP-HYPOMG", "CLIN-COCHRANE-MG-2020", "NUT-NASEM-K"),
        )


def _magnesium_supplements(
    finding: Finding, situation: Situation, knowledge: Knowledge, taken: float
) -> None:
    us = knowledge.threshold("magnesium_supplement_upper_mg", situation.person)
    eu = knowledge.threshold("magnesium_supplement_upper_eu_mg", situation.person)
    if taken > eu.value:
        finding.add(
            0.0,
            f"magnesium supplements {number(taken)} mg a day, above the European upper limit of "
            f"{eu.show()} from supplements (the US one is {us.show()}); too much causes "
            "diarrhoea, and with kidney disease it can build up",
            eu.sources + us.sources,
        )
