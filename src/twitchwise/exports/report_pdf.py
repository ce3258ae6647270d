"""The doctor's report as PDF: one to three A4 pages a busy doctor reads in a minute.

Pure: a ``DoctorReport`` and the timeline's PNG (drawn from the same chart definition as the web
pages) in, PDF bytes out. ReportLab lays it out; it installs from PyPI with no system library.
Order, most important first: who and when, the warning signs recorded, the timeline, factors and
medicines side by side, the triggers, then the episodes (all of them for a short period; for a
long one, a month-by-month count, every episode with a warning sign and the latest ones).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from twitchwise.domain.assessment import TriageLevel
from twitchwise.domain.report import CheckedEpisode, DoctorReport
from twitchwise.domain.units import number
from twitchwise.domain.wording import counted
from twitchwise.exports.pdf_style import (
    LEVEL_COLOURS,
    LEVEL_WORDS,
    MARGIN,
    MUTED,
    WIDTH,
)
from twitchwise.exports.pdf_style import paragraph as _p
from twitchwise.exports.pdf_style import table as _table
from twitchwise.exports.report_words import words_section

ALL_EPISODES_UP_TO = 24  # more than this: month counts, flagged episodes and the latest ones
LATEST = 12
SIDE_BY_SIDE_FROM = 9  # a longer episode list is set in two columns
CHART_HEIGHT = 150 * mm  # the timeline at full width stays well within a page
URGENT_RANK = TriageLevel.URGENT.rank  # from this level up, the flag's own words are shown


def described_person(report: DoctorReport) -> str:
    profile = report.profile
    parts = []
    if report.age_years is not None:
        parts.append(f"{report.age_years} years old")
    if profile.sex is not None:
        parts.append(profile.sex.value)
    if profile.pregnant and profile.sex is not None and profile.sex.value == "female":
        parts.append("pregnant")
    described = ", ".join(parts) if parts else "age and sex not entered"
    return f"{described}; times in {profile.time_zone}"


def _headline(report: DoctorReport) -> Paragraph:
    kinds = Counter(checked.episode.kind.value for checked in report.episodes)
    zone = ZoneInfo(report.profile.time_zone)
    days = len({c.episode.started_at.astimezone(zone).date() for c in report.episodes})
    count = len(report.episodes)
    split = ", ".join(counted(n, kind) for kind, n in kinds.most_common())
    level = report.highest
    colour = LEVEL_COLOURS[level].hexval().replace("0x", "#")
    text = (
        f"<b>{counted(count, 'episode')}</b>"
        + (f" ({split}) on {counted(days, 'day')}" if count else "")
        + f". Highest level of any episode's check: <font color='{colour}'><b>"
        + f"{LEVEL_WORDS[level]}</b></font>."
    )
    return _p(text)


def _flags(report: DoctorReport, zone: ZoneInfo) -> list[Any]:
    out: list[Any] = [_p("Warning signs recorded", "h2")]
    if report.visits:
        seen = "; ".join(
            f"{visit.on:%d %b %Y}: {visit.outcome.value}"
            + (f" ({escape(visit.note)})" if visit.note else "")
            for visit in report.visits[-3:]
        )
        out.append(_p(f"<b>Seen by a doctor</b> about this: {seen}."))
    if not report.flags:
        out.append(_p("None of the checks of this period's episodes raised a warning sign."))
        return out
    rows: list[list[Any]] = [["Warning sign", "Level", "Episodes", "First", "Last"]]
    for flag in report.flags:
        colour = LEVEL_COLOURS[flag.level].hexval().replace("0x", "#")
        rows.append(
            [
                _p(
                    f"<b>{escape(flag.sign)}</b>"
                    + (f": {escape(flag.why)}" if flag.level.rank >= URGENT_RANK else "")
                    + _cited(report, flag.sources)
                    + (
                        f" <i>{escape(flag.seen_by_doctor)}; not raising the level</i>"
                        if flag.seen_by_doctor
                        else ""
                    ),
                    "cell",
                ),
                _p(f"<font color='{colour}'><b>{LEVEL_WORDS[flag.level]}</b></font>", "cell"),
                str(flag.episodes),
                f"{flag.first.astimezone(zone):%d %b %Y}",
                f"{flag.last.astimezone(zone):%d %b %Y}",
            ]
        )
    out.append(_table(rows, [WIDTH * 0.58, WIDTH * 0.12, WIDTH * 0.08, WIDTH * 0.11, WIDTH * 0.11]))
    return out


def _cited(report: DoctorReport, ids: Sequence[str]) -> str:
    """Source ids as they are printed, each a link to its publisher's page where it has one."""
    addresses = {cited.id: cited.url for cited in report.citations}
    shown = [
        f'<a href="{escape(url)}" color="#1f5f9e">{escape(i)}</a>'
        if (url := addresses.get(i))
        else escape(i)
        for i in ids
    ]
    return f" [{', '.join(shown)}]"


