"""Read a JSON backup (``domain.backup.Backup``) one entry at a time: each entry is checked
against the journal's own model as it is read, with the place of a bad one named
(``exposures[3].amount``), so a backup of millions of entries needs the memory of one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from twitchwise.domain.backup import Backup, ExperimentRecord
from twitchwise.domain.errors import InputError, input_error_from_validation
from twitchwise.domain.journal import (
    CourseEntry,
    Entry,
    EpisodeEntry,
    ExposureEntry,
    NoteEntry,
    Profile,
    VisitEntry,
)
from twitchwise.imports.readers.json_stream import top_level
from twitchwise.imports.report import Tally

ARRAYS: dict[str, type[BaseModel]] = {
    "episodes": EpisodeEntry,
    "exposures": ExposureEntry,
    "medications": CourseEntry,
    "notes": NoteEntry,
    "visits": VisitEntry,
}
HEAD = frozenset({"format", "version", "exported_at", "profile"})
EXPERIMENTS = "experiments"  # not entries: read whole (a person has a few) and restored after
MOST_EXPERIMENTS = 1000  # one a week for twenty years; more is not a backup of a person
NOT_A_BACKUP = InputError("FILE", "is not a twitchwise backup (a JSON object)")


@dataclass
class BackupHead:
    """The backup's members other than its entries, checked once the file has been read."""

    members: dict[str, Any] = field(default_factory=dict)
    experiments: list[ExperimentRecord] = field(default_factory=list)

    def profile(self) -> Profile:
        """The profile, once ``check()`` has passed."""
        return Profile.model_validate(self.members["profile"])

    def check(self) -> None:
        try:
            Backup.model_validate(self.members)
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None


def iter_backup(stream: IO[bytes], head: BackupHead, tally: Tally) -> Iterator[Entry]:
    """The backup's entries in the file's order, each checked; the other members go into
    ``head`` (check it after the last entry)."""
    for member, index, value in top_level(stream, frozenset({*ARRAYS, EXPERIMENTS}), NOT_A_BACKUP):
        if index is None:
            if member in ARRAYS or member == EXPERIMENTS:  # not a list: the model says what
                head.members[member] = value  # it must be
                head.check()
            if member not in HEAD:
                raise InputError(member, "is not a member of a twitchwise backup")
            head.members[member] = value
            continue
        if member == EXPERIMENTS:
            if len(head.experiments) >= MOST_EXPERIMENTS:
                raise InputError(member, f"holds more than {MOST_EXPERIMENTS} experiments")
            try:
                head.experiments.append(ExperimentRecord.model_validate(value))
            except ValidationError as error:
                raise input_error_from_validation(
                    error.errors(), prefix=f"{member}[{index}]"
                ) from None
            continue
        tally.records += 1
        try:
            entry = ARRAYS[member].model_validate(value)
        except ValidationError as error:
            raise input_error_from_validation(error.errors(), prefix=f"{member}[{index}]") from None
        tally.kept[type(entry).__name__.removesuffix("Entry").lower()] += 1
        yield entry  # type: ignore[misc]
