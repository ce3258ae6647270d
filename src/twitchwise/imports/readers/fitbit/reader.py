"""The read of a Takeout's Fitbit files, one file at a time: exercise entries as they come,
nights and daily measures at the end.

Both of Fitbit's formats are read: the legacy JSON (``Global Export Data``: sleep, heart rate,
steps, resting heart rate, exercise) and the newer CSVs (``*_GoogleData``: heart rate, steps,
daily resting heart rate, the daily HRV summary). Where they or two recorders (the tracker and
the phone's "MobileTrack") hold the same day, ``per_day``'s rule takes one source per day; sleep
pieces become one night each, as for every other source.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import ijson

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.imports.readers.apple_health.sleep import SleepPieces
from twitchwise.imports.readers.apple_health.summary import Summary, counted_entry
from twitchwise.imports.readers.fitbit.files import Found, Takeout
from twitchwise.imports.readers.fitbit.times import LocalDays, us_date
from twitchwise.imports.readers.per_day import MEANS, SourceDays

SOURCE = "Fitbit"
ASLEEP = frozenset({"light", "deep", "rem", "asleep"})
# plausible values of one sample: (low, high)
BOUNDS = {
    MeasureKind.HEART_RATE_MEAN_BPM: (25.0, 300.0),
    MeasureKind.STEPS: (0.0, 100_000.0),
    MeasureKind.RESTING_HEART_RATE_BPM: (20.0, 250.0),
    MeasureKind.HRV_RMSSD_MS: (1.0, 500.0),
}


class _Read:
    def __init__(self, zone: ZoneInfo, summary: Summary, takeout: Takeout) -> None:
        self.days = LocalDays(zone)
        self.summary = summary
        self.takeout = takeout
        self.sleep = SleepPieces("Fitbit", "sleep")
        self.measures = SourceDays(MEANS)
        self.junk = 0

    def refuse(self, kind: str, why: str) -> None:
        self.junk += 1
        self.summary.skip(kind, why)

    def sample(self, kind: str, measure: MeasureKind, source: str, day: Any, value: Any) -> None:
        """One sample of ``measure`` on ``day``; junk refused and counted."""
        self.summary.records += 1
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.refuse(kind, f"{value!r} is not a number")
            return
        low, high = BOUNDS[measure]
        if not (math.isfinite(number) and low <= number <= high):
            self.refuse(kind, f"{number:g} is outside {low:g}-{high:g}")
            return
        self.measures.add(measure, source, day.toordinal(), number)
        self.summary.merged[kind] += 1

    # --- the legacy JSON ----------------------------------------------------------------------

    def heart_rate(self, items: Iterator[Any]) -> None:
        for item in items:
            try:
                day = self.days.of_us_text(str(item["dateTime"]))
                bpm = item["value"]["bpm"]
            except (KeyError, TypeError, ValueError):
                self.refuse("heart rate", "no readable time or value")
                continue
            self.sample("heart rate", MeasureKind.HEART_RATE_MEAN_BPM, SOURCE, day, bpm)

    def steps(self, items: Iterator[Any]) -> None:
        for item in items:
            try:
                day = self.days.of_us_text(str(item["dateTime"]))
            except (KeyError, TypeError, ValueError):
                self.refuse("steps", "no readable time")
                continue
            self.sample("steps", MeasureKind.STEPS, SOURCE, day, item.get("value"))

    def resting(self, items: Iterator[Any]) -> None:
        for item in items:
            try:
                day = us_date(str(item["value"]["date"]))
                value = item["value"]["value"]
            except (KeyError, TypeError, ValueError):
                self.refuse("resting heart rate", "no readable date or value")
                continue
            measure = MeasureKind.RESTING_HEART_RATE_BPM
            self.sample("resting heart rate", measure, SOURCE, day, value)

    def sleeps(self, items: Iterator[Any]) -> None:
        for item in items:
            self.summary.records += 1
            try:
                start = self.days.naive_local(str(item["startTime"]))
                end = self.days.naive_local(str(item["endTime"]))
            except (KeyError, TypeError, ValueError):
                self.refuse("sleep", "no readable start or end")
                continue
            if not timedelta(0) < end - start <= timedelta(hours=24):
                self.refuse("sleep", "ends before it starts, or lasts over a day")
                continue
            levels = (item.get("levels") or {}).get("data") or []
            for level in levels:
                try:
                    first = self.days.naive_local(str(level["dateTime"]))
                    seconds = float(level["seconds"])
                except (KeyError, TypeError, ValueError):
                    continue
                if str(level.get("level")) in ASLEEP and 0 < seconds <= 86_400:
                    # a level's length is in real seconds: its end is its instant plus them
                    last = _later(first, seconds)
                    self.sleep.add(first, last, True, self.days.zone, SOURCE)
                    self.summary.merged["sleep"] += 1
            self.sleep.add(start, end, not levels, self.days.zone, SOURCE)
            self.summary.merged["sleep"] += 1

    def exercise(self, items: Iterator[Any]) -> Iterator[Exposure]:
        for item in items:
            self.summary.records += 1
            try:
                start = self.days.us_local(str(item["startTime"]))
                millis = float(item.get("activeDuration") or item["duration"])
            except (KeyError, TypeError, ValueError):
                self.refuse("exercise", "no readable start or duration")
                continue
            if not 0 < millis <= 86_400_000:
                self.refuse("exercise", f"a duration of {millis:g} ms")
                continue
            name = str(item.get("activityName") or "exercise").strip().lower()[:150]
            exposure = counted_entry(
                self.summary,
                "exercise",
                type=ExposureType.EXERCISE,
                started_at=start,
                ended_at=_later(start, millis / 1000),
                amount=round(millis / 60_000, 3),
                detail=f"{name} (Fitbit)",
            )
            if exposure is not None:
                yield exposure

    # --- the newer CSVs -----------------------------------------------------------------------

    def csv_samples(self, rows: Iterator[dict[str, str]], kind: str, measure: MeasureKind) -> None:
        """Intraday rows: a UTC timestamp, a value, the recorder (``data source``)."""
        for row in rows:
            time, value = _pick(row, "timestamp", "time"), _value(row, measure)
            try:
                day = self.days.of_iso_utc(time or "")
            except ValueError:
                self.summary.records += 1
                self.refuse(kind, "no readable UTC time")
                continue
            source = _pick(row, "data source") or SOURCE
            self.sample(kind, measure, source, day, value)

    def csv_daily(self, rows: Iterator[dict[str, str]], kind: str, measure: MeasureKind) -> None:
        """Daily rows: the calendar day is the timestamp's date as written."""
        for row in rows:
            time = _pick(row, "timestamp", "date_time", "date") or ""
            try:
                day = self.days.naive_local(time[:10] + "T00:00:00").date()
            except ValueError:
                self.summary.records += 1
                self.refuse(kind, "no readable date")
                continue
            source = _pick(row, "data source") or SOURCE
            self.sample(kind, measure, source, day, _value(row, measure))


