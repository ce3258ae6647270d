"""Report and exports: what can be downloaded, and what each download is for; and the share
links for a doctor (make one, see when each was opened, revoke it)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from twitchwise.services.report import DEFAULT_REPORT_DAYS
from twitchwise.services.sharing import create_share, share_url
from twitchwise.storage.shares import LONGEST_DAYS, SHORTEST_DAYS
from twitchwise.web.pages.render import counts_shown, page
from twitchwise.web.state import here

router = APIRouter()


def _report_page(request: Request, new_link: str | None = None, status: int = 200) -> HTMLResponse:
    web = here(request)
    with web.read() as journal:
        counts = counts_shown(journal)
    with web.web.store.shares() as shares:
        links = shares.of(web.owner)
    today = web.now().date()
    first = today - timedelta(days=DEFAULT_REPORT_DAYS - 1)
    return page(
        request,
        "report.html",
        active="/report",
        status=status,
        counts=counts,
        today=today,
        first=first,
        links=links,
        new_link=new_link,
        now=web.web.clock.now(UTC),
        shortest=SHORTEST_DAYS,
        longest=LONGEST_DAYS,
    )


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    return _report_page(request)


@router.post("/report/shares", response_class=HTMLResponse)
def share_report(
    request: Request,
    days: Annotated[int, Form(ge=SHORTEST_DAYS, le=LONGEST_DAYS)] = 7,
    with_notes: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """A new link, shown this once on the page that answers."""
    web = here(request)
    _id, token = create_share(
        web.web.store, web.owner, days, web.web.clock.now(UTC), with_notes=with_notes
    )
    return _report_page(request, new_link=share_url(str(request.base_url), token), status=201)


@router.post("/report/shares/{share_id}/revoke")
def revoke_share(share_id: int, request: Request) -> RedirectResponse:
    web = here(request)
    with web.web.store.shares() as shares:
        shares.revoke(web.owner, share_id, web.web.clock.now(UTC))
    return RedirectResponse("/report#share", status_code=303)
