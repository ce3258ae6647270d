"""Dehydration and electrolyte loss: drinks, sweat, heat, alcohol and water tablets."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding, medicine_signals
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId, Sweating
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    person = situation.person
    context = situation.context
    if context.water_ml_last_24h is not None:
        need = knowledge.threshold("water_from_drinks_ml", person)
        litres = number(round(context.water_ml_last_24h / 1000, 1))
        if context.water_ml_last_24h < need.value:
            shortfall = 1.0 - context.water_ml_last_24h / need.value
            finding.add(
                0.2 + 0.4 * shortfall,
                f"drank {litres} L in 24 h; {need.population}",
                need.sources,
            )
        else:
            finding.add(
                0.0, f"drank {litres} L in 24 h, enough for {need.population}", need.sources
            )
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
    if context.alcohol_units_last_24h is not None:
        units = context.alcohol_units_last_24h
        alcohol = knowledge.threshold("alcohol_units", person)
        if units > alcohol.value:
            finding.add(
                0.25,
                f"{number(units)} units of alcohol in 24 h "
                f"(more than {alcohol.show()}, our cut-off)",
                alcohol.sources,
            )
        elif units > 0:
            finding.add(0.05, f"{number(units)} units of alcohol in 24 h", alcohol.sources)
        else:
            finding.add(0.0, "no alcohol in 24 h")
    medicine_signals(finding, situation, FamilyId.HYDRATION_ELECTROLYTES)
    return finding
