"""The check in a person's own words: the box is read, and the form comes back filled in with
what was understood, the words behind it, and the warning signs left open as questions; an
emergency sign in the words gives the emergency result at once. Also the form's answers that
people type in their own way ("25 mins", "every night", "a fortnight")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise.assessment.from_text import check_text
from twitchwise.assessment.questions import ask_groups
from twitchwise.domain.assessment import TriageLevel
from twitchwise.domain.episodes import Symptom
from twitchwise.domain.errors import FieldProblem
from twitchwise.knowledge import Knowledge
from twitchwise.understanding import answers
from twitchwise.web.forms import fields_of, flat
from twitchwise.web.state import here, web_of

router = APIRouter()

# Form fields that take what people type, each with its reader.
TYPED: dict[str, Callable[[str], float]] = {
    "episode.duration_minutes": answers.minutes,
    "episode.persisting_days": answers.days,
    "episode.episodes_per_week": answers.per_week,
    "context.sleep_hours_last_night": answers.amount("h", "h"),
    "context.caffeine_mg_last_24h": answers.amount("mg", "mg"),
    "context.water_ml_last_24h": answers.amount("ml", "ml"),
    "context.exertion.minutes": answers.amount("min", "min"),
}
_WHOLE = {"episode.persisting_days"}


def read_typed_numbers(fields: list[tuple[str, str]]) -> list[FieldProblem]:
    """Turn "25 mins", "every night", "a fortnight" into numbers, in place; a reason for each
    answer that cannot be read."""
    problems: list[FieldProblem] = []
    for index, (name, value) in enumerate(fields):
        reader = TYPED.get(name)
        if reader is None or not value.strip():
            continue
        try:
            number = reader(value)
        except ValueError as error:
            problems.append(FieldProblem(name, str(error)))
            continue
        text = str(int(number)) if name in _WHOLE or float(number).is_integer() else str(number)
        fields[index] = (name, text)
    return problems


# The open questions' groups, by the level a yes to one of them could call for.
GROUP_TITLES = {
    "emergency": "Could need an ambulance",
    "urgent": "Could need a doctor today",
    "see_doctor": "Worth a doctor's appointment",
    "self_care": "Other questions",
}


def sign_answers(
    fields: list[tuple[str, str]], knowledge: Knowledge
) -> tuple[dict[str, list[str]], list[Symptom]]:
    """The yes / no / not sure answers to open warning signs (``sign.<id>``), and the signs of a
    ticked list the person was shown (``signs_shown``): unticked there means no."""
    answered: dict[str, list[str]] = {"yes": [], "no": []}
    unsure: list[Symptom] = []
    for name, value in fields:
        if not name.startswith("sign.") or name[5:] not in Symptom._value2member_map_:
            continue
        if value in answered:
            answered[value].append(name[5:])
        elif value == "unsure":
            unsure.append(Symptom(name[5:]))
    shown = {value for name, value in fields if name == "signs_shown"}
    ticked = {value for name, value in fields if name == "episode.symptoms"}
    answered["no"] += sorted(s for s in shown - ticked if s in Symptom._value2member_map_)
    # "none of these" for a group answers no to each of its questions not answered otherwise
    said = {*answered["yes"], *answered["no"], *(s.value for s in unsure)}
    for level in {value for name, value in fields if name == "none_of"}:
        group = [value for name, value in fields if name == f"asked.{level}"]
        answered["no"] += [s for s in group if s not in said and s in Symptom._value2member_map_]
    return answered, unsure


@router.post("/check/text", response_class=HTMLResponse)
async def check_words(request: Request) -> HTMLResponse:
    from twitchwise.web.pages.check import _form, show_result

    fields = dict(await fields_of(request))
    text = fields.get("text", "").strip()
    web = here(request)
    knowledge = web_of(request).knowledge
    if not text:
        return _form(
            request, {}, {"text": "tell us what happened, or use the questions below"}, 422
        )
    checked = check_text(text, web.now(), knowledge)
    understood = checked.built.understanding
    if checked.result.triage.level is TriageLevel.EMERGENCY:
        return show_result(request, checked.result, words=understood)
    values = flat(checked.built.request.model_dump(mode="json", exclude_defaults=True))
    profile = flat(
        {
            "person": web.profile()
            .as_person(web.now().date())
            .model_dump(exclude_none=True, mode="json")
        }
    )
    values = {**profile, **values}
    if "episode.kind" in understood.assumed:
        values.pop("episode.kind", None)
    return _form(
        request,
        values,
        {},
        text=text,
        words=understood,
        open_questions=checked.result.open_questions,
        open_groups=ask_groups(checked.result.open_questions),
        group_titles=GROUP_TITLES,
        given=_given(understood),
    )


def _given(understood: Any) -> dict[str, Any]:
    return {
        "present": [s.value for s in understood.present],
        "absent": [s.value for s in understood.ruled_out],
    }
