"""Dehydration and electrolyte loss: drinks, sweat, heat, alcohol, water tablets, and the losses
and signs the episode reports (vomiting or diarrhoea, peeing much less, dizziness)."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding, medicine_signals
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId, Sweating
from twitchwise.domain.episodes import Symptom
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    _water(finding, situation, knowledge)
    _sweat_and_heat(finding, situation)
    _alcohol(finding, situation, knowledge)
    _fluid_loss(finding, situation)
    medicine_signals(finding, situation, FamilyId.HYDRATION_ELECTROLYTES)
    return finding


# EFSA's water intakes are observed averages for people aged 14 and over, not anyone's own need,
# and a day's drinks are rarely all logged: drinking less than them is a weak signal at most.
_WATER_FROM_AGE = 14
_WATER_LEAST, _WATER_MOST = 0.05, 0.2


def _water(finding: Finding, situation: Situation, knowledge: Knowledge) -> None:
    drank = situation.context.water_ml_last_24h
    if drank is None:
        return
    litres = number(round(drank / 1000, 1))
    age = situation.person.age_years
    if age is not None and age < _WATER_FROM_AGE:
        finding.add(
            0.0,
            f"drank {litres} L in 24 h; the reference amounts are for people aged 14 and over",
            ("HYD-EFSA-2010",),
        )
        return
    need = knowledge.threshold("water_from_drinks_ml", situation.person)
    if drank < need.value:
        shortfall = 1.0 - drank / need.value
        finding.add(
            _WATER_LEAST + (_WATER_MOST - _WATER_LEAST) * shortfall,
            f"drank {litres} L from drinks in 24 h; {need.population} (an average, not your "
            "own need; tea, coffee and milk count too)",
            need.sources,
        )
    else:
        finding.add(0.0, f"drank {litres} L in 24 h, enough for {need.population}", need.sources)


def _sweat_and_heat(finding: Finding, situation: Situation) -> None:
    context = situation.context
    if context.sweating is Sweating.HEAVY:
        finding.add(0.3, "sweated heavily", ("EAMC-BERGERON-2008", "HYD-EFSA-2010"))
    elif context.sweating is Sweating.LIGHT:
        finding.add(0.1, "sweated a little", ("HYD-EFSA-2010",))
    elif context.sweating is Sweating.NONE:
        finding.add(0.0, "did not sweat")
    if context.hot_environment is True:
        finding.add(0.15, "was somewhere hot", ("HYD-EFSA-2010", "HYD-IOM-2004"))
    elif context.hot_environment is False:
        finding.add(0.0, "was not somewhere hot")


def _alcohol(finding: Finding, situation: Situation, knowledge: Knowledge) -> None:
    units = situation.context.alcohol_units_last_24h
    if units is None:
        return
    alcohol = knowledge.threshold("alcohol_units", situation.person)
    if units > alcohol.value:
        finding.add(
            0.25,
            f"{number(units)} units of alcohol in 24 h (more than {alcohol.show()}, our cut-off)",
            alcohol.sources,
        )
    elif units > 0:
        finding.add(0.05, f"{number(units)} units of alcohol in 24 h", alcohol.sources)
    else:
        finding.add(0.0, "no alcohol in 24 h")


# Losses and signs of dehydration the NHS lists (HYD-NHS-DEHYD); dark pee is left out because it
# can also be muscle breakdown, which its own warning sign covers.
_LOSSES = (
    (
        Symptom.VOMITING_OR_DIARRHOEA,
        0.4,
        "has been vomiting or had diarrhoea, which lose water and salts",
    ),
    (Symptom.LITTLE_URINE, 0.35, "peeing much less than usual, a sign of dehydration"),
    (Symptom.DIZZINESS, 0.1, "feels dizzy or lightheaded, which dehydration can cause"),
)


def _fluid_loss(finding: Finding, situation: Situation) -> None:
    signs = set(situation.episode.symptoms)
    for sign, weight, evidence in _LOSSES:
        if sign in signs:
            finding.add(weight, evidence, ("HYD-NHS-DEHYD",))
