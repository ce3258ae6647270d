"""Log: the quick-log box (plain language, the parsed entries shown back before saving), a form
per kind of entry, and the recent entries with edit and delete."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from twitchwise.domain.assessment import VisitOutcome
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Side, Symptom
from twitchwise.domain.errors import (
    FieldProblem,
    InputError,
    NotFoundError,
    input_error_from_validation,
)
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import (
    Draft,
    Entry,
    EntryKind,
    EntryRef,
    LoggedEpisode,
    kind_of,
    model_of,
)
from twitchwise.knowledge import Knowledge
from twitchwise.quicklog import parse
from twitchwise.services.diary_words import save_proposed
from twitchwise.web.forms import by_field, fields_of, nested, raw
from twitchwise.web.pages.diary_month import month_of, read_month
from twitchwise.web.pages.render import is_htmx, page
from twitchwise.web.state import here

router = APIRouter()
LISTS = frozenset({"symptoms", "body_sites"})
_DRAFTS: TypeAdapter[list[dict[str, Any]]] = TypeAdapter(list[dict[str, Any]])


def choices(knowledge: Knowledge) -> dict[str, Any]:
    # A symptom is shown by the warning sign's own words ("A muscle getting thinner or
    # smaller"), the same the check's form uses; its id stays the value sent.
    signs = {flag.id: flag.sign for flag in knowledge.flags}
    return {
        "kinds": [k.value for k in EpisodeKind],
        "sites": [s.value for s in BodySite],
        "sides": [s.value for s in Side],
        "contexts": [c.value for c in EpisodeContext],
        "symptoms": [(s.value, signs.get(s.value, s.value.replace("_", " "))) for s in Symptom],
        "types": [t.value for t in ExposureType],
    }


def local_input(moment: datetime | None, where: ZoneInfo) -> str:
    """A value for ``<input type=datetime-local>`` in the person's zone."""
    return "" if moment is None else f"{moment.astimezone(where):%Y-%m-%dT%H:%M}"


def from_local(text: str, where: ZoneInfo, field: str) -> datetime:
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(field, "must be a date and time such as 2026-11-24T14:05") from None
    return naive.replace(tzinfo=where) if naive.tzinfo is None else naive


