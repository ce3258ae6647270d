"""Synthetic Apple Health exports of a chosen size, shaped like the ones the phone writes.

Run: .venv/bin/python benchmarks/apple_health_export.py OUT.zip --size 1GB --seed 1

Writes `export.zip` holding `apple_health_export/export.xml` (plus a small `export_cda.xml`, as the
phone does): the Version-14 internal DTD, `<HealthData locale="en_GB">`, `ExportDate`, `Me`, then
years of one person's data, newest day = the day before the export. Research notes:
shared/APPLE_HEALTH.md (§1 the format, §1.10 the types, §5.2 the mix).

What is inside, per day (all made up, deterministic from the seed and the size):
- Apple Watch HeartRate every few minutes (every ~20 s in workouts), with the motion-context
  metadata; ActiveEnergyBurned and BasalEnergyBurned every ~2 minutes; RestingHeartRate.
- StepCount and DistanceWalkingRunning from the iPhone *and* the Watch for the same walks
  (overlapping, never to be summed).
- Sleep: the iPhone's InBed plus the Watch's AsleepCore/Deep/REM/Awake stages, with HKTimeZone;
  some nights are written twice, byte for byte.
- Two HRV (SDNN) records with ~40 instantaneous beats each; AppleExerciseTime per minute.
- Caffeine (mg) and water (mL) entered by hand; magnesium, potassium, calcium (mg) and vitamin D
  (mcg) from a food app, a few days of which are also grouped in a food Correlation (whose
  child Records appear at top level too, as in real exports).
- Now and then a MindfulSession and a SexualActivity (with the protection metadata).
- About four Workouts a week (running, cycling, strength) with WorkoutEvent, WorkoutStatistics
  and HKTimeZone; one ActivitySummary per day.
- Trips abroad (New York, Amsterdam, Lisbon): the day follows local time there and HKTimeZone
  says so, but every date string carries the export-time offset (+0100), as real exports do
  (§1.9).

Records are grouped by type, each type in date order, then correlations, workouts and activity
summaries (real exports look grouped by type too; unverified, so an importer must not rely on
it; within a type the iPhone and Watch samples interleave).
About 448 bytes of XML per top-level Record, like real exports. The XML streams into the zip
in 4 MB chunks, so a 1 GB export never sits in memory.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

HOME_ZONE = "Europe/London"
TRIP_ZONES = ("America/New_York", "Europe/Amsterdam", "Europe/Lisbon")
LOCALE = "en_GB"
# The export is made in June: every timestamp in the file carries +0100, winter ones included.
EXPORT_AT = datetime(2026, 6, 14, 9, 12, 33, tzinfo=ZoneInfo(HOME_ZONE))
XML_NAME = "apple_health_export/export.xml"
CDA_NAME = "apple_health_export/export_cda.xml"
CHUNK_CHARS = 4 << 20
CALIBRATION_DAYS = 56

WATCH = "Alex’s Apple Watch"
PHONE = "Alex’s iPhone"
FOOD_APP = "MyFitnessPal"
FOOD_APP_VERSION = "25.6.0"

Q = "HKQuantityTypeIdentifier"
C = "HKCategoryTypeIdentifier"

# (first day, watchOS, iOS, watch hardware, iPhone hardware); hardware carries forward if "".
ERAS: tuple[tuple[date, str, str, str, str], ...] = (
    (date(2015, 4, 24), "1.0", "8.3", "Watch1,2", "iPhone7,2"),
    (date(2015, 9, 21), "2.0", "9.0.1", "", ""),
    (date(2016, 9, 13), "3.0", "10.0.2", "Watch2,4", "iPhone9,1"),
    (date(2017, 3, 27), "3.2", "10.3", "", ""),
    (date(2017, 9, 19), "4.0", "11.0", "", ""),
    (date(2018, 3, 29), "4.3", "11.3", "", ""),
    (date(2018, 9, 17), "5.0", "12.0", "Watch4,2", "iPhone11,2"),
    (date(2019, 3, 25), "5.2", "12.2", "", ""),
    (date(2019, 9, 19), "6.0", "13.1", "", ""),
    (date(2020, 3, 24), "6.2", "13.4", "", ""),
    (date(2020, 9, 16), "7.0", "14.0.1", "", ""),
    (date(2021, 4, 26), "7.4", "14.5", "", ""),
    (date(2021, 9, 20), "8.0", "15.0.2", "Watch6,2", "iPhone13,2"),
    (date(2022, 3, 14), "8.5", "15.4", "", ""),
    (date(2022, 9, 12), "9.0", "16.0.2", "", ""),
    (date(2023, 3, 27), "9.4", "16.4.1", "", ""),
    (date(2023, 9, 18), "10.0", "17.0.3", "Watch7,3", "iPhone15,2"),
    (date(2024, 3, 7), "10.4", "17.4.1", "", ""),
    (date(2024, 9, 16), "11.0", "18.0.1", "", ""),
    (date(2025, 3, 31), "11.4", "18.4", "", ""),
    (date(2025, 9, 15), "26.0", "26.0.1", "", ""),
    (date(2026, 3, 24), "26.4", "26.4", "", ""),
)
DEVICES_PER_ERA = 4  # HKDevice object addresses vary from record to record in real exports

# Apple's Version-14 DTD, as the HealthToolbox framework writes it (shared/APPLE_HEALTH.md §1.2).
DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex                 CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType                     CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse   CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutActivity ((MetadataEntry)*)>
<!ATTLIST WorkoutActivity
  uuid                 CDATA #REQUIRED
  startDate            CDATA #REQUIRED
  endDate              CDATA #IMPLIED
  duration             CDATA #IMPLIED
  durationUnit         CDATA #IMPLIED
>
<!ELEMENT WorkoutEvent ((MetadataEntry)*)>
<!ATTLIST WorkoutEvent
  type                 CDATA #REQUIRED
  date                 CDATA #REQUIRED
  duration             CDATA #IMPLIED
  durationUnit         CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type                 CDATA #REQUIRED
  startDate            CDATA #REQUIRED
  endDate              CDATA #REQUIRED
  average              CDATA #IMPLIED
  minimum              CDATA #IMPLIED
  maximum              CDATA #IMPLIED
  sum                  CDATA #IMPLIED
  unit                 CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleMoveTime            CDATA #IMPLIED
  appleMoveTimeGoal        CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!-- Note: Heart Rate Variability records captured by Apple Watch may include an associated list of instantaneous beats-per-minute readings. -->
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
<!ELEMENT ClinicalRecord EMPTY>
<!ATTLIST ClinicalRecord
  type              CDATA #REQUIRED
  identifier        CDATA #REQUIRED
  sourceName        CDATA #REQUIRED
  sourceURL         CDATA #REQUIRED
  fhirVersion       CDATA #REQUIRED
  receivedDate      CDATA #REQUIRED
  resourceFilePath  CDATA #REQUIRED
>
<!ELEMENT Audiogram ((MetadataEntry|SensitivityPoint)*)>
<!ATTLIST Audiogram
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT SensitivityPoint EMPTY>
<!ATTLIST SensitivityPoint
  frequencyValue   CDATA #REQUIRED
  frequencyUnit    CDATA #REQUIRED
  leftEarValue     CDATA #IMPLIED
  leftEarUnit      CDATA #IMPLIED
  leftEarMasked      CDATA #IMPLIED
  leftEarClampingRangeLowerBound   CDATA #IMPLIED
  leftEarClampingRangeUpperBound   CDATA #IMPLIED
  rightEarValue    CDATA #IMPLIED
  rightEarUnit     CDATA #IMPLIED
  rightEarMasked      CDATA #IMPLIED
  rightEarClampingRangeLowerBound  CDATA #IMPLIED
  rightEarClampingRangeUpperBound  CDATA #IMPLIED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
  expirationDate   CDATA #IMPLIED
  brand            CDATA #IMPLIED
>
<!ELEMENT RightEye EMPTY>
<!ATTLIST RightEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
  cylinder         CDATA #IMPLIED
  cylinderUnit     CDATA #IMPLIED
  axis             CDATA #IMPLIED
  axisUnit         CDATA #IMPLIED
  add              CDATA #IMPLIED
  addUnit          CDATA #IMPLIED
  vertex           CDATA #IMPLIED
  vertexUnit       CDATA #IMPLIED
  prismAmount      CDATA #IMPLIED
  prismAmountUnit  CDATA #IMPLIED
  prismAngle       CDATA #IMPLIED
  prismAngleUnit   CDATA #IMPLIED
  farPD            CDATA #IMPLIED
  farPDUnit        CDATA #IMPLIED
  nearPD           CDATA #IMPLIED
  nearPDUnit       CDATA #IMPLIED
  baseCurve        CDATA #IMPLIED
  baseCurveUnit    CDATA #IMPLIED
  diameter         CDATA #IMPLIED
  diameterUnit     CDATA #IMPLIED
>
<!ELEMENT LeftEye EMPTY>
<!ATTLIST LeftEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
  cylinder         CDATA #IMPLIED
  cylinderUnit     CDATA #IMPLIED
  axis             CDATA #IMPLIED
  axisUnit         CDATA #IMPLIED
  add              CDATA #IMPLIED
  addUnit          CDATA #IMPLIED
  vertex           CDATA #IMPLIED
  vertexUnit       CDATA #IMPLIED
  prismAmount      CDATA #IMPLIED
  prismAmountUnit  CDATA #IMPLIED
  prismAngle       CDATA #IMPLIED
  prismAngleUnit   CDATA #IMPLIED
  farPD            CDATA #IMPLIED
  farPDUnit        CDATA #IMPLIED
  nearPD           CDATA #IMPLIED
  nearPDUnit       CDATA #IMPLIED
  baseCurve        CDATA #IMPLIED
  baseCurveUnit    CDATA #IMPLIED
  diameter         CDATA #IMPLIED
  diameterUnit     CDATA #IMPLIED
>
<!ELEMENT Attachment EMPTY>
<!ATTLIST Attachment
  identifier       CDATA #IMPLIED
>
]>
"""  # noqa: E501 - Apple's text, verbatim

