"""The timeline: episodes over a period above daily sleep, caffeine and exertion, on one time
axis (the dashboard, the PDF report and ``--charts``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from twitchwise.charts.axes import time_axis, value_ticks
from twitchwise.charts.daily_totals import (
    caffeine_per_day,
    daily_rows,
    episodes_per_day,
    exertion_per_day,
    sleep_per_day,
)
from twitchwise.charts.days import day_label, episodes_in, floating, kinds_text, period_label
from twitchwise.charts.spec import (
    BLUE,
    GREEN,
    INK,
    PANEL_TITLE,
    SKY,
    VERMILLION,
    WIDTH,
    Row,
    Spec,
    chart,
    scale,
    tips,
)
from twitchwise.domain.assessment import Person
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.wording import counted
from twitchwise.knowledge import Knowledge

NOT_RATED_Y = -1.5  # the row for episodes whose intensity was not given
KIND_STYLE = {
    "twitch": (BLUE, "circle"),
    "cramp": (VERMILLION, "triangle-up"),
    "spasm": (GREEN, "square"),
}


@dataclass(frozen=True)
class GuideLines:
    """Where the sleep and caffeine panels draw their dashed lines (bars past them turn orange)."""

    sleep_need_hours: float
    caffeine_limit_mg: float


def adult_guide_lines(knowledge: Knowledge) -> GuideLines:
    """The knowledge's adult defaults: the chart is drawn for a page or a doctor's report, not
    for one profile, and its subtitle says so."""
    anyone = Person()  # nothing known fits only a threshold's last rule, the one for adults
    return GuideLines(
        sleep_need_hours=knowledge.threshold("sleep_need_hours", anyone).value,
        caffeine_limit_mg=knowledge.threshold("caffeine_daily_limit_mg", anyone).value,
    )


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


def timeline_description(
    episodes: Sequence[LoggedEpisode],
    sleep: dict[date, float],
    caffeine: dict[date, float],
    exertion: dict[date, float],
    zone: ZoneInfo,
    period: tuple[date, date],
    lines: GuideLines,
) -> str:
    """What a reader should see, in words: how many episodes followed short nights and so on."""
    start, end = period
    per_day = episodes_per_day(episodes, zone)

    def followed(totals: dict[date, float], test: Callable[[float], bool]) -> tuple[int, int]:
        chosen = [d for d, value in totals.items() if start <= d <= end and test(value)]
        return len(chosen), sum(per_day[d] for d in chosen)

    short, limit = lines.sleep_need_hours, lines.caffeine_limit_mg
    nights, after_nights = followed(sleep, lambda hours: hours < short)
    heavy, on_heavy = followed(caffeine, lambda mg: mg > limit)
    active, on_active = followed(exertion, lambda minutes: minutes > 0)
    kinds = Counter(e.kind.value for e in episodes)
    return (
        f"Timeline for {period_label(start, end)}, local time in {zone.key}. "
        f"{counted(len(episodes), 'episode')} ({kinds_text(kinds)}). "
        f"{counted(nights, 'night')} shorter than {short:g} hours, followed by "
        f"{counted(after_nights, 'episode')}; "
        f"{counted(heavy, 'day')} with more than {limit:g} mg of caffeine, with "
        f"{counted(on_heavy, 'episode')}; "
        f"{counted(active, 'day')} with exercise or sex, with {counted(on_active, 'episode')}."
    )


# Panel heights in CSS px: on a screen, and on the doctor's A4 page (the chart at the page's full
# width, with room left for the rest of a month's report on the same page).
SCREEN_HEIGHTS = (170, 64)
NARROW_WIDTH = 245  # a phone's 375 px, less the card's padding and the axis labels
PAGE_HEIGHTS = (110, 40)


def _episode_panel(
    rows: list[Row], start: date, end: date, height: int, *, narrow: bool = False
) -> Spec:
    kinds = sorted({row["kind"] for row in rows}, key=list(KIND_STYLE).index) or ["twitch"]
    styles = [KIND_STYLE[kind] for kind in kinds]
    unrated = any(row["intensity"] is None for row in rows)
    ticks = [NOT_RATED_Y] * unrated + [0, 2, 4, 6, 8, 10]
    # the legend doubles as the panel's title, on one line like the other panels' titles
    legend = {
        "title": "Episodes: intensity 0–10, by kind",
        # on a phone the kinds go beneath the title, so neither runs off the edge
        "titleOrient": "top" if narrow else "left",
        "titleLimit": 400,
        "titlePadding": 12,
        "orient": "top",
        "direction": "horizontal",
        "offset": 6,
    }
    return {
        **({} if rows else {"title": {"text": "Episodes: none in this period", **PANEL_TITLE}}),
        "width": NARROW_WIDTH if narrow else WIDTH,
        "height": height,
        "data": {"values": rows, "format": {"parse": {"local_time": "utc:'%Y-%m-%dT%H:%M:%S'"}}},
        "mark": {"type": "point", "filled": True, "size": 60, "opacity": 0.8},
        "encoding": {
            "x": time_axis("local_time", start, end, last=False),
            "y": {
                "field": "y",
                "type": "quantitative",
                "scale": {"domain": [min(ticks) - 0.5 * unrated, 10.5], "nice": False},
                "axis": {
                    "title": None,
                    "values": ticks,
                    "tickCount": len(ticks),
                    "labelExpr": "datum.value < 0 ? 'not rated' : datum.label",
                },
            },
            "color": {
                "field": "kind",
                "type": "nominal",
                "scale": scale(kinds, styles, 0),
                "legend": legend if rows else None,
            },
            "shape": {"field": "kind", "type": "nominal", "scale": scale(kinds, styles, 1)},
            "tooltip": tips(
                ("kind", "Kind"),
                ("when", "When"),
                ("sites", "Where"),
                ("intensity_text", "Intensity"),
            ),
        },
    }


def _daily_panel(
    totals: dict[date, float],
    names: tuple[str, str],
    start: date,
    end: date,
    line: tuple[float, str, str] | None,
    height: int,
    *,
    last: bool,
    narrow: bool = False,
) -> Spec:
    """Bars from each day's midnight to the next; ``names`` = (title, tooltip unit);
    ``line`` = (value, label, highlight test) for a dashed guide line."""
    rows = daily_rows(totals, start, end)
    top = max([row["value"] for row in rows] + [line[0] if line else 0, 1.0])
    ticks = value_ticks(top)
    colour: Spec = {"value": SKY}
    layers: list[Spec] = []
    if line is not None:
        value, label, test = line
        colour = {"condition": {"test": test, "value": VERMILLION}, "value": SKY}
        rule = {"type": "rule", "strokeDash": [5, 3], "color": INK, "strokeWidth": 1.2}
        text = {"type": "text", "align": "left", "dx": 4, "fontSize": 11}
        layers = [
            {"data": {"values": [{}]}, "mark": rule, "encoding": {"y": {"datum": value}}},
        ]
        # the line's value beside its end; on a phone there is no room, and the title says it
        layers += (
            []
            if narrow
            else [
                {
                    "data": {"values": [{}]},
                    "mark": text,
                    "encoding": {
                        "x": {"value": WIDTH},
                        "y": {"datum": value},
                        "text": {"value": label},
                    },
                },
            ]
        )
    parse = {"day": "utc:'%Y-%m-%d'", "next": "utc:'%Y-%m-%d'"}
    wide = WIDTH / ((end - start).days + 1) >= 4  # room for a hairline between days
    bars: Spec = {
        "data": {"values": rows, "format": {"parse": parse}},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 0.5 if wide else 0},
        "encoding": {
            "x": time_axis("day", start, end, last=last, narrow=narrow),
            "x2": {"field": "next"},
            "y": {
                "field": "value",
                "type": "quantitative",
                "scale": {"domain": [0, top * 1.05], "nice": False},
                "axis": {"title": None, "values": ticks, "tickCount": len(ticks), "format": ",d"},
            },
            "y2": {"datum": 0},
            "color": colour,
            "tooltip": [
                {"field": "label", "title": "Day"},
                {"field": "value", "title": names[1], "format": ",.1f"},
            ],
        },
    }
    words: str | list[str] = names[0]
    if narrow and " (" in names[0]:  # the reading of the colours on a line of its own
        head, _, rest = names[0].partition(" (")
        words = [head, "(" + rest]
    title = {"text": words, **PANEL_TITLE}
    width = NARROW_WIDTH if narrow else WIDTH
    return {"title": title, "width": width, "height": height, "layer": [bars, *layers]}


def timeline_spec(
    episodes: Sequence[LoggedEpisode],
    exposures: Sequence[Exposure],
    *,
    zone: ZoneInfo,
    start: date,
    end: date,
    knowledge: Knowledge,
    heights: tuple[int, int] = SCREEN_HEIGHTS,
    narrow: bool = False,
) -> Spec:
    """Episodes over start..end above daily sleep, caffeine and exertion, on one time axis; the
    sleep and caffeine lines are the knowledge's adult defaults. ``heights``: the episode
    panel's and each daily panel's (``PAGE_HEIGHTS`` for the PDF). ``narrow``: for a phone,
    titles and labels kept inside the chart's width (the page draws it on a narrow box)."""
    inside = episodes_in(episodes, zone, start, end)
    sleep = sleep_per_day(exposures, zone)
    caffeine = caffeine_per_day(exposures, zone)
    exertion = exertion_per_day(exposures, zone)
    lines = adult_guide_lines(knowledge)
    short, limit = lines.sleep_need_hours, lines.caffeine_limit_mg
    daily = [
        (
            sleep,
            (f"Sleep the night before, hours (orange: under {short:g} h)", "Sleep (h)"),
            (short, f"{short:g} h", f"datum.value < {short}"),
        ),
        (
            caffeine,
            (f"Caffeine per day, mg (orange: over {limit:g} mg)", "Caffeine (mg)"),
            (limit, f"{limit:g} mg", f"datum.value > {limit}"),
        ),
        (exertion, ("Exercise and sex per day, minutes", "Exertion (min)"), None),
    ]
    panels = [_episode_panel(episode_rows(inside, zone), start, end, heights[0], narrow=narrow)] + [
        _daily_panel(
            totals, names, start, end, line, heights[1], last=totals is exertion, narrow=narrow
        )
        for totals, names, line in daily
    ]
    about = [period_label(start, end), f"times in {zone.key}", "dashed lines: adult guidance"]
    return chart(
        "Episodes and what came before them",
        about if narrow else " · ".join(about),
        timeline_description(inside, sleep, caffeine, exertion, zone, (start, end), lines),
        {
            "spacing": 16,
            "vconcat": panels,
            "resolve": {"scale": {"x": "shared", "y": "independent"}},
        },
    )
