"""The import queue on PostgreSQL: procrastinate, in the journal's own database and schema.

An upload's ``import_job`` row (what the pages read: its owner, progress and summary) is written
first; then a procrastinate job naming it is deferred. Every app process runs one procrastinate
worker (a thread with its own event loop, woken by LISTEN/NOTIFY), so whichever process is free
takes the next import, and a job is run once however many processes there are. The worker's
connections are the database user's own, not the app's row-level-security role: procrastinate's
tables hold job ids, never diary data; the import itself writes through the owner-scoped journal.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import psycopg
import psycopg_pool
from procrastinate import App, PsycopgConnector, SyncPsycopgConnector
from sqlalchemy import Engine, text

TASK = "twitchwise.import_upload"
RETRY_SECONDS = 5.0
STALLED_SECONDS = 60  # procrastinate's workers write a heartbeat every 10 s
STALLED = """
SELECT job.args ->> 'job_id', procrastinate_finish_job_v1(job.id, 'failed', false)
  FROM procrastinate_jobs job
  LEFT JOIN procrastinate_workers worker ON worker.id = job.worker_id
 WHERE job.status = 'doing' AND job.queue_name = %(queue)s
   AND (worker.id IS NULL
        OR worker.last_heartbeat < NOW() - make_interval(secs => %(seconds)s))
"""  # after the worker lost its database, before it tries again
QUEUE = "imports"
log = logging.getLogger("twitchwise.imports")


def _connection_of(engine: Engine) -> tuple[str, dict[str, Any]]:
    """libpq's address for ``engine``'s database and options that put procrastinate in the
    same schema (search_path) and zone as the journal."""
    url = engine.url.set(drivername="postgresql")
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    options = {"options": f"-c search_path={schema} -c timezone=UTC"}
    return url.render_as_string(hide_password=False), options


class ProcrastinateQueue:
    """``defer(job_id)`` queues an import; ``start()`` runs this process's worker, which calls
    ``run(job_id)`` for each job it takes; ``close()`` stops it after the running import."""

    def __init__(self, engine: Engine, run: Callable[[str], None]) -> None:
        conninfo, options = _connection_of(engine)
        # Deferring opens a connection per upload and closes it: nothing to leak or keep warm.
        self._conninfo, self._options = conninfo, options
        self._deferrer = App(connector=SyncPsycopgConnector(conninfo=conninfo, kwargs=options))
        self._app = App(
            connector=PsycopgConnector(conninfo=conninfo, kwargs=options, min_size=1, max_size=3)
        )

        @self._app.task(name=TASK, queue=QUEUE)
        def import_upload(job_id: str) -> None:
            run(job_id)

        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._pool: psycopg_pool.NullConnectionPool | None = None
        self._lock = threading.Lock()

    def defer(self, job_id: str, owner: int) -> None:
        """Queue ``job_id``; procrastinate runs the jobs of one lock (one person's) one at a
        time, so one person's uploads take one worker and leave the others to everyone else."""
        with self._lock:
            if self._pool is None:
                pool = psycopg_pool.NullConnectionPool(
                    self._conninfo, kwargs=self._options, max_size=2, open=False
                )
                pool.open(wait=True)
                self._deferrer.open(pool)
                self._pool = pool
        lock = f"twitchwise-person-{owner}"
        self._deferrer.configure_task(TASK, queue=QUEUE, lock=lock).defer(job_id=job_id)

    def fail_stalled(self) -> list[str]:
        """Mark failed the queue's jobs left ``doing`` by a worker that died (its heartbeat
        older than STALLED_SECONDS, or its row gone): procrastinate would keep them for ever,
        and their lock would hold back that person's next uploads. Their ``import_job`` rows
        are failed by ``Jobs.fail_stale`` / ``fail_dead``, or by the caller with the
        ``import_job`` ids this returns (a worker that died before it claimed its job)."""
        with psycopg.connect(self._conninfo, autocommit=True, **self._options) as connection:
            found = connection.execute(STALLED, {"queue": QUEUE, "seconds": STALLED_SECONDS})
            return [str(row[0]) for row in found.fetchall()]

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._serve, name="twitchwise-queue", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=30)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            while not self._stopping.is_set():
                try:
                    loop.run_until_complete(self._work())
                except asyncio.CancelledError:
                    return
                except Exception:  # the database went away: try again (uploads wait queued)
                    log.exception("the import queue's worker stopped; starting it again")
                    self._ready.set()
                    self._stopping.wait(RETRY_SECONDS)  # module-level: tests shorten it
        finally:
            self._ready.set()
            loop.close()

    async def _work(self) -> None:
        async with self._app.open_async():
            self._task = asyncio.ensure_future(
                self._app.run_worker_async(
                    queues=[QUEUE],
                    name=f"twitchwise-{os.getpid()}",
                    concurrency=1,
                    install_signal_handlers=False,
                    delete_jobs="successful",
                    fetch_job_polling_interval=2.0,
                )
            )
            self._ready.set()
            if self._stopping.is_set():  # close() came while this was opening
                self._task.cancel()
            await self._task

    def close(self) -> None:
        """Stop taking jobs; the import in progress, if any, ends first (up to 30 s here)."""
        self._stopping.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has ended already
                pass
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        with self._lock:
            if self._pool is not None:
                self._pool.close()  # procrastinate leaves a pool it was given open
                self._pool = None
