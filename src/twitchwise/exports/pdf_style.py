"""The look of the doctor's PDF: page margins, colours for the levels, paragraph styles and the
plain table every section uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from twitchwise.domain.assessment import TriageLevel

MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN
LEVEL_WORDS = {
    TriageLevel.SELF_CARE: "self-care",
    TriageLevel.SEE_DOCTOR: "see a doctor",
    TriageLevel.URGENT: "urgent",
    TriageLevel.EMERGENCY: "emergency",
}
LEVEL_COLOURS = {
    TriageLevel.SELF_CARE: colors.HexColor("#1d6b3a"),
    TriageLevel.SEE_DOCTOR: colors.HexColor("#7a5b00"),
    TriageLevel.URGENT: colors.HexColor("#b54708"),
    TriageLevel.EMERGENCY: colors.HexColor("#a4161a"),
}
INK = colors.HexColor("#1b2430")
MUTED = colors.HexColor("#4a5565")
LINE = colors.HexColor("#c9ced6")

_BASE = ParagraphStyle("base", fontName="Helvetica", fontSize=8.5, leading=10.5, textColor=INK)
STYLES = {
    "title": ParagraphStyle("title", _BASE, fontName="Helvetica-Bold", fontSize=15, leading=18),
    "sub": ParagraphStyle("sub", _BASE, fontSize=9.5, leading=12, textColor=MUTED),
    "h2": ParagraphStyle(
        "h2",
        _BASE,
        fontName="Helvetica-Bold",
        fontSize=10.5,
        leading=13,
        spaceBefore=6,
        spaceAfter=2,
    ),
    "body": _BASE,
    "small": ParagraphStyle("small", _BASE, fontSize=7.5, leading=9, textColor=MUTED),
    "cell": ParagraphStyle("cell", _BASE, fontSize=7.5, leading=9, alignment=TA_LEFT),
}


def paragraph(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, STYLES[style])


def table(rows: list[list[Any]], widths: Sequence[float], header: bool = True) -> Table:
    grid = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ]
    grid.setStyle(TableStyle(commands))
    return grid
