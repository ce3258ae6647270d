"""The streaming read of an export: each record, as the parser meets it, to what it becomes."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.domain.units import UnitError, convert
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

MAX_DAYS = 36_600  # the span of days one measure may cover (a century)


class _DayTotals:
    """One measure from one source: a sum and a count per local day, in two arrays indexed by
    day, so a decade of days costs kilobytes, not a hundred thousand objects."""

    __slots__ = ("count", "first", "total")

    def __init__(self, day: int) -> None:
        self.first = day  # ordinal of the day at index 0
        self.total = array("d")
        self.count = array("d")

    def add(self, day: int, amount: float) -> bool:
        """Add one sample; False (nothing added) for a day over a century from the others."""
        index = day - self.first
        if index < 0:
            if len(self.total) - index > MAX_DAYS:
                return False
            self.total = array("d", bytes(8 * -index)) + self.total
            self.count = array("d", bytes(8 * -index)) + self.count
            self.first, index = day, 0
        elif index >= len(self.total):
            if index >= MAX_DAYS:
                return False
            grow = bytes(8 * (index + 1 - len(self.total)))
            self.total.frombytes(grow)
            self.count.frombytes(grow)
        self.total[index] += amount
        self.count[index] += 1
        return True

    def days(self) -> Iterator[tuple[int, float, float]]:
        """(day ordinal, sum, count) for each day with samples."""
        for index, count in enumerate(self.count):
            if count:
                yield self.first + index, self.total[index], count


class _Reader:
    def __init__(self, zone: ZoneInfo, summary: Summary) -> None:
        self.zones = Zones(zone)
        self.summary = summary
        self._instants = Instants(summary)
        self.sleep = SleepPieces()
        # (kind, day, source) -> [total, count]
        self.daily: dict[tuple[MeasureKind, str], _DayTotals] = {}
        self._repeats = RepeatsOfTheDay()
        self._factors = UnitFactors()
        # The hour (zone, 'YYYY-MM-DD HH', offset) the last measure fell in, and its local day.
        self._hour: tuple[ZoneInfo, str, str] | None = None
        self._hour_day = date.min

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
            self._add(kind, MeasureKind.MINDFUL_MINUTES, "", day, minutes)
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

    def measure(self, attrs: Attributes, kind: str, zone: ZoneInfo) -> None:
        """A per-minute measure: added to its day's total for its source.

        The hot path of an import (most kept records are energy samples), so it reads only the
        attributes it needs, parses only the start, and works the local day out once an hour.
        """
        get = attrs.get
        started, value = get("startDate") or "", get("value") or ""
        try:
            start = datetime.fromisoformat(started)
        except ValueError:
            self.summary.skip(kind, "a record without a readable date")
            return
        if started[19:] not in self._instants.written:
            self._instants.note(started, start)
        measure, _, ours = DAILY[kind]
        unit = get("unit")
        try:
            amount = float(value)
            if ours and unit:
                amount *= self._factors[(unit, ours)]
        except (ValueError, UnitError) as error:
            self.summary.skip(kind, str(error))
            return
        hour = (zone, started[:13], started[19:])
        if hour == self._hour:
            day = self._hour_day
        else:
            day = self._day(hour, start, zone)
        source = get("sourceName") or ""
        self.summary.merged[kind] += 1
        if self._repeats.seen(kind, source, day, (started, get("endDate"), value)):
            return  # the same sample twice
        self._add(kind, measure, source, day, amount)

    def _add(self, kind: str, measure: MeasureKind, source: str, day: date, amount: float) -> None:
        totals = self.daily.get((measure, source))
        if totals is None:
            totals = self.daily[(measure, source)] = _DayTotals(day.toordinal())
        if not totals.add(day.toordinal(), amount):
            self.summary.merged[kind] -= 1
            self.summary.skip(kind, f"{day} is over a century from the other records")

    def _day(self, hour: tuple[ZoneInfo, str, str], start: datetime, zone: ZoneInfo) -> date:
        """The local day of ``start``; remembered for the rest of its hour when the whole hour
        falls on one local day (records come in time order, so the next ones reuse it)."""
        day = start.astimezone(zone).date()
        first = start.replace(minute=0, second=0, microsecond=0)
        last = first + timedelta(hours=1) - timedelta(microseconds=1)
        if first.astimezone(zone).date() == last.astimezone(zone).date() == day:
            self._hour, self._hour_day = hour, day
        else:
            self._hour = None
        return day

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

    def measures(self) -> Iterator[DailyMeasure]:
        """One value per measure and day: a day's sum (or mean) from the source that counted
        most, since phone and watch count the same minutes: never the sum of sources."""
        means = {kind for kind, how, _ in DAILY.values() if how == "mean"}
        for measure in sorted({measure for measure, _ in self.daily}, key=lambda m: m.value):
            best: dict[int, tuple[float, str]] = {}
            for (kind, source), totals in self.daily.items():
                if kind is not measure:
                    continue
                for day, total, count in totals.days():
                    value = total / count if measure in means else total
                    if day not in best or value > best[day][0]:
                        best[day] = (value, source)
            for day, (value, source) in sorted(best.items()):
                yield DailyMeasure(
                    day=date.fromordinal(day),
                    kind=measure,
                    value=round(value, 3 if measure is not MeasureKind.MINDFUL_MINUTES else 2),
                    source=source[:100],
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
    yield from reader.measures()


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
            reader.measure(attrs, kind, zone)
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
