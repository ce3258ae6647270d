"""One chart definition for the terminal's ``--charts``, the web pages and the PDF report.

The ``*_spec`` functions build Vega-Lite v5 specifications as plain dicts, with the data inline
(no URLs, no remote fonts), a title and a screen-reader description each, the Okabe-Ito palette
(distinguishable with colour-blindness) doubled by shapes, and text of 11 px or more. The web
pages hand a spec to vega-embed; ``render_svg``/``render_png`` draw it offline with
vl-convert, imported only when called. The numbers and words come from ``chart_data``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from twitchwise import chart_data as cd
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.triggers import TriggerReport, TriggerStatus

Spec = dict[str, Any]

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGA_LITE_VERSION = "5.21"  # what render_* draw with: vl-convert's default is v6
WIDTH = 700

# Okabe & Ito (2008), "Color Universal Design": told apart with any colour vision.
BLUE, SKY, GREEN, ORANGE, VERMILLION = "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00"
GREY, INK = "#8C8C8C", "#222222"
KIND_STYLE = {
    "twitch": (BLUE, "circle"),
    "cramp": (VERMILLION, "triangle-up"),
    "spasm": (GREEN, "square"),
}
STATUS_STYLE: dict[TriggerStatus, tuple[str, str]] = {
    TriggerStatus.LIKELY_TRIGGER: (VERMILLION, "diamond"),
    TriggerStatus.POSSIBLE_TRIGGER: (ORANGE, "triangle-up"),
    TriggerStatus.NO_CLEAR_LINK: (GREY, "circle"),
    TriggerStatus.POSSIBLE_PROTECTOR: (BLUE, "square"),
    TriggerStatus.NOT_ENOUGH_DATA: ("#BBBBBB", "cross"),
}
# Episodes per day in the calendar: light grey for none, then ColorBrewer "Blues".
LEVEL_COLOURS = ("#EBEBEB", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")

_FONTS = {"labelFontSize": 11, "titleFontSize": 12, "labelColor": INK, "titleColor": INK}
CONFIG: Spec = {
    "font": "Helvetica, Arial, sans-serif",
    "axis": _FONTS,
    "legend": _FONTS,
    "title": {"fontSize": 16, "subtitleFontSize": 12, "anchor": "start", "color": INK},
    "text": {"fontSize": 12, "color": INK},
    "view": {"stroke": None},
}
PANEL_TITLE: Spec = {"fontSize": 12, "fontWeight": "bold", "anchor": "start", "frame": "group"}


def _chart(title: str, subtitle: str | list[str], description: str, body: Spec) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": subtitle, "offset": 14},
        "description": description,
        "background": "white",
        "padding": 12,
        "config": CONFIG,
        **body,
    }


def _tips(*fields: tuple[str, str]) -> list[Spec]:
    return [{"field": field, "title": title} for field, title in fields]


def _scale(domain: Sequence[str], style: Sequence[tuple[str, str]], part: int) -> Spec:
    return {"domain": list(domain), "range": [pair[part] for pair in style]}


def _x(field: str, start: date, end: date, *, last: bool) -> Spec:
    """The shared time axis: floating local times on a UTC scale, labelled on the last panel."""
    domain = [cd.utc_midnight(start), cd.utc_midnight(end + timedelta(days=1))]
    ticks = cd.time_ticks(start, end)
    axis: Spec = {
        "title": None,
        "values": ticks,
        "tickCount": len(ticks),  # or Vega thins explicit values down to width/40 of them
        # the year on January's first tick (the title carries the period's years)
        "labelExpr": "utcFormat(datum.value, utcmonth(datum.value) == 0"
        " && utcdate(datum.value) <= 7 ? '%-d %b %Y' : '%-d %b')",
        "labelOverlap": True,
    }
    if not last:
        axis |= {"labels": False, "ticks": False, "domain": False}
    return {
        "field": field,
        "type": "temporal",
        "scale": {"type": "utc", "domain": domain},
        "axis": axis,
    }


def _episode_panel(rows: list[cd.Row], start: date, end: date) -> Spec:
    kinds = sorted({row["kind"] for row in rows}, key=list(KIND_STYLE).index) or ["twitch"]
    styles = [KIND_STYLE[kind] for kind in kinds]
    unrated = any(row["intensity"] is None for row in rows)
    ticks = [cd.NOT_RATED_Y] * unrated + [0, 2, 4, 6, 8, 10]
    # the legend doubles as the panel's title, on one line like the other panels' titles
    legend = {
        "title": "Episodes: intensity 0–10, by kind",
        "titleOrient": "left",
        "titleLimit": 400,
        "titlePadding": 12,
        "orient": "top",
        "direction": "horizontal",
        "offset": 6,
    }
    return {
        **({} if rows else {"title": {"text": "Episodes: none in this period", **PANEL_TITLE}}),
        "width": WIDTH,
        "height": 170,
        "data": {"values": rows, "format": {"parse": {"local_time": "utc:'%Y-%m-%dT%H:%M:%S'"}}},
        "mark": {"type": "point", "filled": True, "size": 60, "opacity": 0.8},
        "encoding": {
            "x": _x("local_time", start, end, last=False),
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
                "scale": _scale(kinds, styles, 0),
                "legend": legend if rows else None,
            },
            "shape": {"field": "kind", "type": "nominal", "scale": _scale(kinds, styles, 1)},
            "tooltip": _tips(
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
    *,
    last: bool,
) -> Spec:
    """Bars from each day's midnight to the next; ``names`` = (title, tooltip unit);
    ``line`` = (value, label, highlight test) for a dashed guide line."""
    rows = cd.daily_rows(totals, start, end)
    top = max([row["value"] for row in rows] + [line[0] if line else 0, 1.0])
    ticks = cd.value_ticks(top)
    colour: Spec = {"value": SKY}
    layers: list[Spec] = []
    if line is not None:
        value, label, test = line
        colour = {"condition": {"test": test, "value": VERMILLION}, "value": SKY}
        rule = {"type": "rule", "strokeDash": [5, 3], "color": INK, "strokeWidth": 1.2}
        text = {"type": "text", "align": "left", "dx": 4, "fontSize": 11}
        layers = [
            {"data": {"values": [{}]}, "mark": rule, "encoding": {"y": {"datum": value}}},
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
    parse = {"day": "utc:'%Y-%m-%d'", "next": "utc:'%Y-%m-%d'"}
    wide = WIDTH / ((end - start).days + 1) >= 4  # room for a hairline between days
    bars: Spec = {
        "data": {"values": rows, "format": {"parse": parse}},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 0.5 if wide else 0},
        "encoding": {
            "x": _x("day", start, end, last=last),
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
    title = {"text": names[0], **PANEL_TITLE}
    return {"title": title, "width": WIDTH, "height": 64, "layer": [bars, *layers]}


def timeline_spec(
    episodes: Sequence[LoggedEpisode],
    exposures: Sequence[Exposure],
    *,
    zone: ZoneInfo,
    start: date,
    end: date,
) -> Spec:
    """Episodes over start..end above daily sleep, caffeine and exertion, on one time axis."""
    inside = cd.episodes_in(episodes, zone, start, end)
    sleep = cd.sleep_per_day(exposures, zone)
    caffeine = cd.caffeine_per_day(exposures, zone)
    exertion = cd.exertion_per_day(exposures, zone)
    short, limit = cd.SHORT_NIGHT_HOURS, cd.CAFFEINE_LIMIT_MG
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
    panels = [_episode_panel(cd.episode_rows(inside, zone), start, end)] + [
        _daily_panel(totals, names, start, end, line, last=totals is exertion)
        for totals, names, line in daily
    ]
    return _chart(
        "Episodes and what came before them",
        f"{cd.period_label(start, end)} · times in {zone.key}",
        cd.timeline_description(inside, sleep, caffeine, exertion, zone, (start, end)),
        {
            "spacing": 16,
            "vconcat": panels,
            "resolve": {"scale": {"x": "shared", "y": "independent"}},
        },
    )


def calendar_spec(
    episodes: Sequence[LoggedEpisode], *, zone: ZoneInfo, start: date, end: date
) -> Spec:
    """A heat map of start..end: a column per week, a row per weekday, shaded by episodes."""
    rows = cd.calendar_rows(cd.episodes_in(episodes, zone, start, end), zone, start, end)
    step = max(12, min(30, WIDTH // max(len({row["week"] for row in rows}), 1)))
    months = cd.month_labels(start, end)
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
    y = {"field": "weekday", "type": "ordinal", "sort": list(cd.WEEKDAYS), "axis": bare}
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
                "scale": {"domain": list(cd.LEVELS), "range": list(LEVEL_COLOURS)},
                "legend": legend,
            },
            "tooltip": _tips(("label", "Day"), ("count", "Episodes"), ("kinds", "Kinds")),
        },
    }
    dark = {"condition": {"test": "datum.count >= 3", "value": "white"}, "value": INK}
    counts = {
        "transform": [{"filter": "datum.count > 0"}],
        "mark": {"type": "text", "fontSize": 11},
        "encoding": {"text": {"field": "count"}, "color": dark},
    }
    return _chart(
        "Episodes per day",
        f"{cd.period_label(start, end)} · weeks start on Monday",
        cd.calendar_description(rows, start, end),
        {
            "data": {"values": rows},
            "width": {"step": step},
            "height": {"step": step},
            "encoding": {"x": x, "y": y},
            "layer": [cells, counts] if step >= 16 else [cells],  # numbers while they fit
        },
    )


def _message_spec(title: str, message: str) -> Spec:
    return _chart(
        title,
        "",
        f"{title}: {message}",
        {
            "data": {"values": [{"text": message}]},
            "width": WIDTH,
            "height": 60,
            "mark": {"type": "text", "fontSize": 15, "align": "center"},
            "encoding": {"text": {"field": "text"}},
        },
    )


def forest_spec(report: TriggerReport, *, narrow: bool = False) -> Spec:
    """Each tested exposure's rate ratio with its 95% interval, on a log axis around 1.

    ``narrow``: for a phone's width, each exposure's name above its row instead of beside it and
    no column of numbers (the page's table has them), so the plot keeps the whole width."""
    title = "Possible triggers: rate ratios"
    numbered = [f for f in report.findings if f.odds_ratio is not None]
    if not numbered:
        return _message_spec(title, cd.forest_message(report))
    domain = cd.axis_domain(numbered)
    rows = cd.forest_rows(numbered, domain)
    statuses = [s for s in TriggerStatus if any(f.status is s for f in numbered)]
    names, styles = [cd.STATUS_LABEL[s] for s in statuses], [STATUS_STYLE[s] for s in statuses]
    y = {"field": "label", "type": "nominal", "sort": [row["label"] for row in rows], "title": None}
    status = {"field": "status", "type": "nominal", "title": "Status"}
    colour = status | {"scale": _scale(names, styles, 0)}
    ticks = cd.forest_ticks(domain)
    log = {"type": "quantitative", "scale": {"type": "log", "domain": list(domain), "nice": False}}
    axis_title: str | list[str] = (
        "Rate ratio (log scale): left of 1 fewer episodes, right of 1 more"
    )
    if narrow:
        axis_title = ["Rate ratio (log scale):", "left of 1 fewer episodes, right of 1 more"]
    x = log | {
        "axis": {"values": ticks, "tickCount": len(ticks), "format": "~g", "title": axis_title}
    }

    def marker(test: str, field: str, mark: Spec, **encoding: Any) -> Spec:
        return {
            "transform": [{"filter": test}],
            "mark": mark,
            "encoding": {"x": x | {"field": field}, "y": y, "color": colour, **encoding},
        }

    def arrow(shape: str) -> Spec:
        return {"type": "point", "shape": shape, "filled": True, "size": 90}

    point = {"type": "point", "filled": True, "size": 140, "opacity": 1}
    one = {"type": "rule", "strokeDash": [4, 3], "color": INK}
    y_axis: Spec | None = {"labelLimit": 260, "labelFontSize": 12}
    legend: Spec = {"orient": "bottom", "direction": "horizontal"}
    names_above: list[Spec] = []
    if narrow:
        y_axis, legend = None, {"orient": "bottom", "direction": "vertical"}
        names_above = [
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dy": -9,
                    "fontSize": 12,
                    "limit": 250,
                },
                "encoding": {"x": {"value": 0}, "y": y, "text": {"field": "label"}},
            }
        ]
    plot: Spec = {
        "width": 250 if narrow else 320,
        "height": {"step": 52 if narrow else 34},
        "layer": [
            {"data": {"values": [{}]}, "mark": one, "encoding": {"x": log | {"datum": 1}}},
            marker("datum.has_ci", "lo", {"type": "rule", "strokeWidth": 2.5}, x2={"field": "hi"}),
            marker("datum.open_high", "hi", arrow("triangle-right")),
            marker("datum.open_low", "lo", arrow("triangle-left")),
            marker(
                "datum.rr_on_axis",  # a rate ratio of 0 or off the axis: the arrow shows it
                "rr",
                point,
                y=y | {"axis": y_axis},
                color=colour | {"legend": legend},
                shape=status | {"scale": _scale(names, styles, 1)},
                tooltip=_tips(
                    ("label", "Exposure"),
                    ("text", "Result"),
                    ("status", "Status"),
                    ("summary", "Summary"),
                ),
            ),
            *names_above,
        ],
    }
    column: Spec = {
        "width": 200,
        "height": {"step": 34},
        "title": {"text": "Rate ratio (95% CI), episodes exposed", **PANEL_TITLE, "fontSize": 11},
        "mark": {"type": "text", "align": "left", "fontSize": 12},
        "encoding": {"x": {"value": 0}, "y": y | {"axis": None}, "text": {"field": "text"}},
    }
    subtitle = ["Dot: rate ratio; line: 95% confidence interval; dashed line: no effect (1)."]
    if any(row["open_low"] or row["open_high"] for row in rows):
        subtitle.append("Arrow: the interval runs on past the axis (too few episodes to close it).")
    description = cd.forest_description(report, rows)
    if narrow:
        subtitle = [
            "Dot: rate ratio; line: 95% confidence interval;",
            "dashed line: no effect (1).",
            *(["Arrow: the interval runs on past the axis."] if len(subtitle) > 1 else []),
        ]
        return _chart(title, subtitle, description, {"data": {"values": rows}, **plot})
    return _chart(
        title,
        subtitle,
        description,
        {
            "data": {"values": rows},
            "spacing": 12,
            "hconcat": [plot, column],
            "resolve": {"scale": {"y": "shared"}},
        },
    )


def render_svg(spec: Spec) -> str:
    """The chart as an SVG document (offline: no remote data may be fetched)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])


def render_png(spec: Spec, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, ``scale`` times its size in CSS pixels."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(
        spec, vl_version=VEGA_LITE_VERSION, scale=scale, allowed_base_urls=[]
    )
