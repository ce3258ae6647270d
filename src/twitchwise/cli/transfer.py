"""`twitchwise import` and `twitchwise export`: backups (lossless JSON) and the long CSV format."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from twitchwise.cli.errors import reported

import_app = typer.Typer(
    help="Bring entries into the diary: a backup or a CSV file.", no_args_is_help=True
)
export_app = typer.Typer(
    help="Write the diary out: a lossless backup or CSV.", no_args_is_help=True
)

FILE = typer.Argument(help="the file to read", show_default=False)
OUT = typer.Option("--out", "-o", help="the file to write", show_default=False)


def _report(added: int, skipped: int) -> None:
    typer.echo(f"Added {added} entries; {skipped} were already in the journal.")


@import_app.command("backup")
def import_backup(path: Annotated[Path, FILE]) -> None:
    """Restore a backup: exactly into an empty journal; only what is missing into a full one.

    Example: twitchwise import backup twitchwise-backup.json
    """
    from pydantic import ValidationError

    from twitchwise.cli.files import read_text
    from twitchwise.cli.state import opened
    from twitchwise.domain.backup import Backup
    from twitchwise.domain.errors import input_error_from_validation

    with reported():
        try:
            backup = Backup.model_validate_json(read_text(path))
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
        with opened() as app, app.store.write() as journal:
            report = journal.restore(backup)
    _report(report.added, report.skipped)


@import_app.command("csv")
def import_csv(path: Annotated[Path, FILE]) -> None:
    """Import the long CSV format (docs/csv-format.md); a file with any bad row saves nothing.

    Example: twitchwise import csv diary.csv
    """
    from rich.progress import Progress

    from twitchwise.cli.files import read_text
    from twitchwise.cli.state import opened
    from twitchwise.imports.csv_long import read_csv

    with reported():
        text = read_text(path)
        with Progress(transient=True) as progress:
            task = progress.add_task("Checking rows", total=max(1, text.count("\n")))
            records = read_csv(
                io.StringIO(text), on_progress=lambda done: progress.update(task, completed=done)
            )
            progress.update(task, description="Saving")
            with opened() as app, app.store.write() as journal:
                report = journal.add_many([record.entry for record in records], source="csv")
    _report(report.added, report.skipped)


@export_app.command("backup")
def export_backup(out: Annotated[Path, OUT]) -> None:
    """Write every entry, with ids and the profile, to a JSON backup.

    Example: twitchwise export backup --out twitchwise-backup.json
    """
    from twitchwise.cli.files import atomic_write_text
    from twitchwise.cli.state import opened

    with reported(), opened() as app, app.store.read() as journal:
        backup = journal.backup(exported_at=datetime.now(UTC))
        atomic_write_text(out, backup.model_dump_json(indent=2))
    typer.echo(f"Wrote {len(backup.entries())} entries to {out}.")


@export_app.command("csv")
def export_csv(out: Annotated[Path, OUT]) -> None:
    """Write episodes and exposures in the long CSV format.

    Example: twitchwise export csv --out diary.csv
    """
    from twitchwise.cli.files import atomic_write_text
    from twitchwise.cli.state import opened
    from twitchwise.domain.exposures import Exposure
    from twitchwise.domain.journal import LoggedEpisode
    from twitchwise.exports.csv_long import write_csv

    with reported(), opened() as app, app.store.read() as journal:
        entries: list[LoggedEpisode | Exposure] = [*journal.episodes(), *journal.exposures()]
        buffer = io.StringIO()
        rows = write_csv(entries, buffer)
        atomic_write_text(out, buffer.getvalue())
    typer.echo(f"Wrote {rows} rows to {out}.")
