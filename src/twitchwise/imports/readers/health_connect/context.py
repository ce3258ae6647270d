"""What every part of one Health Connect read shares: the open file, its schema, the writing
apps, the counts, and the rules for times and junk values.

Times in the file are epoch milliseconds in UTC; each record carries its own UTC offset in
seconds (``zone_offset``, or ``start_zone_offset`` and ``end_zone_offset``), so a record's
local time is exact wherever the person was: a DST change or a flight changes the offset of the
records after it, and nothing here uses the server's or the profile's zone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from twitchwise.imports.readers.apple_health.summary import Summary
from twitchwise.imports.readers.health_connect.database import Schema, quoted

MOST_OFFSET_S = 14 * 3600  # UTC-12:00 to UTC+14:00; an offset in milliseconds is junk
FIRST_DAY, LAST_DAY = 10_957, 47_482  # epoch days of 2000-01-01 and 2100-01-01
_ZONES: dict[int, timezone] = {}


def offset_zone(seconds: int) -> timezone:
    """The fixed zone of a record's UTC offset."""
    zone = _ZONES.get(seconds)
    if zone is None:
        zone = _ZONES[seconds] = timezone(timedelta(seconds=seconds))
    return zone


def plausible_offset(seconds: object) -> bool:
    """A real UTC offset in seconds, whole minutes (an offset in ms, or none, is junk)."""
    return isinstance(seconds, int) and abs(seconds) <= MOST_OFFSET_S and seconds % 60 == 0


def moment(millis: int, offset: int) -> datetime:
    """The instant ``millis`` (epoch ms, UTC) as the record's local time."""
    return datetime.fromtimestamp(millis / 1000, offset_zone(offset))


def plausible_instant(millis: object) -> bool:
    return isinstance(millis, int) and FIRST_DAY * 86_400_000 <= millis < LAST_DAY * 86_400_000


@dataclass
class Context:
    """One read of one export."""

    connection: sqlite3.Connection
    schema: Schema
    summary: Summary
    on_rows: Callable[[int], None] | None = None
    apps: dict[int, str] = field(default_factory=dict)  # app_info_id -> package name
    rows_done: int = 0
    junk: int = 0

    def load_apps(self) -> None:
        table = self.schema.find("application_info_table", "row_id", "package_name")
        if table is None:  # pragma: no cover - read_schema refuses such a file
            return
        row_id, package = table.column("row_id"), table.column("package_name")
        label = table.column("app_name") or package
        sql = (
            f"SELECT {quoted(row_id or '')}, {quoted(package or '')}, {quoted(label or '')} "
            f"FROM {quoted(table.name)}"
        )
        for key, package_name, app_name in self.connection.execute(sql):
            self.apps[key] = str(package_name or app_name or f"app {key}")

    def app(self, key: object) -> str:
        return self.apps.get(key, "") if isinstance(key, int) else ""

    def refuse(self, kind: str, count: int, why: str) -> None:
        """``count`` records of ``kind`` refused as junk, each counted skipped."""
        if count <= 0:
            return
        self.junk += count
        self.summary.skipped[kind] += count
        self.summary.problem(f"{kind}: {count:,} refused as junk ({why})")

    def done(self, rows: int) -> None:
        """``rows`` more records read."""
        self.rows_done += rows
        self.summary.records += rows
        if self.on_rows is not None:
            self.on_rows(self.rows_done)