CDA = """<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <realmCode code="UK"/>
 <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
 <templateId root="2.16.840.1.113883.10.20.22.1.2"/>
 <title>Health Data</title>
 <effectiveTime value="20260614091233+0100"/>
</ClinicalDocument>
"""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib|k|m|g)?\s*$", re.IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "m": 1000**2,
    "mb": 1000**2,
    "g": 1000**3,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}


def parse_size(text: str) -> int:
    """'50MB' -> 50_000_000, '1GB' -> 1_000_000_000 (decimal units; KiB/MiB/GiB are binary)."""
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (try 50MB, 200MB, 1GB)")
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "").lower()])


@dataclass(frozen=True)
class ExportResult:
    """What was written: the counts an importer should find."""

    path: Path
    days: int
    first_day: date
    last_day: date
    xml_bytes: int
    zip_bytes: int
    records: Counter[str]  # top-level Records per type
    elements: Counter[str]  # top-level elements per tag (Record, Workout, Correlation, …)
    correlation_child_records: int
    duplicate_sleep_records: int
    seconds: float

    @property
    def record_count(self) -> int:
        return sum(self.records.values())

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "days": self.days,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "xml_bytes": self.xml_bytes,
            "zip_bytes": self.zip_bytes,
            "record_count": self.record_count,
            "records": dict(sorted(self.records.items())),
            "elements": dict(sorted(self.elements.items())),
            "correlation_child_records": self.correlation_child_records,
            "duplicate_sleep_records": self.duplicate_sleep_records,
            "seconds": round(self.seconds, 2),
        }


