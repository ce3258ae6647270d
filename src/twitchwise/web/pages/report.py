"""Report and exports: what can be downloaded, and what each download is for."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise.services.report import DEFAULT_REPORT_DAYS
from twitchwise.web.pages.render import counts_shown, page
from twitchwise.web.state import here

router = APIRouter()


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    web = here(request)
    with web.read() as journal:
        counts = counts_shown(journal)
    today = web.now().date()
    first = today - timedelta(days=DEFAULT_REPORT_DAYS - 1)
    return page(request, "report.html", active="/report", counts=counts, today=today, first=first)
