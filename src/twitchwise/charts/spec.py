"""What every chart's Vega-Lite spec is built from: the look (palette, fonts, frame) and the
pieces each chart repeats (titled chart, tooltip, colour or shape scale, a message in place of a
chart)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Spec = dict[str, Any]
Row = dict[str, Any]  # one data row of a chart, inline in its spec

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 700

# Okabe & Ito (2008), "Color Universal Design": told apart with any colour vision.
BLUE, SKY, GREEN, ORANGE, VERMILLION = "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00"
GREY, INK = "#8C8C8C", "#222222"

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


def chart(title: str, subtitle: str | list[str], description: str, body: Spec) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": subtitle, "offset": 14},
        "description": description,
        "background": "white",
        "padding": 12,
        "config": CONFIG,
        **body,
    }


def tips(*fields: tuple[str, str]) -> list[Spec]:
    return [{"field": field, "title": title} for field, title in fields]


def scale(domain: Sequence[str], style: Sequence[tuple[str, str]], part: int) -> Spec:
    return {"domain": list(domain), "range": [pair[part] for pair in style]}


def message_chart(title: str, message: str) -> Spec:
    """A chart that is only a sentence, for when there is nothing to draw."""
    return chart(
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
