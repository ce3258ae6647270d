"""The three exports of a whole diary, written to a text stream as they are read: the journal
streams its rows (a server-side cursor on PostgreSQL) and the writers write one entry at a time,
so memory stays flat however long the diary is. The command line writes them to a file, the API
streams them to the client."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from twitchwise.exports.backup import write_backup
from twitchwise.exports.csv_long import write_csv
from twitchwise.exports.fhir import write_bundle
from twitchwise.storage.journal import Journal


def export_backup(journal: Journal, out: TextIO, now: datetime) -> int:
    """The lossless JSON backup; the number of entries written."""
    return write_backup(
        journal.profile(),
        now.astimezone(UTC),
        journal.stream_episodes(),
        journal.stream_exposures(),
        journal.stream_courses(),
        journal.stream_notes(),
        out,
        journal.visits(),
        journal.experiments().records(),
    )


def export_csv(journal: Journal, out: TextIO, now: datetime) -> int:
    """Episodes and exposures in the long CSV format; the number of rows written."""
    return write_csv(itertools.chain(journal.stream_episodes(), journal.stream_exposures()), out)


def export_fhir(journal: Journal, out: TextIO, now: datetime) -> int:
    """A FHIR R4 Bundle; the number of resources written."""
    return write_bundle(
        journal.profile(),
        journal.stream_episodes(),
        journal.stream_exposures(),
        journal.stream_courses(),
        now,
        out,
        journal.visits(),
    )


EXPORTS: dict[str, Callable[[Journal, TextIO, datetime], int]] = {
    "backup": export_backup,
    "csv": export_csv,
    "fhir": export_fhir,
}
