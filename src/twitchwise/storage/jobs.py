"""Jobs(session): import jobs in the database, the queue every worker process takes from.

A job is claimed by one process with a conditional update (``state`` must still be ``queued``),
which works the same on SQLite and PostgreSQL (where procrastinate says which job to claim and
when, imports/queue.py); progress is written back at most a few times a
second, in units of work of its own, never in the import's (which saves all or nothing). A job
left ``running`` by a process that died is failed: at once when that process was on this host
(its pid is gone), else when it has not been heard from (progress or heartbeat) for ``STALE``.

Fair between people: a person has at most one import running at a time, and the next job goes
to the person served least recently, so one person's many uploads cannot hold every worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from twitchwise.domain.errors import NotFoundError
from twitchwise.storage.tables import ImportJobRow

STALE = timedelta(minutes=2)  # a running import writes a heartbeat every HEARTBEAT
HEARTBEAT = timedelta(seconds=15)
INTERRUPTED = {"field": "file", "reason": "the import was interrupted; upload it again"}
WAITING = ("queued", "running")


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
    size_bytes: int = 0


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
        row.size_bytes,
    )


class Jobs:
    def __init__(self, session: Session) -> None:
        self._db = session

    def add(
        self,
        job_id: str,
        person_id: int,
        kind: str,
        filename: str,
        path: str,
        now: datetime,
        size_bytes: int = 0,
    ) -> None:
        self._db.add(
            ImportJobRow(
                id=job_id,
                person_id=person_id,
                kind=kind,
                filename=filename[:255],
                path=path,
                size_bytes=size_bytes,
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

    def fail_stale(self, now: datetime, unnamed_only: bool = False) -> list[str]:
        """Fail the jobs whose process died while running them (not heard from for STALE);
        the paths of their uploads, to delete. ``unnamed_only``: only those that name no
        worker (SQLite, where a running import cannot write a heartbeat)."""
        conditions = [ImportJobRow.state == "running", ImportJobRow.updated_at < now - STALE]
        if unnamed_only:
            conditions.append(ImportJobRow.worker.is_(None))
        return self._fail_where(now, *conditions)

    def fail_dead(self, now: datetime, host: str, alive: Callable[[int], bool]) -> list[str]:
        """Fail the jobs running in a process of ``host`` that is no longer ``alive`` (a
        killed worker), at once; the paths of their uploads, to delete."""
        running = self._db.execute(
            select(ImportJobRow.id, ImportJobRow.worker).where(
                ImportJobRow.state == "running", ImportJobRow.worker.like(f"{host}:%")
            )
        ).all()
        pids = {job_id: str(worker).rpartition(":")[2] for job_id, worker in running}
        dead = [job_id for job_id, pid in pids.items() if pid.isdigit() and not alive(int(pid))]
        return self._fail_where(now, ImportJobRow.id.in_(dead)) if dead else []

    def fail_interrupted(self, now: datetime, job_ids: list[str]) -> list[str]:
        """Fail the jobs ``job_ids`` if they are still waiting or running (their queue entry
        was failed); the paths of their uploads, to delete."""
        if not job_ids:
            return []
        return self._fail_where(now, ImportJobRow.id.in_(job_ids), ImportJobRow.state.in_(WAITING))

    def _fail_where(self, now: datetime, *conditions: Any) -> list[str]:
        paths = list(self._db.scalars(select(ImportJobRow.path).where(*conditions)))
        if paths:
            self._db.execute(
                update(ImportJobRow)
                .where(*conditions)
                .values(state="failed", error=INTERRUPTED, updated_at=now)
            )
        return paths

    def heartbeat(self, job_id: str, now: datetime) -> None:
        self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id, ImportJobRow.state == "running")
            .values(updated_at=now)
        )

    def claim_one(self, job_id: str, now: datetime, worker: str = "") -> JobState | None:
        """Job ``job_id``, now running for the caller; None when it is not queued (taken by
        another worker, finished, or gone) or when its person has an import running."""
        person = self._db.scalar(select(ImportJobRow.person_id).where(ImportJobRow.id == job_id))
        if person is None or self.running_for(person):
            return None
        taken = self._db.execute(
            update(ImportJobRow)
            .where(ImportJobRow.id == job_id, ImportJobRow.state == "queued")
            .values(state="running", updated_at=now, worker=worker[:80] or None)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = self._db.get(ImportJobRow, job_id)
        assert row is not None  # noqa: S101 - just updated in this unit
        self._db.refresh(row)
        return _state(row)

    def running_for(self, person_id: int) -> int:
        return int(
            self._db.scalar(
                select(func.count())
                .select_from(ImportJobRow)
                .where(ImportJobRow.person_id == person_id, ImportJobRow.state == "running")
            )
            or 0
        )

    def claim(self, now: datetime, worker: str = "") -> JobState | None:
        """The next queued job, now running for the caller; None when there is none. The
        next is the oldest of the person served least recently among those with nothing
        running."""
        queued = self._db.execute(
            select(ImportJobRow.id, ImportJobRow.person_id)
            .where(ImportJobRow.state == "queued")
            .order_by(ImportJobRow.created_at)
            .limit(50)
        ).all()
        served = dict(
            self._db.execute(
                select(ImportJobRow.person_id, func.max(ImportJobRow.updated_at))
                .where(
                    ImportJobRow.person_id.in_({person for _, person in queued}),
                    ImportJobRow.state != "queued",
                )
                .group_by(ImportJobRow.person_id)
            ).all()
        )
        never = datetime.min.replace(tzinfo=now.tzinfo)
        order = sorted(range(len(queued)), key=lambda i: (served.get(queued[i][1]) or never, i))
        for index in order:
            job = self.claim_one(queued[index][0], now, worker)
            if job is not None:
                return job
        return None

    def pending_bytes(self, person_id: int) -> int:
        """The size of ``person_id``'s uploads waiting for or going through their import."""
        total = self._db.scalar(
            select(func.sum(ImportJobRow.size_bytes)).where(
                ImportJobRow.person_id == person_id, ImportJobRow.state.in_(WAITING)
            )
        )
        return int(total or 0)

    def kept_paths(self) -> set[str]:
        """The uploads a job still needs (queued or running)."""
        query = select(ImportJobRow.path).where(ImportJobRow.state.in_(WAITING))
        return set(self._db.scalars(query))

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
