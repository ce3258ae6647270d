"""The warning signs a request leaves open: neither given nor ruled out. They are asked before
any reassurance, the ones that could call for an ambulance first; while any could raise the
level, the result is provisional."""

from __future__ import annotations

from twitchwise.domain.assessment import OpenQuestion, TriageLevel
from twitchwise.domain.episodes import Episode
from twitchwise.knowledge import Knowledge


def open_questions(episode: Episode, knowledge: Knowledge) -> tuple[OpenQuestion, ...]:
    """Every sign ``episode`` neither has nor rules out, most urgent first (the knowledge's
    order within a level)."""
    answered = {*episode.symptoms, *episode.symptoms_absent}
    signs = knowledge.words.signs
    questions = [
        OpenQuestion(id=sign, level=knowledge.sign_level(sign), question=words.question)
        for sign, words in signs.items()
        if sign not in answered
    ]
    order = list(signs)
    questions.sort(key=lambda q: (-q.level.rank, order.index(q.id)))
    return tuple(questions)


def is_provisional(level: TriageLevel, questions: tuple[OpenQuestion, ...]) -> bool:
    """Whether a yes to an open question could raise ``level``."""
    return any(question.level.rank > level.rank for question in questions)
