"""A trigger definition laid over the hours: how much of the exposure each hour had in its window,
whether that passes the threshold, and the same for the window up to and including the entry
(the negative control).

Every exposure counts from the hour AFTER its entry (the end, for things that last): the hour
that holds the entry is partly before it, and an entry logged minutes after an episode must not
count as having come before it. An hourly candidate's window is the ``window_hours`` hours that
follow; a daily candidate's is the 24 hours after the entry that settled the day's value (the
entry that took the day past its threshold, the end of the night for sleep, the day's last entry
when the rule is "below"). The negative control is the mirror image: the same definition on the
``window_hours`` hours ending with the entry's own hour, so an episode in the same hour or day
as an entry logged after it falls inside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from twitchwise.analysis.grid import HOUR, Diary, HourGrid
from twitchwise.domain.exposures import DURATION_TYPES, Exposure, ExposureType
from twitchwise.domain.one_record import one_record
from twitchwise.knowledge.model import TriggerDefinition

DOSES = (ExposureType.MEDICATION, ExposureType.SUPPLEMENT)
MIN_NAMED_ENTRIES = 5
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]


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
    exposed: Mask
    observed: Mask
    lead_exposed: Mask  # the same definition on the window ending with the entry's hour
    lead_observed: Mask
    dose: Floats  # the dose-response covariate, in units of the definition's dose_per
    dose_observed: Mask
    units: int  # days on which the exposure happened


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
    """The entries of one candidate as arrays, in time order: the hour each is complete in (its
    end, for things that last), their amounts and their local days (sleep: the day you woke)."""

    hour: Ints
    amount: Floats
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
        rows = []
        zone = self._zone
        for entry in entries:
            started_at, given = entry.started_at, entry.amount
            started = started_at.timestamp()
            ended = entry.ended_at.timestamp() if entry.ended_at is not None else None
            is_sleep = entry.type is ExposureType.SLEEP
            if ended is None and given is not None and entry.type in DURATION_TYPES:
                ended = started + given * (HOUR if is_sleep else 60)
            if is_sleep:
                amount = (ended - started) / HOUR if given is None and ended else None
                amount = given or 0.0 if amount is None else amount
            else:
                amount = given or 0.0
            if ended is None:  # complete when it was logged
                rows.append((started, amount, started_at.astimezone(zone).date()))
                continue
            moment = started_at + timedelta(seconds=ended - started)
            rows.append((ended, amount, moment.astimezone(zone).date()))
        rows.sort(key=lambda row: row[0])
        return Entries(
            (np.array([r[0] for r in rows], dtype=np.float64) // HOUR).astype(np.int64),
            np.array([r[1] for r in rows], dtype=np.float64),
            tuple(r[2] for r in rows),
        )


def _passes(definition: TriggerDefinition, value: Floats, present: Mask) -> Mask:
    if definition.combine == "any":
        return present
    if definition.above is not None:
        return present & (value > definition.above)
    return present & (value < float(definition.below or 0.0))


class _Spread:
    """Sums over anchors of a value across the grid's hours: for each hour t, the sum of ``value``
    over anchors a with a + lo <= t <= a + hi (a difference array, then a running sum)."""

    def __init__(self, grid: HourGrid, reach: int) -> None:
        self.origin = int(grid.hour.min()) - reach - 2 if grid.hour.size else 0
        self.size = (int(grid.hour.max()) - self.origin + reach + 3) if grid.hour.size else 1
        self.rows = grid.hour - self.origin

    def __call__(self, anchor: Ints, lo: int, hi: int, value: Floats) -> Floats:
        first = np.clip(anchor + lo - self.origin, 0, self.size - 1)
        last = np.clip(anchor + hi - self.origin + 1, 0, self.size - 1)
        keep = first < last
        weight = value[keep]
        change = np.bincount(first[keep], weight, self.size)  # unbuffered: repeats add up
        change -= np.bincount(last[keep], weight, self.size)
        return np.asarray(np.cumsum(change)[self.rows], dtype=np.float64)


def hourly(candidate: Candidate, index: EntryIndex, grid: HourGrid) -> Series:
    definition = candidate.definition
    window = round(definition.window_hours)
    entries = index.get(candidate)
    spread = _Spread(grid, window)
    ones = np.ones(entries.hour.shape[0])
    value = ones if definition.combine == "any" else entries.amount
    main = spread(entries.hour, 1, window, value)
    lead = spread(entries.hour, 1 - window, 0, value)
    exposed = _passes(definition, main, spread(entries.hour, 1, window, ones) > 0.5)
    lead_exposed = _passes(definition, lead, spread(entries.hour, 1 - window, 0, ones) > 0.5)
    everywhere = np.ones(grid.hour.shape[0], dtype=bool)
    per = definition.dose_per or 1.0
    units = int(np.unique(grid.day[exposed]).shape[0])
    return Series(exposed, everywhere, lead_exposed, everywhere, main / per, everywhere, units)


def _day_values(
    definition: TriggerDefinition, entries: Entries
) -> tuple[Ints, Floats, Mask, tuple[date, ...]]:
    """Per local day with entries: the hour that settled its value, the value, whether it passes."""
    anchors, values, passing, days = [], [], [], []
    below = definition.below is not None
    above = None if definition.combine == "any" else definition.above
    start = 0
    hours, amounts = entries.hour.tolist(), entries.amount.tolist()
    ordinal = [day.toordinal() for day in entries.day]
    order: list[int] = np.lexsort((entries.hour, np.array(ordinal, dtype=np.int64))).tolist()
    while start < len(order):
        stop = start
        while stop < len(order) and ordinal[order[stop]] == ordinal[order[start]]:
            stop += 1
        value, anchor, passed = 0.0, hours[order[stop - 1]], False
        for position in order[start:stop]:
            amount = 1.0 if definition.combine == "any" else amounts[position]
            value = max(value, amount) if definition.combine == "max" else value + amount
            if not below and not passed and (above is None or value > above):
                anchor, passed = hours[position], True
        if below:
            passed = value < float(definition.below or 0.0)
        anchors.append(anchor)
        values.append(value)
        passing.append(passed)
        days.append(entries.day[order[start]])
        start = stop
    return (
        np.array(anchors, dtype=np.int64),
        np.array(values, dtype=np.float64),
        np.array(passing, dtype=bool),
        tuple(days),
    )


def _course_days(candidate: Candidate, diary: Diary, grid: HourGrid) -> Ints:
    """The hour before local midnight of each logged day on the course: its window is the day."""
    ordinals = np.array([day.toordinal() for day in grid.days], dtype=np.int64)
    on = np.zeros(ordinals.shape[0], dtype=bool)
    for course in diary.courses:
        if " ".join(course.name.lower().split()) != candidate.name:
            continue
        within = np.ones(ordinals.shape[0], dtype=bool)
        if course.started_on is not None:
            within &= ordinals >= course.started_on.toordinal()
        if course.stopped_on is not None:
            within &= ordinals <= course.stopped_on.toordinal()
        on |= within
    return np.asarray(grid.midnight[on] - 1, dtype=np.int64)


def daily(candidate: Candidate, diary: Diary, index: EntryIndex, grid: HourGrid) -> Series:
    definition = candidate.definition
    window = round(definition.window_hours)
    spread = _Spread(grid, window)
    if definition.type == "course":
        anchor = _course_days(candidate, diary, grid)
        value = np.ones(anchor.shape[0])
        passing = np.ones(anchor.shape[0], dtype=bool)
    else:
        anchor, value, passing, _ = _day_values(definition, index.get(candidate))
    ones = np.ones(anchor.shape[0])
    exposed = spread(anchor[passing], 1, window, ones[passing]) > 0.5
    lead_exposed = spread(anchor[passing], 1 - window, 0, ones[passing]) > 0.5
    everywhere = np.ones(grid.hour.shape[0], dtype=bool)
    covered = spread(anchor, 1, window, ones)
    if definition.below is not None:  # no entry that day: missing, not "enough"
        observed = covered > 0.5
        lead_observed = spread(anchor, 1 - window, 0, ones) > 0.5
    else:
        observed, lead_observed = everywhere, everywhere
    per = definition.dose_per or 1.0
    if definition.below is not None and value.size:
        centred = (float(np.median(value)) - value) / per  # e.g. hours less sleep than usual
    else:
        centred = value / per
    dose = spread(anchor, 1, window, centred) / np.maximum(covered, 1.0)
    units = int(passing.sum())
    return Series(exposed, observed, lead_exposed, lead_observed, dose, covered > 0.5, units)
