"""`twitchwise import` and `twitchwise export`: backups (lossless JSON), the long CSV format, FHIR
R4 bundles, and Apple Health, Health Connect and Fitbit exports, all through the one import
pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.domain.wording import counted

if TYPE_CHECKING:
    from rich.console import Console

    from twitchwise.imports.report import ImportReport

import_app = typer.Typer(
    help="Bring entries into the diary: an Apple Health, Health Connect or Fitbit (Google "
    "Takeout) export, a backup, a CSV file or a FHIR bundle.",
    no_args_is_help=True,
)
export_app = typer.Typer(
    help="Write the diary out: a lossless backup, CSV or a FHIR bundle.", no_args_is_help=True
)

FILE = typer.Argument(help="the file to read", show_default=False)
OUT = typer.Option("--out", "-o", help="the file to write", show_default=False)


def _run(kind: str, path: Path) -> None:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from twitchwise.cli.state import opened
    from twitchwise.imports import pipeline

    console = Console(stderr=True)
    size_columns = (
        (DownloadColumn(), TransferSpeedColumn())
        if kind == "apple-health"
        else (MofNCompleteColumn(),)
    )
    with reported(), opened() as app:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            *size_columns,
            TextColumn("{task.fields[records]:,} records, {task.fields[kept]:,} kept"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"Importing {path.name}", total=None, records=0, kept=0)

            def show(progress: pipeline.Progress) -> None:
                bar.update(
                    task,
                    completed=progress.done,
                    total=progress.total,
                    records=progress.records,
                    kept=progress.kept,
                )

            report = _named(path, lambda: pipeline.import_file(app.store, kind, path, show))
    show_import(Console(), report)


def _named(path: Path, run: Callable[[], ImportReport]) -> ImportReport:
    """``run()``, a problem with the file itself named with the file's name (the readers say
    what is wrong in words; the import page and the API name the upload beside them)."""
    from twitchwise.domain.errors import FieldProblem, InputError

    try:
        return run()
    except InputError as error:
        problems = [
            FieldProblem(p.field, f"{path.name}: {p.reason}")
            if p.field == "FILE" and not p.reason.startswith(str(path))
            else p
            for p in error.problems
        ]
        raise InputError.from_problems(problems) from None


@import_app.command("apple-health")
def import_apple_health(path: Annotated[Path, FILE]) -> None:
    """Import an Apple Health export (export.zip, export.xml or the unzipped folder), streamed.

    Example: twitchwise import apple-health ~/Downloads/export.zip
    """
    _run("apple-health", path)


@import_app.command("health-connect")
def import_health_connect(path: Annotated[Path, FILE]) -> None:
    """Import an Android Health Connect export (Health Connect.zip, or the
    health_connect_export.db inside it): sleep, workouts, water, steps, heart rate and HRV.
    Importing it again adds nothing.

    Example: twitchwise import health-connect "~/Downloads/Health Connect.zip"
    """
    _run("health-connect", path)


@import_app.command("fitbit")
def import_fitbit(path: Annotated[Path, FILE]) -> None:
    """Import Fitbit data from Google Takeout (the takeout zip, or its Fitbit folder): sleep,
    workouts, steps, heart rate and HRV. Times without a zone are read in your profile's zone.

    Example: twitchwise import fitbit ~/Downloads/takeout-20260101T000000Z-001.zip
    """
    _run("fitbit", path)


@import_app.command("backup")
def import_backup(path: Annotated[Path, FILE]) -> None:
    """Restore a backup: exactly into an empty journal; only what is missing into a full one.

    Example: twitchwise import backup twitchwise-backup.json
    """
    _run("backup", path)


@import_app.command("csv")
def import_csv(path: Annotated[Path, FILE]) -> None:
    """Import the long CSV format (docs/csv-format.md); a file with any bad row saves nothing.

    Example: twitchwise import csv diary.csv
    """
    _run("csv", path)


@import_app.command("fhir")
def import_fhir(path: Annotated[Path, FILE]) -> None:
    """Import a FHIR R4 Bundle (docs/fhir.md): episodes, exposures and medicine courses; the
    sex and birth year only where your profile has none. Importing it twice adds nothing.

    Example: twitchwise import fhir twitchwise-fhir.json
    """
    _run("fhir", path)


def _export(kind: str, out: Path) -> int:
    from twitchwise.cli.files import atomic_writer
    from twitchwise.cli.state import opened
    from twitchwise.services.exports import EXPORTS

    with reported(), opened() as app, app.store.read() as journal, atomic_writer(out) as stream:
        return EXPORTS[kind](journal, stream, app.now())


@export_app.command("backup")
def export_backup(out: Annotated[Path, OUT]) -> None:
    """Write every entry, with ids and the profile, to a JSON backup.

    Example: twitchwise export backup --out twitchwise-backup.json
    """
    typer.echo(f"Wrote {counted(_export('backup', out), 'entry')} to {out}.")


@export_app.command("csv")
def export_csv(out: Annotated[Path, OUT]) -> None:
    """Write episodes and exposures in the long CSV format.

    Example: twitchwise export csv --out diary.csv
    """
    typer.echo(f"Wrote {counted(_export('csv', out), 'row')} to {out}.")


@export_app.command("fhir")
def export_fhir(out: Annotated[Path, OUT]) -> None:
    """Write a FHIR R4 Bundle for a doctor's system: your sex and birth year (if set), episodes,
    exposures and medicine courses, coded as docs/fhir.md lists.

    Example: twitchwise export fhir --out bundle.json
    """
    typer.echo(f"Wrote {counted(_export('fhir', out), 'resource')} to {out}.")


def show_import(console: Console, report: ImportReport) -> None:
    """What an import did, from the same summary the API answers: added, already there, and per
    type kept / merged / skipped."""
    from rich.table import Table
    from rich.text import Text

    summary = report.as_json()
    console.print(
        f"Added {counted(report.added, 'entry')}; {report.already:,} "
        f"{'was' if report.already == 1 else 'were'} already in the journal"
        + (f"; {counted(report.measures, 'daily measure')}" if report.measures else "")
        + f" ({counted(report.records, 'record')} read in {report.seconds:.1f} s)."
    )
    if summary["types"]:
        table = Table(title="By type", show_lines=False)
        for column in ("type", "kept", "merged", "skipped"):
            table.add_column(column, justify="left" if column == "type" else "right")
        for row in summary["types"]:
            table.add_row(
                row["type"], *(f"{row[column]:,}" for column in ("kept", "merged", "skipped"))
            )
        console.print(table)
    for note in summary["notes"]:
        console.print(Text(f"Note: {note}", style="dim"))
    for problem in summary["problems"][:5]:
        console.print(Text(f"Skipped: {problem}", style="yellow"))