# ---------------------------------------------------------------------------------------------
# The person's days: one plan shared by every record type, so that the types agree.


@dataclass(slots=True)
class Workout:
    kind: str  # HKWorkoutActivityType suffix
    start: int  # UTC epoch seconds
    end: int
    pauses: list[tuple[int, int]]
    indoor: bool


@dataclass(slots=True)
class Day:
    index: int
    local: date
    zone: str
    off: int  # the local UTC offset (seconds) that day
    midnight: int  # local midnight, UTC epoch seconds
    night_start: int  # fell asleep (the night before this day's wake)
    wake: int
    bed: int
    era: int
    workout: Workout | None
    walks: list[tuple[int, int]]
    coffees: list[int]
    drinks: list[int]
    mindful: int | None
    sex: int | None
    meal: int  # when the food app logs the day's nutrients
    food_correlation: bool
    sleep_duplicated: bool
    active_kcal: float = 0.0
    exercise_min: int = 0
    food_records: list[str] = field(default_factory=list)


def _era_index(day: date) -> int:
    index = 0
    for i, era in enumerate(ERAS):
        if era[0] <= day:
            index = i
    return index


def plan_days(days: int, seed: int) -> list[Day]:
    rng = random.Random(f"{seed}:plan")  # noqa: S311 - repeatable synthetic data, not a secret
    r = rng.random
    last = EXPORT_AT.date() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    zones = {name: ZoneInfo(name) for name in (HOME_ZONE, *TRIP_ZONES)}
    plan: list[Day] = []
    next_trip = int(30 + r() * 150)
    trip_zone, trip_left = HOME_ZONE, 0
    previous_bed: int | None = None
    for index in range(days):
        local = first + timedelta(days=index)
        if trip_left == 0 and index >= next_trip:
            trip_zone, trip_left = rng.choice(TRIP_ZONES), int(4 + r() * 7)
            next_trip = index + trip_left + int(90 + r() * 150)
        zone = trip_zone if trip_left > 0 else HOME_ZONE
        if trip_left > 0:
            trip_left -= 1
        tz = zones[zone]
        midnight = int(datetime(local.year, local.month, local.day, tzinfo=tz).timestamp())
        noon = datetime(local.year, local.month, local.day, 12, tzinfo=tz)
        offset = noon.utcoffset()
        off = int(offset.total_seconds()) if offset is not None else 0
        weekend = local.weekday() >= 5
        wake = midnight + int((7.9 if weekend else 6.8) * 3600 + (r() - 0.5) * 3000)
        bed = midnight + int((23.6 if weekend else 23.0) * 3600 + (r() - 0.5) * 3600)
        night_start = previous_bed if previous_bed is not None else wake - 7 * 3600
        night_start = max(min(night_start, wake - 3 * 3600), wake - 10 * 3600)
        previous_bed = bed

        workout: Workout | None = None
        if r() < 0.57:
            pick = r()
            kind = "Running" if pick < 0.45 else "Cycling" if pick < 0.75 else "Strength"
            minutes = {
                "Running": 25 + r() * 35,
                "Cycling": 40 + r() * 50,
                "Strength": 30 + r() * 30,
            }
            if r() < 0.5:
                start = wake + int(900 + r() * 2700)
            else:
                start = midnight + int((17.8 + r() * 1.7) * 3600)
            end = start + int(minutes[kind] * 60)
            pauses: list[tuple[int, int]] = []
            if kind != "Strength" and r() < 0.35:
                p = start + int((end - start) * (0.3 + r() * 0.4))
                pauses.append((p, p + int(30 + r() * 240)))
                end += pauses[0][1] - pauses[0][0]
            indoor = kind == "Strength" or r() < 0.15
            workout = Workout(kind, start, end, pauses, indoor)

        walks: list[tuple[int, int]] = []
        t = wake + int(300 + r() * 1200)
        while t < bed - 900:
            length = int(60 + r() * r() * 1500)  # mostly short bouts, a few long walks
            walks.append((t, t + length))
            t += length + int(480 + r() * 2400)

        coffees = [wake + int(1200 + r() * 1800)]
        for _ in range(int(r() * 3.2)):
            coffees.append(midnight + int((10 + r() * 7) * 3600))
        drinks = sorted(wake + int(r() * (bed - wake)) for _ in range(3 + int(r() * 5)))
        mindful = wake + int(r() * (bed - wake)) if r() < 0.3 else None
        sex = bed - int(600 + r() * 3000) if r() < 0.2 else None
        plan.append(
            Day(
                index=index,
                local=local,
                zone=zone,
                off=off,
                midnight=midnight,
                night_start=night_start,
                wake=wake,
                bed=bed,
                era=_era_index(local),
                workout=workout,
                walks=walks,
                coffees=sorted(coffees),
                drinks=drinks,
                mindful=mindful,
                sex=sex,
                meal=midnight + int((12 + r() * 2) * 3600),
                food_correlation=r() < 0.1,
                sleep_duplicated=r() < 0.04,
            )
        )
    return plan


# ---------------------------------------------------------------------------------------------
# Strings: dates, devices, the fixed start of each record.


def _offset_text(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}{minutes:02d}"