def log_page_with(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    """The log page, with a form's values and errors shown again (``form`` names it)."""
    return _log_page(request, status, **context)


def _log_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    web = here(request)
    where = web.zone()
    now = web.now(where)
    asked = request.query_params
    first = month_of(asked.get("month"), now.date())
    after = {kind: asked[kind] for kind in ("e", "x") if asked.get(kind)}
    with web.read() as journal:
        month = read_month(journal, first, where, now.date(), after)
        visits = journal.visits()[::-1]
    context.setdefault("values", {"started_at": local_input(now, where)})
    context.setdefault("errors", {})
    context.setdefault("form", "")
    return page(
        request,
        "log.html",
        active="/log",
        status=status,
        zone=where,
        month=month,
        continued=bool(after),
        visits=visits,
        outcomes=[outcome.value for outcome in VisitOutcome],
        **choices(web.knowledge),
        **context,
    )


@router.get("/log", response_class=HTMLResponse)
def log_page(request: Request) -> HTMLResponse:
    return _log_page(request)


@router.post("/log/quick", response_class=HTMLResponse)
async def quick(request: Request) -> HTMLResponse:
    """Read the line and show what it would save, with a button to confirm."""
    form = await request.form()
    text = str(form.get("text", "")).strip()
    web = here(request)
    result = parse(text, web.now(), web.knowledge) if text else None
    drafts = [
        {"kind": kind_of(p.entry).value, "data": p.entry.model_dump(mode="json")}
        for p in (result.proposals if result else ())
    ]
    profile = json.dumps(result.profile) if result and result.profile else ""
    context: dict[str, Any] = {
        "text": text,
        "result": result,
        "drafts": json.dumps(drafts),
        "profile": profile,
    }
    if is_htmx(request):
        return page(request, "_quick_proposals.html", **context)
    return _log_page(request, quick=context)


def _drafts_from(payload: str) -> list[Draft]:
    try:
        items = _DRAFTS.validate_json(payload)
        drafts: list[Draft] = [
            model_of(EntryKind(item["kind"])).model_validate(item["data"])  # type: ignore[misc]
            for item in items
        ]
        return drafts
    except (ValidationError, KeyError, ValueError):
        raise InputError("text", "the proposed entries were changed; read the line again") from None


@router.post("/log/quick/save", response_model=None)
async def quick_save(request: Request) -> Response:
    form = await request.form()
    drafts = _drafts_from(str(form.get("drafts", "[]")))
    if not drafts:
        raise InputError("text", "nothing in it could be turned into an entry")
    profile = _profile_from(str(form.get("profile", ""))) if form.get("keep_profile") else None
    with here(request).write() as journal:
        saved = save_proposed(journal, drafts, profile=profile)
    names = ", ".join(str(ref) for ref in saved.refs) or "nothing new"
    return RedirectResponse(f"/log?saved={names}", status_code=303)


_PROFILE_KEYS = frozenset({"birth_year", "sex", "pregnant", "conditions"})


def _profile_from(payload: str) -> dict[str, Any] | None:
    """The profile changes the words offered, as the page showed them (only known keys)."""
    try:
        data = json.loads(payload) if payload else None
    except ValueError:
        raise InputError(
            "profile", "the profile changes were changed; read the line again"
        ) from None
    if not isinstance(data, dict) or not set(data) <= _PROFILE_KEYS:
        return None
    return data


def draft_from_form(kind: str, fields: list[tuple[str, str]], where: ZoneInfo) -> Draft:
    """An episode or exposure from its form, every wrong field reported at once."""
    data, problems = nested(fields, LISTS)
    for name in ("started_at", "ended_at"):
        if name in data:
            try:
                data[name] = from_local(data[name], where, name)
            except InputError as error:
                problems.extend(error.problems)
    model = LoggedEpisode if kind == "episode" else Exposure
    try:
        draft: Draft = model.model_validate(data)
    except ValidationError as error:
        problems.extend(input_error_from_validation(error.errors()).problems)
    if problems:
        raise InputError.from_problems(_unique(problems))
    return draft


def _unique(problems: list[FieldProblem]) -> list[FieldProblem]:
    return list(dict.fromkeys(problems))


@router.post("/log/{kind}", response_model=None)
async def add_entry(kind: str, request: Request) -> Response:
    if kind not in {"episode", "exposure"}:
        raise InputError("kind", "must be episode or exposure")
    fields = await fields_of(request)
    web = here(request)
    try:
        draft = draft_from_form(kind, fields, web.zone())
        with web.write() as journal:
            entry = journal.add(draft)
    except InputError as error:
        values = raw(fields, LISTS)
        return _log_page(
            request, status=422, form=kind, values=values, errors=by_field(error.problems)
        )
    return RedirectResponse(f"/log?saved={kind_of(entry).value}{entry.id}", status_code=303)


def _diary_ref(text: str) -> tuple[EntryRef, str]:
    """An episode or exposure id (``e12``, ``x3``); medicines are edited in the settings."""
    ref = EntryRef.parse(text)
    if ref.kind not in (EntryKind.EPISODE, EntryKind.EXPOSURE):
        raise InputError("id", f"{text!r}: only episodes (e) and exposures (x) are edited here")
    return ref, "episode" if ref.kind is EntryKind.EPISODE else "exposure"


def _entry_values(entry: Entry, where: ZoneInfo) -> dict[str, Any]:
    values: dict[str, Any] = entry.model_dump(mode="json", exclude={"id", "source"})
    for name in ("started_at", "ended_at"):
        if name in values:
            values[name] = local_input(getattr(entry, name), where)
    return {k: ("" if v is None else v) for k, v in values.items()}


@router.get("/log/{ref}/edit", response_class=HTMLResponse)
def edit_page(ref: str, request: Request) -> HTMLResponse:
    web = here(request)
    where = web.zone()
    entry_ref, kind = _diary_ref(ref)
    with web.read() as journal:
        entry = journal.get(entry_ref)
    return page(
        request,
        "log_edit.html",
        active="/log",
        ref=str(entry_ref),
        form=kind,
        values=_entry_values(entry, where),
        errors={},
        **choices(web.knowledge),
    )


@router.post("/log/{ref}/edit", response_model=None)
async def edit_entry(ref: str, request: Request) -> Response:
    entry_ref, kind = _diary_ref(ref)
    fields = await fields_of(request)
    web = here(request)
    try:
        draft = draft_from_form(kind, fields, web.zone())
        with web.write() as journal:
            journal.update(entry_ref, draft.model_dump())
    except NotFoundError:
        raise  # another person's entry is as absent as one that never existed: 404
    except InputError as error:
        return page(
            request,
            "log_edit.html",
            active="/log",
            status=422,
            ref=str(entry_ref),
            form=kind,
            values=raw(fields, LISTS),
            errors=by_field(error.problems),
            **choices(web.knowledge),
        )
    return RedirectResponse(f"/log?saved={entry_ref}", status_code=303)


@router.get("/log/{ref}/delete", response_class=HTMLResponse)
def confirm_delete(ref: str, request: Request) -> HTMLResponse:
    """Delete asks first: the entry, and a button that deletes it."""
    entry_ref, _ = _diary_ref(ref)
    web = here(request)
    with web.read() as journal:
        entry = journal.get(entry_ref)
    return page(request, "log_delete.html", active="/log", ref=str(entry_ref), e=entry)


@router.post("/log/{ref}/delete", response_model=None)
def delete_entry(ref: str, request: Request) -> Response:
    entry_ref, _ = _diary_ref(ref)
    with here(request).write() as journal:
        journal.delete(entry_ref)
    return RedirectResponse(f"/log?deleted={entry_ref}", status_code=303)
