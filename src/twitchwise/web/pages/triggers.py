"""Triggers: the sentences with their counts, the table, the forest plot and the calendar; or how
many more episodes are needed before anything can be said."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchwise import charts
from twitchwise.analysis.report import NULL_FLAG_SHARE
from twitchwise.web.pages.render import page
from twitchwise.web.state import here

router = APIRouter()
CALENDAR_DAYS = 182


@router.get("/triggers", response_class=HTMLResponse)
def triggers_page(request: Request) -> HTMLResponse:
    web = here(request)
    where = web.zone()
    today = web.now(where).date()
    report = web.triggers()
    start = today - timedelta(days=CALENDAR_DAYS)
    with web.read() as journal:
        episodes = journal.episodes(since=datetime.combine(start, time.min, where))
    shown = [
        f for f in report.findings if report.enough_data or f.status.value != "not_enough_data"
    ]
    return page(
        request,
        "triggers.html",
        active="/triggers",
        zone=where,
        report=report,
        shown=shown,
        null_share=NULL_FLAG_SHARE,
        forest=charts.forest_spec(report),
        forest_narrow=charts.forest_spec(report, narrow=True),
        calendar=charts.calendar_spec(episodes, zone=where, start=start, end=today),
        calendar_narrow=charts.calendar_spec(
            episodes, zone=where, start=start, end=today, narrow=True
        ),
    )
