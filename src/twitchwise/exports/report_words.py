"""The report's last section, only when its person chose to share the diary's free text: the
period's episode notes, exposure details and notes, oldest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from twitchwise.domain.report import DoctorReport

MOST_WORDS = 60  # a longer list keeps the latest: the report stays a few pages
LONGEST_TEXT = 400


def words_section(
    report: DoctorReport, zone: ZoneInfo, paragraph: Callable[[str, str], Any]
) -> list[Any]:
    if not report.words:
        return []
    shown = report.words[-MOST_WORDS:]
    title = "In the person's own words (shared by their choice)"
    if len(shown) < len(report.words):
        title += f": the latest {len(shown)} of {len(report.words)}"
    out = [paragraph(title, "h2")]
    for words in shown:
        text = words.text.strip()
        if len(text) > LONGEST_TEXT:
            text = text[:LONGEST_TEXT] + "..."
        when = f"{words.at.astimezone(zone):%a %d %b %H:%M}"
        out.append(paragraph(f"<b>{when}</b>, {escape(words.what)}: {escape(text)}", "cell"))
    return out
