"""The diary's entries as the journal stores and returns them.

``LoggedEpisode`` is an episode with a time; ``MedicationCourse`` an ongoing medicine or supplement
with start and stop dates; ``Note`` free text. The ``*Entry`` classes add the journal's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from twitchwise.domain.assessment import Condition, Person, Sex, VisitOutcome
from twitchwise.domain.episodes import Episode
from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.time import DiaryDay, DiaryTime


class LoggedEpisode(Episode):
    """An episode in the diary: its start time is required."""

    started_at: DiaryTime
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
    started_on: DiaryDay | None = None
    stopped_on: DiaryDay | None = None
    notes: Annotated[str, Field(max_length=2000)] = ""

    @field_validator("stopped_on")
    @classmethod
    def _in_order(cls, stopped_on: date | None, info: ValidationInfo) -> date | None:
        # a field's rule, so the form shows it beside "stopped on" (domain.plausible)
        started_on = info.data.get("started_on")
        if started_on and stopped_on and stopped_on < started_on:
            raise ValueError(f"is before the day it started ({started_on}): check the dates")
        return stopped_on

    def active_on(self, day: date) -> bool:
        started = self.started_on is None or self.started_on <= day
        return started and (self.stopped_on is None or day <= self.stopped_on)


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: DiaryTime
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class DoctorVisit(BaseModel):
    """A doctor saw the person about their twitches or cramps, and what came of it. History
    signs the doctor has seen stop raising the level until something new appears after it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: DiaryDay
    outcome: VisitOutcome
    note: Annotated[str, Field(max_length=2000)] = ""


class EntryKind(StrEnum):
    """The kinds of diary entry; the letter prefixes an id on the command line (``e12``)."""

    EPISODE = "e"
    EXPOSURE = "x"
    MEDICATION = "m"
    NOTE = "n"
    VISIT = "v"


@dataclass(frozen=True)
class EntryRef:
    kind: EntryKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind.value}{self.id}"

    @classmethod
    def parse(cls, text: str, default: EntryKind | None = None) -> EntryRef:
        """``e12``, ``x3``, ``m1``, ``n2``, ``v1``; a bare number needs ``default``."""
        word = text.strip().lower()
        if word[:1].isalpha():
            kind_letter, number = word[:1], word[1:]
            if kind_letter not in EntryKind._value2member_map_:
                raise InputError("id", f"{text!r}: the letter must be e, x, m, n or v")
            kind = EntryKind(kind_letter)
        elif default is not None:
            kind, number = default, word
        else:
            raise InputError("id", f"{text!r}: write it as e12, x3, m1 or n2")
        if not number.isdigit() or len(number) > 18:
            raise InputError("id", f"{text!r} is not an entry id such as e12")
        return cls(kind, int(number))


class Profile(BaseModel):
    """The person the journal belongs to: their zone and what the thresholds depend on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    time_zone: str
    sex: Sex | None = None
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    pregnant: bool | None = None
    conditions: tuple[Condition, ...] = ()

    def as_person(self, on: date) -> Person:
        age = None if self.birth_year is None else max(0, on.year - self.birth_year)
        pregnant = self.pregnant if self.sex is Sex.FEMALE else None
        return Person(age_years=age, sex=self.sex, pregnant=pregnant, conditions=self.conditions)


class EpisodeEntry(LoggedEpisode):
    id: int


class ExposureEntry(Exposure):
    id: int
    source: Annotated[str, Field(max_length=20)] = Field(
        default="manual",
        description="who wrote it: manual or quicklog (by hand), apple_health, csv, fhir, "
        "backup, demo; figures count one source per measure and day (domain/one_record.py)",
    )


class CourseEntry(MedicationCourse):
    id: int


class NoteEntry(Note):
    id: int


class VisitEntry(DoctorVisit):
    id: int


Draft = LoggedEpisode | Exposure | MedicationCourse | Note | DoctorVisit
"""An entry before the journal has given it an id."""
Entry = EpisodeEntry | ExposureEntry | CourseEntry | NoteEntry | VisitEntry
"""An entry as the journal returns it, with its id."""

_MODEL_OF_KIND: dict[EntryKind, type[BaseModel]] = {
    EntryKind.EPISODE: LoggedEpisode,
    EntryKind.EXPOSURE: Exposure,
    EntryKind.MEDICATION: MedicationCourse,
    EntryKind.NOTE: Note,
    EntryKind.VISIT: DoctorVisit,
}


def model_of(kind: EntryKind) -> type[BaseModel]:
    """The model a draft of ``kind`` is validated with (LoggedEpisode, Exposure...)."""
    return _MODEL_OF_KIND[kind]


def kind_of(draft: Draft) -> EntryKind:
    if isinstance(draft, LoggedEpisode):
        return EntryKind.EPISODE
    if isinstance(draft, Exposure):
        return EntryKind.EXPOSURE
    if isinstance(draft, MedicationCourse):
        return EntryKind.MEDICATION
    if isinstance(draft, DoctorVisit):
        return EntryKind.VISIT
    return EntryKind.NOTE


def ref_of(entry: Entry) -> EntryRef:
    return EntryRef(kind_of(entry), entry.id)


def entry_as_draft(entry: Entry) -> Draft:
    """The entry without its id, as it would be added anew."""
    model = model_of(kind_of(entry))
    return cast(Draft, model.model_validate(entry.model_dump(exclude={"id", "source"})))
