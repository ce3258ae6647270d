"""Imports as background jobs: a request saves the upload and returns at once; a worker runs it
through the one import pipeline and keeps its progress for ``GET /api/v1/imports/{id}``.

Imports never run inside a web request (a gigabyte export takes a while). On SQLite one thread
of the app's process takes them one at a time from the ``import_job`` table, so two imports never
race for the journal's one write lock. On PostgreSQL they go through procrastinate
(``imports/queue.py``): each app process runs a worker, and any of them takes the next upload.

Fair between people: one import per person runs at a time (procrastinate's lock per person; on
SQLite the next job goes to the person served least recently), so one person's uploads cannot
hold every worker. An upload is kept under a name the app makes (``<job id>.upload``) and deleted
when its job ends, fails, or is found interrupted: at start-up and every ``RECOVER_SECONDS`` a
worker fails the jobs of processes that died (on this host at once, by their pid; elsewhere
when their heartbeat stops), deletes their files and any file no job needs.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import unicodedata
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from twitchwise.domain.errors import InputError, TwitchwiseError
from twitchwise.domain.time import Clock, SystemClock
from twitchwise.imports import pipeline
from twitchwise.storage.jobs import HEARTBEAT, JobState
from twitchwise.storage.store import Store

if TYPE_CHECKING:
    from twitchwise.imports.queue import ProcrastinateQueue

POLL_SECONDS = 1.0  # how often an idle worker looks for a job another process queued
PROGRESS_EVERY = 0.25  # seconds between progress writes
log = logging.getLogger("twitchwise.imports")
HEAD_BYTES = 64 * 1024  # enough for a FHIR bundle's first members, read before the rest is saved
QUEUE_DOWN = "the import queue did not answer; nothing was imported, upload it again"
RECOVER_SECONDS = 60.0
ORPHAN_SECONDS = 600.0  # a file no job names, untouched this long, is an upload's debris
SUFFIX = ".upload"
COPY_BYTES = 1 << 20


class UploadTooLarge(TwitchwiseError):
    """An upload past its limit (the file's, or what is left of the person's): 413."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown_name(filename: str) -> str:
    """The person's file name for showing: its last part, without control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:255] or "upload"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def job_json(job: JobState) -> dict[str, Any]:
    """What ``GET /api/v1/imports/{id}`` answers (docs/api.md)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "file": job.filename,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "unit": job.unit,
        "records": job.records,
        "kept": job.kept,
        "percent": _percent(job),
        "report": job.report,
        "error": job.error,
    }


def _percent(job: JobState) -> float:
    if job.state == "done":
        return 100.0
    if not job.total:
        return 0.0
    return round(min(100.0, 100.0 * job.done / job.total), 1)


