"""The numbers behind the charts (``charts.py``): daily totals and chart rows, computed in Python.

Everything is grouped by the local date in the person's zone (``.astimezone(zone).date()``), so
an episode at 00:30 on a daylight-saving morning lands on that morning's date, not on UTC's.
Times reach the charts as *local wall-clock* ISO strings without an offset ("floating" times);
the specs parse them as UTC and draw them on a UTC scale, so a chart shows the person's clock
whatever the time zone of the machine or browser that renders it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.triggers import TriggerFinding, TriggerReport, TriggerStatus

Row = dict[str, Any]

SHORT_NIGHT_HOURS = 7.0
CAFFEINE_LIMIT_MG = 400.0
NOT_RATED_Y = -1.5  # the row for episodes whose intensity was not given
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LEVELS = ("0", "1", "2", "3", "4+")  # episodes per day, as the calendar's colour legend
EXERTION = frozenset({ExposureType.EXERCISE, ExposureType.SEXUAL_ACTIVITY})
STATUS_LABEL: dict[TriggerStatus, str] = {
    TriggerStatus.LIKELY_TRIGGER: "Likely trigger",
    TriggerStatus.POSSIBLE_TRIGGER: "Possible trigger",
    TriggerStatus.NO_CLEAR_LINK: "No clear link",
    TriggerStatus.POSSIBLE_PROTECTOR: "Possible protector",
    TriggerStatus.NOT_ENOUGH_DATA: "Not enough data",
}
AXIS_MIN, AXIS_MAX = 0.05, 50.0  # the forest plot's widest log axis; beyond it, arrows


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def floating(moment: datetime, zone: ZoneInfo) -> str:
    """The local wall-clock time as an ISO string without offset: ``2026-10-25T00:30:00``."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%b %Y}"


def period_label(start: date, end: date) -> str:
    first = f"{start.day} {start:%b}" + (f" {start.year}" if start.year != end.year else "")
    return f"{first} – {end.day} {end:%b %Y}"


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def utc_midnight(day: date) -> Row:
    """A Vega-Lite DateTime for the day's start on the floating (UTC) scale."""
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def time_ticks(start: date, end: date) -> list[Row]:
    """Days up to 3 weeks, Mondays (every other one past 20 weeks), 1st of months past 40."""
    every = days(start, end)
    weeks = len(every) / 7
    if weeks <= 3:
        return [utc_midnight(d) for d in every]
    if weeks > 40:
        return [utc_midnight(d) for d in every if d.day == 1]
    mondays = [d for d in every if d.weekday() == 0]
    return [utc_midnight(d) for d in mondays[:: 2 if weeks > 20 else 1]]


