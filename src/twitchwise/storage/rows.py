"""Domain entries <-> table rows, and the natural key that makes re-imports add nothing."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import (
    CourseEntry,
    DoctorVisit,
    EntryKind,
    EpisodeEntry,
    ExposureEntry,
    LoggedEpisode,
    MedicationCourse,
    Note,
    NoteEntry,
    VisitEntry,
)
from twitchwise.storage.tables import (
    DoctorVisitRow,
    EpisodeRow,
    ExposureRow,
    MedicationCourseRow,
    NoteRow,
)
from twitchwise.storage.types import offset_minutes


def _local(instant: datetime, minutes: int) -> datetime:
    """The stored UTC instant shown again with the offset it was written with."""
    return instant.astimezone(timezone(timedelta(minutes=minutes)))


SAMPLE_SOURCE = "demo"
"""The source of the entries `twitchwise demo` writes: they are the sample diary."""
SAMPLE_KEY = "sample|"
"""Sample entries' natural keys start with this: they are found (and removed) by one range of
the unique index on (person, key), and a person's own entry equal to a sample one is kept apart
from it rather than taken for it."""


def sample_key(key: str) -> str:
    return key if key.startswith(SAMPLE_KEY) else SAMPLE_KEY + key


def marked(kind: EntryKind, values: dict[str, object], source: str) -> dict[str, object]:
    """A row's values with where it came from: episodes and exposures keep their source; the
    sample diary's entries of every kind are marked in their natural key (``rows.SAMPLE_KEY``)."""
    if kind in (EntryKind.EPISODE, EntryKind.EXPOSURE):
        values["source"] = source
    if source == SAMPLE_SOURCE:
        values["dedupe_key"] = sample_key(str(values["dedupe_key"]))
    return values


def is_sample_row(table: Any) -> Any:
    # A range of the unique index on (person, key): '}' is the character after '|'.
    return table.dedupe_key.between(SAMPLE_KEY, SAMPLE_KEY[:-1] + "}")


def _utc(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).isoformat()


def _amount(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def episode_key(episode: LoggedEpisode) -> str:
    sites = ",".join(sorted(site.value for site in episode.body_sites))
    return f"e|{_utc(episode.started_at)}|{episode.kind.value}|{sites}"


def exposure_key(exposure: Exposure) -> str:
    detail = " ".join(exposure.detail.casefold().split())
    rpe = "" if exposure.effort_rpe is None else str(exposure.effort_rpe)
    return (
        f"x|{exposure.type.value}|{_utc(exposure.started_at)}|{_utc(exposure.ended_at)}"
        f"|{_amount(exposure.amount)}|{rpe}|{detail}"
    )


def course_key(course: MedicationCourse) -> str:
    name = " ".join(course.name.casefold().split())
    return f"m|{course.kind.value}|{name}|{course.started_on or ''}"


def note_key(note: Note) -> str:
    digest = hashlib.sha256(note.text.encode()).hexdigest()[:32]
    return f"n|{_utc(note.at)}|{digest}"


def episode_values(episode: LoggedEpisode) -> dict[str, object]:
    return {
        "started_at": episode.started_at,
        "started_offset_minutes": offset_minutes(episode.started_at),
        "kind": episode.kind.value,
        "body_sites": [site.value for site in episode.body_sites],
        "sides": episode.sides.value if episode.sides else None,
        "duration_minutes": episode.duration_minutes,
        "intensity": episode.intensity,
        "pain": episode.pain,
        "context": episode.context.value if episode.context else None,
        "persisting_days": episode.persisting_days,
        "episodes_per_week": episode.episodes_per_week,
        "symptoms": [symptom.value for symptom in episode.symptoms],
        "symptoms_absent": [symptom.value for symptom in episode.symptoms_absent],
        "notes": episode.notes,
        "dedupe_key": episode_key(episode),
    }


def episode_entry(row: EpisodeRow) -> EpisodeEntry:
    return EpisodeEntry.model_validate(
        {
            "id": row.id,
            "kind": row.kind,
            "started_at": _local(row.started_at, row.started_offset_minutes),
            "body_sites": row.body_sites,
            "sides": row.sides,
            "duration_minutes": row.duration_minutes,
            "intensity": row.intensity,
            "pain": row.pain,
            "context": row.context,
            "persisting_days": row.persisting_days,
            "episodes_per_week": row.episodes_per_week,
            "symptoms": row.symptoms,
            "symptoms_absent": row.symptoms_absent or [],
            "notes": row.notes,
        }
    )


def exposure_values(exposure: Exposure) -> dict[str, object]:
    ended = exposure.ended_at
    return {
        "type": exposure.type.value,
        "started_at": exposure.started_at,
        "started_offset_minutes": offset_minutes(exposure.started_at),
        "ended_at": ended,
        "ended_offset_minutes": None if ended is None else offset_minutes(ended),
        "amount": exposure.amount,
        "detail": exposure.detail,
        "effort_rpe": exposure.effort_rpe,
        "dedupe_key": exposure_key(exposure),
    }


def exposure_entry(row: ExposureRow) -> ExposureEntry:
    ended = None
    if row.ended_at is not None:
        ended = _local(row.ended_at, row.ended_offset_minutes or 0)
    return ExposureEntry.model_validate(
        {
            "id": row.id,
            "type": row.type,
            "started_at": _local(row.started_at, row.started_offset_minutes),
            "ended_at": ended,
            "amount": row.amount,
            "detail": row.detail,
            "effort_rpe": row.effort_rpe,
            "source": row.source,
        }
    )


def course_values(course: MedicationCourse) -> dict[str, object]:
    return {
        "name": course.name,
        "kind": course.kind.value,
        "dose_mg_per_day": course.dose_mg_per_day,
        "started_on": course.started_on,
        "stopped_on": course.stopped_on,
        "notes": course.notes,
        "dedupe_key": course_key(course),
    }


def course_entry(row: MedicationCourseRow) -> CourseEntry:
    return CourseEntry.model_validate(
        {
            "id": row.id,
            "name": row.name,
            "kind": row.kind,
            "dose_mg_per_day": row.dose_mg_per_day,
            "started_on": row.started_on,
            "stopped_on": row.stopped_on,
            "notes": row.notes,
        }
    )


def visit_key(visit: DoctorVisit) -> str:
    return f"v|{visit.on.isoformat()}|{visit.outcome.value}"


def visit_values(visit: DoctorVisit) -> dict[str, object]:
    return {
        "visited_on": visit.on,
        "outcome": visit.outcome.value,
        "note": visit.note,
        "dedupe_key": visit_key(visit),
    }


def visit_entry(row: DoctorVisitRow) -> VisitEntry:
    return VisitEntry.model_validate(
        {"id": row.id, "on": row.visited_on, "outcome": row.outcome, "note": row.note}
    )


def note_values(note: Note) -> dict[str, object]:
    return {
        "at": note.at,
        "at_offset_minutes": offset_minutes(note.at),
        "text": note.text,
        "dedupe_key": note_key(note),
    }


def note_entry(row: NoteRow) -> NoteEntry:
    return NoteEntry(id=row.id, at=_local(row.at, row.at_offset_minutes), text=row.text)
