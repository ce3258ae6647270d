"""A trigger definition laid over the bins: how much of the exposure each bin had in its window,
whether that passes the threshold, and the same for the window after (the negative control)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from twitchwise.analysis.grid import HOUR, DayGrid, Diary, HourGrid
from twitchwise.domain.exposures import DURATION_TYPES, Exposure, ExposureType
from twitchwise.domain.one_record import one_record
from twitchwise.knowledge.model import TriggerDefinition

DOSES = (ExposureType.MEDICATION, ExposureType.SUPPLEMENT)
MIN_NAMED_ENTRIES = 5


@dataclass(frozen=True)
class Candidate:
    """One definition, for one medicine's name where the definition is per name."""

    definition: TriggerDefinition
    name: str | None = None

    @property
    def id(self) -> str:
        return self.definition.id if self.name is None else f"{self.definition.id}:{self.name}"

    @property
    def label(self) -> str:
        return self.definition.label.replace("{name}", self.name or "")

    @property
    def phrase(self) -> str:
        definition = self.definition
        if definition.scale == "hourly":
            return f"in the {definition.window_hours:g} hours after {self.label}"
        return (definition.phrase or "").replace("{name}", self.name or "")

    @property
    def exposure(self) -> str:
        kind = self.definition.type
        return "medication" if kind == "course" else kind


@dataclass(frozen=True)
class Series:
    dose: NDArray[np.float64]  # the combined amount in the window (1 for "any")
    exposed: NDArray[np.bool_]
    observed: NDArray[np.bool_]
    lead_exposed: NDArray[np.bool_]  # exposed in the window AFTER the bin: the negative control
    lead_observed: NDArray[np.bool_]


def candidates(definitions: Sequence[TriggerDefinition], diary: Diary) -> list[Candidate]:
    found: list[Candidate] = []
    dose_names = Counter(
        " ".join(x.detail.lower().split()) for x in diary.exposures if x.type in DOSES and x.detail
    )
    course_names = sorted({" ".join(c.name.lower().split()) for c in diary.courses})
    for definition in definitions:
        if not definition.per_name:
            found.append(Candidate(definition))
        elif definition.type == "course":
            found.extend(Candidate(definition, name) for name in course_names)
        else:
            frequent = sorted(
                name for name, count in dose_names.items() if count >= MIN_NAMED_ENTRIES
            )
            found.extend(Candidate(definition, name) for name in frequent)
    return found


@dataclass(frozen=True)
class Entries:
    """The entries of one candidate as arrays: their hours, amounts and local days."""

    start_hour: NDArray[np.int64]
    end_hour: NDArray[np.int64]
    amount: NDArray[np.float64]
    day: tuple[date, ...]


