"""``GET /api/v1/export/backup`` (lossless JSON), ``GET /api/v1/export/csv`` (the long CSV) and
``GET /api/v1/export/fhir`` (a FHIR R4 Bundle for a doctor's system).

Each is written by ``services.exports`` in a thread of its own, as the journal streams it, into a
short queue that the response drains: the diary is never whole in memory, and a client that
reads slowly holds back the writer, not the server's memory.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO, cast

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from twitchwise.services.exports import EXPORTS
from twitchwise.web.state import Here, here

router = APIRouter(prefix="/export", tags=["exports"])
CHUNK_CHARS = 64 * 1024
QUEUED_CHUNKS = 8
log = logging.getLogger("twitchwise.exports")


class _Gone(Exception):
    """The client went away: the writer stops."""


class _Pipe(io.TextIOBase):
    """What the writer writes to: chunks of about ``CHUNK_CHARS``, handed to the response."""

    def __init__(self, chunks: queue.Queue[object], gone: threading.Event) -> None:
        self._chunks, self._gone = chunks, gone
        self._parts: list[str] = []
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if not self._parts:
            return
        chunk = "".join(self._parts).encode()
        self._parts, self._size = [], 0
        while True:
            if self._gone.is_set():
                raise _Gone
            try:
                self._chunks.put(chunk, timeout=0.5)
                return
            except queue.Full:
                continue


_END = object()


def _streamed(person: Here, kind: str, now: datetime) -> Iterator[bytes]:
    chunks: queue.Queue[object] = queue.Queue(maxsize=QUEUED_CHUNKS)
    gone = threading.Event()

    def write() -> None:
        pipe = _Pipe(chunks, gone)
        try:
            with person.read() as journal:
                EXPORTS[kind](journal, cast(TextIO, pipe), now)
            pipe.flush()
        except _Gone:
            return
        except Exception as error:  # the answer has begun: all that is left is to cut it
            log.exception("an export stopped")
            chunks.put(error)
        finally:
            chunks.put(_END)

    threading.Thread(target=write, name=f"twitchwise-export-{kind}", daemon=True).start()
    try:
        while (chunk := chunks.get()) is not _END:
            if isinstance(chunk, Exception):
                raise chunk
            assert isinstance(chunk, bytes)  # noqa: S101 - only bytes, errors and the end
            yield chunk
    finally:
        gone.set()


def _download(request: Request, kind: str, media_type: str, name: str) -> StreamingResponse:
    person = here(request)
    now = person.now() if kind == "fhir" else datetime.now(UTC)
    return StreamingResponse(
        _streamed(person, kind, now),
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name.format(now)}"'},
    )


@router.get("/backup", responses={200: {"content": {"application/json": {}}}})
def export_backup(request: Request) -> StreamingResponse:
    """Every entry with its id, and the profile: ``twitchwise import backup`` restores it."""
    return _download(request, "backup", "application/json", "twitchwise-backup-{:%Y-%m-%d}.json")


@router.get("/csv", responses={200: {"content": {"text/csv": {}}}})
def export_csv(request: Request) -> StreamingResponse:
    """The long CSV of docs/csv-format.md."""
    return _download(request, "csv", "text/csv; charset=utf-8", "twitchwise-diary.csv")


@router.get("/fhir", responses={200: {"content": {"application/fhir+json": {}}}})
def export_fhir(request: Request) -> StreamingResponse:
    """A FHIR R4 Bundle (docs/fhir.md): ``twitchwise import fhir`` reads it back."""
    return _download(request, "fhir", "application/fhir+json", "twitchwise-fhir-{:%Y-%m-%d}.json")