def _later(moment: datetime, seconds: float) -> datetime:
    """``seconds`` of real time after ``moment``, in its zone (aware arithmetic in one zone
    would count by the clock, an hour off across a DST change)."""
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def _pick(row: dict[str, str], *names: str) -> str | None:
    for name in names:
        for key, value in row.items():
            if key is not None and key.strip().lower() == name:
                return value
    return None


def _value(row: dict[str, str], measure: MeasureKind) -> str | None:
    if measure is MeasureKind.STEPS:
        return _pick(row, "steps", "value")
    if measure is MeasureKind.HRV_RMSSD_MS:
        return _pick(row, "rmssd", "heart rate variability", "value")
    return _pick(row, "beats per minute", "bpm", "resting heart rate", "value")


def read_fitbit(
    path: Path,
    zone: ZoneInfo,
    summary: Summary,
    on_files: Callable[[int, int], None] | None = None,
) -> Iterator[Exposure | DailyMeasure]:
    """Stream the Takeout at ``path`` (zip or folder)."""
    if not path.exists():
        raise InputError("FILE", "does not exist")
    takeout = Takeout(path)
    try:
        files = takeout.files()
        read = _Read(zone, summary, takeout)
        for done, found in enumerate(files, start=1):
            yield from _one(read, found)
            if on_files is not None:
                on_files(done, len(files))
        yield from read.sleep.nights(summary)
        yield from read.measures.measures()
    finally:
        takeout.close()
    notes = summary.tally.notes
    notes.append(
        f"Fitbit's times without a zone (sleep, exercise, the HRV summary) were read in your "
        f"profile's zone ({zone.key}), and the UTC ones (heart rate, steps) put on its local "
        "days: a Takeout does not say where you were"
    )
    if read.junk:
        notes.append(f"refused {read.junk:,} records with junk values (see problems)")
    if takeout.others:
        notes.append(f"not read: {takeout.others:,} other files of the archive")


def _one(read: _Read, found: Found) -> Iterator[Exposure]:
    with read.takeout.open(found) as stream:
        try:
            if found.kind.endswith("csv"):
                _csv(read, found, stream)
                return
            items = ijson.items(stream, "item", use_float=True)
            if found.kind == "exercise":
                yield from read.exercise(items)
            else:
                {
                    "sleep": read.sleeps,
                    "heart rate": read.heart_rate,
                    "steps": read.steps,
                    "resting heart rate": read.resting,
                }[found.kind](items)
        except ijson.JSONError:
            raise InputError(
                "FILE", f"{found.name} inside is not JSON (or it was cut short)"
            ) from None
        except UnicodeDecodeError:
            raise InputError("FILE", f"{found.name} inside is not UTF-8 text") from None


def _csv(read: _Read, found: Found, stream: IO[bytes]) -> None:
    rows = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
    if found.kind == "heart rate csv":
        read.csv_samples(rows, "heart rate", MeasureKind.HEART_RATE_MEAN_BPM)
    elif found.kind == "steps csv":
        read.csv_samples(rows, "steps", MeasureKind.STEPS)
    elif found.kind == "daily resting heart rate csv":
        read.csv_daily(rows, "resting heart rate", MeasureKind.RESTING_HEART_RATE_BPM)
    else:
        read.csv_daily(rows, "heart rate variability", MeasureKind.HRV_RMSSD_MS)