class ImportJobs:
    """Uploads saved in ``folder`` and queued in the database; one worker thread per process
    takes the oldest queued job, so several processes share the queue and every one of them
    can report any job's progress."""

    def __init__(
        self,
        store: Store,
        folder: Path,
        clock: Clock | None = None,
        *,
        max_bytes: int = 2 * 1024**3,
        max_bytes_per_person: int = 4 * 1024**3,
    ) -> None:
        self._store = store
        self._folder = folder
        self._clock: Clock = clock or SystemClock()
        self._max_bytes, self._max_bytes_per_person = max_bytes, max_bytes_per_person
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._recovered = 0.0
        self._live: dict[str, pipeline.Progress] = {}  # jobs running in this process
        self._live_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._loop, name="twitchwise-import", daemon=True)
        self._queue: ProcrastinateQueue | None = None
        if store.engine.dialect.name == "postgresql":
            from twitchwise.imports.queue import ProcrastinateQueue

            self._queue = ProcrastinateQueue(store.engine, self.run_job)

    def start(self) -> None:
        """Run this process's worker (the app's lifespan does, when it starts serving), after
        failing the imports that processes which died left running."""
        self.recover()
        if self._queue is not None:
            self._queue.start()
        elif not self._worker.is_alive():
            self._worker.start()

    def _now(self) -> datetime:
        return self._clock.now(UTC)

    def submit(self, stream: IO[bytes], filename: str, kind: str | None, owner: int) -> JobState:
        """Save the upload (streamed, never whole in memory, under a name the app makes) and
        queue its import into ``owner``'s journal; UploadTooLarge past the file's limit or the
        person's share (``web/limits.py`` refuses most such bodies before they arrive)."""
        head = stream.read(HEAD_BYTES)
        chosen = pipeline.kind_for(filename, kind, head)
        with self._store.jobs() as jobs:
            room = self._max_bytes_per_person - jobs.pending_bytes(owner)
        most = min(self._max_bytes, room)
        job_id = uuid.uuid4().hex
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{job_id}{SUFFIX}"
        try:
            size = self._keep(stream, head, path, most)
        except OSError as error:
            path.unlink(missing_ok=True)
            raise InputError("file", f"could not keep the upload: {error.strerror}") from None
        except UploadTooLarge:
            path.unlink(missing_ok=True)
            raise
        with self._store.jobs() as jobs:
            jobs.add(job_id, owner, chosen, shown_name(filename), str(path), self._now(), size)
            job = jobs.get(job_id, owner)
        if self._queue is None:
            self._wake.set()
            return job
        try:
            self._queue.defer(job_id, owner)
        except Exception:
            log.exception("the import queue refused a job")
            path.unlink(missing_ok=True)
            self._fail(job_id, {"field": "file", "reason": QUEUE_DOWN})
            with self._store.jobs() as jobs:
                job = jobs.get(job_id, owner)
        return job

    def _keep(self, stream: IO[bytes], head: bytes, path: Path, most: int) -> int:
        size = len(head)
        with path.open("xb") as out:
            out.write(head)
            while size <= most and (piece := stream.read(COPY_BYTES)):
                out.write(piece)
                size += len(piece)
        if size > most:
            if most < self._max_bytes:
                raise UploadTooLarge(
                    "your uploads waiting for their import would pass your share; wait for them"
                )
            raise UploadTooLarge(f"a file may be at most {self._max_bytes:,} bytes")
        return size

    def recover(self) -> None:
        """Fail the jobs of processes that died while running them, and delete their files
        and any other file in the upload folder that no job needs."""
        self._recovered = time.monotonic()
        try:
            stalled = [] if self._queue is None else self._queue.fail_stalled()
            with self._store.jobs() as jobs:
                host = self.worker.rpartition(":")[0]
                gone = jobs.fail_dead(self._now(), host, pid_alive)
                # SQLite: an import holds the write lock and cannot beat; its pid tells.
                quiet = not self._store.concurrent_writes
                gone += jobs.fail_stale(self._now(), unnamed_only=quiet)
                gone += jobs.fail_interrupted(self._now(), stalled)
                kept = jobs.kept_paths()
        except Exception:  # the database may be away: the next round tries again
            log.exception("looking for interrupted imports failed")
            return
        for path in gone:
            Path(path).unlink(missing_ok=True)
        self._sweep(kept)

    def _sweep(self, kept: set[str]) -> None:
        if not self._folder.is_dir():
            return
        old = time.time() - ORPHAN_SECONDS
        for path in self._folder.iterdir():
            try:
                if str(path) not in kept and path.stat().st_mtime < old:
                    path.unlink(missing_ok=True)
            except OSError:
                continue

    def get(self, job_id: str, owner: int) -> JobState:
        """``owner``'s job: another person's is as absent as one that never existed."""
        with self._store.jobs() as jobs:
            job = jobs.get(job_id, owner)
        with self._live_lock:
            live = self._live.get(job_id)
        if job.state == "running" and live is None and self._queue is not None:
            # Its process may have died: say so once its heartbeat has been still too long.
            # (On SQLite the worker thread looks every RECOVER_SECONDS, and the import holds
            # the write lock a poll would wait for.)
            with self._store.jobs() as jobs:
                for path in jobs.fail_stale(self._now()):
                    Path(path).unlink(missing_ok=True)
                job = jobs.get(job_id, owner)
        if live is None or job.state != "running":
            return job
        return replace(
            job,
            done=live.done,
            total=live.total,
            unit=live.unit,
            records=live.records,
            kept=live.kept,
        )

    def _loop(self) -> None:
        while not self._stop.is_set():
            if time.monotonic() - self._recovered > RECOVER_SECONDS:
                self.recover()
            try:
                ran = self.run_one()
            except Exception:  # a bug in one import must not stop the queue
                log.exception("an import failed unexpectedly")
                ran = True
            if not ran:
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()

    def run_one(self) -> bool:
        """Take the oldest queued job and run it; False when there was none."""
        with self._store.jobs() as jobs:
            job = jobs.claim(self._now(), self.worker)
        if job is None:
            return False
        self._run(job)
        return True

    def run_job(self, job_id: str) -> None:
        """Run job ``job_id`` if it is still queued (the queue's task)."""
        with self._store.jobs() as jobs:
            job = jobs.claim_one(job_id, self._now(), self.worker)
        if job is not None:
            self._run(job)

    def _run(self, job: JobState) -> None:
        last = [0.0]

        # Progress is kept here for this process's pages, and written to the database for the
        # other processes' when the database takes a second writer (SQLite does not: the
        # import's own unit of work holds its one write lock until the end).
        def on_progress(progress: pipeline.Progress) -> None:
            with self._live_lock:
                self._live[job.id] = progress
            moment = time.monotonic()
            if not self._store.concurrent_writes or moment - last[0] < PROGRESS_EVERY:
                return
            last[0] = moment
            with self._store.jobs() as jobs:
                jobs.progress(
                    job.id,
                    self._now(),
                    done=progress.done,
                    total=progress.total,
                    unit=progress.unit,
                    records=progress.records,
                    kept=progress.kept,
                )

        path = Path(job.path)
        beating = threading.Event()
        if self._store.concurrent_writes:  # SQLite: the pid check finds a dead worker instead
            threading.Thread(target=self._beat, args=(job.id, beating), daemon=True).start()
        try:
            report = pipeline.import_file(
                self._store, job.kind, path, on_progress, job.person_id, job.filename
            )
        except InputError as error:
            self._fail(job.id, {"field": error.field, "reason": error.reason})
        except TwitchwiseError as error:
            self._fail(job.id, {"field": "file", "reason": str(error)})
        except Exception as error:
            self._fail(
                job.id, {"field": "file", "reason": f"internal error ({type(error).__name__})"}
            )
            raise
        else:
            with self._store.jobs() as jobs:
                jobs.finish(job.id, report.as_json(), self._now())
        finally:
            beating.set()
            path.unlink(missing_ok=True)
            with self._live_lock:
                self._live.pop(job.id, None)

    def _beat(self, job_id: str, done: threading.Event) -> None:
        """While ``job_id`` runs, tell the other processes it is alive (``fail_stale``)."""
        while not done.wait(HEARTBEAT.total_seconds()):
            try:
                with self._store.jobs() as jobs:
                    jobs.heartbeat(job_id, self._now())
            except Exception:  # the database is away: the import will say so itself
                log.warning("an import's heartbeat could not be written")

    def _fail(self, job_id: str, error: dict[str, str]) -> None:
        with self._store.jobs() as jobs:
            jobs.fail(job_id, error, self._now())

    def wait(self, job_id: str, timeout: float = 60.0) -> None:
        """Block until a job has finished (tests use it; pages poll instead)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._store.jobs() as jobs:
                state = jobs.state_of(job_id)
            if state in {"done", "failed", None}:
                return
            self._wake.set()
            time.sleep(0.02)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._worker.is_alive():
            self._worker.join(timeout=30)
        if self._queue is not None:
            self._queue.close()
