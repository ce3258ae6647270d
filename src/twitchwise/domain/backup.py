"""The JSON backup: every entry with its id, the profile, the personal experiments with each
day's adherence, and the format's name and version.

Lossless by construction: it holds the journal's own models, so a restore gives back equal data.
An experiment is kept as what re-makes it exactly (its design, start, length and the seed its
schedule was drawn with) and what it saw (its status and the adherence of its days); its
episodes are the diary's. Backups written before experiments were kept have no
``experiments`` member and read as having none.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from twitchwise.domain.experiments import Change, DesignKind, Status
from twitchwise.domain.journal import (
    CourseEntry,
    Entry,
    EpisodeEntry,
    ExposureEntry,
    NoteEntry,
    Profile,
    VisitEntry,
)


class ExperimentDay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: date
    followed: bool


class ExperimentRecord(BaseModel):
    """One experiment: its plan (the schedule is re-made from it), how it ended, its days."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    change: Change
    design: DesignKind
    start: date
    weeks: Annotated[int, Field(ge=1, le=52)]
    seed: Annotated[int, Field(ge=0, lt=2**31)]  # as the app draws it
    block_days: Annotated[int, Field(ge=1, le=28)]
    washout_days: Annotated[int, Field(ge=0, le=27)]
    status: Status
    created_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    stop_reason: Annotated[str, Field(max_length=2000)] | None = None
    power: Annotated[float, Field(ge=0, le=1)] | None = None
    power_words: Annotated[str, Field(max_length=2000)] = ""
    episodes_per_week: Annotated[float, Field(ge=0)] | None = None
    days: Annotated[tuple[ExperimentDay, ...], Field(max_length=7 * 52)] = ()


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
    experiments: tuple[ExperimentRecord, ...] = ()

    def entries(self) -> tuple[Entry, ...]:
        return (*self.episodes, *self.exposures, *self.medications, *self.notes, *self.visits)
