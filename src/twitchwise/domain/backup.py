"""The JSON backup: every entry with its id, the profile, and the format's name and version.

Lossless by construction: it holds the journal's own models, so a restore gives back equal data.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from twitchwise.domain.journal import (
    CourseEntry,
    Entry,
    EpisodeEntry,
    ExposureEntry,
    NoteEntry,
    Profile,
    VisitEntry,
)


class Backup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["twitchwise-backup"] = "twitchwise-backup"
    version: Literal[1] = 1
    exported_at: AwareDatetime
    profile: Profile
    episodes: tuple[EpisodeEntry, ...] = ()
    exposures: tuple[ExposureEntry, ...] = ()
    medications: tuple[CourseEntry, ...] = ()
    notes: tuple[NoteEntry, ...] = ()
    visits: tuple[VisitEntry, ...] = ()

    def entries(self) -> tuple[Entry, ...]:
        return (*self.episodes, *self.exposures, *self.medications, *self.notes, *self.visits)
