"""``/remind/stop/{token}``: a reminder's stop link, without signing in (issue 19).

GET shows what it stops and one button; the POST stops it (a mail scanner that follows links
stops nothing). The POST also serves RFC 8058's one-click unsubscribe, which sends no Origin.
"""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise.services.reminders import reminder_of_token, stop_by_token
from twitchwise.web.state import web_of

router = APIRouter(include_in_schema=False)


def _page(request: Request, token: str, stopped: bool, name: str) -> HTMLResponse:
    web = web_of(request)
    response: HTMLResponse = web.templates.TemplateResponse(
        request,
        "remind_stop.html",
        {"token": token, "stopped": stopped, "name": name, "signed_in": False},
    )
    return response


@router.get("/remind/stop/{token}", response_class=HTMLResponse)
def stop_page(token: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    reminder = reminder_of_token(web.store, token, web.clock.now(UTC))
    return _page(request, token, reminder.stopped_at is not None, reminder.name)


@router.post("/remind/stop/{token}", response_class=HTMLResponse)
def stop(token: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    reminder = stop_by_token(web.store, token, web.clock.now(UTC))
    return _page(request, token, True, reminder.name)
