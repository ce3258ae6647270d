"""The dashboard: any warning banner first, then recent episodes, this month, and the timeline.

It is the page people open most, so its HTML is kept for as long as the journal's revision and
the day stay the same (every saved change raises the revision, in any process).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from twitchwise import charts
from twitchwise.domain.assessment import TriageLevel
from twitchwise.domain.journal import EntryKind
from twitchwise.domain.time import zone as zone_named
from twitchwise.services.checks import EpisodeCheck, recent_checks
from twitchwise.web.pages.render import counts_shown, page
from twitchwise.web.state import Here, here

router = APIRouter()
BANNER_DAYS = 14
RECENT_DAYS = 30
TIMELINE_DAYS = 90


@dataclass(frozen=True)
class Day:
    day: date
    episodes: int
    inside: bool
    today: bool


def month_weeks(today: date, counts: Counter[date]) -> list[list[Day]]:
    """The weeks of ``today``'s month, Monday first, each day with its episode count."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(today.year, today.month)
    return [
        [Day(d, counts.get(d, 0), d.month == today.month, d == today) for d in week]
        for week in weeks
    ]


def _worst(checks: list[EpisodeCheck], since: date, where: ZoneInfo) -> EpisodeCheck | None:
    """The most serious recent check above self-care (the newest among equals)."""
    above = [
        c
        for c in checks
        if c.result.triage.level is not TriageLevel.SELF_CARE
        and c.episode.started_at.astimezone(where).date() >= since
    ]
    return max(above, key=lambda c: c.result.triage.level.rank, default=None)


Key = tuple[int, str, date, str]  # revision, zone, day, the session's CSRF token (in the page)


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request) -> HTMLResponse:
    """async: an unchanged journal is answered on the event loop from the kept page (the
    revision read is a few microseconds); only a changed one goes to a worker thread."""
    web = here(request)
    revision, zone_name = web.revision()
    where = zone_named(zone_name)
    today = web.now(where).date()
    key = (revision, zone_name, today, getattr(request.state, "csrf_token", ""))
    kept = web.web.recall("dashboard", web.owner, key)
    if isinstance(kept, bytes):
        return HTMLResponse(kept)
    return await run_in_threadpool(_render, request, web, key)


def _render(request: Request, web: Here, key: Key) -> HTMLResponse:
    _, zone_name, today, _ = key
    where = zone_named(zone_name)
    start = today - timedelta(days=TIMELINE_DAYS)
    with web.read() as journal:
        checks = recent_checks(journal, web.now(where) - timedelta(days=RECENT_DAYS), web.knowledge)
        episodes = journal.episodes(since=web.now(where) - timedelta(days=TIMELINE_DAYS + 1))
        exposures = journal.exposures(since=web.now(where) - timedelta(days=TIMELINE_DAYS + 2))
        counts = counts_shown(journal, [EntryKind.EPISODE])
        visits = journal.visits()
    per_day = Counter(e.started_at.astimezone(where).date() for e in episodes)
    response = page(
        request,
        "dashboard.html",
        active="/",
        zone=where,
        today=today,
        checks=checks[:10],
        worst=_worst(checks, today - timedelta(days=BANNER_DAYS), where),
        banner_days=BANNER_DAYS,
        month=month_weeks(today, per_day),
        month_name=f"{today:%B %Y}",
        timeline=charts.timeline_spec(
            episodes, exposures, zone=where, start=start, end=today, knowledge=web.knowledge
        ),
        timeline_narrow=charts.timeline_spec(
            episodes,
            exposures,
            zone=where,
            start=start,
            end=today,
            knowledge=web.knowledge,
            narrow=True,
        ),
        counts=counts,
        last_visit=visits[-1] if visits else None,
        last_30=sum(n for d, n in per_day.items() if d > today - timedelta(days=30)),
    )
    web.web.remember("dashboard", web.owner, key, bytes(response.body))
    return response
