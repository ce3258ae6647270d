"""The experiment page (issue 21): before one runs, each change with what it would take for
this person (its length and power in plain words, from their diary); while one runs, a
phone-first screen with today's arm in large type, its instruction, one tap to say whether it
was followed, and the days so far; once it ended, its result with the verdict and its limits.
The same as ``twitchwise experiment`` and ``/api/v1/experiments``; works without JavaScript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.domain.experiment_report import (
    ALWAYS_LIMITS,
    STATUS_WORDS,
    VERDICT_WORDS,
    adherence_words,
    design_words,
    p_words,
    ratio_words,
)
from twitchwise.domain.experiments import CHANGES, Change, DesignKind, Status
from twitchwise.services import experiment_days as days
from twitchwise.services.experiments import Proposal, proposal, start
from twitchwise.web.api.experiments import read_report
from twitchwise.web.pages.render import page
from twitchwise.web.state import Here, here

router = APIRouter()
PAGE = "/experiment"


def _proposals(web: Here) -> dict[Change, Proposal | InputError]:
    """What each change would take, worked out once per design and journal revision (the power
    is a simulation)."""
    today = web.now().date()
    revision = web.revision()
    by_design: dict[DesignKind, Proposal | InputError] = {}
    found: dict[Change, Proposal | InputError] = {}
    for change, info in CHANGES.items():
        if info.design not in by_design:

            def compute(change: Change = change) -> Proposal | InputError:
                try:
                    return proposal(web.web.store, web.owner, change, today)
                except InputError as error:
                    return error

            key = (revision, today, info.design)
            by_design[info.design] = web.web.kept("experiment-proposal", web.owner, key, compute)  # type: ignore[assignment]
        shared = by_design[info.design]
        found[change] = shared if isinstance(shared, InputError) else _for(shared, change)
    return found


def _for(shared: Proposal, change: Change) -> Proposal:
    return Proposal(
        change,
        shared.design,
        shared.weeks,
        shared.block_days,
        shared.washout_days,
        shared.power,
        shared.history_days,
    )


def _page(
    request: Request, status: int = 200, error: InputError | None = None, note: str | None = None
) -> HTMLResponse:
    web = here(request)
    now = web.now()
    try:
        current = days.status(web.web.store, web.owner, now)
    except NotFoundError:
        current = None
    context: dict[str, object] = {
        "current": current,
        "changes": CHANGES,
        "status_words": STATUS_WORDS,
        "problems": [] if error is None else list(error.problems),
        "note": note,
        "today": now.date(),
    }
    if current is not None:
        context["design_words"] = design_words(current.schedule)
    if current is None or current.experiment.status is not Status.RUNNING:
        context["proposals"] = _proposals(web)
    if current is not None and current.experiment.status is not Status.RUNNING:
        _, found = days.result(web.web.store, web.owner, now)
        context["result"] = found
        context["verdict"] = VERDICT_WORDS[found.verdict]
        context["ratio"] = ratio_words(found)
        context["p"] = p_words(found)
        context["adherence"] = adherence_words(found)
        context["limits"] = [*found.notes, *ALWAYS_LIMITS]
    return page(request, "experiment.html", active=PAGE, status=status, **context)


@router.get(PAGE, response_class=HTMLResponse)
def experiment_page(request: Request) -> HTMLResponse:
    saved = request.query_params.get("saved")
    return _page(request, note="Saved." if saved == "day" else None)


@router.post(f"{PAGE}/start", response_class=HTMLResponse, response_model=None)
def start_experiment(
    request: Request,
    change: Annotated[Change, Form()],
    weeks: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    web = here(request)
    try:
        chosen = None
        if weeks.strip():
            if not weeks.strip().isdigit():
                raise InputError("weeks", "must be a whole number of weeks")
            chosen = int(weeks)
        start(web.web.store, web.owner, change, web.now(), weeks=chosen)
    except InputError as error:
        return _page(request, status=409 if error.field == "experiment" else 422, error=error)
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/day", response_class=HTMLResponse, response_model=None)
def record_day(
    request: Request,
    followed: Annotated[str, Form(pattern="^(yes|no)$")],
    day: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    from datetime import date

    web = here(request)
    try:
        when = None
        if day:
            try:
                when = date.fromisoformat(day)
            except ValueError:
                raise InputError("date", f"{day!r} is not a date like 2026-11-01") from None
        days.record_day(web.web.store, web.owner, followed == "yes", web.now(), when)
    except InputError as error:
        return _page(request, status=422, error=error)
    return RedirectResponse(f"{PAGE}?saved=day", status_code=303)


@router.post(f"{PAGE}/stop", response_model=None)
def stop_experiment(request: Request) -> Response:
    web = here(request)
    days.stop(web.web.store, web.owner, web.now())
    return RedirectResponse(PAGE, status_code=303)


@router.get(f"{PAGE}/report.pdf", response_class=Response)
def report_pdf(request: Request) -> Response:
    return read_report(request)  # the API's answer: one place says how the PDF is sent
