"""Apple Health `export.zip` / `export.xml`, streamed into diary entries and daily measures.

Only the types twitchwise uses are kept (APPLE_HEALTH.md §1.10). Each record's instant comes from
its own string (the offset there is the phone's at export time, so only the instant is trusted);
local time comes from the record's HKTimeZone, else the person's zone. Sleep records, which
overlap and repeat (phone, watch, apps), become one session per night; per-minute measurements
(energy, heart rate variability...) become one value per day, the largest source winning where
phone and watch both count the same thing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.domain.units import UnitError, convert
from twitchwise.imports.hardened import Export, open_clean

Q = "HKQuantityTypeIdentifier"
C = "HKCategoryTypeIdentifier"
# dietary quantity -> (exposure type, nutrient detail, our unit)
DIETARY: dict[str, tuple[ExposureType, str, str]] = {
    Q + "DietaryCaffeine": (ExposureType.CAFFEINE, "", "mg"),
    Q + "DietaryWater": (ExposureType.WATER, "", "ml"),
    Q + "DietaryMagnesium": (ExposureType.MEAL, "magnesium", "mg"),
    Q + "DietaryPotassium": (ExposureType.MEAL, "potassium", "mg"),
    Q + "DietaryCalcium": (ExposureType.MEAL, "calcium", "mg"),
    Q + "DietaryVitaminD": (ExposureType.MEAL, "vitamin_d", "IU"),
    Q + "DietaryVitaminB6": (ExposureType.MEAL, "vitamin_b6", "mg"),
}
# per-day measures -> (kind, how a day's values combine within one source, unit)
DAILY: dict[str, tuple[MeasureKind, str, str]] = {
    Q + "ActiveEnergyBurned": (MeasureKind.ACTIVE_ENERGY_KCAL, "sum", "kcal"),
    Q + "AppleExerciseTime": (MeasureKind.EXERCISE_MINUTES, "sum", "min"),
    Q + "HeartRateVariabilitySDNN": (MeasureKind.HRV_SDNN_MS, "mean", "ms"),
    Q + "RestingHeartRate": (MeasureKind.RESTING_HEART_RATE_BPM, "mean", ""),
}
SLEEP = C + "SleepAnalysis"
ASLEEP = {
    "HKCategoryValueSleepAnalysisAsleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
}
IN_BED = "HKCategoryValueSleepAnalysisInBed"
SEX = C + "SexualActivity"
MINDFUL = C + "MindfulSession"
ALCOHOL = Q + "NumberOfAlcoholicBeverages"
SESSION_GAP = timedelta(minutes=60)  # sleep pieces closer than this are one night
LONGEST_NIGHT = timedelta(hours=20)


def parse_time(text: str) -> datetime:
    """'2019-07-19 10:36:11 -0700' -> an aware instant (Python 3.11 reads this form)."""
    return datetime.fromisoformat(text)


@dataclass
class Summary:
    """Per HealthKit type: records kept, merged into others (sleep pieces, duplicates), skipped."""

    kept: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    records: int = 0
    repaired: int = 0
    version: int | None = None
    offsets: set[str] = field(default_factory=set)

    def problem(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)


@dataclass(frozen=True)
class _Piece:
    start: datetime
    end: datetime
    asleep: bool
    zone: ZoneInfo


class _Reader:
    def __init__(self, zone: ZoneInfo, summary: Summary) -> None:
        self._home = zone
        self._zones: dict[str, ZoneInfo] = {}
        self.summary = summary
        self.sleep: list[_Piece] = []
        # (kind, day, source) -> [total, count]
        self.daily: dict[tuple[MeasureKind, date, str], list[float]] = defaultdict(
            lambda: [0.0, 0.0]
        )
        self.mindful: dict[date, float] = defaultdict(float)
        self._seen: set[tuple[str, datetime, datetime, str]] = set()

    def zone_of(self, element: object) -> ZoneInfo:
        for child in element:  # type: ignore[attr-defined]
            if child.tag == "MetadataEntry" and child.get("key") == "HKTimeZone":
                name = child.get("value") or ""
                if name not in self._zones:
                    try:
                        self._zones[name] = ZoneInfo(name)
                    except (ZoneInfoNotFoundError, ValueError):
                        self._zones[name] = self._home
                return self._zones[name]
        return self._home

    def _times(self, element: object) -> tuple[datetime, datetime] | None:
        get = element.get  # type: ignore[attr-defined]
        try:
            start = parse_time(get("startDate"))
            end = parse_time(get("endDate") or get("startDate"))
        except (TypeError, ValueError):
            return None
        if len(self.summary.offsets) < 50:
            self.summary.offsets.add(str(start.utcoffset()))
        return start, max(start, end)

    def _duplicate(self, kind: str, start: datetime, end: datetime, value: str) -> bool:
        key = (kind, start, end, value)
        if key in self._seen:
            self.summary.merged[kind] += 1
            return True
        self._seen.add(key)
        return False

    def _exposure(self, kind: str, **fields: object) -> Exposure | None:
        try:
            exposure = Exposure.model_validate(fields)
        except ValidationError as error:
            self.summary.skipped[kind] += 1
            self.summary.problem(f"{kind}: {error.errors()[0]['msg']}")
            return None
        self.summary.kept[kind] += 1
        return exposure

    def record(self, element: object) -> Exposure | None:
        get = element.get  # type: ignore[attr-defined]
        kind = get("type") or ""
        times = self._times(element)
        if times is None:
            self.summary.skipped[kind] += 1
            self.summary.problem(f"{kind}: a record without a readable date")
            return None
        start, end = times
        value = get("value") or ""
        if self._duplicate(kind, start, end, value):
            return None
        if kind in DIETARY:
            return self._dietary(kind, start, value, get("unit") or "", element)
        if kind in DAILY:
            self._measure(kind, start, value, get("unit") or "", get("sourceName") or "", element)
            return None
        if kind == SLEEP:
            if value in ASLEEP or value == IN_BED:
                self.sleep.append(_Piece(start, end, value in ASLEEP, self.zone_of(element)))
                self.summary.merged[kind] += 1
            else:
                self.summary.skipped[kind] += 1  # Awake
            return None
        if kind == MINDFUL:
            zone = self.zone_of(element)
            self.mindful[start.astimezone(zone).date()] += (end - start).total_seconds() / 60
            self.summary.merged[kind] += 1
            return None
        zone = self.zone_of(element)
        if kind == SEX:
            return self._exposure(
                kind,
                type=ExposureType.SEXUAL_ACTIVITY,
                started_at=start.astimezone(zone),
                ended_at=end.astimezone(zone) if end > start else None,
            )
        if kind == ALCOHOL:
            return self._exposure(
                kind,
                type=ExposureType.ALCOHOL,
                started_at=start.astimezone(zone),
                detail=f"{value} drinks",
            )
        self.summary.skipped[kind] += 1  # pragma: no cover - only wanted types reach here
        return None

    def _dietary(
        self, kind: str, start: datetime, value: str, unit: str, element: object
    ) -> Exposure | None:
        exposure_type, nutrient, ours = DIETARY[kind]
        try:
            amount = convert(float(value), unit, ours)
        except (ValueError, UnitError) as error:
            self.summary.skipped[kind] += 1
            self.summary.problem(f"{kind}: {error}")
            return None
        return self._exposure(
            kind,
            type=exposure_type,
            started_at=start.astimezone(self.zone_of(element)),
            amount=round(amount, 6),
            detail=nutrient,
        )

    def _measure(
        self, kind: str, start: datetime, value: str, unit: str, source: str, element: object
    ) -> None:
        measure, _, ours = DAILY[kind]
        try:
            amount = float(value)
            if ours and unit:
                amount = convert(amount, unit, ours)
        except (ValueError, UnitError) as error:
            self.summary.skipped[kind] += 1
            self.summary.problem(f"{kind}: {error}")
            return
        day = start.astimezone(self.zone_of(element)).date()
        total = self.daily[(measure, day, source)]
        total[0] += amount
        total[1] += 1
        self.summary.merged[kind] += 1

    def workout(self, element: object) -> Exposure | None:
        get = element.get  # type: ignore[attr-defined]
        times = self._times(element)
        name = get("workoutActivityType") or "HKWorkoutActivityTypeOther"
        kind = "Workout"
        if times is None:
            self.summary.skipped[kind] += 1
            return None
        start, end = times
        if self._duplicate(kind, start, end, name):
            return None
        minutes: float | None = None
        try:
            if get("duration"):
                minutes = convert(float(get("duration")), get("durationUnit") or "min", "min")
        except (ValueError, UnitError):
            minutes = None
        if minutes is None and end > start:
            minutes = (end - start).total_seconds() / 60
        zone = self.zone_of(element)
        activity = re.sub(
            r"(?<!^)(?=[A-Z])", " ", name.removeprefix("HKWorkoutActivityType")
        ).lower()
        return self._exposure(
            kind,
            type=ExposureType.EXERCISE,
            started_at=start.astimezone(zone),
            ended_at=end.astimezone(zone) if end > start else None,
            amount=None if minutes is None else round(minutes, 3),
            detail=activity,
        )

    def nights(self) -> Iterator[Exposure]:
        """Overlapping sleep pieces -> one session per night; asleep time is their union."""
        for pieces, label in (
            (self._asleep_groups(), "asleep"),
            (self._bed_only_groups(), "in bed"),
        ):
            for group in pieces:
                start = min(p.start for p in group)
                end = max(p.end for p in group)
                if end - start > LONGEST_NIGHT or end <= start:
                    self.summary.skipped[SLEEP] += len(group)
                    continue
                hours = _union_hours(group)
                zone = group[-1].zone
                exposure = self._exposure(
                    SLEEP,
                    type=ExposureType.SLEEP,
                    started_at=start.astimezone(zone),
                    ended_at=end.astimezone(zone),
                    amount=round(hours, 4),
                    detail=f"Apple Health: {label}",
                )
                if exposure is not None:
                    self.summary.merged[SLEEP] -= 1
                    yield exposure

    def _asleep_groups(self) -> list[list[_Piece]]:
        return _group([p for p in self.sleep if p.asleep])

    def _bed_only_groups(self) -> list[list[_Piece]]:
        asleep = self._asleep_groups()
        spans = [(min(p.start for p in g), max(p.end for p in g)) for g in asleep]
        bed = [
            p
            for p in self.sleep
            if not p.asleep and not any(p.start < end and start < p.end for start, end in spans)
        ]
        return _group(bed)

    def measures(self) -> Iterator[DailyMeasure]:
        best: dict[tuple[MeasureKind, date], tuple[float, str]] = {}
        means = {kind for kind, how, _ in DAILY.values() if how == "mean"}
        for (kind, day, source), (total, count) in self.daily.items():
            value = total / count if kind in means else total
            # Phone and watch count the same minutes: keep the larger source, never the sum.
            if (kind, day) not in best or value > best[(kind, day)][0]:
                best[(kind, day)] = (value, source)
        for (kind, day), (value, source) in sorted(
            best.items(), key=lambda item: (item[0][1], item[0][0])
        ):
            yield DailyMeasure(day=day, kind=kind, value=round(value, 3), source=source[:100])
        for day, minutes in sorted(self.mindful.items()):
            yield DailyMeasure(day=day, kind=MeasureKind.MINDFUL_MINUTES, value=round(minutes, 2))


def _group(pieces: list[_Piece]) -> list[list[_Piece]]:
    groups: list[list[_Piece]] = []
    end = datetime.min.replace(tzinfo=UTC)
    for piece in sorted(pieces, key=lambda p: p.start):
        if groups and piece.start <= end + SESSION_GAP:
            groups[-1].append(piece)
            end = max(end, piece.end)
        else:
            groups.append([piece])
            end = piece.end
    return groups


def _union_hours(pieces: list[_Piece]) -> float:
    total, end = 0.0, datetime.min.replace(tzinfo=UTC)
    for piece in sorted(pieces, key=lambda p: p.start):
        if piece.end <= end:
            continue
        total += (piece.end - max(piece.start, end)).total_seconds()
        end = piece.end
    return total / 3600


WANTED = frozenset({*DIETARY, *DAILY, SLEEP, SEX, MINDFUL, ALCOHOL})


def read_apple_health(
    export: Export,
    zone: ZoneInfo,
    summary: Summary,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Exposure | DailyMeasure]:
    """Stream ``export``: entries as they come, sleep sessions and daily measures at the end."""
    from lxml import etree

    for attempt in (False, True):
        reader = _Reader(zone, summary)
        try:
            with open_clean(export, repair=attempt, on_bytes=on_progress) as stream:
                summary.version = stream.version
                events = etree.iterparse(
                    stream,
                    events=("end",),
                    tag=("Record", "Workout"),
                    resolve_entities=False,
                    no_network=True,
                    huge_tree=False,
                    load_dtd=False,
                )
                yield from _walk(events, reader, summary)
                summary.repaired = stream.repaired
            break
        except etree.XMLSyntaxError as error:
            if "redefined" in str(error) and not attempt and summary.records == 0:
                continue  # the iOS 16 duplicated attribute: read again with the repair on
            raise InputError("FILE", f"the export is not well-formed XML: {error}") from None
    yield from reader.nights()
    yield from reader.measures()


def _walk(
    events: Iterator[tuple[str, object]], reader: _Reader, summary: Summary
) -> Iterator[Exposure]:
    wanted = WANTED
    skipped = summary.skipped
    for _, element in events:
        get = element.get  # type: ignore[attr-defined]
        parent = element.getparent()  # type: ignore[attr-defined]
        if parent is not None and parent.tag != "HealthData":
            continue  # a Correlation's child: the same record is also at the top level
        summary.records += 1
        if element.tag == "Workout":  # type: ignore[attr-defined]
            found = reader.workout(element)
        elif get("type") in wanted:
            found = reader.record(element)
        else:
            skipped[get("type") or "?"] += 1
            found = None
        element.clear(keep_tail=False)  # type: ignore[attr-defined]
        while element.getprevious() is not None:  # type: ignore[attr-defined]
            del parent[0]
        if found is not None:
            yield found
