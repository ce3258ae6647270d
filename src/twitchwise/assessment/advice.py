"""Which advice items fit this episode, and their text filled with the person's own numbers."""

from __future__ import annotations

from collections.abc import Callable

from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId, Sweating
from twitchwise.knowledge import Knowledge
from twitchwise.knowledge.model import Advice

# The facts an advice item can require (advice.toml `requires`), so advice about alcohol is only
# given to someone who drank.
REQUIREMENTS: dict[str, Callable[[Situation], bool]] = {
    "alcohol": lambda s: (s.context.alcohol_units_last_24h or 0) > 0,
    "heavy_sweating": lambda s: s.context.sweating is Sweating.HEAVY,
}


def fits(item: Advice, situation: Situation, raised: frozenset[str] = frozenset()) -> bool:
    episode = situation.episode
    if raised & set(item.not_with_flags):
        return False
    if item.kinds and episode.kind not in item.kinds:
        return False
    if item.contexts and episode.context not in item.contexts:
        return False
    if item.not_sites and episode.body_sites and set(episode.body_sites) <= set(item.not_sites):
        return False
    if item.requires is not None and not REQUIREMENTS[item.requires](situation):
        return False
    return item.needs_class is None or bool(situation.in_classes({item.needs_class}))


def advice_for(
    family: FamilyId | str,
    situation: Situation,
    knowledge: Knowledge,
    raised: frozenset[str] = frozenset(),
) -> list[Advice]:
    """The items of ``family`` that fit; ``raised`` are the ids of the warning signs raised."""
    return [
        item for item in knowledge.advice if item.family == family and fits(item, situation, raised)
    ]


def cautioned(item: Advice, situation: Situation) -> bool:
    """Whether the person has a condition or takes a medicine that makes ``item`` ask first."""
    caution = item.caution
    if caution is None:
        return False
    return bool(set(caution.conditions) & set(situation.person.conditions)) or bool(
        situation.in_classes(caution.classes)
    )


def text(item: Advice, situation: Situation) -> str:
    """The advice with its placeholders ({caffeine_daily_limit_mg}...) filled for this person;
    its cautious version for someone it may not be safe for."""
    words = (
        item.caution.text if item.caution is not None and cautioned(item, situation) else item.text
    )
    return words.format_map(situation.values)


def sources(item: Advice, situation: Situation) -> tuple[str, ...]:
    """The sources behind the advice as this person is told it."""
    if item.caution is not None and cautioned(item, situation):
        return (*item.caution.sources, *item.sources)
    return item.sources
