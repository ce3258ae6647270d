"""Short sleep: last night's hours against what the person's age group needs."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding
from twitchwise.assessment.situation import Situation
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    hours = situation.context.sleep_hours_last_night
    if hours is None:
        return finding
    need = knowledge.threshold("sleep_need_hours", situation.person)
    if hours < need.value:
        # Modest weights: the evidence linking sleep loss to twitching is weak (see causes.toml).
        weight = min(0.75, 0.35 + 0.1 * (need.value - hours))
        finding.add(
            weight,
            f"slept {number(hours)} h; {need.population} need at least {need.show()}",
            need.sources,
        )
    else:
        finding.add(
            0.0,
            f"slept {number(hours)} h, enough for {need.population} (at least {need.show()})",
            need.sources,
        )
    return finding
