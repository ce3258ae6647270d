"""``GET /api/v1/shared/{token}/report.pdf``: the PDF behind a share link, without signing in.

The report of the last 90 days; the diary's free text only when the link was made with it. 404
for a token that names nothing, 410 for a link expired or revoked (the API's error shape).
"""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Request, Response

from twitchwise.services.report import report_pdf
from twitchwise.services.sharing import open_share, shared_period
from twitchwise.web.auth import device_of
from twitchwise.web.state import web_of

router = APIRouter(tags=["shares"])


@router.get(
    "/shared/{token}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
    summary="The PDF behind a share link",
)
def shared_pdf(token: str, request: Request) -> Response:
    web = web_of(request)
    now = web.clock.now(UTC)
    address = request.client.host if request.client else None
    share = open_share(web.store, token, now, "pdf", address, device_of(request))
    zone, first, last = shared_period(web.store, share, now)
    pdf = report_pdf(
        web.store,
        web.knowledge,
        now.astimezone(zone),
        first,
        last,
        share.person_id,
        with_words=share.with_notes,
    )
    name = f"twitchwise-report-{first}-to-{last}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
