"""Opening untrusted exports safely: find the XML inside a zip or folder by its content, stream it
without extracting, refuse entity declarations and zip bombs, and clean known breakages.

The stream handed to the XML parser starts at ``<HealthData``: the DOCTYPE is never parsed,
which fixes the iOS 16.0/16.1 broken DTD and makes entity attacks impossible by construction
(APPLE_HEALTH.md §5.1). A prolog that declares entities is refused outright: Apple's never does.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from twitchwise.domain.errors import InputError
from twitchwise.imports.readers.xmlfilter import RecordFilter

SNIFF_BYTES = 4096
PROLOG_LIMIT = 1 << 20  # the DOCTYPE of a real export is about 10 KiB
CHUNK = 1 << 18
MAX_RATIO = 200  # real exports compress 7-30x; a zip bomb (zeros) compresses ~1000x
MAX_BYTES = 64 << 30  # a 64 GiB export.xml is past anything a phone writes
# Bytes XML 1.0 forbids (C0 controls other than tab, newline, carriage return): some exports
# carry \x0b inside attribute values, which strict parsers reject.
CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 13))
ROOT = b"<HealthData"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# iOS 16.0/16.1 wrote the end date as a second startDate attribute (on WorkoutStatistics).
DUPLICATE_START = re.compile(rb'(<\w+\b[^<>]*?\bstartDate="[^"]*"[^<>]*?\s)startDate=')
VERSION = re.compile(rb"HealthKit Export Version:\s*(\d+)")


@dataclass(frozen=True)
class Export:
    """Where the export's XML is: a file, or a member of a zip."""

    path: Path
    member: str | None
    size: int  # uncompressed bytes of the XML (for progress)
    compressed: int  # bytes on disk


def _looks_like_health_data(head: bytes) -> bool:
    return b"<!DOCTYPE HealthData" in head or ROOT + b" " in head or ROOT + b">" in head


def locate(path: Path) -> Export:
    """The export's XML, by content (its name is localised: export.xml, Export.xml, 导出.xml)."""
    if not path.exists():
        raise InputError("FILE", f"{path} does not exist")
    if path.is_dir():
        return _in_folder(path)
    if zipfile.is_zipfile(path):
        return _in_zip(path)
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if not _looks_like_health_data(head):
        raise InputError("FILE", "is not an Apple Health export (no <HealthData>)")
    size = path.stat().st_size
    return Export(path, None, size, size)


def _in_folder(path: Path) -> Export:
    candidates = sorted(p for p in path.rglob("*.xml") if "cda" not in p.name.lower())
    for candidate in candidates:
        with candidate.open("rb") as stream:
            if _looks_like_health_data(stream.read(SNIFF_BYTES)):
                size = candidate.stat().st_size
                return Export(candidate, None, size, size)
    raise InputError("FILE", f"no Apple Health export.xml in the folder {path}")


def _in_zip(path: Path) -> Export:
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                if info.is_dir() or not name.lower().endswith(".xml") or "cda" in name.lower():
                    continue
                with archive.open(info) as stream:
                    head = stream.read(SNIFF_BYTES)
                if _looks_like_health_data(head):
                    return Export(path, name, info.file_size, info.compress_size)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise InputError(
            "FILE", "is not a readable zip file (damaged, cut short, or not a zip)"
        ) from None
    raise InputError("FILE", "holds no Apple Health export.xml")


