"""Imports as background jobs: a request saves the upload and returns at once; one worker thread
runs it through the one import pipeline and keeps its progress for ``GET /api/v1/imports/{id}``.

Imports never run inside a web request (a gigabyte export takes a while), and one at a time, so
two imports never race for the journal's write lock.
"""

from __future__ import annotations

import re
import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from twitchwise.domain.errors import InputError, NotFoundError, TwitchwiseError
from twitchwise.imports import pipeline
from twitchwise.storage.store import Store

KIND_BY_SUFFIX = {".zip": "apple-health", ".xml": "apple-health", ".csv": "csv", ".json": "backup"}
KEEP_FINISHED = 50
HEAD_BYTES = 64 * 1024  # enough for a FHIR bundle's first members, read before the rest is saved


def kind_for(filename: str, asked: str | None, head: bytes = b"") -> str:
    """The reader to use: the one asked for, else the one the file name's suffix says; a
    ``.json`` file whose ``head`` (first bytes) is a FHIR Bundle is read as ``fhir``."""
    if asked:
        if asked not in pipeline.KINDS:
            raise InputError("kind", f"{asked!r} is not one of: {', '.join(pipeline.KINDS)}")
        return asked
    suffix = Path(filename).suffix.lower()
    if suffix not in KIND_BY_SUFFIX:
        raise InputError(
            "kind",
            f"cannot tell what {filename!r} is from its name; choose one of: "
            + ", ".join(pipeline.KINDS),
        )
    kind = KIND_BY_SUFFIX[suffix]
    return pipeline.kind_of_json(head) if kind == "backup" else kind


@dataclass
class Job:
    id: str
    kind: str
    filename: str
    owner: int
    state: str = "queued"  # queued, running, done, failed
    progress: pipeline.Progress | None = None
    report: pipeline.ImportReport | None = None
    error: dict[str, str] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            progress, report = self.progress, self.report
            payload: dict[str, Any] = {
                "id": self.id,
                "kind": self.kind,
                "file": self.filename,
                "state": self.state,
                "done": progress.done if progress else 0,
                "total": progress.total if progress else None,
                "unit": progress.unit if progress else None,
                "records": progress.records if progress else 0,
                "kept": progress.kept if progress else 0,
                "percent": _percent(progress, self.state),
                "report": report_json(report) if report else None,
                "error": self.error,
            }
        return payload


def _percent(progress: pipeline.Progress | None, state: str) -> float:
    if state == "done":
        return 100.0
    if progress is None or not progress.total:
        return 0.0
    return round(min(100.0, 100.0 * progress.done / progress.total), 1)


_HK_PREFIXES = (
    "HKCategoryTypeIdentifier",
    "HKQuantityTypeIdentifier",
    "HKWorkoutActivityType",
    "HKDataType",
    "HK",
)


def plain_type(name: str) -> str:
    """``HKQuantityTypeIdentifierDietaryCaffeine`` -> ``dietary caffeine``; others as they are."""
    for prefix in _HK_PREFIXES:
        if name.startswith(prefix):
            words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name.removeprefix(prefix))
            return words.lower() or name
    return name.lower()


def report_json(report: pipeline.ImportReport) -> dict[str, Any]:
    """An import's summary: what was added, already there, merged and skipped, per type."""
    types = sorted(set(report.kept) | set(report.merged) | set(report.skipped))
    return {
        "kind": report.kind,
        "added": report.added,
        "already": report.already,
        "measures": report.measures,
        "records": report.records,
        "seconds": round(report.seconds, 2),
        "types": [
            {
                "type": plain_type(name),
                "kept": report.kept.get(name, 0),
                "merged": report.merged.get(name, 0),
                "skipped": report.skipped.get(name, 0),
            }
            for name in types
        ],
        "problems": report.problems[:20],
        "notes": report.notes,
    }


class ImportJobs:
    """Uploads waiting in ``folder``, imported one at a time by a single worker thread."""

    def __init__(self, store: Store, folder: Path) -> None:
        self._store = store
        self._folder = folder
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="twitchwise-import")

    def submit(self, stream: IO[bytes], filename: str, kind: str | None, owner: int) -> Job:
        """Save the upload (streamed, never whole in memory) and queue its import into
        ``owner``'s journal."""
        head = stream.read(HEAD_BYTES)
        chosen = kind_for(filename, kind, head)
        job = Job(uuid.uuid4().hex, chosen, Path(filename).name or "upload", owner)
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{job.id}{Path(filename).suffix.lower()}"
        try:
            with path.open("wb") as out:
                out.write(head)
                shutil.copyfileobj(stream, out, 1 << 20)
        except OSError as error:
            path.unlink(missing_ok=True)
            raise InputError("file", f"could not keep the upload: {error.strerror}") from None
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._worker.submit(self._run, job, path)
        return job

    def get(self, job_id: str, owner: int) -> Job:
        """``owner``'s job: another person's is as absent as one that never existed."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFoundError("id", f"there is no import {job_id!r}")
        return job

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in {"done", "failed"}]
        for job in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job.id]

    def _run(self, job: Job, path: Path) -> None:
        def on_progress(progress: pipeline.Progress) -> None:
            with job._lock:
                job.progress = progress

        with job._lock:
            job.state = "running"
        try:
            report = pipeline.import_file(self._store, job.kind, path, on_progress, job.owner)
        except InputError as error:
            with job._lock:
                job.state, job.error = "failed", {"field": error.field, "reason": error.reason}
        except TwitchwiseError as error:
            with job._lock:
                job.state, job.error = "failed", {"field": "file", "reason": str(error)}
        except Exception as error:  # a bug: keep the worker alive and say so
            with job._lock:
                job.state = "failed"
                job.error = {"field": "file", "reason": f"internal error ({type(error).__name__})"}
            raise
        else:
            with job._lock:
                job.state, job.report = "done", report
        finally:
            path.unlink(missing_ok=True)

    def wait(self, job_id: str, timeout: float = 60.0) -> None:
        """Block until a job has finished (tests use it; pages poll instead)."""
        done = threading.Event()

        def finished() -> None:
            done.set()

        self._worker.submit(finished)
        done.wait(timeout)

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
