"""The reminders page: the person's reminders, a form to add one, and for each a button to send
it now and one to remove it (the same as ``twitchwise remind`` and ``/api/v1/reminders``)."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from twitchwise.domain.errors import InputError
from twitchwise.domain.reminders import ReminderKind
from twitchwise.services.reminders import ReminderPlan, Sender, add_reminder
from twitchwise.web.api.reminders import reminder_out
from twitchwise.web.pages.render import page
from twitchwise.web.state import here

router = APIRouter()
KIND_WORDS = {
    ReminderKind.CHECKIN: "Evening check-in",
    ReminderKind.SLEEP: "How did you sleep? (morning)",
    ReminderKind.AFTER_EPISODE: "After an episode: what came before it?",
    ReminderKind.DIGEST: "Weekly digest",
}


def _page(
    request: Request, status: int = 200, note: str | None = None, error: InputError | None = None
) -> HTMLResponse:
    web = here(request)
    with web.web.store.reminders() as reminders:
        found = [reminder_out(r) for r in reminders.of(web.owner)]
    return page(
        request,
        "reminders.html",
        active="/settings",
        status=status,
        reminders=found,
        kinds=KIND_WORDS,
        note=note,
        problems=[] if error is None else list(error.problems),
    )


@router.get("/reminders", response_class=HTMLResponse)
def reminders_page(request: Request) -> HTMLResponse:
    return _page(request)


@router.post("/reminders", response_class=HTMLResponse, response_model=None)
def add(
    request: Request,
    name: Annotated[str, Form(max_length=60)],
    to: Annotated[str, Form(max_length=2000)],
    kind: Annotated[ReminderKind, Form()] = ReminderKind.CHECKIN,
    at: Annotated[str, Form(max_length=5)] = "",
    quiet: Annotated[str, Form(max_length=11)] = "",
) -> HTMLResponse | RedirectResponse:
    web = here(request)
    plan = ReminderPlan(
        kind=kind,
        to=to,
        at=at or None,
        quiet=quiet or None,
        shared_server=web.web.settings.accounts,
    )
    try:
        add_reminder(web.web.store, web.owner, name.strip(), plan, web.now())
    except InputError as error:
        return _page(request, status=422, error=error)
    return RedirectResponse("/reminders", status_code=303)


@router.post("/reminders/{name}/test", response_class=HTMLResponse)
def send_now(name: str, request: Request) -> HTMLResponse:
    web = here(request)
    with web.web.store.reminders() as reminders:
        reminder = reminders.named(web.owner, name)
    error = Sender(web.web.store, web.web.settings, web.web.clock).deliver(
        reminder, web.web.clock.now(UTC)
    )
    note = f"Sent “{name}”." if error is None else f"“{name}” was not delivered: {error}"
    return _page(request, note=note)


@router.post("/reminders/{name}/remove")
def remove(name: str, request: Request) -> RedirectResponse:
    web = here(request)
    with web.web.store.reminders() as reminders:
        reminders.remove(web.owner, name)
    return RedirectResponse("/reminders", status_code=303)
