"""`twitchwise report`: the doctor's report, one to three pages of PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from twitchwise.cli.errors import reported


def _day(text: str | None, option: str) -> date | None:
    from twitchwise.domain.errors import InputError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(option, f"{text!r} is not a date such as 2026-11-01") from None


def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="the PDF file to write")],
    start: Annotated[
        str | None,
        typer.Option("--from", help="first day (2026-09-01); default: 90 days before --to"),
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="last day; default: today")] = None,
) -> None:
    """Write the report for your doctor: warning signs, timeline, factors, triggers, medicines.

    Example: twitchwise report --out twitchwise-report.pdf --from 2026-09-01
    """
    from twitchwise.cli.files import atomic_write_bytes
    from twitchwise.cli.state import opened
    from twitchwise.knowledge import load_knowledge
    from twitchwise.services.report import report_pdf, report_period

    with reported(), opened() as app:
        first, last = report_period(_day(start, "--from"), _day(end, "--to"), app.now().date())
        pdf = report_pdf(app.store, load_knowledge(), app.now(), first, last)
        atomic_write_bytes(out, pdf)
    typer.echo(f"Wrote the report for {first} to {last} to {out} ({len(pdf) // 1024} KB).")
