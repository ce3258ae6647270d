"""One readable line per diary entry, for `log`, `history` and `check --episode`."""

from __future__ import annotations

from datetime import datetime, tzinfo

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import (
    CourseEntry,
    DoctorVisit,
    EpisodeEntry,
    ExposureEntry,
    LoggedEpisode,
    MedicationCourse,
    Note,
    NoteEntry,
    VisitEntry,
)
from twitchwise.domain.units import number

Described = LoggedEpisode | Exposure | MedicationCourse | Note | DoctorVisit


def when(moment: datetime, where: tzinfo | None = None) -> str:
    local = moment.astimezone(where) if where is not None else moment
    return local.strftime("%Y-%m-%d %H:%M")


def episode_line(episode: LoggedEpisode) -> str:
    parts = [episode.kind.value]
    if episode.sides:
        parts.append(episode.sides.value)
    parts.extend(site.value for site in episode.body_sites)
    if episode.context and episode.context.value != "other":
        parts.append(episode.context.value.replace("_", " "))
    if episode.duration_minutes is not None:
        parts.append(f"{number(episode.duration_minutes)} min")
    if episode.intensity is not None:
        parts.append(f"intensity {episode.intensity}/10")
    if episode.symptoms:
        parts.append("with " + ", ".join(s.value.replace("_", " ") for s in episode.symptoms))
    return " ".join(parts)


def exposure_line(exposure: Exposure, where: tzinfo | None = None) -> str:
    name = exposure.type.value.replace("_", " ")
    if exposure.type is ExposureType.MEAL:
        name = "intake"
    amount = exposure.duration_amount
    parts = [name]
    if exposure.type is ExposureType.STRESS and amount is not None:
        parts.append(f"{number(amount)}/10")
    elif amount is not None:
        parts.append(f"{number(round(amount, 2))} {exposure.unit}")
    if exposure.detail:
        parts.append(exposure.detail)
    if exposure.effort_rpe is not None:
        parts.append(f"effort {exposure.effort_rpe}/10")
    if exposure.ended_at is not None:
        ended = exposure.ended_at.astimezone(where) if where is not None else exposure.ended_at
        parts.append(f"until {ended.strftime('%H:%M')}")
    return " ".join(parts)


def course_line(course: MedicationCourse) -> str:
    dose = f" {number(course.dose_mg_per_day)} mg a day" if course.dose_mg_per_day else ""
    since = f" since {course.started_on}" if course.started_on else ""
    until = f" until {course.stopped_on}" if course.stopped_on else " (ongoing)"
    return f"{course.kind.value} {course.name}{dose}{since}{until}"


def line(entry: Described, where: tzinfo | None = None) -> str:
    """One line for ``entry``; times shown in ``where`` when given (the history's zone)."""
    if isinstance(entry, LoggedEpisode):
        return episode_line(entry)
    if isinstance(entry, Exposure):
        return exposure_line(entry, where)
    if isinstance(entry, MedicationCourse):
        return course_line(entry)
    if isinstance(entry, DoctorVisit):
        note = f" ({entry.note})" if entry.note else ""
        return f"seen by a doctor on {entry.on}: {entry.outcome.value}{note}"
    return f"note: {entry.text}"


def moment(entry: Described) -> datetime | None:
    if isinstance(entry, LoggedEpisode | Exposure):
        return entry.started_at
    if isinstance(entry, Note):
        return entry.at
    return None


Entry = EpisodeEntry | ExposureEntry | CourseEntry | NoteEntry | VisitEntry
