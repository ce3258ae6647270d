"""``GET /api/v1/report.pdf``: the doctor's report, as ``twitchwise report`` writes it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from twitchwise.domain.time import DiaryDay
from twitchwise.services.report import report_pdf, report_period
from twitchwise.web.state import here

router = APIRouter(tags=["report"])


@router.get(
    "/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def read_report(
    request: Request,
    start: Annotated[DiaryDay | None, Query(alias="from", description="first day")] = None,
    end: Annotated[
        DiaryDay | None, Query(alias="to", description="last day; default today")
    ] = None,
) -> Response:
    """One to three pages for the doctor: warning signs, timeline, factors, triggers, medicines;
    the last 90 days unless ``from`` and ``to`` say otherwise."""
    web = here(request)
    now = web.now()
    first, last = report_period(start, end, now.date(), field="from")
    pdf = report_pdf(web.web.store, web.knowledge, now, first, last, web.owner)
    name = f"twitchwise-report-{first}-to-{last}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
