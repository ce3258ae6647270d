"""The streaming read of an export: each record, as the parser meets it, to what it becomes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.domain.units import UnitError, convert
from twitchwise.imports.apple_health.daily import DailyMeasures
from twitchwise.imports.apple_health.record_types import (
    ALCOHOL,
    ASLEEP,
    DAILY,
    DIETARY,
    IN_BED,
    MINDFUL,
    SEX,
    SLEEP,
    WANTED,
    WORKOUT,
    Attributes,
    UnitFactors,
)
from twitchwise.imports.apple_health.repeats import RepeatsOfTheDay
from twitchwise.imports.apple_health.sleep import SleepPieces
from twitchwise.imports.apple_health.summary import Summary, counted_entry
from twitchwise.imports.apple_health.times import Instants, Zones
from twitchwise.imports.hardened import Export, open_clean
from twitchwise.imports.xmlfilter import RecordFilter


class _Reader:
    def __init__(self, zone: ZoneInfo, summary: Summary) -> None:
        self.zones = Zones(zone)
        self.summary = summary
        self._instants = Instants(summary)
        self.sleep = SleepPieces()
        self._repeats = RepeatsOfTheDay()
        self._factors = UnitFactors()
        self.daily = DailyMeasures(summary, self._instants, self._repeats, self._factors)

    def _duplicate(self, kind: str, start: datetime, end: datetime, value: str) -> bool:
        key = (start.timestamp(), end.timestamp(), value)
        if self._repeats.seen(kind, "", start.date(), key):
            self.summary.merged[kind] += 1
            return True
        return False

    def record(self, attrs: Attributes, zone: ZoneInfo) -> Exposure | None:
        get = attrs.get
        kind = get("type") or ""
        times = self._instants.span(attrs)
        if times is None:
            self.summary.skip(kind, "a record without a readable date")
            return None
        start, end = times
        value = get("value") or ""
        if kind != SLEEP and self._duplicate(kind, start, end, value):
            return None  # (repeated sleep pieces vanish in the night's union)
        if kind in DIETARY:
            return self._dietary(kind, start, value, get("unit") or "", zone)
        if kind == SLEEP:
            if value in ASLEEP or value == IN_BED:
                self.sleep.add(start, end, value in ASLEEP, zone)
                self.summary.merged[kind] += 1
            else:
                self.summary.skip(kind)  # Awake
            return None
        if kind == MINDFUL:
            minutes = (end - start).total_seconds() / 60
            day = start.astimezone(zone).date()
            self.summary.merged[kind] += 1
            self.daily.add(kind, MeasureKind.MINDFUL_MINUTES, "", day, minutes)
            return None
        if kind == SEX:
            return counted_entry(
                self.summary,
                kind,
                type=ExposureType.SEXUAL_ACTIVITY,
                started_at=start.astimezone(zone),
                ended_at=end.astimezone(zone) if end > start else None,
            )
        if kind == ALCOHOL:
            return counted_entry(
                self.summary,
                kind,
                type=ExposureType.ALCOHOL,
                started_at=start.astimezone(zone),
                detail=f"{value} drinks",
            )
        self.summary.skip(kind)  # pragma: no cover - only wanted types reach here
        return None

    def _dietary(
        self, kind: str, start: datetime, value: str, unit: str, zone: ZoneInfo
    ) -> Exposure | None:
        exposure_type, nutrient, ours = DIETARY[kind]
        try:
            amount = float(value) * self._factors[(unit, ours)]
        except (ValueError, UnitError) as error:
            self.summary.skip(kind, str(error))
            return None
        return counted_entry(
            self.summary,
            kind,
            type=exposure_type,
            started_at=start.astimezone(zone),
            amount=round(amount, 6),
            detail=nutrient,
        )

    def workout(self, attrs: Attributes, zone: ZoneInfo) -> Exposure | None:
        get = attrs.get
        times = self._instants.span(attrs)
        name = get("workoutActivityType") or "HKWorkoutActivityTypeOther"
        kind = WORKOUT
        if times is None:
            self.summary.skip(kind)
            return None
        start, end = times
        if self._duplicate(kind, start, end, name):
            return None
        minutes: float | None = None
        try:
            if get("duration"):
                minutes = convert(float(get("duration") or ""), get("durationUnit") or "min", "min")
        except (ValueError, UnitError):
            minutes = None
        if minutes is None and end > start:
            minutes = (end - start).total_seconds() / 60
        activity = re.sub(
            r"(?<!^)(?=[A-Z])", " ", name.removeprefix("HKWorkoutActivityType")
        ).lower()
        return counted_entry(
            self.summary,
            kind,
            type=ExposureType.EXERCISE,
            started_at=start.astimezone(zone),
            ended_at=end.astimezone(zone) if end > start else None,
            amount=None if minutes is None else round(minutes, 3),
            detail=activity,
        )


def read_apple_health(
    export: Export,
    zone: ZoneInfo,
    summary: Summary,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Exposure | DailyMeasure]:
    """Stream ``export``: entries as they come, sleep sessions and daily measures at the end.

    Records of types we do not use are dropped before the parser (``xmlfilter``); the parser
    sees the rest, with entities off and no network, and builds no tree: it calls ``_Target``
    for each tag.
    """
    from lxml import etree

    wanted = frozenset(kind.encode() for kind in WANTED)
    for attempt in (False, True):
        reader = _Reader(zone, summary)
        target = _Target(reader)
        keep = RecordFilter(wanted)
        try:
            with open_clean(export, repair=attempt, on_bytes=on_progress, keep=keep) as stream:
                summary.version = stream.version
                parser = etree.XMLParser(
                    target=target,  # type: ignore[arg-type]
                    resolve_entities=False,
                    no_network=True,
                    huge_tree=False,
                    load_dtd=False,
                )
                for chunk in stream.chunks():
                    parser.feed(chunk)
                    summary.dropped = keep.total
                    if target.found:
                        yield from target.found
                        target.found.clear()
                parser.close()
                yield from target.found
                summary.repaired = stream.repaired
            break
        except etree.XMLSyntaxError as error:
            if "redefined" in str(error) and not attempt and summary.records == 0:
                continue  # the iOS 16 duplicated attribute: read again with the repair on
            raise InputError("FILE", f"the export is not well-formed XML: {error}") from None
    for kind, count in keep.dropped.items():
        summary.skipped[kind.decode("utf-8", "replace")] += count
    summary.dropped = keep.total
    yield from reader.sleep.nights(summary)
    yield from reader.daily.measures()


class _Target:
    """The parser's callbacks: each top-level Record or Workout, with its HKTimeZone, goes to the
    reader when it ends. Records inside a Correlation repeat top-level ones and are ignored."""

    def __init__(self, reader: _Reader) -> None:
        self._reader = reader
        self._summary = reader.summary
        self._depth = 0
        self._current: tuple[str, Attributes] | None = None
        self._zone: str | None = None
        self.found: list[Exposure] = []

    def start(self, tag: str, attrs: Attributes) -> None:
        self._depth += 1
        if self._depth == 2:
            if tag == "Record" or tag == "Workout":
                self._current, self._zone = (tag, attrs), None
        elif (
            self._depth == 3
            and self._current is not None
            and tag == "MetadataEntry"
            and attrs.get("key") == "HKTimeZone"
        ):
            self._zone = attrs.get("value")

    def end(self, tag: str) -> None:
        self._depth -= 1
        if self._depth != 1 or self._current is None:
            return
        element, attrs = self._current
        self._current = None
        self._summary.records += 1
        reader = self._reader
        zone = reader.zones.of(self._zone)
        kind = attrs.get("type")
        found = None
        if kind in DAILY:
            reader.daily.measure(attrs, kind, zone)
        elif element == "Workout":
            found = reader.workout(attrs, zone)
        elif kind in WANTED:
            found = reader.record(attrs, zone)
        else:
            self._summary.skip(kind or "?")
        if found is not None:
            self.found.append(found)

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass
