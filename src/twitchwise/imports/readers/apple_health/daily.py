"""Per-minute measurements (energy, heart rate variability...) as one value per local day, the
largest source winning where phone and watch both count the same thing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.domain.units import UnitError
from twitchwise.imports.readers.apple_health.bookkeeping import Bookkeeping
from twitchwise.imports.readers.apple_health.record_types import DAILY, Attributes
from twitchwise.imports.readers.per_day import DayTotals

MEANS = {kind for kind, how, _ in DAILY.values() if how == "mean"}  # the others are sums


class DailyMeasures:
    """Each measure's totals per source and local day, and at the end one value per day."""

    def __init__(self, books: Bookkeeping) -> None:
        self._books = books
        self._summary = books.summary
        self.totals: dict[tuple[MeasureKind, str], DayTotals] = {}  # by (measure, source)
        # The hour (zone, 'YYYY-MM-DD HH', offset) the last measure fell in, and its local day.
        self._hour: tuple[ZoneInfo, str, str] | None = None
        self._hour_day = date.min

    def measure(self, attrs: Attributes, kind: str, zone: ZoneInfo) -> None:
        """A per-minute measure: added to its day's total for its source.

        The hot path of an import (most kept records are energy samples), so it reads only the
        attributes it needs, parses only the start, and works the local day out once an hour.
        """
        get, books = attrs.get, self._books
        started, value = get("startDate") or "", get("value") or ""
        try:
            start = datetime.fromisoformat(started)
        except ValueError:
            self._summary.skip(kind, "a record without a readable date")
            return
        if started[19:] not in books.instants.written:
            books.instants.note(started, start)
        measure, _, ours = DAILY[kind]
        unit = get("unit")
        try:
            amount = float(value)
            if ours and unit:
                amount *= books.factors[(unit, ours)]
        except (ValueError, UnitError) as error:
            self._summary.skip(kind, str(error))
            return
        hour = (zone, started[:13], started[19:])
        day = self._hour_day if hour == self._hour else self._day(hour, start, zone)
        source = get("sourceName") or ""
        self._summary.merged[kind] += 1
        if books.repeats.seen(kind, source, day, (started, get("endDate"), value)):
            return  # the same sample twice
        self.add(kind, measure, source, day, amount)

    def add(self, kind: str, measure: MeasureKind, source: str, day: date, amount: float) -> None:
        """``amount`` added to ``day``'s total of ``measure`` from ``source`` (``kind``, the
        record's HealthKit type, is what the Summary counts)."""
        totals = self.totals.get((measure, source))
        if totals is None:
            totals = self.totals[(measure, source)] = DayTotals(day.toordinal())
        if not totals.add(day.toordinal(), amount):
            self._summary.merged[kind] -= 1
            self._summary.skip(kind, f"{day} is over a century from the other records")

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

    def measures(self) -> Iterator[DailyMeasure]:
        """One value per measure and day: a day's sum (or mean) from the source that counted
        most, since phone and watch count the same minutes: never the sum of sources."""
        for measure in sorted({measure for measure, _ in self.totals}, key=lambda m: m.value):
            for day, (value, source) in sorted(self._best(measure).items()):
                yield DailyMeasure(
                    day=date.fromordinal(day),
                    kind=measure,
                    value=round(value, 3 if measure is not MeasureKind.MINDFUL_MINUTES else 2),
                    source=source[:100],
                )

    def _best(self, measure: MeasureKind) -> dict[int, tuple[float, str]]:
        """Day ordinal -> (value, source) of the source with the largest value that day."""
        best: dict[int, tuple[float, str]] = {}
        for (kind, source), totals in self.totals.items():
            if kind is not measure:
                continue
            for day, total, count in totals.days():
                value = total / count if measure in MEANS else total
                if day not in best or value > best[day][0]:
                    best[day] = (value, source)
        return best
