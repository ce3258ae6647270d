"""The import queue lives in the database: a job queued by one process is run by another, and
each reports it; a job left running by a process that died is failed, not left hanging."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from twitchwise.domain.time import FixedClock
from twitchwise.settings import load_settings
from twitchwise.storage.store import Store
from twitchwise.web.jobs import ImportJobs

ROWS = b"time,type,value,unit,end_time,detail\n2026-11-20T08:00:00+00:00,water,500,ml,,\n"
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


def stores(folder: Path) -> tuple[Store, Store]:
    settings = load_settings(data_dir=folder, time_zone="UTC")
    return Store.open(settings), Store.open(settings)


def test_a_job_queued_by_one_process_is_run_by_another(tmp_path: Path) -> None:
    here, there = stores(tmp_path)
    owner = here.owner_id()
    queueing = ImportJobs(here, tmp_path / "uploads", FixedClock(NOW), work=False)
    running = ImportJobs(there, tmp_path / "uploads", FixedClock(NOW), work=False)
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
    queue = ImportJobs(here, tmp_path / "uploads", FixedClock(NOW), work=False)
    job = queue.submit(io.BytesIO(ROWS), "diary.csv", None, owner)
    with here.jobs() as jobs:
        assert jobs.claim(NOW) is not None  # taken by a process that then died
    later = ImportJobs(
        here, tmp_path / "uploads", FixedClock(NOW + timedelta(minutes=11)), work=False
    )
    assert later.run_one() is False
    failed = queue.get(job.id, owner)
    assert failed.state == "failed" and failed.error is not None
    assert "interrupted" in failed.error["reason"]
