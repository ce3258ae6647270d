"""Report and exports: what can be downloaded, and what each download is for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise.web.pages.render import counts_shown, page
from twitchwise.web.state import here

router = APIRouter()


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    with here(request).read() as journal:
        counts = counts_shown(journal)
    paths = {route.path for route in request.app.routes if hasattr(route, "path")}
    return page(request, "report.html", active="/report", counts=counts, paths=paths)
