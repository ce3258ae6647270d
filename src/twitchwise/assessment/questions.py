"""The warning signs a request leaves open: neither given nor ruled out. They are asked before
any reassurance, the ones that could call for an ambulance first; while any could raise the
level, the result is provisional."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from twitchwise.domain.assessment import AssessmentResult, Flag, OpenQuestion, TriageLevel
from twitchwise.domain.episodes import Episode, Symptom
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


def ask_groups(
    questions: tuple[OpenQuestion, ...],
) -> list[tuple[TriageLevel, list[OpenQuestion]]]:
    """The open questions grouped by the level a yes could call for, the most urgent first."""
    groups: dict[TriageLevel, list[OpenQuestion]] = {}
    for question in questions:
        groups.setdefault(question.level, []).append(question)
    return sorted(groups.items(), key=lambda item: -item[0].rank)


@dataclass
class Answers:
    """Answers to open questions: yes, no, or not sure, by sign."""

    yes: list[Symptom] = field(default_factory=list)
    no: list[Symptom] = field(default_factory=list)
    unsure: list[Symptom] = field(default_factory=list)

    def read(self, reply: str, questions: list[OpenQuestion]) -> None:
        """``"no"`` (none of them), ``"2, 5"`` (those), ``"?3"`` (not sure of 3), ``"?"`` (not
        sure of any); an empty reply leaves them all open."""
        words = reply.strip().lower()
        if not words:
            return
        if words in {"n", "no", "none", "nope", "0"}:
            self.no += [q.id for q in questions]
            return
        if words in {"?", "not sure", "unsure", "don't know", "dont know"}:
            self.unsure += [q.id for q in questions]
            return
        chosen: set[int] = set()
        for unsure, number in re.findall(r"(\?)?\s*(\d+)", words):
            index = int(number) - 1
            if 0 <= index < len(questions):
                (self.unsure if unsure else self.yes).append(questions[index].id)
                chosen.add(index)
        self.no += [q.id for i, q in enumerate(questions) if i not in chosen]

    def has_any(self, questions: list[OpenQuestion]) -> bool:
        return any(q.id in self.yes for q in questions)

    def as_given(self) -> dict[str, Any]:
        return {
            "episode": {
                "symptoms": [s.value for s in self.yes],
                "symptoms_absent": [s.value for s in self.no],
            }
        }


def with_unsure(
    result: AssessmentResult, unsure: list[Symptom], knowledge: Knowledge
) -> AssessmentResult:
    """Not sure about a sign that could need an ambulance: talk to someone today (urgent); about
    one that could need a doctor today: book an appointment. Never lower."""
    if not unsure:
        return result
    floor = max((_floor(knowledge.sign_level(s)) for s in unsure), key=lambda lv: lv.rank)
    if floor.rank <= result.triage.level.rank:
        return result
    names = ", ".join(knowledge.words.signs[s].question.rstrip("?").lower() for s in unsure)
    flag = Flag(
        id="unsure_warning_sign",
        level=floor,
        why=(
            f"You were not sure about: {names}. When you cannot tell, talk it through with a "
            "doctor or NHS 111 and say what you are unsure of."
        ),
        sources=("GEN-NHS-111",),
    )
    triage = result.triage.model_copy(
        update={
            "level": floor,
            "action": knowledge.levels[floor].action,
            "flags": (flag, *result.triage.flags),
        }
    )
    return result.model_copy(update={"triage": triage, "plan": (triage.action, *result.plan)})


def _floor(level: TriageLevel) -> TriageLevel:
    return {
        TriageLevel.EMERGENCY: TriageLevel.URGENT,
        TriageLevel.URGENT: TriageLevel.SEE_DOCTOR,
    }.get(level, TriageLevel.SELF_CARE)
