"""The calendar: a heat map of episodes per day, a column per week and a row per weekday (the
triggers page and ``--charts``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from twitchwise.charts.days import (
    WEEKDAYS,
    day_label,
    days,
    episodes_in,
    kinds_text,
    local_date,
    period_label,
)
from twitchwise.charts.spec import INK, WIDTH, Row, Spec, chart, tips
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.wording import counted

LEVELS = ("0", "1", "2", "3", "4+")  # episodes per day, as the colour legend
# Episodes per day: light grey for none, then ColorBrewer "Blues".
LEVEL_COLOURS = ("#EBEBEB", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")


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


def calendar_description(rows: Sequence[Row], start: date, end: date) -> str:
    total = sum(row["count"] for row in rows)
    busiest = max(rows, key=lambda row: int(row["count"]), default=None)
    text = (
        f"Calendar of episodes per day for {period_label(start, end)}: "
        f"{counted(total, 'episode')} on {sum(1 for row in rows if row['count'])} of "
        f"{counted(len(rows), 'day')}."
    )
    if busiest and total:
        text += f" Busiest day: {busiest['label']}, {busiest['count']}."
    return text


NARROW_WEEKS = 13  # a phone shows the last quarter: a column of 20 px a week fits its width
NARROW_ROOM = 270  # px for the weeks' columns on a 375 px screen


def calendar_spec(
    episodes: Sequence[LoggedEpisode],
    *,
    zone: ZoneInfo,
    start: date,
    end: date,
    narrow: bool = False,
) -> Spec:
    """A heat map of start..end: a column per week, a row per weekday, shaded by episodes.
    ``narrow`` (a phone): only the last ``NARROW_WEEKS`` weeks, the most recent being the ones
    a reader looks for, in columns that fit the screen (a week's column cannot shrink)."""
    whole = start
    if narrow:
        recent = end - timedelta(days=end.weekday() + 7 * (NARROW_WEEKS - 1))
        start = max(start, recent)
    rows = calendar_rows(episodes_in(episodes, zone, start, end), zone, start, end)
    room = NARROW_ROOM if narrow else WIDTH
    step = max(12, min(30, room // max(len({row["week"] for row in rows}), 1)))
    months = month_labels(start, end)
    lookup = "{" + ", ".join(f"'{week}': '{name}'" for week, name in months.items()) + "}"
    bare = {"title": None, "ticks": False, "domain": False}
    x = {
        "field": "week",
        "type": "ordinal",
        "title": None,
        "axis": bare
        | {
            "orient": "top",
            "labelExpr": f"({lookup})[datum.value] || ''",
            "labelAngle": 0,
            "labelAlign": "left",
            "labelOverlap": False,
            "labelPadding": 6,
        },
    }
    y = {"field": "weekday", "type": "ordinal", "sort": list(WEEKDAYS), "axis": bare}
    legend = {
        "title": "Episodes per day",
        "orient": "bottom",
        "direction": "horizontal",
        "symbolType": "square",
        "symbolSize": 160,
        "labelExpr": "datum.label == '0' ? 'none' : datum.label",
    }
    cells: Spec = {
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2, "cornerRadius": 2},
        "encoding": {
            "color": {
                "field": "level",
                "type": "ordinal",
                "scale": {"domain": list(LEVELS), "range": list(LEVEL_COLOURS)},
                "legend": legend,
            },
            "tooltip": tips(("label", "Day"), ("count", "Episodes"), ("kinds", "Kinds")),
        },
    }
    dark = {"condition": {"test": "datum.count >= 3", "value": "white"}, "value": INK}
    counts = {
        "transform": [{"filter": "datum.count > 0"}],
        "mark": {"type": "text", "fontSize": 11},
        "encoding": {"text": {"field": "count"}, "color": dark},
    }
    about: str | list[str] = f"{period_label(start, end)} · weeks start on Monday"
    if start > whole:
        about = [
            f"{period_label(start, end)}: the last {NARROW_WEEKS} weeks",
            "weeks start on Monday",
        ]
    return chart(
        "Episodes per day",
        about,
        calendar_description(rows, start, end),
        {
            "data": {"values": rows},
            "width": {"step": step},
            "height": {"step": step},
            "encoding": {"x": x, "y": y},
            "layer": [cells, counts] if step >= 16 else [cells],  # numbers while they fit
        },
    )
