"""The diary's entries as the journal stores and returns them.

``LoggedEpisode`` is an episode with a time; ``MedicationCourse`` an ongoing medicine or supplement
with start and stop dates; ``Note`` free text. The ``*Entry`` classes add the journal's id.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from twitchwise.domain.episodes import Episode
from twitchwise.domain.exposures import Exposure


class LoggedEpisode(Episode):
    """An episode in the diary: its start time is required."""

    started_at: AwareDatetime
    notes: Annotated[str, Field(max_length=2000)] = ""


class CourseKind(StrEnum):
    MEDICATION = "medication"
    SUPPLEMENT = "supplement"


class MedicationCourse(BaseModel):
    """A medicine or supplement taken over a period; ``stopped_on`` None means still taking it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=100)]
    kind: CourseKind = CourseKind.MEDICATION
    dose_mg_per_day: Annotated[float, Field(ge=0, le=100_000, strict=True)] | None = None
    started_on: date | None = None
    stopped_on: date | None = None
    notes: Annotated[str, Field(max_length=2000)] = ""

    @model_validator(mode="after")
    def _in_order(self) -> MedicationCourse:
        if self.started_on and self.stopped_on and self.stopped_on < self.started_on:
            raise ValueError("stopped_on is before started_on")
        return self

    def active_on(self, day: date) -> bool:
        started = self.started_on is None or self.started_on <= day
        return started and (self.stopped_on is None or day <= self.stopped_on)


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: AwareDatetime
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class EpisodeEntry(LoggedEpisode):
    id: int


class ExposureEntry(Exposure):
    id: int


class CourseEntry(MedicationCourse):
    id: int


class NoteEntry(Note):
    id: int
