"""The read of one export: entries (workouts, water) as they come, nights and daily measures at
the end; every table found by its name and columns in the file (``database.Schema``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.measures import DailyMeasure
from twitchwise.imports.readers.apple_health.summary import Summary
from twitchwise.imports.readers.health_connect.context import Context
from twitchwise.imports.readers.health_connect.database import (
    KNOWN_VERSIONS,
    damaged,
    opened_export,
    plain,
)
from twitchwise.imports.readers.health_connect.entries import (
    read_exercise,
    read_hydration,
    read_sleep,
)
from twitchwise.imports.readers.health_connect.measures import (
    MEANS,
    last_row,
    read_measures,
    tables,
)
from twitchwise.imports.readers.per_day import SourceDays

READ = frozenset(
    plain(name)
    for name in (
        "sleep_session_record_table",
        "sleep_stages_table",
        "exercise_session_record_table",
        "hydration_record_table",
        "steps_record_table",
        "active_calories_burned_record_table",
        "resting_heart_rate_record_table",
        "heart_rate_variability_rmssd_record_table",
        "heart_rate_record_table",
        "heart_rate_record_series_table",
    )
)


def read_health_connect(
    path: Path,
    summary: Summary,
    on_rows: Callable[[int, int], None] | None = None,
) -> Iterator[Exposure | DailyMeasure]:
    """Stream the export at ``path`` (zip or .db).
    ``on_rows(done, total)`` is told the records read so far of about ``total``."""
    with opened_export(path) as (connection, schema):
        context = Context(connection, schema, summary)
        try:
            yield from _read(context, on_rows)
        except sqlite3.DatabaseError:
            raise damaged() from None


def _read(
    context: Context, on_rows: Callable[[int, int], None] | None
) -> Iterator[Exposure | DailyMeasure]:
    schema, summary = context.schema, context.summary
    context.load_apps()
    measured = tables(context)
    sessions = schema.find("sleep_session_record_table", "row_id", "start_time", "end_time")
    stages = schema.find("sleep_stages_table", "parent_key", "stage_start_time", "stage_type")
    exercise = schema.find("exercise_session_record_table", "start_time", "end_time")
    water = schema.find("hydration_record_table", "start_time", "volume")
    found = [t for t in (sessions, stages, exercise, water) if t is not None]
    total = sum(last_row(context, t) for t in found) + sum(
        last_row(context, t) for _, t, _ in measured
    )
    if on_rows is not None:
        report = on_rows
        context.on_rows = lambda done: report(done, max(total, done))
    summary.version = schema.version
    if schema.version not in KNOWN_VERSIONS:
        summary.tally.notes.append(
            f"this export's schema version ({schema.version}) is newer than any seen; its "
            "tables were read by their names and columns"
        )
    if exercise is not None:
        yield from read_exercise(context, exercise)
    if water is not None:
        yield from read_hydration(context, water)
    days = SourceDays(MEANS)
    for what, table, parent in measured:
        read_measures(context, what, table, parent, days)
    if sessions is not None:
        yield from read_sleep(context, sessions, stages).nights(summary)
    yield from days.measures()
    _note(context, {plain(t.name) for t in found} | {plain(t.name) for _, t, _ in measured})


def _note(context: Context, read: set[str]) -> None:
    notes = context.summary.tally.notes
    notes.append(
        "times were read with each record's own UTC offset, so every day is the local day "
        "where the record was made"
    )
    if context.junk:
        notes.append(f"refused {context.junk:,} records with junk values (see problems)")
    unread = [
        name
        for name in context.schema.record_tables()
        if plain(name) not in READ and plain(name).endswith("recordtable")
    ]
    if unread:
        notes.append("not read: " + ", ".join(unread[:12]) + (" ..." if len(unread) > 12 else ""))
