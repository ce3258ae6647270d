"""The forest plot: each tested exposure's rate ratio with its 95% interval, on a log axis
around 1 (the triggers page and ``--charts``)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any, TypeGuard

from twitchwise.charts.spec import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    PANEL_TITLE,
    VERMILLION,
    Row,
    Spec,
    chart,
    message_chart,
    scale,
    tips,
)
from twitchwise.domain.triggers import TriggerFinding, TriggerReport, TriggerStatus
from twitchwise.domain.wording import counted

STATUS_LABEL: dict[TriggerStatus, str] = {
    TriggerStatus.LIKELY_TRIGGER: "Likely trigger",
    TriggerStatus.CANNOT_TELL: "Cannot tell",
    TriggerStatus.NO_CLEAR_LINK: "No clear link",
    TriggerStatus.POSSIBLE_PROTECTOR: "Possible protector",
    TriggerStatus.NOT_ENOUGH_DATA: "Not enough data",
}
STATUS_STYLE: dict[TriggerStatus, tuple[str, str]] = {
    TriggerStatus.LIKELY_TRIGGER: (VERMILLION, "diamond"),
    TriggerStatus.CANNOT_TELL: (ORANGE, "triangle-up"),
    TriggerStatus.NO_CLEAR_LINK: (GREY, "circle"),
    TriggerStatus.POSSIBLE_PROTECTOR: (BLUE, "square"),
    TriggerStatus.NOT_ENOUGH_DATA: ("#BBBBBB", "cross"),
}
AXIS_MIN, AXIS_MAX = 0.05, 50.0  # the widest log axis; beyond it, arrows


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
        for v in (finding.rate_ratio, finding.ci_low, finding.ci_high)
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
    lo, hi, ratio = finding.ci_low, finding.ci_high, finding.rate_ratio
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
        ratio = finding.rate_ratio
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


def forest_description(report: TriggerReport, rows: Sequence[Row]) -> str:
    results = " ".join(f"{row['label']}: {row['text']}, {row['status'].lower()}." for row in rows)
    return (
        f"Rate ratios for {counted(len(rows), 'exposure')} from "
        f"{counted(report.episodes, 'episode')} over {counted(report.days_logged, 'day')}. "
        f"{results}"
    )


def forest_message(report: TriggerReport) -> str:
    """What the forest plot says when no finding has numbers."""
    if not report.enough_data or report.needed_episodes > 0:
        return f"Not enough episodes yet: {report.needed_episodes} more needed"
    return "No exposures could be tested"


def forest_spec(report: TriggerReport, *, narrow: bool = False) -> Spec:
    """Each tested exposure's rate ratio with its 95% interval, on a log axis around 1.

    ``narrow``: for a phone's width, each exposure's name above its row instead of beside it and
    no column of numbers (the page's table has them), so the plot keeps the whole width."""
    title = "Possible triggers: rate ratios"
    numbered = [f for f in report.findings if f.rate_ratio is not None]
    if not numbered:
        return message_chart(title, forest_message(report))
    domain = axis_domain(numbered)
    rows = forest_rows(numbered, domain)
    statuses = [s for s in TriggerStatus if any(f.status is s for f in numbered)]
    names, styles = [STATUS_LABEL[s] for s in statuses], [STATUS_STYLE[s] for s in statuses]
    y = {"field": "label", "type": "nominal", "sort": [row["label"] for row in rows], "title": None}
    status = {"field": "status", "type": "nominal", "title": "Status"}
    colour = status | {"scale": scale(names, styles, 0)}
    ticks = forest_ticks(domain)
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
                shape=status | {"scale": scale(names, styles, 1)},
                tooltip=tips(
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
    description = forest_description(report, rows)
    if narrow:
        subtitle = [
            "Dot: rate ratio; line: 95% confidence interval;",
            "dashed line: no effect (1).",
            *(["Arrow: the interval runs on past the axis."] if len(subtitle) > 1 else []),
        ]
        return chart(title, subtitle, description, {"data": {"values": rows}, **plot})
    return chart(
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
