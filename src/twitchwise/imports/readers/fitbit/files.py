"""Finding Fitbit's files in a Google Takeout zip or folder, by their names (the folders'
names are translated: ``Fitbit/Global Export Data/``, ``Physical Activity_GoogleData/``...),
and opening each one as a stream: a zip's members are inflated as they are read, never
extracted, and one that would inflate far beyond a real file is refused."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from twitchwise.domain.errors import InputError
from twitchwise.imports.readers.hardened import MAX_RATIO

# file kind -> its name (the base name, case ignored)
PATTERNS = {
    "sleep": re.compile(r"sleep-\d{4}-\d{2}-\d{2}\.json"),
    "heart rate": re.compile(r"heart_rate-\d{4}-\d{2}-\d{2}\.json"),
    "steps": re.compile(r"steps-\d{4}-\d{2}-\d{2}\.json"),
    "resting heart rate": re.compile(r"resting_heart_rate-\d{4}-\d{2}-\d{2}\.json"),
    "exercise": re.compile(r"exercise-\d+\.json"),
    "heart rate csv": re.compile(r"heart_rate_\d{4}-\d{2}-\d{2}\.csv"),
    "steps csv": re.compile(r"steps_\d{4}-\d{2}-\d{2}\.csv"),
    "daily resting heart rate csv": re.compile(r"daily_resting_heart_rate\.csv"),
    "daily hrv csv": re.compile(r"daily heart rate variability summary.*\.csv"),
}


@dataclass(frozen=True)
class Found:
    kind: str
    name: str  # its path inside the zip or folder


def kind_of(name: str) -> str | None:
    base = PurePosixPath(name.replace("\\", "/")).name.lower()
    for kind, pattern in PATTERNS.items():
        if pattern.fullmatch(base):
            return kind
    return None


class Takeout:
    """A Takeout zip or folder: its Fitbit files, and a way to open each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive: zipfile.ZipFile | None = None
        self.others = 0  # files that are not Fitbit files we read

    def files(self) -> list[Found]:
        names = self._names()
        found = []
        for name in names:
            kind = kind_of(name)
            if kind is None:
                self.others += 1
            else:
                found.append(Found(kind, name))
        if not found:
            raise InputError(
                "FILE",
                "holds no Fitbit files that twitchwise reads (sleep-*.json, "
                "heart_rate-*.json, steps-*.json, heart_rate_*.csv ...): is it the Fitbit part "
                "of a Google Takeout?",
            )
        return sorted(found, key=lambda f: f.name)

    def _names(self) -> list[str]:
        if self.path.is_dir():
            return [str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.is_file()]
        if not zipfile.is_zipfile(self.path):
            raise InputError("FILE", "is neither a Google Takeout zip nor its Fitbit folder")
        try:
            self.archive = zipfile.ZipFile(self.path)
            return [info.filename for info in self.archive.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError):
            raise InputError(
                "FILE", "is not a readable zip file (damaged, cut short, or not a zip)"
            ) from None

    @contextmanager
    def open(self, found: Found) -> Iterator[IO[bytes]]:
        if self.archive is None:
            with (self.path / found.name).open("rb") as stream:
                yield stream
            return
        info = self.archive.getinfo(found.name)
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                "FILE",
                f"{found.name} inside would inflate far beyond what a real file does "
                "(a zip bomb?): refusing it",
            )
        try:
            with self.archive.open(info) as stream:
                yield stream
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise InputError(
                "FILE", f"{found.name} inside is damaged: it does not unpack"
            ) from None

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()