class CleanStream:
    """The export from ``<HealthData`` on, in chunks: controls removed, optional repair, optional
    filter, bytes counted.

    Tags are never split between two repaired chunks: each chunk is cut after its last '>'.
    """

    def __init__(
        self,
        raw: IO[bytes],
        *,
        limit: int,
        repair: bool,
        on_bytes: Callable[[int], None] | None = None,
        keep: RecordFilter | None = None,
    ) -> None:
        self._raw = raw
        self._limit = limit
        self._repair = repair
        self._on_bytes = on_bytes
        self._keep = keep
        self.consumed = 0
        self.repaired = 0
        self.version: int | None = None
        self._carry = b""
        self._head = self._prolog()

    def _take(self, size: int) -> bytes:
        try:
            data = self._raw.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError):
            # Damage found past the head: deflate data that does not inflate, a CRC or a size
            # that the zip's headers lied about.
            raise InputError(
                "FILE", "the zip file is damaged: a part of it does not unpack"
            ) from None
        self.consumed += len(data)
        if self.consumed > self._limit:
            raise InputError(
                "FILE",
                "the export is larger than it declares, or inflates far beyond what a real one "
                "does (a zip bomb?): refusing it",
            )
        if self._on_bytes is not None and data:
            self._on_bytes(self.consumed)
        return data

    def _prolog(self) -> bytes:
        head = b""
        while ROOT not in head:
            data = self._take(64 * 1024)
            if not data:
                raise InputError("FILE", "the export has no <HealthData> element")
            head += data
            if len(head) > PROLOG_LIMIT:
                raise InputError("FILE", "the export's prolog is far too long to be Apple's")
        start = head.index(ROOT)
        prolog = head[:start]
        if b"<!ENTITY" in prolog:
            raise InputError(
                "FILE",
                "the export declares XML entities; Apple's never does, and entities are how "
                "'billion laughs' and external-file attacks work: refusing it",
            )
        found = VERSION.search(prolog)
        self.version = int(found.group(1)) if found else None
        if self.version == 12:  # iOS 16.0/16.1: the duplicated startDate attribute
            self._repair = True
        return head[start:]

    def _clean(self, data: bytes, final: bool) -> bytes:
        data = self._carry + data.translate(None, CONTROLS)
        if not final:
            cut = data.rfind(b">") + 1
            data, self._carry = data[:cut], data[cut:]
        else:
            self._carry = b""
        if self._repair:
            data, count = DUPLICATE_START.subn(rb"\1endDate=", data)
            self.repaired += count
        if self._keep is not None:
            data = self._keep.feed(data, final=final)
        return data

    def chunks(self) -> Iterator[bytes]:
        """The cleaned document, an XML declaration first, in chunks of about ``CHUNK`` bytes."""
        yield DECLARATION + self._clean(self._head, final=False)
        while data := self._take(CHUNK):
            yield self._clean(data, final=False)
        yield self._clean(b"", final=True)


@contextmanager
def open_clean(
    export: Export,
    *,
    repair: bool = False,
    on_bytes: Callable[[int], None] | None = None,
    keep: RecordFilter | None = None,
) -> Iterator[CleanStream]:
    """Stream ``export`` cleaned; a zip member is inflated as it is read, never to disk."""
    bomb = "the export would inflate far beyond what a real one does (a zip bomb?): refusing it"
    if export.member is not None and export.size > MAX_RATIO * max(export.compressed, 1):
        raise InputError("FILE", bomb)
    # Read no more than declared (plus a little), and never past the ratio: a lying header
    # cannot make us inflate more than MAX_RATIO times the compressed size.
    limit = min(MAX_BYTES, export.size + CHUNK)
    if export.member is not None:
        limit = min(limit, MAX_RATIO * max(export.compressed, 1))
    if export.member is None:
        with export.path.open("rb") as raw:
            yield CleanStream(raw, limit=limit, repair=repair, on_bytes=on_bytes, keep=keep)
        return
    with zipfile.ZipFile(export.path) as archive, archive.open(export.member) as raw:
        yield CleanStream(raw, limit=limit, repair=repair, on_bytes=on_bytes, keep=keep)


def find_member(path: Path, wanted: Callable[[str, bytes], bool], what: str) -> Export:
    """The first member of the zip at ``path`` that ``wanted(name, first bytes)`` accepts;
    InputError when the zip is unreadable or holds none (``what`` says what was looked for)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                with archive.open(info) as stream:
                    head = stream.read(SNIFF_BYTES)
                if wanted(info.filename, head):
                    return Export(path, info.filename, info.file_size, info.compress_size)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
        raise InputError(
            "FILE", "is not a readable zip file (damaged, cut short, or not a zip)"
        ) from None
    raise InputError("FILE", f"holds no {what}")


def extract_member(export: Export, out: IO[bytes]) -> int:
    """Copy the zip member ``export`` into ``out`` with the limits of ``open_clean`` (no more
    than declared, never past ``MAX_RATIO`` times its compressed size); the bytes copied."""
    bomb = "would inflate far beyond what a real export does (a zip bomb?): refusing it"
    if export.member is None:
        raise ValueError("not a zip member")
    if export.size > min(MAX_BYTES, MAX_RATIO * max(export.compressed, 1)):
        raise InputError("FILE", bomb)
    limit = min(MAX_BYTES, export.size + CHUNK, MAX_RATIO * max(export.compressed, 1))
    copied = 0
    try:
        with zipfile.ZipFile(export.path) as archive, archive.open(export.member) as raw:
            while data := raw.read(CHUNK):
                copied += len(data)
                if copied > limit:
                    raise InputError("FILE", bomb)
                out.write(data)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise InputError("FILE", "the zip file is damaged: a part of it does not unpack") from None
    return copied
