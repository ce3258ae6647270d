"""The embedded SQLite journal: pragmas on every connection, writers that wait their turn,
nothing lost to SIGKILL, a clear error and nothing lost when the disk is full."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from twitchwise.domain.errors import StorageError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store

T = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def fresh_store(path: Path) -> Store:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return Store(engine, zone="UTC")


def test_every_pooled_connection_has_the_durable_settings(tmp_path: Path) -> None:
    store = fresh_store(tmp_path / "journal.db")
    reader = store.engine.execution_options(read_only=True)
    connections = [reader.connect() for _ in range(4)]
    try:
        expected = {
            "journal_mode": "wal",
            "synchronous": 2,  # FULL
            "foreign_keys": 1,
            "secure_delete": 1,
            "busy_timeout": 10_000,
        }
        for connection in connections:
            for name, value in expected.items():
                assert connection.exec_driver_sql(f"PRAGMA {name}").scalar() == value, name
    finally:
        for connection in connections:
            connection.close()


def test_a_write_unit_takes_the_write_lock_at_its_start(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: once a unit of work has only read, another writer cannot even begin
    (a deferred BEGIN would hold a shared lock only, and fail later when it tried to write)."""
    path = tmp_path / "journal.db"
    store = fresh_store(path)
    with store.write() as journal:
        journal.exposures()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with store.read() as journal:
        journal.exposures()
        reader = sqlite3.connect(path, timeout=0, isolation_level=None)
        reader.execute("BEGIN IMMEDIATE")  # a read-only unit leaves the write lock free
        reader.execute("ROLLBACK")
        reader.close()


def _writer(path: str, worker: int, count: int) -> tuple[int, float]:
    store = Store(make_engine(f"sqlite:///{path}"), zone="UTC")
    errors, worst = 0, 0.0
    for index in range(count):
        start = time.perf_counter()
        try:
            with store.write() as journal:
                journal.exposures(since=T)  # read first, then write: the case that deadlocks
                journal.add(
                    Exposure(
                        type=ExposureType.WATER,
                        started_at=T + timedelta(seconds=worker * 10_000 + index),
                        amount=250.0,
                    )
                )
        except StorageError:
            errors += 1
        worst = max(worst, time.perf_counter() - start)
    store.close()
    return errors, worst


@pytest.mark.slow
def test_eight_processes_writing_at_once_never_see_a_locked_database(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    store = fresh_store(path)
    store.owner_id()
    workers, each = 8, 40
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_writer, [str(path)] * workers, range(workers), [each] * workers))
    assert sum(errors for errors, _ in results) == 0
    with store.read() as journal:
        assert len(journal.exposures()) == workers * each


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from twitchwise.domain.exposures import Exposure
    from twitchwise.storage.engine import make_engine
    from twitchwise.storage.store import Store

    store = Store(make_engine("sqlite:///" + sys.argv[1]), zone="UTC")
    start = int(sys.argv[2])
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(start, start + 100_000):
        with store.write() as journal:
            entry = journal.add(
                Exposure(
                    type="caffeine", started_at=base + timedelta(seconds=n), amount=float(n % 500)
                )
            )
        print(n, entry.id, flush=True)  # the acknowledgement, only after COMMIT returned
    """
)


@pytest.mark.slow
def test_killing_the_writer_never_loses_an_acknowledged_entry(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    fresh_store(path).owner_id()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(2026)  # noqa: S311 - test timing, not a secret
    acknowledged: dict[int, int] = {}
    kills, next_n = 25, 0
    for _ in range(kills):
        process = subprocess.Popen(
            [sys.executable, str(script), str(path), str(next_n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert process.stdout is not None
        first = process.stdout.readline()  # wait until it writes, then kill it mid-stream
        time.sleep(rng.uniform(0.02, 0.3))
        os.killpg(process.pid, signal.SIGKILL)
        output, errors = process.communicate()
        assert "Traceback" not in errors, errors
        # A line cut off by the kill was never a complete acknowledgement.
        for line in (first + output).split("\n")[:-1]:
            n, entry_id = line.split()
            acknowledged[int(n)] = int(entry_id)
        next_n = max(acknowledged, default=-1) + 1 + 1000  # skip any unacknowledged commit
    assert len(acknowledged) > kills  # the writer got somewhere every time
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = dict(check.execute("SELECT id, amount FROM exposure").fetchall())
    for n, entry_id in acknowledged.items():
        assert stored.get(entry_id) == float(n % 500), f"acknowledged entry {entry_id} lost"
    check.close()


def test_a_full_disk_gives_a_clear_error_and_loses_nothing_saved(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    store = fresh_store(path)
    with store.write() as journal:
        saved = journal.add(Exposure(type="water", started_at=T, amount=500.0))
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(store.engine, "connect")
    def _tiny(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    store.engine.dispose()
    big = [
        Exposure(type="water", started_at=T + timedelta(minutes=i), amount=1.0, detail="x" * 190)
        for i in range(2000)
    ]
    with pytest.raises(StorageError, match="full; nothing was saved"), store.write() as journal:
        journal.add_many(big, source="csv")
    with store.read() as journal:
        assert [e.id for e in journal.exposures()] == [saved.id]
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
