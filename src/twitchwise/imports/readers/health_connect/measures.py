"""Steps, active energy, heart rate, resting heart rate and HRV (RMSSD) as one value per local
day (``per_day``'s rule: the source that recorded the most that day, never a sum of sources).

Summing millions of samples is left to SQLite, a slice of rows at a time (``SLICE`` row ids):
memory stays that of one slice's few groups, and progress is told after each slice. A value
outside its plausible range (negative steps, an HRV of 1.4e-45 ms, a heart rate of 0) or with
a junk offset is refused in the same query and counted, per record.
"""

from __future__ import annotations

from dataclasses import dataclass

from twitchwise.domain.measures import MeasureKind
from twitchwise.imports.readers.health_connect.context import (
    FIRST_DAY,
    LAST_DAY,
    MOST_OFFSET_S,
    Context,
)
from twitchwise.imports.readers.health_connect.database import Table, quoted
from twitchwise.imports.readers.per_day import EPOCH_ORDINAL, MEANS, SourceDays

__all__ = ["MEANS", "read_measures", "tables"]

SLICE = 250_000  # row ids per query
DAY_MS = 86_400_000


@dataclass(frozen=True)
class Measured:
    """A table of one value per record, and what it becomes."""

    kind: str  # as the report names it
    table: str
    value: tuple[str, ...]  # the value column's possible names
    measure: MeasureKind
    scale: float  # file unit -> ours
    low: float  # plausible values of one record, in the file's unit
    high: float
    unit: str  # the file's unit, for the refusal's text


MEASURED = (
    Measured("steps", "steps_record_table", ("count",), MeasureKind.STEPS, 1, 0, 100_000, ""),
    Measured(
        "active calories burned",
        "active_calories_burned_record_table",
        ("energy",),
        MeasureKind.ACTIVE_ENERGY_KCAL,
        0.001,  # the file's energy is in calories (kcal x 1000)
        0,
        20_000_000,
        " cal",
    ),
    Measured(
        "resting heart rate",
        "resting_heart_rate_record_table",
        ("beats_per_minute",),
        MeasureKind.RESTING_HEART_RATE_BPM,
        1,
        20,
        250,
        " bpm",
    ),
    Measured(
        "heart rate variability",
        "heart_rate_variability_rmssd_record_table",
        ("heart_rate_variability_millis", "heart_rate_variability"),
        MeasureKind.HRV_RMSSD_MS,
        1,
        1,
        500,
        " ms",
    ),
)
HEART_RATE = Measured(
    "heart rate",
    "heart_rate_record_series_table",
    ("beats_per_minute",),
    MeasureKind.HEART_RATE_MEAN_BPM,
    1,
    25,
    300,
    " bpm",
)


def tables(context: Context) -> list[tuple[Measured, Table, Table | None]]:
    """The measured tables the export has: (what, its table, the parent of a series)."""
    found: list[tuple[Measured, Table, Table | None]] = []
    schema = context.schema
    for what in MEASURED:
        table = schema.find(what.table, "app_info_id")
        if table is not None and table.column(*what.value):
            found.append((what, table, None))
    parent = schema.find("heart_rate_record_table", "row_id", "app_info_id", "start_time")
    child = schema.find(HEART_RATE.table, "parent_key", "epoch_millis", "beats_per_minute")
    if parent is not None and child is not None:
        found.append((HEART_RATE, child, parent))
    return found


def last_row(context: Context, table: Table) -> int:
    row = context.connection.execute(f"SELECT MAX(rowid) FROM {quoted(table.name)}").fetchone()
    return int(row[0] or 0)


def read_measures(
    context: Context, what: Measured, table: Table, parent: Table | None, days: SourceDays
) -> None:
    """Every record of ``table`` into ``days``, a slice at a time; junk refused and counted."""
    good, source, day, value, origin = _terms(what, table, parent)
    name = quoted(table.name)
    grouped = (
        f"SELECT {source}, {day} AS day, SUM({value}), COUNT(*) {origin} "
        f"WHERE r.rowid > ? AND r.rowid <= ? AND {good} GROUP BY 1, 2"
    )
    counted = f"SELECT COUNT(*) FROM {name} WHERE rowid > ? AND rowid <= ?"
    last, start = last_row(context, table), 0
    while start < last:
        end = start + SLICE
        total = int(context.connection.execute(counted, (start, end)).fetchone()[0])
        kept = 0
        for app, epoch_day, amount, count in context.connection.execute(grouped, (start, end)):
            if not FIRST_DAY <= epoch_day < LAST_DAY:
                continue  # counted junk below, with the other refused records
            ordinal = int(epoch_day) + EPOCH_ORDINAL
            if days.add(what.measure, context.app(app), ordinal, amount * what.scale, count):
                kept += count
        context.summary.merged[what.kind] += kept
        context.refuse(
            what.kind,
            total - kept,
            f"a value outside {what.low:g}-{what.high:g}{what.unit}, no readable time or UTC "
            "offset, or a date outside 2000-2099",
        )
        context.done(total)
        start = end


def _terms(what: Measured, table: Table, parent: Table | None) -> tuple[str, str, str, str, str]:
    """(condition of a good record, source, local epoch day, value, FROM clause) in SQL."""
    value = "r." + quoted(table.column(*what.value) or "")
    if parent is not None:  # series: the sample's own instant, its parent's offset
        offset = "p." + quoted(parent.column("start_zone_offset") or "")
        instant = "r." + quoted(table.column("epoch_millis") or "")
        day = f"(({instant} + 1000 * {offset}) / {DAY_MS})"
        source = "p." + quoted(parent.column("app_info_id") or "")
        parent_id = quoted(parent.column("row_id") or "")
        key = quoted(table.column("parent_key") or "")
        origin = (
            f"FROM {quoted(table.name)} r JOIN {quoted(parent.name)} p ON p.{parent_id} = r.{key}"
        )
    else:
        instant_name = table.column("time", "start_time") or ""
        offset = "r." + quoted(table.column("zone_offset", "start_zone_offset") or "")
        instant = "r." + quoted(instant_name)
        local = table.column("local_date")
        computed = f"(({instant} + 1000 * {offset}) / {DAY_MS})"
        day = f"COALESCE(r.{quoted(local)}, {computed})" if local else computed
        source = "r." + quoted(table.column("app_info_id") or "")
        origin = f"FROM {quoted(table.name)} r"
    good = (
        f"{value} >= {what.low!r} AND {value} <= {what.high!r} "
        f"AND typeof({instant}) = 'integer' AND typeof({offset}) = 'integer' "
        f"AND ABS({offset}) <= {MOST_OFFSET_S} AND {offset} % 60 = 0"
    )
    return good, source, day, value, origin
