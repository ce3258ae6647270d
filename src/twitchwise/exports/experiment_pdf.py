"""A personal experiment's one-page report for the doctor (issue 21), in the shape CENT 2015
asks of an N-of-1 trial: the question, design and randomisation, length and adherence, missing
days, outcomes per arm, the estimate with its interval and p-value, the verdict by the rule fixed
before it started, its limits, and the note that it is one person's experiment.

Pure: an ``ExperimentReport`` in, PDF bytes out (ReportLab, as the diary's report)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from twitchwise.domain.experiment_report import (
    ALWAYS_LIMITS,
    STATUS_WORDS,
    VERDICT_WORDS,
    ExperimentReport,
    adherence_words,
    design_words,
    p_words,
    per_day,
    planned_days,
    ratio_words,
)
from twitchwise.domain.experiments import CHANGES, Arm
from twitchwise.exports.pdf_style import LINE, MARGIN, MUTED, WIDTH
from twitchwise.exports.pdf_style import paragraph as _p
from twitchwise.exports.pdf_style import table as _table

ARM_COLOURS = {Arm.CHANGE: colors.HexColor("#1f6f8b"), Arm.USUAL: colors.HexColor("#9aa3ad")}
STRIP_HEIGHT = 38 * mm


def _question(report: ExperimentReport) -> list[Paragraph]:
    info = CHANGES[report.change]
    zone = getattr(report.made_at.tzinfo, "key", None) or report.made_at.tzname() or ""
    return [
        _p("Question", "h2"),
        _p(
            "Do fewer (or more) twitch or cramp episodes begin on change days than on usual "
            f"days? <b>Change days:</b> {escape(info.change_day)} <b>Usual days:</b> "
            f"{escape(info.usual_day)} Outcome, fixed before the start: the episodes logged in "
            f"the diary that began on each day (local days, {escape(zone)})."
        ),
    ]


def _design(report: ExperimentReport) -> list[Paragraph]:
    s = report.schedule
    planned = planned_days(s)
    rate = (
        ""
        if report.episodes_per_week is None
        else f" at the diary's {report.episodes_per_week:.1f} episodes a week before it"
    )
    return [
        _p("Design and randomisation", "h2"),
        _p(
            f"{escape(design_words(s))} Planned: {s.weeks} weeks, {planned} days, "
            f"{s.days[0].day:%d %b %Y} to {s.days[-1].day:%d %b %Y}. The schedule was drawn by "
            f"the app when the experiment was set up, {report.started_at:%d %b %Y}, from a random "
            f"seed ({s.seed}) that is kept, so it can be re-made and checked and was not redrawn. "
            f"Worked out before the start{rate}, as the person was told: "
            f"“{escape(report.power_words)}”"
        ),
    ]


def _conduct(report: ExperimentReport) -> list[Paragraph]:
    r = report.result
    ended = STATUS_WORDS[report.status]
    if report.ended_at is not None:
        ended += f" on {report.ended_at:%d %b %Y}"
    if report.stop_reason:
        ended += f" ({escape(report.stop_reason)})"
    return [
        _p("Length, adherence, missing days", "h2"),
        _p(
            f"The experiment {ended}. Days counted: {r.days_counted} of "
            f"{planned_days(report.schedule)} planned. Adherence: {adherence_words(r)}. "
            f"Days with no adherence recorded: {r.missing_days}."
        ),
    ]


def _outcomes(report: ExperimentReport) -> list[object]:
    r = report.result
    rows = [
        ["Arm", "Days counted", "Episodes", "Episodes per day"],
        [
            "Change",
            str(r.days_change),
            str(r.episodes_change),
            per_day(r.episodes_change, r.days_change),
        ],
        [
            "Usual",
            str(r.days_usual),
            str(r.episodes_usual),
            per_day(r.episodes_usual, r.days_usual),
        ],
    ]
    return [
        _p("Outcomes per arm", "h2"),
        _table(rows, [WIDTH * 0.25] * 4),
        Spacer(1, 2 * mm),
        _strip(report),
        _p("Episodes per day, dark bars change days, light bars usual days.", "small"),
    ]


def _strip(report: ExperimentReport) -> Drawing:
    """Each counted day's episodes as a bar in its arm's colour."""
    drawing = Drawing(WIDTH, STRIP_HEIGHT)
    days = report.days
    most = max((d.episodes for d in days), default=0) or 1
    step = WIDTH / max(len(report.schedule.days), 1)
    drawing.add(Line(0, 8, WIDTH, 8, strokeColor=LINE, strokeWidth=0.5))
    for record in days:
        scheduled = report.schedule.arm_on(record.day)
        if scheduled is None:
            continue
        index = (record.day - report.schedule.start).days
        height = (STRIP_HEIGHT - 16) * record.episodes / most
        bar = Rect(index * step + step * 0.1, 8, step * 0.8, max(height, 0.6))
        bar.fillColor = colors.white if scheduled.washout else ARM_COLOURS[scheduled.arm]
        bar.strokeColor = ARM_COLOURS[scheduled.arm]
        bar.strokeWidth = 0.3
        drawing.add(bar)
    drawing.add(String(0, 0, f"{report.schedule.days[0].day:%d %b}", fontSize=6, fillColor=MUTED))
    end = f"{report.schedule.days[-1].day:%d %b}"
    drawing.add(String(WIDTH, 0, end, fontSize=6, fillColor=MUTED, textAnchor="end"))
    drawing.add(String(0, STRIP_HEIGHT - 6, f"most in a day: {most}", fontSize=6, fillColor=MUTED))
    return drawing


def _estimate(report: ExperimentReport) -> list[Paragraph]:
    r = report.result
    return [
        _p("Estimate and verdict", "h2"),
        _p(
            f"Rate ratio, episodes per day on change days against usual days: "
            f"<b>{escape(ratio_words(r))}</b>. Randomisation test p-value: {p_words(r)}."
        ),
        _p(
            f"Verdict by the rule fixed before the start: <b>{escape(VERDICT_WORDS[r.verdict])}</b>"
        ),
        _p(f"The rule: {escape(report.rule)}", "small"),
    ]


def _limits(report: ExperimentReport) -> list[Paragraph]:
    notes = [*report.result.notes, *ALWAYS_LIMITS]
    return [_p("Limits", "h2"), *(_p(f"• {escape(note)}") for note in notes)]


def render_experiment(report: ExperimentReport) -> bytes:
    out = io.BytesIO()
    title = CHANGES[report.change].title
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Personal experiment: {title}",
        author="twitchwise",
    )
    story: list[object] = [
        _p(f"Personal experiment: {escape(title)}", "title"),
        _p(
            f"One person's own N-of-1 experiment, reported {report.made_at:%d %b %Y} by twitchwise "
            "in the shape of CENT 2015 (BMJ 2015;350:h1793). It is not a diagnosis.",
            "sub",
        ),
        *_question(report),
        *_design(report),
        *_conduct(report),
        *_outcomes(report),
        *_estimate(report),
        *_limits(report),
    ]
    document.build(story)  # type: ignore[arg-type]
    return out.getvalue()
