"""Caffeine and other stimulants: the last 24 hours' caffeine against the person's limit."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding, medicine_signals
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import EvidenceGrade, FamilyId
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge

# Twitching from caffeine is documented mostly at very high intakes; within the daily limit it
# is a weak signal even above the lowest intake the intoxication criteria name (which also ask
# for five or more signs), so that amount alone never makes caffeine "likely" or "possible".
_WITHIN_LIMIT_ABOVE_ONSET = 0.2


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    person = situation.person
    from_drinks = situation.context.caffeine_mg_last_24h
    from_tablets = situation.intake_from_medicines("caffeine_mg")
    if from_drinks is not None or from_tablets is not None:
        total = (from_drinks or 0.0) + (from_tablets or 0.0)
        limit = knowledge.threshold("caffeine_daily_limit_mg", person)
        onset = knowledge.threshold("caffeine_intoxication_mg", person)
        very_high = knowledge.threshold("caffeine_very_high_mg", person)
        had = f"had {number(total)} mg of caffeine in 24 h"
        if from_tablets:
            had += f" ({number(from_tablets)} mg of it from tablets)"
        if total > very_high.value:
            finding.grade = EvidenceGrade.STRONG
            finding.add(
                0.85,
                f"{had}; twitching from caffeine is usually reported above {very_high.show()}",
                very_high.sources,
            )
        elif total > limit.value:
            weight = 0.6 + 0.2 * min(1.0, (total - limit.value) / limit.value)
            finding.add(
                weight,
                f"{had}; the limit {limit.population} is {limit.show()} a day",
                limit.sources,
            )
        elif total > onset.value:
            finding.add(
                _WITHIN_LIMIT_ABOVE_ONSET,
                f"{had}: within the {limit.show()} limit {limit.population}, though above "
                f"{onset.show()}, {onset.name} (which also need five or more signs such as "
                "restlessness and a racing heart); twitching from caffeine is mostly reported at "
                "very high intakes",
                onset.sources + limit.sources,
            )
        else:
            finding.add(
                0.05,
                f"{had}, within the {limit.show()} limit {limit.population}",
                limit.sources,
            )
        if person.age_years is not None and person.age_years < 18 and person.weight_kg is None:
            finding.add(
                0.0,
                "under 18s have a lower limit, 3 mg per kg of body weight: "
                "add your weight for your own",
                ("CAF-EFSA-2015",),
            )
    medicine_signals(finding, situation, FamilyId.CAFFEINE)
    return finding
