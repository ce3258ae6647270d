"""The check: warning signs first, then the details; the result with its banner, factors with
their evidence and sources, and the plan. Also the check of a diary episode."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise.assessment import assess, parse_request
from twitchwise.assessment.questions import with_unsure
from twitchwise.domain.assessment import (
    AssessmentResult,
    Condition,
    TriageLevel,
    medicines_from_text,
)
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Side, Symptom
from twitchwise.domain.errors import InputError
from twitchwise.knowledge import Knowledge
from twitchwise.services.checks import check_episode
from twitchwise.web.forms import RowId, by_field, fields_of, flat, nested, raw
from twitchwise.web.pages.check_words import read_typed_numbers, sign_answers
from twitchwise.web.pages.render import is_htmx, page
from twitchwise.web.state import here, web_of

router = APIRouter()
LISTS = frozenset(
    {"episode.symptoms", "episode.symptoms_absent", "episode.body_sites", "person.conditions"}
)


def warning_signs(knowledge: Knowledge) -> list[tuple[str, str, str]]:
    """(symptom, words, level) for each warning sign a person can tick, most serious first."""
    symptoms = set(Symptom._value2member_map_)
    flags = [flag for flag in knowledge.flags if flag.id in symptoms]
    flags.sort(key=lambda flag: -flag.level.rank)
    return [(flag.id, flag.sign, flag.level.value) for flag in flags]


def _choices() -> dict[str, list[str]]:
    return {
        "kinds": [k.value for k in EpisodeKind],
        "sites": [s.value for s in BodySite],
        "sides": [s.value for s in Side],
        "contexts": [c.value for c in EpisodeContext],
        "conditions": [c.value for c in Condition],
    }


def _form(
    request: Request,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    **words: Any,
) -> HTMLResponse:
    """The check's form: the box for the person's own words first; after reading them, what was
    understood, the warning signs they left open as yes / no / not sure questions, and the rest
    of the form filled in."""
    knowledge = web_of(request).knowledge
    return page(
        request,
        "check_form.html",
        active="/check",
        status=status,
        signs=warning_signs(knowledge),
        values=values,
        errors=errors,
        call=emergency_call(request),
        safety=[w.text for w in knowledge.watch_for if w.level is TriageLevel.EMERGENCY],
        **_choices(),
        **words,
    )


def emergency_call(request: Request) -> dict[str, str]:
    """The number to call where the person lives (from their profile's zone)."""
    number = web_of(request).knowledge.emergency_number(here(request).zone().key)
    return {"number": number.number, "where": number.where}


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    web = here(request)
    profile = web.profile()
    person = profile.as_person(web.now().date())
    values = flat({"person": person.model_dump(exclude_none=True, mode="json")})
    return _form(request, values, {})


def reassurance(knowledge: Knowledge, result: AssessmentResult) -> dict[str, Any] | None:
    """What to say when no warning sign was found after every one was asked, and only then."""
    triage = result.triage
    if triage.level is not TriageLevel.SELF_CARE or triage.flags or triage.provisional:
        return None
    level = knowledge.levels[TriageLevel.SELF_CARE]
    advice = next((a for a in knowledge.advice if a.id == "twitch_reassurance"), None)
    return {
        "text": level.reassurance,
        "sources": list(level.sources),
        "more": advice.text if advice else None,
        "more_sources": list(advice.sources) if advice else [],
    }


def show_result(request: Request, result: AssessmentResult, **extra: Any) -> HTMLResponse:
    knowledge = web_of(request).knowledge
    ids = result.shown_sources()
    calm = reassurance(knowledge, result)
    if calm is not None:
        ids = list(dict.fromkeys([*ids, *calm["sources"], *calm["more_sources"]]))
    return page(
        request,
        "check_result.html",
        active="/check",
        result=result,
        calm=calm,
        call=emergency_call(request),
        sources=knowledge.cited_sources(ids),
        **extra,
    )


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request) -> HTMLResponse:
    fields = await fields_of(request)
    signs, unsure = sign_answers(fields, web_of(request).knowledge)
    fields = [
        (k, v)
        for k, v in fields
        if not k.startswith(("sign.", "asked.")) and k not in {"signs_shown", "none_of"}
    ]
    problems = read_typed_numbers(fields)
    data, more = nested(fields, LISTS)
    problems += more
    medicines = dict(fields).get("context.medications_text", "").strip()
    if medicines:
        data.setdefault("context", {})["medications"] = medicines_from_text(medicines)
    data.get("context", {}).pop("medications_text", None)
    episode = data.setdefault("episode", {})
    episode.setdefault("kind", "twitch")
    episode["symptoms"] = list(dict.fromkeys([*episode.get("symptoms", []), *signs["yes"]]))
    episode["symptoms_absent"] = [
        s
        for s in dict.fromkeys([*episode.get("symptoms_absent", []), *signs["no"]])
        if s not in episode["symptoms"]
    ]
    knowledge = web_of(request).knowledge
    try:
        if problems:
            raise InputError.from_problems(problems)
        built = parse_request(data)
    except InputError as error:
        values = raw(fields, LISTS)
        return _form(request, values, by_field(error.problems), status=422)
    return show_result(request, with_unsure(assess(built, knowledge), unsure, knowledge))


@router.post("/check/signs", response_class=HTMLResponse)
async def signs_banner(request: Request) -> HTMLResponse:
    """htmx: as soon as a warning sign is ticked, the banner it calls for (before the rest)."""
    form = await request.form()
    ticked = {str(value) for value in form.getlist("episode.symptoms")}
    ticked |= {key[5:] for key, value in form.items() if key.startswith("sign.") and value == "yes"}
    knowledge = web_of(request).knowledge
    levels = [flag.level for flag in knowledge.flags if flag.id in ticked]
    top = max(levels, key=lambda level: level.rank, default=None)
    if top is None or not is_htmx(request):
        return HTMLResponse("")
    action = knowledge.levels[top].action
    return page(
        request, "_sign_banner.html", level=top, action=action, call=emergency_call(request)
    )


@router.get("/check/episode/{episode_id}", response_class=HTMLResponse)
def check_diary_episode(episode_id: RowId, request: Request) -> HTMLResponse:
    web = here(request)
    with web.read() as journal:
        checked = check_episode(journal, episode_id, web.knowledge)
    return show_result(request, checked.result, checked=checked)
