"""Jobs(session): import jobs in the database, the queue every worker process takes from.

A job is claimed by one process with a conditional update (``state`` must still be ``queued``),
which works the same on SQLite and PostgreSQL (where procrastinate says which job to claim and
when, imports/queue.py); progress is written back at most a few times a
second, in units of work of its own, never in the import's (which saves all or nothing). A job
left ``running`` by a process that died is failed when its progress has been still for
``STALE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from twitchwise.domain.errors import NotFoundError
from twitchwise.storage.tables import ImportJobRow

STALE = timedelta(minutes=10)


@dataclass(frozen=True)
class JobState:
    id: str
    person_id: int
    kind: str
    filename: str
    path: str
    state: str
    done: int
    total: int | None
    unit: str | None
    records: int
    kept: int
    report: dict[str, Any] | None
    error: dict[str, str] | None


def _state(row: ImportJobRow) -> JobState:
    return JobState(
        row.id,
        row.person_id,
        row.kind,
        row.filename,
        row.path,
        row.state,
        row.done,
        row.total,
        row.unit,
        row.records,
        row.kept,
        row.report,
        row.error,
    )


class Jobs:
    def __init__(self, session: Session) -> None:
        self._db = session

    def add(
        self, job_id: str, person_id: int, kind: str, filename: str, path: str, now: datetime
    ) -> None:
        self._db.add(
            ImportJobRow(
                id=job_id,
                person_id=person_id,
                kind=kind,
                filename=filename[:255],
                path=path,
                state="queued",
                done=0,
                records=0,
                kept=0,
                created_at=now,
                updated_at=now,
            )
        )

    def get(self, job_id: str, person_id: int) -> JobState:
        """``person_id``'s job; another person's is as absent as one that never existed."""
        row = self._db.get(ImportJobRow, job_id)
        if row is None or row.person_id != person_id:
            raise NotFoundError("id", f"there is no import {job_id!r}")
        return _state(row)

    def state_of(self, job_id: str) -> str | None:
        row = self._db.get(ImportJobRow, job_id)
        return None if row is None else row.state

    def fail_stale(self, now: datetime) -> None:
        """Fail the jobs whose process died while running them (no progress for STALE)."""
        self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.state == "running", ImportJobRow.updated_at < now - STALE)
            .values(
                state="failed",
                error={"field": "file", "reason": "the import was interrupted; upload it again"},
                updated_at=now,
            )
        )

    def claim_one(self, job_id: str, now: datetime) -> JobState | None:
        """Job ``job_id``, now running for the caller; None when it is not queued (taken by
        another worker, finished, or gone)."""
        self.fail_stale(now)
        taken = self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id, ImportJobRow.state == "queued")
            .values(state="running", updated_at=now)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = self._db.get(ImportJobRow, job_id)
        assert row is not None  # noqa: S101 - just updated in this unit
        self._db.refresh(row)
        return _state(row)

    def claim(self, now: datetime) -> JobState | None:
        """The oldest queued job, now running for the caller; None when there is none."""
        self.fail_stale(now)
        queued = self._db.scalars(
            select(ImportJobRow.id)
            .where(ImportJobRow.state == "queued")
            .order_by(ImportJobRow.created_at)
            .limit(5)
        ).all()
        for job_id in queued:
            job = self.claim_one(job_id, now)
            if job is not None:
                return job
        return None

    def progress(
        self,
        job_id: str,
        now: datetime,
        *,
        done: int,
        total: int | None,
        unit: str,
        records: int,
        kept: int,
    ) -> None:
        self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id, ImportJobRow.state == "running")
            .values(done=done, total=total, unit=unit, records=records, kept=kept, updated_at=now)
        )

    def finish(self, job_id: str, report: dict[str, Any], now: datetime) -> None:
        self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id)
            .values(state="done", report=report, updated_at=now)
        )

    def fail(self, job_id: str, error: dict[str, str], now: datetime) -> None:
        self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id)
            .values(state="failed", error=error, updated_at=now)
        )
