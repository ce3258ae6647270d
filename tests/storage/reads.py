"""How much of the database a piece of work reads, measured by the database itself.

``ReadMeter(engine)`` records every statement the engine runs while it is on; ``work()`` then
replays them on one connection and asks the database what each one cost: PostgreSQL's
``EXPLAIN ANALYZE`` (rows read by every scan of a table or an index), SQLite's virtual machine
(instructions run, counted by a progress handler: a scan of N rows costs several per row).
Either grows with a diary that is read whole and stays flat for one that is read in windows.

And ``fill_history``: years of old diary rows, inserted in bulk, that no page or list should read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event

from twitchwise.domain.episodes import BodySite, EpisodeKind
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import Draft, LoggedEpisode
from twitchwise.storage.store import Store

SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


class ReadMeter:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[tuple[str, Any]] = []

    @contextmanager
    def recording(self) -> Iterator[ReadMeter]:
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            self.statements.append((statement, parameters))

        event.listen(self.engine, "before_cursor_execute", keep)
        try:
            yield self
        finally:
            event.remove(self.engine, "before_cursor_execute", keep)

    def work(self) -> int:
        """Rows scanned (PostgreSQL) or instructions run (SQLite) by the recorded statements."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                return sum(_rows_scanned(connection, s, p) for s, p in self.statements)
            steps = [0]

            def count() -> int:
                steps[0] += 1
                return 0

            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.set_progress_handler(count, 1)  # type: ignore[attr-defined]
            try:
                for statement, parameters in self.statements:
                    if _reads(statement):
                        connection.exec_driver_sql(statement, parameters).fetchall()
            finally:
                raw.set_progress_handler(None, 1)  # type: ignore[attr-defined]
            return steps[0]


def _rows_scanned(connection: Any, statement: str, parameters: Any) -> int:
    if "set_config" in statement:
        connection.exec_driver_sql(statement, parameters)  # the person, for row-level security
        return 0
    if not _reads(statement):
        return 0
    plan = connection.exec_driver_sql(
        "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
    ).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return _scanned(plan[0]["Plan"])


def _reads(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("SELECT", "WITH"))


def _scanned(node: dict[str, Any]) -> int:
    own = 0
    if node.get("Node Type") in SCANS:
        own = int(node.get("Actual Rows", 0) * node.get("Actual Loops", 1))
        own += int(node.get("Rows Removed by Filter", 0) * node.get("Actual Loops", 1))
    return own + sum(_scanned(child) for child in node.get("Plans", ()))


def history(until: datetime, days: int, per_day: int, episodes_per_day: int = 0) -> Iterator[Draft]:
    """``days`` of diary before ``until``: ``per_day`` exposures a day, and ``episodes_per_day``
    episodes a day (by default one every other day: a run of episodes that never stops)."""
    types = list(ExposureType)
    for day in range(days):
        noon = until - timedelta(days=days - day, hours=12)
        for n in range(per_day):
            kind = types[n % 4]  # caffeine, alcohol, water, sleep: amounts alone are enough
            yield Exposure(type=kind, started_at=noon + timedelta(minutes=n), amount=1.0 + n)
        for n in range(episodes_per_day or (day + 1) % 2):
            yield LoggedEpisode(
                kind=EpisodeKind.TWITCH,
                started_at=noon + timedelta(minutes=n),
                body_sites=[BodySite.CALF],
            )


def fill_history(
    store: Store, owner: int, until: datetime, days: int, per_day: int, episodes_per_day: int = 0
) -> int:
    """Add the rows, then let PostgreSQL's planner know about them, as its autovacuum would
    within a minute of such an insert (as the tables' owner: the app's role may not)."""
    with store.write(owner) as journal:
        added = journal.add_many(
            history(until, days, per_day, episodes_per_day), source="test"
        ).added
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL ROLE NONE")
            connection.exec_driver_sql("ANALYZE episode, exposure")
    return added
