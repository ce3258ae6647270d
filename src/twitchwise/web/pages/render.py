"""``page(request, template, active, **context)``: a template with what every page needs."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from twitchwise.web.state import web_of


def page(
    request: Request, template: str, active: str = "", status: int = 200, **context: Any
) -> HTMLResponse:
    web = web_of(request)
    context.setdefault("zone", web.zone())
    response: HTMLResponse = web.templates.TemplateResponse(
        request,
        template,
        {"active": active, "knowledge": web.knowledge, **context},
        status_code=status,
    )
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
