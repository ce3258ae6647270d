"""The only place that draws with Rich: the triage banner, the factor table, the guide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from twitchwise.domain.assessment import AssessmentResult, FactorStatus, TriageLevel
from twitchwise.domain.wording import counted
from twitchwise.guide import GuidePage, Topic
from twitchwise.knowledge import Knowledge

BANNER = {
    TriageLevel.EMERGENCY: ("EMERGENCY: call an ambulance now", "bold white on red3"),
    TriageLevel.URGENT: ("URGENT: see a doctor today", "bold black on dark_orange"),
    TriageLevel.SEE_DOCTOR: ("See a doctor: book a routine appointment", "bold black on yellow"),
    TriageLevel.SELF_CARE: ("Self-care: no sign that needs a doctor now", "bold white on green4"),
}
STATUS_STYLE = {
    FactorStatus.LIKELY: "bold red",
    FactorStatus.POSSIBLE: "yellow",
    FactorStatus.UNLIKELY: "green",
    FactorStatus.UNKNOWN: "dim",
}


PROVISIONAL_TITLE = "Self-care for now: some warning signs were not asked"


def banner(
    level: TriageLevel, action: str, reasons: Iterable[str] = (), provisional: bool = False
) -> Panel:
    title, style = BANNER[level]
    if provisional and level is TriageLevel.SELF_CARE:
        title = PROVISIONAL_TITLE
    body = Text(action)
    for reason in reasons:
        body.append(f"\n• {reason}")
    return Panel(body, title=Text(f" {title} ", style=style), border_style=style.split()[-1])


def _score_bar(score: float) -> Text:
    filled = round(score * 10)
    return Text("█" * filled + "░" * (10 - filled) + f" {score:.2f}")


def _cause(name: str, status: FactorStatus, score: float) -> Group:
    parts = [Text(name, style="bold"), Text(status.value, style=STATUS_STYLE[status])]
    if status is not FactorStatus.UNKNOWN:
        parts.append(_score_bar(score))
    return Group(*parts)


def factor_table(result: AssessmentResult) -> Table:
    table = Table(title="What likely contributed", show_lines=True, expand=True)
    table.add_column("Cause", ratio=3)
    table.add_column("Your evidence", ratio=7)
    table.add_column("Evidence for the link", ratio=2)
    for factor in result.factors:
        evidence = (
            "\n".join(f"• {line}" for line in factor.evidence)
            if factor.evidence
            else Text("you gave no details about this", style="dim")
        )
        science = Text(factor.evidence_grade.value)
        table.add_row(_cause(factor.name, factor.status, factor.score), evidence, science)
    return table


def _numbered(title: str, lines: Iterable[str]) -> Panel | None:
    items = list(lines)
    if not items:
        return None
    body = "\n".join(f"{index}. {line}" for index, line in enumerate(items, start=1))
    return Panel(body, title=title, title_align="left", border_style="cyan")


def source_lines(knowledge: Knowledge, ids: Iterable[str]) -> list[str]:
    lines = []
    for source in knowledge.cited_sources(list(ids)):
        year = f" ({source.year})" if source.year else ""
        lines.append(f"{source.id}: {source.publisher}, {source.title}{year}")
    return lines


def show_result(console: Console, result: AssessmentResult, knowledge: Knowledge) -> None:
    triage = result.triage
    reasons = [
        f"{flag.why} [{', '.join(flag.sources)}]"
        + (f" ({flag.seen_by_doctor}; not raising the level)" if flag.seen_by_doctor else "")
        for flag in triage.flags
    ]
    console.print(banner(triage.level, triage.action, reasons, triage.provisional))
    if triage.level is TriageLevel.EMERGENCY:
        return  # nothing else ahead of, or beside, the call for an ambulance
    if triage.provisional and result.open_questions:
        asked = "; ".join(q.question for q in result.open_questions[:6])
        more = len(result.open_questions) - 6
        tail = (
            f" (and {more} more: twitchwise check without --input asks them all)"
            if more > 0
            else ""
        )
        console.print(Text(f"Not asked yet: {asked}{tail}", style="yellow"))
    console.print(factor_table(result))
    for panel in (
        _numbered("Your plan, most helpful first", result.plan),
        _numbered("Get help sooner if", triage.watch_for),
    ):
        if panel is not None:
            console.print(panel)
    console.print(
        Text("Sources (addresses: twitchwise guide sources; all ids: --json)", style="bold")
    )
    for line in source_lines(knowledge, result.shown_sources()):
        console.print(Padding(Text(line, style="dim"), (0, 0, 0, 2)))
    console.print(Text(f"\n{result.disclaimer}", style="italic"))
    console.print(Text(f"knowledge {result.knowledge_version}", style="dim"))


def show_topics(console: Console, topics: Iterable[Topic]) -> None:
    table = Table(title="twitchwise guide: pick a topic", show_header=True)
    table.add_column("twitchwise guide TOPIC", style="bold cyan")
    table.add_column("What it covers")
    for topic in topics:
        table.add_row(topic.id, f"{topic.title}: {topic.summary}")
    console.print(table)


def show_page(console: Console, page: GuidePage) -> None:
    console.print(Markdown(f"# {page.title}"))
    if page.intro:
        console.print(Text(page.intro, style="italic"))
    if page.id == "sources":  # one source a line, unwrapped: an address stays whole to copy
        for section in page.sections:
            console.print(Markdown(f"## {section.title}"))
            for line in section.bullets:
                console.print(Text(f"- {line}"), soft_wrap=True)
        return
    for section in page.sections:
        parts: list[str] = [f"## {section.title}"]
        parts.extend(section.paragraphs)
        parts.extend(f"- {bullet}" for bullet in section.bullets)
        if section.note:
            parts.append(f"*{section.note}*")
        if section.sources:
            parts.append("Sources: " + ", ".join(f"`{s}`" for s in section.sources))
        console.print(Markdown("\n\n".join(parts)))


def show_journal_context(
    console: Console, episode: str, used: Iterable[Any], history: Iterable[str]
) -> None:
    """Which diary entries filled the assessment, and what the history shows."""
    lines = [f"{item.ref}: {item.what}" for item in used] or ["(no entries in the 24 hours before)"]
    body = "\n".join(lines)
    notes = list(history)
    if notes:
        body += "\n\n" + "\n".join(f"history: {note}" for note in notes)
    console.print(Panel(body, title=f"From your diary, for {episode}", title_align="left"))


TRIGGER_STYLE = {
    "likely_trigger": "bold red",
    "cannot_tell": "yellow",
    "possible_protector": "cyan",
    "no_clear_link": "green",
    "not_enough_data": "dim",
}


def show_triggers(console: Console, report: Any) -> None:
    """Sentences with their counts first; then the table; then how it was done."""
    title = (
        f"Your triggers: {counted(report.episodes, 'episode')} over "
        f"{counted(report.days_logged, 'logged day')}"
    )
    if not report.enough_data:
        console.print(
            Panel(
                "Not enough episodes yet to name any trigger: "
                f"{report.needed_episodes} more {'is' if report.needed_episodes == 1 else 'are'} "
                "needed (20 in all, and about 5 expected inside an exposure's windows). Keep "
                "logging; until then "
                "twitchwise will not guess.",
                title=title,
                title_align="left",
            )
        )
    lines = []
    for finding in report.findings:
        if finding.status == "not_enough_data" and not report.enough_data:
            continue
        text = Text(f"• {finding.summary}\n", style=TRIGGER_STYLE[finding.status])
        text.append(f"  {finding.details}", style="dim")
        if finding.dose_response is not None:
            dose = finding.dose_response
            text.append(
                f"\n  Per {dose.per}: {dose.rate_ratio:.2f} times "
                f"(95% CI {dose.ci_low:.2f}-{dose.ci_high:.2f}; "
                f"{dose.status.replace('_', ' ')}).",
                style="dim",
            )
        if finding.caution:
            text.append(f"\n  Caution: {finding.caution}", style="yellow")
        lines.append(text)
    if lines:
        console.print(Panel(Group(*lines), title=title, title_align="left"))
    table = Table(title="The numbers", show_lines=False)
    for column in (
        "exposure",
        "window",
        "threshold",
        "rate ratio (95% CI)",
        "p",
        "q",
        "episodes in / all",
        "status",
    ):
        table.add_column(column)
    for finding in report.findings:
        if finding.rate_ratio is None:
            ratio = p = q = "-"
        else:
            high = "open" if finding.ci_high is None else f"{finding.ci_high:.2f}"
            ratio = f"{finding.rate_ratio:.2f} ({finding.ci_low:.2f}-{high})"
            p = f"{finding.p_value:.3g}"
            q = f"{finding.q_value:.3g}"
        window = f"{finding.window_hours:g} h" if finding.window_hours != 24 else "day"
        table.add_row(
            finding.label,
            window,
            finding.threshold,
            ratio,
            p,
            q,
            f"{finding.counts.episodes_exposed} / {finding.counts.episodes}",
            Text(finding.status.replace("_", " "), style=TRIGGER_STYLE[finding.status]),
        )
    console.print(table)
    console.print(Text(report.method, style="dim italic"))