def _side_by_side(report: DoctorReport) -> Table:
    factors: list[list[Any]] = [["Likely contributing factors", "likely", "possible"]]
    for factor in report.factors:
        if factor.likely or factor.possible:
            factors.append(
                [_p(escape(factor.name), "cell"), str(factor.likely), str(factor.possible)]
            )
    if len(factors) == 1:
        factors.append([_p("none stood out in the checks", "cell"), "", ""])
    half = WIDTH / 2 - 3 * mm
    medicines: list[list[Any]] = [["Medicines and supplements", "mg/day", "taken"]]
    for course in report.courses:
        dose = "" if course.dose_mg_per_day is None else number(course.dose_mg_per_day)
        since = f"since {course.started_on:%d %b %Y}" if course.started_on else ""
        if course.stopped_on:
            since += f" to {course.stopped_on:%d %b %Y}"
        medicines.append(
            [_p(escape(course.name) + f" ({course.kind.value})", "cell"), dose, _p(since, "cell")]
        )
    if len(medicines) == 1:
        medicines.append([_p("none entered", "cell"), "", ""])
    left = _table(factors, [half * 0.74, half * 0.13, half * 0.13])
    right = _table(medicines, [half * 0.5, half * 0.16, half * 0.34])
    outer = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2])
    outer.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return outer


def _triggers_period(report: DoctorReport) -> str:
    """Which days the triggers come from: the whole diary up to the report's last day, which
    is usually longer than the report's own period (more days, firmer answers)."""
    first = report.triggers_from
    if first is None:
        return "From the whole diary, which holds no entries yet."
    days = (report.end - first).days + 1
    longer = " (longer than this report's period)" if first < report.start else ""
    return (
        f"From the whole diary up to the report's last day: {first:%d %b %Y} to "
        f"{report.end:%d %b %Y}, {counted(days, 'day')}{longer}."
    )


def _triggers(report: DoctorReport) -> list[Any]:
    triggers = report.triggers
    out: list[Any] = [
        _p("Triggers (each episode compared with other times in the same diary)", "h2"),
        _p(_triggers_period(report), "small"),
    ]
    if not triggers.enough_data:
        out.append(
            _p(
                "Not enough episodes yet to name a trigger: "
                f"{counted(triggers.episodes, 'episode')} logged, "
                f"{triggers.needed_episodes} more needed. No guess is made before that."
            )
        )
        return out
    shown = [f for f in triggers.findings if f.significant]
    if not shown:
        out.append(
            _p(
                f"None of the {triggers.candidates_tested} exposures tested stood out "
                f"({counted(triggers.episodes, 'episode')})."
            )
        )
    for finding in shown:
        out.append(_p(f"&bull; {escape(finding.summary)}"))
    out.append(
        _p(
            f"{counted(triggers.episodes, 'episode')} over "
            f"{counted(triggers.days_logged, 'logged day')}; "
            f"{counted(triggers.candidates_tested, 'exposure')} tested, "
            f"false-discovery rate q = {triggers.fdr_q:g}.",
            "small",
        )
    )
    return out


def _episode_row(checked: CheckedEpisode, zone: ZoneInfo) -> list[Any]:
    episode = checked.episode
    colour = LEVEL_COLOURS[checked.level].hexval().replace("0x", "#")

    def shown(value: float | None) -> str:
        return "" if value is None else number(value)

    return [
        f"{episode.started_at.astimezone(zone):%a %d %b %H:%M}",
        episode.kind.value,
        _p(escape(", ".join(site.value for site in episode.body_sites)), "cell"),
        shown(episode.duration_minutes),
        shown(episode.intensity),
        shown(episode.pain),
        _p(escape((episode.context.value if episode.context else "").replace("_", " ")), "cell"),
        _p(f"<font color='{colour}'>{LEVEL_WORDS[checked.level]}</font>", "cell"),
    ]


EPISODE_HEADER = ["When", "Kind", "Where", "Min", "Int.", "Pain", "Doing", "Check"]
EPISODE_WIDTHS = [0.16, 0.08, 0.2, 0.07, 0.06, 0.06, 0.2, 0.17]


