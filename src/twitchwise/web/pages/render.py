"""``page(request, template, active, **context)``: a template with what every page needs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse

from twitchwise.domain.journal import EntryKind
from twitchwise.storage.journal import Journal
from twitchwise.web.state import here, web_of


def page(
    request: Request, template: str, active: str = "", status: int = 200, **context: Any
) -> HTMLResponse:
    web = web_of(request)
    signed_in = not web.settings.accounts or hasattr(request.state, "owner_id")
    if "zone" not in context:
        context["zone"] = here(request).zone() if signed_in else ZoneInfo("UTC")
    if signed_in and "samples" not in context:
        context["samples"] = sample_count(request)
    context.setdefault("accounts", web.settings.accounts)
    context.setdefault("signed_in", signed_in)
    response: HTMLResponse = web.templates.TemplateResponse(
        request,
        template,
        {"active": active, "knowledge": web.knowledge, **context},
        status_code=status,
    )
    return response


def sample_count(request: Request) -> int:
    """How many of the person's entries are the demo's samples (the banner on every page says
    so while there are any), counted once per journal revision."""
    web = here(request)

    def count() -> int:
        with web.read() as journal:
            return journal.sample_count()

    found = web.web.kept("samples", web.owner, web.revision(), count)
    return found  # type: ignore[return-value]


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


COUNTED_MOST = 1000  # a page counts a person's entries up to here, never the whole diary


def counts_shown(journal: Journal, kinds: Iterable[EntryKind] = EntryKind) -> dict[str, str]:
    """How many entries of each kind, for a sentence: "12", or "1,000 or more" (counting
    further would cost every page view a read of the whole diary)."""
    shown = {}
    for kind in kinds:
        n = journal.count(kind, most=COUNTED_MOST)
        shown[kind.name.lower()] = f"{COUNTED_MOST:,} or more" if n >= COUNTED_MOST else str(n)
    return shown
