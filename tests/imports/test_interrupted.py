"""An import whose worker was killed is found and failed when a worker starts (and each minute
after), its file deleted; so is any file no job needs; a procrastinate job left "doing" by a dead
worker is failed; and people take turns: one import per person at a time, the next job going
to the person served least recently. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from tests.storage.conftest import postgres_schema
from twitchwise.domain.time import FixedClock
from twitchwise.imports.jobs import ORPHAN_SECONDS, ImportJobs
from twitchwise.storage.store import Store

ROWS = b"time,type,value,unit,end_time,detail\n2026-11-20T08:00:00+00:00,water,500,ml,,\n"
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


def _person(store: Store, name: str) -> int:
    with store.accounts(write=True) as accounts:
        return accounts.add(name, "a long enough password", zone="UTC", now=NOW)


def test_a_job_whose_worker_was_killed_is_failed_when_a_worker_starts(
    engine: Engine, tmp_path: Path
) -> None:
    store = Store(engine, "UTC")
    owner = store.owner_id()
    uploads = tmp_path / "uploads"
    jobs = ImportJobs(store, uploads, FixedClock(NOW))
    job = jobs.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with store.jobs() as queue:  # the worker took it, then was killed mid-import
        assert queue.claim_one(job.id, NOW, f"{socket.gethostname()}:{worker.pid}")
    worker.kill()
    worker.wait()
    assert jobs.get(job.id, owner).state == "running"
    restarted = ImportJobs(store, uploads, FixedClock(NOW + timedelta(seconds=5)))
    restarted.recover()  # what start() does first, and the worker every minute
    failed = restarted.get(job.id, owner)
    assert failed.state == "failed" and failed.error is not None
    assert "interrupted" in failed.error["reason"]
    assert not list(uploads.iterdir()), "its upload is deleted"
    jobs.close()
    restarted.close()


def test_a_job_whose_worker_lives_is_left_running(engine: Engine, tmp_path: Path) -> None:
    store = Store(engine, "UTC")
    owner = store.owner_id()
    jobs = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))
    job = jobs.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
    with store.jobs() as queue:
        assert queue.claim_one(job.id, NOW, f"{socket.gethostname()}:{os.getpid()}")
    jobs.recover()
    assert jobs.get(job.id, owner).state == "running"
    assert len(list((tmp_path / "uploads").iterdir())) == 1
    jobs.close()


def test_files_no_job_needs_are_swept_and_uploads_get_names_the_app_makes(
    engine: Engine, tmp_path: Path
) -> None:
    store = Store(engine, "UTC")
    owner = store.owner_id()
    uploads = tmp_path / "uploads"
    jobs = ImportJobs(store, uploads, FixedClock(NOW))
    job = jobs.submit(io.BytesIO(ROWS), "../my\x00diary\x07.csv", None, owner)
    assert job.filename == "mydiary.csv"
    kept = Path(job.path)
    assert kept.parent == uploads and kept.name == f"{job.id}.upload"
    debris = uploads / "left-by-a-killed-upload"
    debris.write_bytes(b"health data")
    young = uploads / "still-arriving"
    young.write_bytes(b"more")
    old = time.time() - ORPHAN_SECONDS - 60
    for path in (kept, debris):
        os.utime(path, (old, old))
    jobs.recover()
    assert sorted(p.name for p in uploads.iterdir()) == sorted([kept.name, young.name])
    jobs.close()


def test_people_take_turns_and_each_runs_one_import_at_a_time(
    engine: Engine, tmp_path: Path
) -> None:
    store = Store(engine, "UTC")
    alice, bob = _person(store, "alice"), _person(store, "bob")
    jobs = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))
    first, second, third = (
        jobs.submit(io.BytesIO(ROWS), f"alice-{n}.csv", None, alice) for n in range(3)
    )
    later = FixedClock(NOW + timedelta(seconds=1))
    bobs = ImportJobs(store, tmp_path / "uploads", later).submit(
        io.BytesIO(ROWS), "bob.csv", None, bob
    )
    with store.jobs() as queue:
        running = queue.claim(NOW)
        assert running is not None and running.id == first.id
        # Alice has one running: her next waits, whoever asks; Bob's goes to another worker.
        assert queue.claim_one(second.id, NOW) is None
        taken = queue.claim(NOW)
        assert taken is not None and taken.id == bobs.id
        assert queue.claim(NOW) is None
        queue.finish(first.id, {}, NOW + timedelta(seconds=2))
        queue.finish(bobs.id, {}, NOW + timedelta(seconds=3))
        following = queue.claim(NOW)
        assert following is not None and following.id == second.id
    assert third.state == "queued"
    jobs.close()


def test_on_postgresql_a_queue_job_left_doing_by_a_dead_worker_is_failed(tmp_path: Path) -> None:
    with postgres_schema() as engine:
        store = Store(engine, "UTC")
        owner = store.owner_id()
        jobs = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))
        job = jobs.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL ROLE NONE"))
            # A worker took it and died; procrastinate pruned the worker's row.
            connection.execute(text("UPDATE procrastinate_jobs SET status = 'doing'"))
        jobs.recover()
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL ROLE NONE"))
            states = connection.execute(text("SELECT status FROM procrastinate_jobs")).scalars()
            assert list(states) == ["failed"]
        failed = jobs.get(job.id, owner)
        assert failed.state == "failed" and not list((tmp_path / "uploads").iterdir())
        jobs.close()


def test_on_postgresql_each_persons_uploads_share_one_lock(tmp_path: Path) -> None:
    with postgres_schema() as engine:
        store = Store(engine, "UTC")
        alice, bob = _person(store, "alice"), _person(store, "bob")
        jobs = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))
        for owner in (alice, alice, bob):
            jobs.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL ROLE NONE"))
            locks = connection.execute(
                text("SELECT lock FROM procrastinate_jobs ORDER BY id")
            ).scalars()
            # procrastinate runs no two jobs of one lock at once: Alice's second waits for her
            # first, Bob's does not wait for either.
            assert list(locks) == [f"twitchwise-person-{n}" for n in (alice, alice, bob)]
        jobs.close()