def value_ticks(top: float) -> list[float]:
    """0 and one to three round steps up to ``top``: a 64 px panel stays legible."""
    top = max(top, 1.0)
    step = min(m * 10.0**k for k in range(6) for m in (1, 2, 4, 5) if m * 10.0**k >= top / 3)
    return [step * i for i in range(int(top // step) + 1)]


def episodes_in(
    episodes: Iterable[LoggedEpisode], zone: ZoneInfo, start: date, end: date
) -> list[LoggedEpisode]:
    inside = [e for e in episodes if start <= local_date(e.started_at, zone) <= end]
    return sorted(inside, key=lambda e: e.started_at)


def episodes_per_day(episodes: Iterable[LoggedEpisode], zone: ZoneInfo) -> Counter[date]:
    return Counter(local_date(e.started_at, zone) for e in episodes)


def sleep_per_day(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, float]:
    """Hours slept, on the date the person woke up: the bar under a day is the night before it."""
    totals: dict[date, float] = defaultdict(float)
    for exposure in exposures:
        hours = exposure.duration_amount
        if exposure.type is not ExposureType.SLEEP or hours is None:
            continue
        woke = exposure.ended_at or exposure.started_at + timedelta(hours=hours)
        totals[local_date(woke, zone)] += hours
    return dict(totals)


def caffeine_per_day(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, float]:
    totals: dict[date, float] = defaultdict(float)
    for exposure in exposures:
        if exposure.type is ExposureType.CAFFEINE and exposure.amount is not None:
            totals[local_date(exposure.started_at, zone)] += exposure.amount
    return dict(totals)


def exertion_per_day(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, float]:
    """Minutes of exercise and sexual activity, on the date they started."""
    totals: dict[date, float] = defaultdict(float)
    for exposure in exposures:
        minutes = exposure.duration_amount
        if exposure.type in EXERTION and minutes is not None:
            totals[local_date(exposure.started_at, zone)] += minutes
    return dict(totals)


def daily_rows(totals: dict[date, float], start: date, end: date) -> list[Row]:
    """One row per day that has a total, for a bar from the day's midnight to the next."""
    return [
        {
            "day": day.isoformat(),
            "next": (day + timedelta(days=1)).isoformat(),
            "label": day_label(day),
            "value": round(totals[day], 3),
        }
        for day in days(start, end)
        if day in totals
    ]


def episode_rows(episodes: Sequence[LoggedEpisode], zone: ZoneInfo) -> list[Row]:
    rows = []
    for episode in episodes:
        local = episode.started_at.astimezone(zone)
        sites = ", ".join(site.value for site in episode.body_sites) or "not given"
        rows.append(
            {
                "at": episode.started_at.isoformat(),
                "local_time": floating(episode.started_at, zone),
                "date": local.date().isoformat(),
                "when": f"{day_label(local.date())}, {local:%H:%M} {local.tzname()}",
                "kind": episode.kind.value,
                "sites": sites,
                "intensity": episode.intensity,
                "intensity_text": "not rated" if episode.intensity is None else episode.intensity,
                "y": NOT_RATED_Y if episode.intensity is None else episode.intensity,
            }
        )
    return rows


def kinds_text(kinds: Counter[str]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()) or "none"


def calendar_rows(
    episodes: Sequence[LoggedEpisode], zone: ZoneInfo, start: date, end: date
) -> list[Row]:
    """One row per day of start..end: its ISO week's Monday, weekday and episode count."""
    kinds: dict[date, Counter[str]] = defaultdict(Counter)
    for episode in episodes:
        kinds[local_date(episode.started_at, zone)][episode.kind.value] += 1
    rows = []
    for day in days(start, end):
        count = sum(kinds[day].values())
        rows.append(
            {
                "date": day.isoformat(),
                "week": (day - timedelta(days=day.weekday())).isoformat(),
                "weekday": WEEKDAYS[day.weekday()],
                "label": day_label(day),
                "count": count,
                "level": LEVELS[min(count, len(LEVELS) - 1)],
                "kinds": kinds_text(kinds[day]),
            }
        )
    return rows


def month_labels(start: date, end: date) -> dict[str, str]:
    """Week key -> month name for the week column holding the 1st of a month, and for the first
    week unless a month begins within 3 weeks of it; the first label and January's carry the
    year."""
    weeks = sorted({(d - timedelta(days=d.weekday())) for d in days(start, end)})
    marks = [(start, weeks[0])] if weeks else []
    for day in days(start, end):
        if day.day == 1:
            monday = day - timedelta(days=day.weekday())
            if marks and (monday - marks[0][1]).days < 21 and len(marks) == 1:
                marks.clear()  # the start's label would collide with this one
            marks.append((day, monday))
    return {
        monday.isoformat(): f"{day:%b}" + (f" {day.year}" if i == 0 or day.month == 1 else "")
        for i, (day, monday) in enumerate(marks)
    }


def _finite(value: float | None) -> TypeGuard[float]:
    """A usable bound on a log axis: a positive, finite number."""
    return value is not None and math.isfinite(value) and value > 0


def _number(value: float) -> str:
    if value < 1.1:  # 0.96 and 1.04 stay apart from 1
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def forest_ticks(domain: tuple[float, float]) -> list[float]:
    marks = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
    return [t for t in marks if domain[0] <= t <= domain[1]]


def axis_domain(findings: Sequence[TriggerFinding]) -> tuple[float, float]:
    """A log axis on a 1-2-5 step from below the smallest number to above the largest, showing
    at least 0.5-2 around 1 and at most AXIS_MIN-AXIS_MAX."""
    values = [
        v
        for finding in findings
        for v in (finding.odds_ratio, finding.ci_low, finding.ci_high)
        if _finite(v)
    ]
    low = min([v / 1.1 for v in values] + [0.5])
    high = max([v * 1.1 for v in values] + [2.0])
    steps = [m * 10.0**k for k in range(-2, 3) for m in (1, 2, 5)]
    lower = max([s for s in steps if s <= low] or [AXIS_MIN])
    upper = min([s for s in steps if s >= high] or [AXIS_MAX])
    return max(lower, AXIS_MIN), min(upper, AXIS_MAX)


def _open_ends(finding: TriggerFinding, domain: tuple[float, float]) -> tuple[bool, bool]:
    """Whether the interval runs past the axis (or has no bound) to the left, to the right."""
    lo, hi, ratio = finding.ci_low, finding.ci_high, finding.odds_ratio
    if lo is None and hi is None and not finding.ci_open_ended:
        return False, False
    open_low = lo is not None and (not _finite(lo) or lo < domain[0])
    open_high = hi is None or not _finite(hi) or hi > domain[1]
    if finding.ci_open_ended and not (open_low or open_high):
        below = ratio is not None and ratio < 1  # flagged with two finite ends: the far one
        open_low, open_high = below, not below
    return open_low, open_high


def _clip(value: float | None, domain: tuple[float, float], default: float) -> float:
    if value is None or not _finite(value):
        return default
    return min(max(value, domain[0]), domain[1])


def forest_rows(findings: Sequence[TriggerFinding], domain: tuple[float, float]) -> list[Row]:
    """One row per finding with a rate ratio; interval ends beyond the axis are clipped to it."""
    rows: list[Row] = []
    seen: Counter[str] = Counter()
    for finding in findings:
        ratio = finding.odds_ratio
        if ratio is None:
            continue
        lo, hi = finding.ci_low, finding.ci_high
        open_low, open_high = _open_ends(finding, domain)
        has_ci = lo is not None or hi is not None or finding.ci_open_ended
        interval = ""
        if has_ci:
            low_text = _number(lo) if _finite(lo) else "0"
            high_text = _number(hi) if _finite(hi) else "∞"
            interval = f" ({low_text}–{high_text})"
        seen[finding.label] += 1
        exposed = finding.n_episodes_exposed
        rows.append(
            {
                "id": finding.id,
                "label": finding.label + ("" if seen[finding.label] == 1 else f" ({finding.id})"),
                "status": STATUS_LABEL[finding.status],
                "rr": _clip(ratio, domain, domain[0]),
                "rr_on_axis": _finite(ratio) and domain[0] <= ratio <= domain[1],
                "lo": domain[0] if open_low else _clip(lo, domain, _clip(ratio, domain, 1.0)),
                "hi": domain[1] if open_high else _clip(hi, domain, _clip(ratio, domain, 1.0)),
                "open_low": open_low,
                "open_high": open_high,
                "has_ci": has_ci,
                "text": f"RR {_number(ratio)}{interval}, {exposed} "
                + ("episode" if exposed == 1 else "episodes"),
                "summary": finding.summary,
            }
        )
    return rows


def timeline_description(
    episodes: Sequence[LoggedEpisode],
    sleep: dict[date, float],
    caffeine: dict[date, float],
    exertion: dict[date, float],
    zone: ZoneInfo,
    period: tuple[date, date],
) -> str:
    """What a reader should see, in words: how many episodes followed short nights and so on."""
    start, end = period
    per_day = episodes_per_day(episodes, zone)

    def followed(totals: dict[date, float], test: Callable[[float], bool]) -> tuple[int, int]:
        chosen = [d for d, value in totals.items() if start <= d <= end and test(value)]
        return len(chosen), sum(per_day[d] for d in chosen)

    short, limit = SHORT_NIGHT_HOURS, CAFFEINE_LIMIT_MG
    nights, after_nights = followed(sleep, lambda hours: hours < short)
    heavy, on_heavy = followed(caffeine, lambda mg: mg > limit)
    active, on_active = followed(exertion, lambda minutes: minutes > 0)
    kinds = Counter(e.kind.value for e in episodes)
    return (
        f"Timeline for {period_label(start, end)}, local time in {zone.key}. "
        f"{len(episodes)} episodes ({kinds_text(kinds)}). "
        f"{nights} nights shorter than {short:g} hours, followed by {after_nights} episodes; "
        f"{heavy} days with more than {limit:g} mg of caffeine, with {on_heavy} episodes; "
        f"{active} days with exercise or sex, with {on_active} episodes."
    )


def calendar_description(rows: Sequence[Row], start: date, end: date) -> str:
    total = sum(row["count"] for row in rows)
    busiest = max(rows, key=lambda row: int(row["count"]), default=None)
    text = (
        f"Calendar of episodes per day for {period_label(start, end)}: {total} episodes "
        f"on {sum(1 for row in rows if row['count'])} of {len(rows)} days."
    )
    if busiest and total:
        text += f" Busiest day: {busiest['label']}, {busiest['count']}."
    return text


def forest_description(report: TriggerReport, rows: Sequence[Row]) -> str:
    results = " ".join(f"{row['label']}: {row['text']}, {row['status'].lower()}." for row in rows)
    return (
        f"Rate ratios for {len(rows)} exposures from {report.episodes} episodes over "
        f"{report.days_logged} days. {results}"
    )


def forest_message(report: TriggerReport) -> str:
    """What the forest plot says when no finding has numbers."""
    if not report.enough_data or report.needed_episodes > 0:
        return f"Not enough episodes yet: {report.needed_episodes} more needed"
    return "No exposures could be tested"