class EntryIndex:
    """Every exposure turned into numbers once, grouped by type and by medicine name."""

    def __init__(self, diary: Diary) -> None:
        self._by_key: dict[str, list[Exposure]] = {}
        # One night per day and one source per measure and day (domain/one_record.py).
        for entry in one_record(diary.exposures, diary.zone):
            self._by_key.setdefault(entry.type.value, []).append(entry)
            if entry.type in DOSES and entry.detail:
                self._by_key.setdefault(
                    "name:" + " ".join(entry.detail.lower().split()), []
                ).append(entry)
        self._zone = diary.zone
        self._cache: dict[str, Entries] = {}

    def get(self, candidate: Candidate) -> Entries:
        key = candidate.definition.type if candidate.name is None else "name:" + candidate.name
        if key not in self._cache:
            self._cache[key] = self._arrays(self._by_key.get(key, []))
        return self._cache[key]

    def _arrays(self, entries: list[Exposure]) -> Entries:
        """Hours from POSIX timestamps (no zone arithmetic); local days via the person's zone."""
        sleep = _SLEEP
        starts, ends, amounts, days = [], [], [], []
        for entry in entries:
            started = entry.started_at.timestamp()
            ended = entry.ended_at.timestamp() if entry.ended_at is not None else None
            is_sleep = entry.type is sleep
            if ended is None and entry.amount is not None and entry.type in DURATION_TYPES:
                ended = started + entry.amount * (3600 if is_sleep else 60)
            starts.append(started)
            ends.append(started if ended is None else ended)
            if is_sleep:
                amounts.append(
                    (ended - started) / 3600
                    if entry.amount is None and ended
                    else entry.amount or 0.0
                )
            else:
                amounts.append(entry.amount or 0.0)
            moment = (
                entry.started_at
                if not (is_sleep and ended)
                else entry.started_at + timedelta(seconds=ended - started)
            )
            days.append(moment.astimezone(self._zone).date())
        return Entries(
            (np.array(starts, dtype=np.float64) // HOUR).astype(np.int64),
            (np.array(ends, dtype=np.float64) // HOUR).astype(np.int64),
            np.array(amounts, dtype=np.float64),
            tuple(days),
        )


_SLEEP = ExposureType.SLEEP


def _passes(
    definition: TriggerDefinition, value: NDArray[np.float64], present: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    if definition.combine == "any":
        return present
    if definition.above is not None:
        return value > definition.above
    return present & (value < float(definition.below or 0.0))


def hourly(candidate: Candidate, index: EntryIndex, grid: HourGrid) -> Series:
    definition = candidate.definition
    window = round(definition.window_hours)
    entries = index.get(candidate)
    if grid.hour.size == 0:
        empty = np.zeros(0, dtype=bool)
        return Series(np.zeros(0), empty, empty, empty, empty)
    origin = int(grid.hour.min()) - window - 2
    size = int(grid.hour.max()) - origin + window + 3

    def spread(
        first: NDArray[np.int64], last: NDArray[np.int64], value: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Sum of ``value`` over every entry whose [first, last] hour range covers each hour."""
        lo = np.clip(first - origin, 0, size - 1)
        hi = np.clip(last - origin + 1, 0, size - 1)
        keep = lo < hi
        change = np.zeros(size)
        np.add.at(change, lo[keep], value[keep])
        np.add.at(change, hi[keep], -value[keep])
        return np.cumsum(change)

    ones = np.ones(entries.start_hour.shape[0])
    value = ones if definition.combine == "any" else entries.amount
    reach = entries.end_hour + window - 1
    amount = spread(entries.start_hour, reach, value)
    count = spread(entries.start_hour, reach, ones)
    lead_count = spread(entries.start_hour - window, entries.start_hour - 1, ones)
    rows = grid.hour - origin
    dose, present = amount[rows], count[rows] > 0.5
    exposed = _passes(definition, dose, present)
    observed = np.ones(rows.shape[0], dtype=bool)
    return Series(dose, exposed, observed, lead_count[rows] > 0.5, observed)


def daily(candidate: Candidate, diary: Diary, index_: EntryIndex, grid: DayGrid) -> Series:
    definition = candidate.definition
    index = {day: number for number, day in enumerate(grid.days)}
    size = len(grid.days)
    value = np.zeros(size)
    present = np.zeros(size, dtype=bool)
    if definition.type == "course":
        ordinals = np.array([day.toordinal() for day in grid.days])
        for course in diary.courses:
            if " ".join(course.name.lower().split()) == candidate.name:
                first = course.started_on.toordinal() if course.started_on else -(10**9)
                last = course.stopped_on.toordinal() if course.stopped_on else 10**9
                active = (ordinals >= first) & (ordinals <= last)
                present |= active
                value[active] = 1.0
    else:
        entries = index_.get(candidate)
        for day, raw in zip(entries.day, entries.amount.tolist(), strict=True):
            number = index.get(day)
            if number is None:
                continue
            amount = 1.0 if definition.combine == "any" else raw
            if definition.combine == "max":
                value[number] = max(value[number], amount) if present[number] else amount
            else:
                value[number] += amount
            present[number] = True
    exposed = _passes(definition, value, present)
    needs_entry = definition.below is not None
    observed = present.copy() if needs_entry else np.ones(size, dtype=bool)
    following = np.array(
        [index.get(day + timedelta(days=1), -1) for day in grid.days], dtype=np.int64
    )
    lead_observed = (following >= 0) & observed[np.maximum(following, 0)]
    lead_exposed = lead_observed & exposed[np.maximum(following, 0)]
    return Series(value, exposed, observed, lead_exposed, lead_observed)