class Clock:
    """Formats UTC epoch seconds as `YYYY-MM-DD HH:MM:SS +0100` in the export-time offset."""

    def __init__(self, first: date, last: date) -> None:
        export_offset = EXPORT_AT.utcoffset()
        self.offset = int(export_offset.total_seconds()) if export_offset is not None else 0
        suffix = " " + _offset_text(self.offset)
        self.base = (first - date(1970, 1, 1)).days - 3
        count = (last - first).days + 8
        self.days = [
            (date(1970, 1, 1) + timedelta(days=self.base + i)).isoformat() + " "
            for i in range(count)
        ]
        self.times = [
            f"{h:02d}:{m:02d}:{s:02d}{suffix}"
            for h in range(24)
            for m in range(60)
            for s in range(60)
        ]

    def formatter(self) -> Callable[[int], str]:
        days, times, offset, base = self.days, self.times, self.offset, self.base

        def fmt(t: int) -> str:
            s = t + offset
            return days[s // 86400 - base] + times[s % 86400]

        return fmt


def _era_versions() -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []
    watch_hw = phone_hw = ""
    for _, watch_os, ios, whw, phw in ERAS:
        watch_hw, phone_hw = whw or watch_hw, phw or phone_hw
        out.append((watch_os, ios, watch_hw, phone_hw))
    return out


def _devices(seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Per era, a few escaped HKDevice descriptions for the watch and for the phone."""
    rng = random.Random(f"{seed}:devices")  # noqa: S311 - repeatable synthetic data, not a secret
    watch: list[list[str]] = []
    phone: list[list[str]] = []
    for (start, *_), (watch_os, ios, watch_hw, phone_hw) in zip(ERAS, _era_versions(), strict=True):
        created = datetime(start.year, start.month, start.day, 17, 12, 3, tzinfo=UTC)
        w, p = [], []
        for _ in range(DEVICES_PER_ERA):
            stamp = (created + timedelta(seconds=rng.randrange(86400 * 20))).strftime(
                "%Y-%m-%d %H:%M:%S +0000"
            )
            w.append(
                f"&lt;&lt;HKDevice: 0x{0x280000000 + rng.randrange(1 << 28):09x}&gt;, "
                f"name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:{watch_hw}, "
                f"software:{watch_os}, creation date:{stamp}&gt;"
            )
            p.append(
                f"&lt;&lt;HKDevice: 0x{0x300000000 + rng.randrange(1 << 28):09x}&gt;, "
                f"name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:{phone_hw}, "
                f"software:{ios}, creation date:{stamp}&gt;"
            )
        watch.append(w)
        phone.append(p)
    return watch, phone


class Context:
    def __init__(self, plan: list[Day], seed: int) -> None:
        self.plan = plan
        self.seed = seed
        self.clock = Clock(plan[0].local, plan[-1].local)
        self.fmt = self.clock.formatter()
        self.versions = _era_versions()
        self.watch_devices, self.phone_devices = _devices(seed)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")  # noqa: S311 - synthetic data, not a secret

    def prefixes(
        self, type_: str, source: str, unit: str | None, *, device: bool = True
    ) -> list[list[str]]:
        """Per era, the text of a Record up to `creationDate="` (one per device address)."""
        out: list[list[str]] = []
        for era, (watch_os, ios, _, _) in enumerate(self.versions):
            if source == WATCH:
                version, devices = watch_os, self.watch_devices[era]
            elif source == PHONE:
                version, devices = ios, self.phone_devices[era]
            else:
                version, devices = FOOD_APP_VERSION, []
            unit_attr = f' unit="{unit}"' if unit else ""
            head = f' <Record type="{type_}" sourceName="{source}" sourceVersion="{version}"'
            if device and devices:
                out.append([f'{head} device="{d}"{unit_attr} creationDate="' for d in devices])
            else:
                out.append([f'{head}{unit_attr} creationDate="'] * DEVICES_PER_ERA)
        return out


class Sink:
    """Collects strings and writes them out UTF-8 encoded, in big chunks."""

    def __init__(self, stream: IO[bytes] | None) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.chars = 0
        self.bytes = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.chars += len(text)
        if self.chars >= CHUNK_CHARS:
            self.flush()

    def extend(self, texts: list[str]) -> None:
        self.parts.extend(texts)
        self.chars += sum(map(len, texts))
        if self.chars >= CHUNK_CHARS:
            self.flush()

    def flush(self) -> None:
        if not self.parts:
            return
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        self.chars = 0
        self.bytes += len(data)
        if self.stream is not None:
            self.stream.write(data)


# ---------------------------------------------------------------------------------------------
# One generator per record type. Each appends complete `<Record …/>` lines and counts them.

Counts = Counter[str]


def gen_heart_rate(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = Q + "HeartRate"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, WATCH, "count/min")
    tail = '">\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="'
    n = 0
    for day in ctx.plan:
        pres = eras[day.era]
        out: list[str] = []
        w = day.workout
        t = day.night_start + int(r() * 300)
        while t < day.bed:
            if t < day.wake:
                value, motion, gap = 50 + int(r() * 12), "0", 420 + r() * 600
            elif w is not None and w.start <= t < w.end:
                value, motion, gap = 118 + int(r() * 55), "2", 15 + r() * 15
            else:
                value, motion, gap = 62 + int(r() * 30), "1" if r() < 0.8 else "0", 150 + r() * 260
            s = fmt(t)
            out.append(
                f'{pres[int(r() * 4)]}{fmt(t + 5 + int(r() * 300))}" startDate="{s}" '
                f'endDate="{s}" value="{value}{tail}{motion}"/>\n </Record>\n'
            )
            t += int(gap)
            if w is not None and t < w.start < t + gap:
                t = w.start + int(r() * 20)
        n += len(out)
        sink.extend(out)
    counts[type_] += n


def gen_resting_heart_rate(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = Q + "RestingHeartRate"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, WATCH, "count/min")
    for day in ctx.plan:
        end = day.bed - int(r() * 1800)
        sink.add(
            f'{eras[day.era][int(r() * 4)]}{fmt(end + 60 + int(r() * 600))}" '
            f'startDate="{fmt(day.midnight + int(r() * 600))}" endDate="{fmt(end)}" '
            f'value="{50 + int(r() * 11)}"/>\n'
        )
    counts[type_] += len(ctx.plan)


def _energy(ctx: Context, sink: Sink, counts: Counts, *, active: bool) -> None:
    type_ = Q + ("ActiveEnergyBurned" if active else "BasalEnergyBurned")
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, WATCH, "kcal")
    n = 0
    for day in ctx.plan:
        pres = eras[day.era]
        out: list[str] = []
        w = day.workout
        total = 0.0
        t = day.night_start + int(r() * 120)
        end_of_day = day.night_start + 86400 if not active else day.bed
        while t < end_of_day:
            exercising = w is not None and w.start <= t < w.end
            if active:
                if t < day.wake:
                    gap, rate = 300 + r() * 600, 0.01 + r() * 0.03  # kcal per minute
                elif exercising:
                    gap, rate = 40 + r() * 40, 7 + r() * 7
                else:
                    gap, rate = 55 + r() * 110, 0.2 + r() * r() * 3
            else:
                gap = 150 + r() * 180
                rate = 1.0 + r() * 0.15 if t < day.wake or t > day.bed else 1.15 + r() * 0.2
            length = int(gap * (0.5 + r() * 0.45))
            kcal = rate * length / 60
            total += kcal
            e = t + length
            out.append(
                f'{pres[int(r() * 4)]}{fmt(e + 10 + int(r() * 120))}" startDate="{fmt(t)}" '
                f'endDate="{fmt(e)}" value="{kcal:.3f}"/>\n'
            )
            t += int(gap)
        if active:
            day.active_kcal = total
        n += len(out)
        sink.extend(out)
    counts[type_] += n


def gen_active_energy(ctx: Context, sink: Sink, counts: Counts) -> None:
    _energy(ctx, sink, counts, active=True)


def gen_basal_energy(ctx: Context, sink: Sink, counts: Counts) -> None:
    _energy(ctx, sink, counts, active=False)


def _movement(ctx: Context, sink: Sink, counts: Counts, *, distance: bool) -> None:
    """Steps or walking/running distance: the iPhone in pieces of up to 10 minutes, the Watch
    in 1-4 minute pieces, over the same walks (and runs, for the watch): they overlap."""
    type_ = Q + ("DistanceWalkingRunning" if distance else "StepCount")
    unit = "km" if distance else "count"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    phone = ctx.prefixes(type_, PHONE, unit)
    watch = ctx.prefixes(type_, WATCH, unit)
    n = 0
    for day in ctx.plan:
        bouts = [(s, e, 1.6 + r() * 0.3, 0.00075) for s, e in day.walks]
        w = day.workout
        if w is not None and w.kind == "Running":
            bouts.append((w.start, w.end, 2.6 + r() * 0.3, 0.00112))
            bouts.sort()
        out: list[tuple[int, str]] = []
        for start, end, cadence, stride in bouts:
            running = stride > 0.001
            for source_pres, lo, hi in ((phone, 180, 600), (watch, 60, 240)):
                if running and source_pres is phone and r() < 0.7:
                    continue  # the phone mostly stays home on runs
                pres = source_pres[day.era]
                t = start + int(r() * 20)
                while t < end - 10:
                    e = min(end, t + int(lo + r() * (hi - lo)))
                    steps = max(1, int((e - t) * cadence * (0.85 + r() * 0.3)))
                    value = f"{steps * stride:.5f}" if distance else str(steps)
                    out.append(
                        (
                            t,
                            f'{pres[int(r() * 4)]}{fmt(e + 30 + int(r() * 600))}" '
                            f'startDate="{fmt(t)}" endDate="{fmt(e)}" value="{value}"/>\n',
                        )
                    )
                    t = e + int(r() * 30)
        out.sort(key=lambda item: item[0])
        n += len(out)
        sink.extend([text for _, text in out])
    counts[type_] += n


def gen_steps(ctx: Context, sink: Sink, counts: Counts) -> None:
    _movement(ctx, sink, counts, distance=False)


def gen_distance(ctx: Context, sink: Sink, counts: Counts) -> None:
    _movement(ctx, sink, counts, distance=True)


def gen_exercise_time(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = Q + "AppleExerciseTime"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, WATCH, "min")
    n = 0
    for day in ctx.plan:
        pres = eras[day.era]
        spans = [(s, e) for s, e in day.walks if e - s >= 900 and r() < 0.5]
        if day.workout is not None:
            spans.append((day.workout.start, day.workout.end))
            spans.sort()
        out: list[str] = []
        for start, end in spans:
            t = start - start % 60
            while t + 60 <= end:
                out.append(
                    f'{pres[int(r() * 4)]}{fmt(t + 60 + int(r() * 90))}" startDate="{fmt(t)}" '
                    f'endDate="{fmt(t + 60)}" value="1"/>\n'
                )
                t += 60
        day.exercise_min = len(out)
        n += len(out)
        sink.extend(out)
    counts[type_] += n


def _local_time(t: float, off: int) -> str:
    s = (t + off) % 86400
    whole = int(s)
    hundredths = int((s - whole) * 100)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{hundredths:02d}"


def gen_hrv(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = Q + "HeartRateVariabilitySDNN"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, WATCH, "ms")
    for day in ctx.plan:
        pres = eras[day.era]
        for start in (
            day.wake - int(1800 + r() * 3600),
            day.wake + int(3 * 3600 + r() * (day.bed - day.wake - 4 * 3600)),
        ):
            bpm = 55 + r() * 20
            beats: list[str] = []
            t = start + r()
            for _ in range(38 + int(r() * 6)):
                b = bpm + (r() - 0.5) * 8
                beats.append(
                    f'   <InstantaneousBeatsPerMinute bpm="{int(b)}" '
                    f'time="{_local_time(t, day.off)}"/>\n'
                )
                t += 60 / b
            end = int(t) + 1
            sink.add(
                f'{pres[int(r() * 4)]}{fmt(end + int(r() * 60))}" startDate="{fmt(start)}" '
                f'endDate="{fmt(end)}" value="{20 + r() * r() * 70:.4f}">\n'
                f"  <HeartRateVariabilityMetadataList>\n{''.join(beats)}"
                f"  </HeartRateVariabilityMetadataList>\n </Record>\n"
            )
    counts[type_] += 2 * len(ctx.plan)


def gen_sleep(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = C + "SleepAnalysis"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    phone = ctx.prefixes(type_, PHONE, None, device=False)
    watch = ctx.prefixes(type_, WATCH, None, device=False)
    value = ' value="HKCategoryValueSleepAnalysis'
    n = duplicates = 0
    for day in ctx.plan:
        meta = f'">\n  <MetadataEntry key="HKTimeZone" value="{day.zone}"/>\n </Record>\n'
        created = fmt(day.wake + int(300 + r() * 1500))
        in_bed = [day.night_start - int(300 + r() * 900), day.wake + int(r() * 600)]
        if r() < 0.2:  # the phone sometimes splits the night in two
            middle = in_bed[0] + int((in_bed[1] - in_bed[0]) * (0.3 + r() * 0.4))
            in_bed[1:1] = [middle, middle + int(60 + r() * 600)]
        pre = phone[day.era][0]
        phone_records = [
            f'{pre}{created}" startDate="{fmt(in_bed[i])}" endDate="{fmt(in_bed[i + 1])}"'
            f"{value}InBed{meta}"
            for i in range(0, len(in_bed), 2)
        ]
        if r() < 0.02:
            phone_records.append(phone_records[-1])
            duplicates += 1
        stages: list[str] = []
        pre = watch[day.era][0]
        t = day.night_start + int(300 + r() * 900)
        cycle = 0
        while t < day.wake - 600:
            late = cycle >= 2
            for stage, lo, hi in (
                ("AsleepCore", 600, 2700),
                ("AsleepDeep", 300 if late else 900, 900 if late else 2400),
                ("AsleepCore", 300, 1500),
                ("AsleepREM", 900 if late else 300, 2400 if late else 1200),
                ("Awake", 30, 360),
            ):
                if stage == "Awake" and r() < 0.4:
                    continue
                e = min(day.wake, t + int(lo + r() * (hi - lo)))
                stages.append(
                    f'{pre}{created}" startDate="{fmt(t)}" endDate="{fmt(e)}"{value}{stage}{meta}'
                )
                t = e
                if t >= day.wake - 60:
                    break
            cycle += 1
        if day.sleep_duplicated:  # synced twice: the same lines again
            stages.extend(stages)
            duplicates += len(stages) // 2
        records = phone_records + stages
        n += len(records)
        sink.extend(records)
    counts[type_] += n
    counts["_duplicate_sleep_records"] += duplicates


def _daily_nutrient(
    ctx: Context, sink: Sink, counts: Counts, name: str, unit: str, lo: float, hi: float
) -> None:
    type_ = Q + name
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, FOOD_APP, unit, device=False)
    for day in ctx.plan:
        s = fmt(day.meal)
        text = (
            f'{eras[day.era][0]}{fmt(day.meal + 120)}" startDate="{s}" endDate="{s}" '
            f'value="{lo + r() * (hi - lo):.{3 if hi < 50 else 1}f}"/>\n'
        )
        sink.add(text)
        if day.food_correlation:
            day.food_records.append(text)
    counts[type_] += len(ctx.plan)


def gen_minerals(ctx: Context, sink: Sink, counts: Counts) -> None:
    _daily_nutrient(ctx, sink, counts, "DietaryCalcium", "mg", 500, 1300)
    _daily_nutrient(ctx, sink, counts, "DietaryMagnesium", "mg", 180, 480)
    _daily_nutrient(ctx, sink, counts, "DietaryPotassium", "mg", 1800, 4200)
    _daily_nutrient(ctx, sink, counts, "DietaryVitaminD", "mcg", 1.5, 25)


def _manual(
    ctx: Context,
    sink: Sink,
    counts: Counts,
    name: str,
    unit: str,
    times: Callable[[Day], list[int]],
    amount: Callable[[random.Random], str],
) -> None:
    type_ = Q + name
    rng = ctx.rng(type_)
    fmt = ctx.fmt
    eras = ctx.prefixes(type_, PHONE, unit, device=False)
    meta = '">\n  <MetadataEntry key="HKWasUserEntered" value="1"/>\n </Record>\n'
    n = 0
    for day in ctx.plan:
        for t in times(day):
            s = fmt(t)
            sink.add(
                f'{eras[day.era][0]}{fmt(t + 5 + int(rng.random() * 40))}" startDate="{s}" '
                f'endDate="{s}" value="{amount(rng)}{meta}'
            )
            n += 1
    counts[type_] += n


def gen_caffeine_water(ctx: Context, sink: Sink, counts: Counts) -> None:
    _manual(
        ctx,
        sink,
        counts,
        "DietaryCaffeine",
        "mg",
        lambda day: day.coffees,
        lambda rng: rng.choice(("63", "95", "95", "126", "150", "47")),
    )
    _manual(
        ctx,
        sink,
        counts,
        "DietaryWater",
        "mL",
        lambda day: day.drinks,
        lambda rng: rng.choice(("250", "250", "330", "500", "200", "750")),
    )


def gen_mindful(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = C + "MindfulSession"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, WATCH, None)
    n = 0
    for day in ctx.plan:
        if day.mindful is None:
            continue
        t, e = day.mindful, day.mindful + 60 * (1 + int(r() * 10))
        sink.add(
            f'{eras[day.era][int(r() * 4)]}{fmt(e + 2)}" startDate="{fmt(t)}" endDate="{fmt(e)}" '
            f'value="HKCategoryValueNotApplicable"/>\n'
        )
        n += 1
    counts[type_] += n


def gen_sexual_activity(ctx: Context, sink: Sink, counts: Counts) -> None:
    type_ = C + "SexualActivity"
    rng = ctx.rng(type_)
    r, fmt = rng.random, ctx.fmt
    eras = ctx.prefixes(type_, PHONE, None, device=False)
    n = 0
    for day in ctx.plan:
        if day.sex is None:
            continue
        s = fmt(day.sex)
        protection = "1" if r() < 0.3 else "0"
        sink.add(
            f'{eras[day.era][0]}{fmt(day.sex + int(600 + r() * 40000))}" startDate="{s}" '
            f'endDate="{s}" value="HKCategoryValueNotApplicable">\n'
            f'  <MetadataEntry key="HKMetadataKeySexualActivityProtectionUsed" '
            f'value="{protection}"/>\n'
            f'  <MetadataEntry key="HKWasUserEntered" value="1"/>\n </Record>\n'
        )
        n += 1
    counts[type_] += n


RECORD_GENERATORS: tuple[Callable[[Context, Sink, Counts], None], ...] = (
    gen_minerals,
    gen_caffeine_water,
    gen_steps,
    gen_distance,
    gen_basal_energy,
    gen_active_energy,
    gen_exercise_time,
    gen_heart_rate,
    gen_resting_heart_rate,
    gen_hrv,
    gen_sleep,
    gen_mindful,
    gen_sexual_activity,
)


def gen_correlations(ctx: Context, sink: Sink, counts: Counts) -> int:
    """Food correlations grouping a day's nutrient records, which are also at top level."""
    rng = ctx.rng("correlations")
    fmt = ctx.fmt
    children = 0
    for day in ctx.plan:
        if not day.food_records:
            continue
        t = day.meal
        inner = "".join("  " + text for text in day.food_records)
        sink.add(
            f' <Correlation type="HKCorrelationTypeIdentifierFood" sourceName="{FOOD_APP}" '
            f'sourceVersion="{FOOD_APP_VERSION}" creationDate="{fmt(t + 120)}" '
            f'startDate="{fmt(t)}" endDate="{fmt(t)}">\n'
            f'  <MetadataEntry key="HKFoodType" value="{rng.choice(("Lunch", "Dinner"))}"/>\n'
            f"{inner} </Correlation>\n"
        )
        children += len(day.food_records)
        counts["Correlation"] += 1
    return children


def gen_workouts(ctx: Context, sink: Sink, counts: Counts) -> None:
    rng = ctx.rng("workouts")
    r, fmt = rng.random, ctx.fmt
    for day in ctx.plan:
        w = day.workout
        if w is None:
            continue
        watch_os = ctx.versions[day.era][0]
        device = ctx.watch_devices[day.era][int(r() * 4)]
        paused = sum(e - s for s, e in w.pauses)
        minutes = (w.end - w.start - paused) / 60
        kind = "TraditionalStrengthTraining" if w.kind == "Strength" else w.kind
        start, end = fmt(w.start), fmt(w.end)
        lines = [
            f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" '
            f'duration="{minutes!r}" durationUnit="min" sourceName="{WATCH}" '
            f'sourceVersion="{watch_os}" device="{device}" '
            f'creationDate="{fmt(w.end + int(5 + r() * 60))}" startDate="{start}" '
            f'endDate="{end}">\n',
            f'  <MetadataEntry key="HKIndoorWorkout" value="{int(w.indoor)}"/>\n',
            f'  <MetadataEntry key="HKTimeZone" value="{day.zone}"/>\n',
        ]
        mets = {"Running": 9.5, "Cycling": 7.0, "Strength": 4.5}[w.kind] + r() * 2
        lines.append(f'  <MetadataEntry key="HKAverageMETs" value="{mets:.5f} kcal/hr·kg"/>\n')
        if not w.indoor:
            lines.append(
                f'  <MetadataEntry key="HKWeatherTemperature" value="{45 + r() * 30:.2f} degF"/>\n'
                f'  <MetadataEntry key="HKWeatherHumidity" value="{int(40 + r() * 55)}00 %"/>\n'
                f'  <MetadataEntry key="HKElevationAscended" value="{int(r() * 9000)} cm"/>\n'
            )
        distance = 0.0
        events: list[tuple[int, str]] = []
        if w.kind in ("Running", "Cycling"):
            speed = (10 + r() * 3) if w.kind == "Running" else (22 + r() * 8)  # km/h
            distance = speed * minutes / 60
            km, t = 0, w.start
            per_km = 3600 / speed
            while km + 1 <= distance and w.kind == "Running":
                events.append(
                    (
                        t,
                        f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{fmt(t)}"'
                        f' duration="{per_km / 60!r}" durationUnit="min"/>\n',
                    )
                )
                km += 1
                t += int(per_km)
        for pause, resume in w.pauses:
            for event, t in (("Pause", pause), ("Resume", resume)):
                events.append(
                    (t, f'  <WorkoutEvent type="HKWorkoutEventType{event}" date="{fmt(t)}"/>\n')
                )
        events.sort(key=lambda item: item[0])
        lines.extend(text for _, text in events)
        stats = f'  <WorkoutStatistics type="{Q}'
        span = f' startDate="{start}" endDate="{end}"'
        kcal = minutes * (mets - 1) * 1.2
        lines.append(f'{stats}ActiveEnergyBurned"{span} sum="{kcal:.6f}" unit="kcal"/>\n')
        lines.append(f'{stats}BasalEnergyBurned"{span} sum="{minutes * 1.2:.6f}" unit="kcal"/>\n')
        if w.kind == "Running":
            lines.append(
                f'{stats}DistanceWalkingRunning"{span} sum="{distance:.6f}" unit="km"/>\n'
                f'{stats}StepCount"{span} sum="{int(minutes * 165)}" unit="count"/>\n'
            )
        elif w.kind == "Cycling":
            lines.append(f'{stats}DistanceCycling"{span} sum="{distance:.6f}" unit="km"/>\n')
        average = 120 + r() * 40
        lines.append(
            f'{stats}HeartRate"{span} average="{average:.4f}" minimum="{int(average - 30)}" '
            f'maximum="{int(average + 25)}" unit="count/min"/>\n'
        )
        lines.append(" </Workout>\n")
        sink.add("".join(lines))
        counts["Workout"] += 1


def gen_activity_summaries(ctx: Context, sink: Sink, counts: Counts) -> None:
    rng = ctx.rng("activity")
    r = rng.random
    for day in ctx.plan:
        sink.add(
            f' <ActivitySummary dateComponents="{day.local.isoformat()}" '
            f'activeEnergyBurned="{day.active_kcal:.4f}" activeEnergyBurnedGoal="600" '
            f'activeEnergyBurnedUnit="kcal" appleMoveTime="0" appleMoveTimeGoal="0" '
            f'appleExerciseTime="{day.exercise_min}" appleExerciseTimeGoal="30" '
            f'appleStandHours="{8 + int(r() * 7)}" appleStandHoursGoal="12"/>\n'
        )
    counts["ActivitySummary"] += len(ctx.plan)


def header() -> str:
    export = EXPORT_AT.strftime("%Y-%m-%d %H:%M:%S ") + _offset_text(
        int((EXPORT_AT.utcoffset() or timedelta()).total_seconds())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + DTD
        + f'<HealthData locale="{LOCALE}">\n'
        + f' <ExportDate value="{export}"/>\n'
        + ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1988-03-14"'
        + ' HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale"'
        + ' HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet"'
        + ' HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"'
        + ' HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
    )


def write_xml(plan: list[Day], seed: int, stream: IO[bytes] | None) -> tuple[int, Counts, int]:
    """The whole export.xml into `stream` (None: only count). Returns bytes, counts, children."""
    ctx = Context(plan, seed)
    sink = Sink(stream)
    counts: Counts = Counter()
    sink.add(header())
    for generate in RECORD_GENERATORS:
        generate(ctx, sink, counts)
    children = gen_correlations(ctx, sink, counts)
    gen_workouts(ctx, sink, counts)
    gen_activity_summaries(ctx, sink, counts)
    sink.add("</HealthData>\n")
    sink.flush()
    return sink.bytes, counts, children


def days_for_size(target_bytes: int, seed: int) -> int:
    """How many days make `target_bytes` of XML: measured on a few weeks, then scaled."""
    fixed = len(header().encode()) + len("</HealthData>\n")
    size, _, _ = write_xml(plan_days(CALIBRATION_DAYS, seed), seed, None)
    per_day = (size - fixed) / CALIBRATION_DAYS
    return max(1, round((target_bytes - fixed) / per_day))


def generate(
    path: Path, size: int, seed: int = 1, *, compresslevel: int = 6, quiet: bool = True
) -> ExportResult:
    """Write a synthetic export.zip of about `size` bytes of XML at `path` (atomically)."""
    began = time.perf_counter()
    days = days_for_size(size, seed)
    plan = plan_days(days, seed)
    if not quiet:
        print(f"{days} days ({plan[0].local} .. {plan[-1].local}) for {size:,} bytes of XML")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    stamp = EXPORT_AT.timetuple()[:6]
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        folder = zipfile.ZipInfo("apple_health_export/", date_time=stamp)
        folder.external_attr = (0o40755 << 16) | 0x10
        zf.writestr(folder, b"")
        info = zipfile.ZipInfo(XML_NAME, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with zf.open(info, "w", force_zip64=True) as out:
            xml_bytes, counts, children = write_xml(plan, seed, out)
        cda = zipfile.ZipInfo(CDA_NAME, date_time=stamp)
        cda.compress_type = zipfile.ZIP_DEFLATED
        cda.external_attr = 0o644 << 16
        zf.writestr(cda, CDA)
    partial.replace(path)
    duplicates = counts.pop("_duplicate_sleep_records", 0)
    elements = Counter({k: v for k, v in counts.items() if not k.startswith("HK")})
    records = Counter({k: v for k, v in counts.items() if k.startswith("HK")})
    elements["Record"] = sum(records.values())
    return ExportResult(
        path=path,
        days=days,
        first_day=plan[0].local,
        last_day=plan[-1].local,
        xml_bytes=xml_bytes,
        zip_bytes=path.stat().st_size,
        records=records,
        elements=elements,
        correlation_child_records=children,
        duplicate_sleep_records=duplicates,
        seconds=time.perf_counter() - began,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the export.zip to write")
    parser.add_argument("--size", default="50MB", help="XML size: 50MB, 200MB, 1GB (default 50MB)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compresslevel", type=int, default=6, help="zlib level (default 6)")
    args = parser.parse_args(argv)
    try:
        size = parse_size(args.size)
    except ValueError as error:
        parser.error(str(error))
    result = generate(args.out, size, args.seed, compresslevel=args.compresslevel, quiet=False)
    width = max(map(len, result.records)) if result.records else 10
    for name, count in sorted(result.records.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<{width}} {count:>10,}")
    for name, count in sorted(result.elements.items()):
        print(f"  <{name}> {count:,}")
    per_record = result.xml_bytes / max(1, result.record_count)
    print(
        f"{result.path}: {result.xml_bytes:,} bytes of XML ({per_record:.0f} B/record), "
        f"zip {result.zip_bytes:,} bytes ({result.xml_bytes / result.zip_bytes:.1f}x), "
        f"{result.record_count:,} records, {result.correlation_child_records} correlation "
        f"children, {result.duplicate_sleep_records} duplicate sleep records, "
        f"{result.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