def _episodes(report: DoctorReport, zone: ZoneInfo) -> list[Any]:
    chosen = list(report.episodes)
    out: list[Any] = []
    if len(chosen) > ALL_EPISODES_UP_TO:
        months = Counter(c.episode.started_at.astimezone(zone).strftime("%Y-%m") for c in chosen)
        rows: list[list[Any]] = [
            ["Month"] + [f"{date.fromisoformat(m + '-01'):%b %Y}" for m in sorted(months)]
        ]
        rows.append(["Episodes"] + [str(months[m]) for m in sorted(months)])
        out += [
            _p("Episodes per month", "h2"),
            _table(rows, [WIDTH / (len(months) + 1)] * (len(months) + 1)),
        ]
        flagged = [c for c in chosen if c.level.rank >= URGENT_RANK]
        latest = chosen[-LATEST:]
        chosen = sorted(
            {id(c): c for c in [*flagged, *latest]}.values(), key=lambda c: c.episode.started_at
        )
        title = (
            f"Episodes whose check said urgent or emergency ({len(flagged)}) and the latest "
            f"{len(latest)} (the warning signs of all of them are in the table above)"
        )
    else:
        title = "Episodes"
    if not chosen:
        return [*out, _p(title, "h2"), _p("None in this period.")]
    if len(chosen) < SIDE_BY_SIDE_FROM:
        rows = [EPISODE_HEADER] + [_episode_row(c, zone) for c in chosen]
        return [*out, _p(title, "h2"), _table(rows, [WIDTH * w for w in EPISODE_WIDTHS])]
    half = (len(chosen) + 1) // 2
    columns = [chosen[:half], chosen[half:]]
    width = WIDTH / 2 - 2 * mm
    tables = [
        _table(
            [SHORT_HEADER] + [_short_row(c, zone) for c in column],
            [width * w for w in SHORT_WIDTHS],
        )
        for column in columns
    ]
    outer = Table([tables], colWidths=[WIDTH / 2, WIDTH / 2])
    outer.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [*out, _p(title, "h2"), outer]


SHORT_HEADER = ["When", "Kind", "Where", "Min", "Int.", "Check"]
SHORT_WIDTHS = [0.27, 0.13, 0.2, 0.08, 0.08, 0.24]


def _short_row(checked: CheckedEpisode, zone: ZoneInfo) -> list[Any]:
    """An episode in the two-column list: the context goes, pain joins intensity."""
    when, kind, where, minutes, intensity, _pain, _doing, check = _episode_row(checked, zone)
    return [when, kind, where, minutes, intensity, check]


def render_report(report: DoctorReport, timeline_png: bytes | None) -> bytes:
    """The report as PDF bytes. ``timeline_png`` is the timeline chart drawn at 2x."""
    zone = ZoneInfo(report.profile.time_zone)
    period = f"{report.start:%d %b %Y} to {report.end:%d %b %Y}"
    story: list[Any] = [
        _p("Twitches and cramps: a summary for the doctor", "title"),
        _p(f"{period} &middot; {escape(described_person(report))}", "sub"),
        Spacer(1, 2 * mm),
        _headline(report),
        *_flags(report, zone),
    ]
    note = _p(
        "The timeline shows each episode by kind and strength, with sleep, caffeine and "
        "exertion per day beneath; orange bars cross the thresholds used in the checks. "
        f"The checks and triggers come from the person's own entries. {escape(report.disclaimer)}",
        "small",
    )
    if timeline_png is not None:
        # The page's whole width: the chart's 11 px labels then print at about 8 pt.
        image = Image(io.BytesIO(timeline_png))
        scale = min(WIDTH / image.imageWidth, CHART_HEIGHT / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        story += [Spacer(1, 2 * mm), KeepTogether([image, Spacer(1, 1 * mm), note])]
    else:
        story += [Spacer(1, 2 * mm), note]
    triggers = _triggers(report)  # its heading stays with its first lines
    story += [Spacer(1, 2 * mm), _side_by_side(report), KeepTogether(triggers[:3]), *triggers[3:]]
    episodes = _episodes(report, zone)
    story += [KeepTogether(episodes[:2]), KeepTogether(episodes[2:])]
    story += words_section(report, zone, _p)
    buffer = io.BytesIO()

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(MUTED)
        text = (
            f"Made by twitchwise from the person's own diary on {report.generated:%d %b %Y} "
            f"(knowledge {report.knowledge_version}). Information, not a diagnosis."
        )
        canvas.drawString(MARGIN, 8 * mm, text)
        canvas.drawRightString(A4[0] - MARGIN, 8 * mm, f"page {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"twitchwise report {period}",
        author="twitchwise",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
