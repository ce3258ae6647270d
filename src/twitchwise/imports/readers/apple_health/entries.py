"""Records that become diary entries one by one (caffeine, water, nutrients, alcohol, sexual
activity, workouts), and the sleep and mindful records, handed on to be merged into nights and
summed into days."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.measures import MeasureKind
from twitchwise.domain.units import UnitError, convert
from twitchwise.imports.readers.apple_health.bookkeeping import Bookkeeping
from twitchwise.imports.readers.apple_health.daily import DailyMeasures
from twitchwise.imports.readers.apple_health.record_types import (
    ALCOHOL,
    ASLEEP,
    DIETARY,
    IN_BED,
    MINDFUL,
    SEX,
    SLEEP,
    WORKOUT,
    Attributes,
)
from twitchwise.imports.readers.apple_health.sleep import SleepPieces
from twitchwise.imports.readers.apple_health.summary import counted_entry


@dataclass(frozen=True, slots=True)
class _Timed:
    """A record with its instants read: its type, when, in which zone, and its value and unit."""

    kind: str
    start: datetime
    end: datetime
    zone: ZoneInfo
    value: str
    unit: str = ""

    def local_start(self) -> datetime:
        return self.start.astimezone(self.zone)

    def local_end(self) -> datetime | None:
        """None for a record that ends as it starts."""
        return self.end.astimezone(self.zone) if self.end > self.start else None


class Entries:
    """Each top-level Record (but the per-minute measures) and Workout, as the parser ends it."""

    def __init__(self, books: Bookkeeping, sleep: SleepPieces, daily: DailyMeasures) -> None:
        self._books = books
        self._summary = books.summary
        self._sleep = sleep
        self._daily = daily
        self._by_kind: dict[str, Callable[[_Timed], Exposure | None]] = {
            **dict.fromkeys(DIETARY, self._dietary),
            SLEEP: self._sleep_piece,
            MINDFUL: self._mindful,
            SEX: self._sexual_activity,
            ALCOHOL: self._alcohol,
        }

    def record(self, attrs: Attributes, zone: ZoneInfo) -> Exposure | None:
        get = attrs.get
        kind = get("type") or ""
        times = self._books.instants.span(attrs)
        if times is None:
            self._summary.skip(kind, "a record without a readable date")
            return None
        record = _Timed(kind, *times, zone, get("value") or "", get("unit") or "")
        if kind != SLEEP and self._repeated(record):
            return None  # (repeated sleep pieces vanish in the night's union)
        read = self._by_kind.get(kind)
        if read is None:  # pragma: no cover - only wanted types reach here
            self._summary.skip(kind)
            return None
        return read(record)

    def workout(self, attrs: Attributes, zone: ZoneInfo) -> Exposure | None:
        times = self._books.instants.span(attrs)
        if times is None:
            self._summary.skip(WORKOUT)
            return None
        name = attrs.get("workoutActivityType") or "HKWorkoutActivityTypeOther"
        workout = _Timed(WORKOUT, *times, zone, name)
        if self._repeated(workout):
            return None
        minutes = _workout_minutes(attrs, workout)
        return counted_entry(
            self._summary,
            WORKOUT,
            type=ExposureType.EXERCISE,
            started_at=workout.local_start(),
            ended_at=workout.local_end(),
            amount=None if minutes is None else round(minutes, 3),
            detail=_activity(name),
        )

    def _repeated(self, record: _Timed) -> bool:
        """Whether ``record`` repeats one of its day's, counted merged if it does."""
        key = (record.start.timestamp(), record.end.timestamp(), record.value)
        if self._books.repeats.seen(record.kind, "", record.start.date(), key):
            self._summary.merged[record.kind] += 1
            return True
        return False

    def _dietary(self, record: _Timed) -> Exposure | None:
        exposure_type, nutrient, ours = DIETARY[record.kind]
        try:
            amount = float(record.value) * self._books.factors[(record.unit, ours)]
        except (ValueError, UnitError) as error:
            self._summary.skip(record.kind, str(error))
            return None
        return counted_entry(
            self._summary,
            record.kind,
            type=exposure_type,
            started_at=record.local_start(),
            amount=round(amount, 6),
            detail=nutrient,
        )

    def _sleep_piece(self, record: _Timed) -> None:
        if record.value in ASLEEP or record.value == IN_BED:
            self._sleep.add(record.start, record.end, record.value in ASLEEP, record.zone)
            self._summary.merged[record.kind] += 1
        else:
            self._summary.skip(record.kind)  # Awake

    def _mindful(self, record: _Timed) -> None:
        minutes = (record.end - record.start).total_seconds() / 60
        self._summary.merged[record.kind] += 1
        day = record.local_start().date()
        self._daily.add(record.kind, MeasureKind.MINDFUL_MINUTES, "", day, minutes)

    def _sexual_activity(self, record: _Timed) -> Exposure | None:
        return counted_entry(
            self._summary,
            record.kind,
            type=ExposureType.SEXUAL_ACTIVITY,
            started_at=record.local_start(),
            ended_at=record.local_end(),
        )

    def _alcohol(self, record: _Timed) -> Exposure | None:
        return counted_entry(
            self._summary,
            record.kind,
            type=ExposureType.ALCOHOL,
            started_at=record.local_start(),
            detail=f"{record.value} drinks",
        )


def _workout_minutes(attrs: Attributes, workout: _Timed) -> float | None:
    """The minutes a workout says it lasted, else those from its start to its end (None if it
    says nothing readable and ends as it starts)."""
    minutes: float | None = None
    duration = attrs.get("duration")
    if duration:
        try:
            minutes = convert(float(duration), attrs.get("durationUnit") or "min", "min")
        except (ValueError, UnitError):
            minutes = None
    if minutes is None and workout.end > workout.start:
        minutes = (workout.end - workout.start).total_seconds() / 60
    return minutes


def _activity(name: str) -> str:
    """'HKWorkoutActivityTypeTraditionalStrengthTraining' -> 'traditional strength training'."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name.removeprefix("HKWorkoutActivityType")).lower()
