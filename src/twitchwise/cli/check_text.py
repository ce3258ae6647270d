"""`twitchwise check --text "TEXT"`: what the words say, then only the warning-sign questions they
left open (the ones that could call for an ambulance first), then the assessment, then an offer
to keep it in the diary. An emergency sign, in the words or in an answer, gives the result at
once. `--json` asks nothing and prints the result with what was understood."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import typer

from twitchwise.assessment.from_text import TextCheck, check_text
from twitchwise.assessment.questions import Answers, ask_groups, with_unsure
from twitchwise.domain.assessment import TriageLevel
from twitchwise.knowledge import Knowledge

if TYPE_CHECKING:  # the terminal's view is imported only when it is shown (--json needs none)
    from rich.console import Console

Ask = Callable[[str], str]


def run(text: str, as_json: bool, now: datetime, knowledge: Knowledge, save: Any) -> None:
    """``save(check, answers)`` keeps the episode in the diary when the person agrees."""
    checked = check_text(text, now, knowledge)
    if as_json:
        typer.echo(json.dumps(checked.as_json(), indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    from twitchwise.cli.render import show_result

    console = Console()
    show_understood(console, checked)
    answers = Answers()
    if (
        checked.result.triage.level is not TriageLevel.EMERGENCY
        and checked.built.understanding.english
    ):
        answers = ask_open(console, checked, console.input)
        checked = check_text(text, now, knowledge, answers.as_given())
        checked = TextCheck(checked.built, with_unsure(checked.result, answers.unsure, knowledge))
    show_result(console, checked.result, knowledge)
    if checked.result.triage.level is TriageLevel.EMERGENCY:
        return
    if console.input(
        "Keep this episode and what came before it in your diary? (y / n) "
    ).strip().lower() in {"y", "yes"}:
        save(checked, answers)


def show_understood(console: Console, checked: TextCheck) -> None:
    from rich.text import Text

    understood = checked.built.understanding
    if not understood.english:
        console.print(
            Text(
                "twitchwise reads English only for now, so it could not read this. If anyone has "
                "trouble breathing or speaking, a drooping face, a fit or chest pain, call an "
                "ambulance now; otherwise please describe it to a doctor or a pharmacist.",
                style="bold",
            )
        )
        return
    console.print(Text("What I understood", style="bold"))
    if not understood.understood_anything:
        console.print(Text("  nothing I could use; the questions below still matter", style="dim"))
    for fact in understood.facts:
        if fact.field == "episode.started_at":
            continue
        value = ", ".join(fact.value) if isinstance(fact.value, list) else fact.value
        about = "about " if fact.estimate else ""
        name = fact.field.split(".")[-1].replace("_", " ")
        console.print(f'  • {name}: {about}{value}  [dim]"{fact.quote}"[/dim]')
    for mention in understood.mentions:
        label = {"present": "warning sign", "absent": "ruled out", "uncertain": "worried about"}
        sign = mention.sign.value.replace("_", " ")
        console.print(f'  • {label[mention.status.value]}: {sign}  [dim]"{mention.quote}"[/dim]')
    for medicine in understood.medicines:
        console.print(
            f'  • medicine: {medicine.written} ({medicine.change})  [dim]"{medicine.quote}"[/dim]'
        )
    for words in understood.not_understood:
        console.print(f'  ? not understood: [italic]"{words}"[/italic]')
    console.print()


def ask_open(console: Console, checked: TextCheck, ask: Ask) -> Answers:
    """The open warning signs, the most urgent group first: a yes to an emergency sign stops the
    questions (the result is shown at once)."""
    from rich.text import Text

    from twitchwise.cli.render import banner

    answers = Answers()
    for level, questions in ask_groups(checked.result.open_questions):
        console.print(Text(f"\nDo you have any of these now? ({_group_name(level)})", style="bold"))
        for number, question in enumerate(questions, start=1):
            console.print(f"  {number:>2}. {question.question}")
        reply = ask(
            "Numbers of any you have, 'no' for none of them, '?' before a number if not sure: "
        )
        answers.read(reply, questions)
        if level is TriageLevel.EMERGENCY and answers.has_any(questions):
            console.print(
                banner(
                    TriageLevel.EMERGENCY,
                    "Call an ambulance now (999 in the UK, 112 in Europe, 911 in North America).",
                )
            )
            break
    return answers


def _group_name(level: TriageLevel) -> str:
    return {
        TriageLevel.EMERGENCY: "signs that need an ambulance",
        TriageLevel.URGENT: "signs that need a doctor today",
        TriageLevel.SEE_DOCTOR: "signs worth a doctor's appointment",
    }.get(level, "other signs")
