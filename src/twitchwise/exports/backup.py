"""The JSON backup (``domain.backup.Backup``) written one entry at a time: the same text as
``Backup.model_dump_json(indent=2)``, without holding the diary in memory."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from pydantic import AwareDatetime, BaseModel, TypeAdapter

from twitchwise.domain.backup import ExperimentRecord
from twitchwise.domain.journal import (
    CourseEntry,
    EpisodeEntry,
    ExposureEntry,
    NoteEntry,
    Profile,
    VisitEntry,
)

_INSTANT: TypeAdapter[datetime] = TypeAdapter(AwareDatetime)


def _indented(model: BaseModel, depth: int) -> str:
    return model.model_dump_json(indent=2).replace("\n", "\n" + "  " * depth)


def _list(name: str, entries: Iterable[BaseModel], out: TextIO, last: bool) -> int:
    out.write(f'  "{name}": [')
    written = 0
    for entry in entries:
        out.write(("," if written else "") + "\n    " + _indented(entry, 2))
        written += 1
    out.write(("\n  ]" if written else "]") + ("\n" if last else ",\n"))
    return written


def write_backup(
    profile: Profile,
    exported_at: datetime,
    episodes: Iterable[EpisodeEntry],
    exposures: Iterable[ExposureEntry],
    medications: Iterable[CourseEntry],
    notes: Iterable[NoteEntry],
    out: TextIO,
    visits: Iterable[VisitEntry] = (),
    experiments: Iterable[ExperimentRecord] = (),
) -> int:
    """Write the backup to ``out``; return the number of entries written (experiments are not
    entries and are not counted)."""
    stamp = _INSTANT.dump_json(exported_at).decode()
    out.write('{\n  "format": "twitchwise-backup",\n  "version": 1,\n')
    out.write(f'  "exported_at": {stamp},\n  "profile": {_indented(profile, 1)},\n')
    written = _list("episodes", episodes, out, last=False)
    written += _list("exposures", exposures, out, last=False)
    written += _list("medications", medications, out, last=False)
    written += _list("notes", notes, out, last=False)
    written += _list("visits", visits, out, last=False)
    _list("experiments", experiments, out, last=True)
    out.write("}")
    return written
