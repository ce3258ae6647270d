"""The import queue lives in the database: a job queued by one process is run by another, and
each reports it; a job left running by a process that died is failed, not left hanging. On
PostgreSQL, procrastinate carries the jobs."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.storage.conftest import POSTGRES_URL, postgres_engine, postgres_schema
from twitchwise.domain.time import FixedClock
from twitchwise.imports import queue as queue_module
from twitchwise.imports.jobs import QUEUE_DOWN, ImportJobs
from twitchwise.imports.queue import TASK
from twitchwise.settings import load_settings
from twitchwise.storage.store import Store

ROWS = b"time,type,value,unit,end_time,detail\n2026-11-20T08:00:00+00:00,water,500,ml,,\n"
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


def stores(folder: Path) -> tuple[Store, Store]:
    settings = load_settings(data_dir=folder, time_zone="UTC")
    return Store.open(settings), Store.open(settings)


def test_a_job_queued_by_one_process_is_run_by_another(tmp_path: Path) -> None:
    here, there = stores(tmp_path)
    owner = here.owner_id()
    queueing = ImportJobs(here, tmp_path / "uploads", FixedClock(NOW))
    running = ImportJobs(there, tmp_path / "uploads", FixedClock(NOW))
    job = queueing.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
    assert queueing.get(job.id, owner).state == "queued"
    assert running.run_one() is True
    assert running.run_one() is False, "the job is taken once"
    done = queueing.get(job.id, owner)
    assert done.state == "done" and done.report is not None and done.report["added"] == 1
    with here.read() as journal:
        assert len(journal.exposures()) == 1
    assert not list((tmp_path / "uploads").iterdir()), "the upload is deleted once read"


def test_a_job_left_running_by_a_dead_process_is_failed(tmp_path: Path) -> None:
    here, _ = stores(tmp_path)
    owner = here.owner_id()
    queue = ImportJobs(here, tmp_path / "uploads", FixedClock(NOW))
    job = queue.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
    with here.jobs() as jobs:
        assert jobs.claim(NOW) is not None  # taken by a process that then died
    later = ImportJobs(here, tmp_path / "uploads", FixedClock(NOW + timedelta(minutes=11)))
    later.recover()  # as every worker does at start-up and each minute
    assert later.run_one() is False
    failed = queue.get(job.id, owner)
    assert failed.state == "failed" and failed.error is not None
    assert "interrupted" in failed.error["reason"]


def test_on_postgresql_an_upload_goes_through_procrastinate_and_any_process_runs_it(
    tmp_path: Path,
) -> None:
    with postgres_schema() as engine:
        with engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        here = Store(engine, "UTC")
        there = Store(postgres_engine(schema), "UTC")  # another process's connections
        with here.accounts(write=True) as accounts:
            owner = accounts.add("alice", "a long enough password", zone="UTC", now=NOW)
        queueing = ImportJobs(here, tmp_path / "uploads", FixedClock(NOW))
        running = ImportJobs(there, tmp_path / "uploads", FixedClock(NOW))
        try:
            job = queueing.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
            assert queueing.get(job.id, owner).state == "queued"
            with engine.connect() as connection:
                deferred = connection.execute(
                    text("SELECT task_name, args, status FROM procrastinate_jobs")
                ).all()
            assert [tuple(row) for row in deferred] == [(TASK, {"job_id": job.id}, "todo")]
            running.start()
            running.wait(job.id, timeout=30)
            done = queueing.get(job.id, owner)
            assert done.state == "done", done
            assert done.report is not None and done.report["added"] == 1
            with here.read(owner) as journal:
                assert len(journal.exposures()) == 1
            with engine.connect() as connection:
                left = connection.execute(text("SELECT count(*) FROM procrastinate_jobs"))
                assert left.scalar_one() == 0, "a finished job leaves the queue"
        finally:
            running.close()
            queueing.close()
            there.close()


def test_when_the_queue_does_not_answer_the_upload_fails_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with postgres_schema() as engine:
        store = Store(engine, "UTC")
        owner = store.owner_id()
        jobs = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))

        def down(job_id: str) -> None:
            raise OSError("connection refused")

        assert jobs._queue is not None
        monkeypatch.setattr(jobs._queue, "defer", down)
        job = jobs.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
        assert job.state == "failed" and job.error is not None
        assert job.error["reason"] == QUEUE_DOWN
        assert not list((tmp_path / "uploads").iterdir()), "the upload is not kept"
        jobs.close()


def test_on_postgresql_a_job_whose_process_died_is_failed_when_looked_at(tmp_path: Path) -> None:
    with postgres_schema() as engine:
        store = Store(engine, "UTC")
        owner = store.owner_id()
        queue = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))
        job = queue.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
        with store.jobs() as jobs:
            assert jobs.claim_one(job.id, NOW) is not None  # taken by a process that then died
        assert queue.get(job.id, owner).state == "running"
        later = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW + timedelta(minutes=11)))
        failed = later.get(job.id, owner)
        assert failed.state == "failed" and failed.error is not None
        assert "interrupted" in failed.error["reason"]
        queue.close()
        later.close()


def test_on_postgresql_the_worker_starts_again_after_losing_its_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_module, "RETRY_SECONDS", 0.1)
    real_work = queue_module.ProcrastinateQueue._work
    failures = []

    async def flaky_work(self: queue_module.ProcrastinateQueue) -> None:
        if not failures:
            failures.append(1)
            raise OSError("server closed the connection unexpectedly")
        await real_work(self)

    monkeypatch.setattr(queue_module.ProcrastinateQueue, "_work", flaky_work)
    with postgres_schema() as engine:
        store = Store(engine, "UTC")
        owner = store.owner_id()
        jobs = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))
        try:
            jobs.start()
            job = jobs.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
            jobs.wait(job.id, timeout=30)
            assert failures == [1]
            assert jobs.get(job.id, owner).state == "done"
        finally:
            jobs.close()


def test_on_postgresql_a_separate_worker_process_imports_what_the_web_queued(
    tmp_path: Path,
) -> None:
    with postgres_schema() as engine:
        with engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        assert POSTGRES_URL is not None
        joiner = "&" if "?" in POSTGRES_URL else "?"
        env = {
            **os.environ,
            "TWITCHWISE_DATABASE_URL": f"{POSTGRES_URL}{joiner}options=-csearch_path%3D{schema}",
            "TWITCHWISE_DATA_DIR": str(tmp_path),
            "TWITCHWISE_NOW": NOW.isoformat(),
        }
        twitchwise = Path(sys.executable).parent / "twitchwise"
        worker = subprocess.Popen(
            [str(twitchwise), "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        store = Store(engine, "UTC")
        owner = store.owner_id()
        web = ImportJobs(store, tmp_path / "uploads", FixedClock(NOW))  # a web process's, idle
        try:
            job = web.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
            web.wait(job.id, timeout=60)
            assert web.get(job.id, owner).state == "done"
            with store.read(owner) as journal:
                assert len(journal.exposures()) == 1
        finally:
            worker.send_signal(signal.SIGTERM)
            out, errors = worker.communicate(timeout=60)
            web.close()
        assert worker.returncode == 0, errors.decode()
        assert b"twitchwise worker: stopped" in out
        assert b"Traceback" not in errors, errors.decode()
