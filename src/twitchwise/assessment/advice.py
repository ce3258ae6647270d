"""Which advice items fit this episode, and their text filled with the person's own numbers."""

from __future__ import annotations

from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge
from twitchwise.knowledge.model import Advice


def fits(item: Advice, situation: Situation) -> bool:
    episode = situation.episode
    if item.kinds and episode.kind not in item.kinds:
        return False
    if item.contexts and episode.context not in item.contexts:
        return False
    return item.needs_class is None or bool(situation.in_classes({item.needs_class}))


def advice_for(family: FamilyId | str, situation: Situation, knowledge: Knowledge) -> list[Advice]:
    return [item for item in knowledge.advice if item.family == family and fits(item, situation)]


class _Thresholds(dict[str, str]):
    """Threshold ids resolved for one person, on first use."""

    def __init__(self, situation: Situation, knowledge: Knowledge) -> None:
        super().__init__()
        self._situation = situation
        self._knowledge = knowledge

    def __missing__(self, key: str) -> str:
        value = number(self._knowledge.threshold(key, self._situation.person).value)
        self[key] = value
        return value


def renderer(situation: Situation, knowledge: Knowledge) -> _Thresholds:
    """A mapping for ``str.format_map`` that fills advice placeholders for this person."""
    return _Thresholds(situation, knowledge)


def text(item: Advice, values: _Thresholds) -> str:
    return item.text.format_map(values)
