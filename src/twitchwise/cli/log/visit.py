"""`twitchwise log visit`: a doctor has seen you about the twitches or cramps."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log.group import draft_of, log_app, now_or, save


class Outcome(StrEnum):  # the domain's VisitOutcome, spelled here so --help needs no import
    REASSURED = "reassured"
    REFERRED = "referred"
    TREATED = "treated"
    DIAGNOSED = "diagnosed"


@log_app.command()
def visit(
    outcome: Annotated[
        Outcome, typer.Option(help="what came of it: reassured, referred, treated, diagnosed")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="the day of the visit (default today)")
    ] = None,
    note: Annotated[str | None, typer.Option(help="what the doctor said or did")] = None,
) -> None:
    """Record a doctor's visit: the warning signs of the history the doctor has seen (how long,
    where, how often) stop raising the level until something new appears after it; symptom
    signs such as weakness always count.

    Example: twitchwise log visit --on 2026-11-10 --outcome reassured --note "normal exam"
    """
    from twitchwise.cli.when import parse_day
    from twitchwise.domain.journal import DoctorVisit

    today = now_or(None).date()
    with reported():
        day = parse_day(on, today, "--on") if on else today
        if day > today:
            from twitchwise.domain.errors import InputError

            raise InputError("--on", f"{day} is in the future: record a visit once it happened")
    save(draft_of(DoctorVisit, {"on": day, "outcome": outcome.value, "note": note}))
