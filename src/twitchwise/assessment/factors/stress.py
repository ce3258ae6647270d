"""Stress and anxiety: the person's own 0-10 rating."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding
from twitchwise.assessment.situation import Situation
from twitchwise.domain.episodes import EpisodeKind
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    rating = situation.context.stress_0_10
    if rating is None:
        return finding
    high = knowledge.threshold("stress_high", situation.person)
    moderate = knowledge.threshold("stress_moderate", situation.person)
    if rating >= high.value:
        weight, words = 0.6, f"high ({number(high.value)} or more, our cut-off)"
    elif rating >= moderate.value:
        weight, words = 0.35, f"moderate ({number(moderate.value)} or more, our cut-off)"
    else:
        weight, words = 0.05, "low"
    evidence = f"stress {rating}/10, {words}"
    if situation.episode.kind is not EpisodeKind.TWITCH and weight > 0.05:
        # The sources tie stress to twitching; for cramps the link is thinner.
        weight /= 2
        evidence += "; stress is linked to twitching more than to cramps"
    finding.add(weight, evidence, high.sources)
    return finding
