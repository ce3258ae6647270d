"""``GET /shared/{token}``: a share link opened, by a doctor, without signing in (issue 19).

Read-only: the report of the last 90 days, the PDF a click away, the diary's free text only when
the link was made with it. Each opening is written down for the link's owner.
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise.exports.report_pdf import described_person
from twitchwise.services.sharing import open_share, shared_report
from twitchwise.web.auth import device_of
from twitchwise.web.state import web_of

router = APIRouter(include_in_schema=False)


@router.get("/shared/{token}", response_class=HTMLResponse)
def shared_page(token: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    now = web.clock.now(UTC)
    address = request.client.host if request.client else None
    share = open_share(web.store, token, now, "page", address, device_of(request))
    report = shared_report(web.store, web.knowledge, share, now)
    zone = ZoneInfo(report.profile.time_zone)
    response: HTMLResponse = web.templates.TemplateResponse(
        request,
        "shared_report.html",
        {
            "report": report,
            "who": described_person(report),
            "zone": zone,
            "token": token,
            "expires": share.expires_at,
            "accounts": web.settings.accounts,
            "signed_in": False,
        },
    )
    response.headers["x-robots-tag"] = "noindex"
    return response
