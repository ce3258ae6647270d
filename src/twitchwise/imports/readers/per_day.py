"""Device measures as one value per local day and kind, from the one source that day that
recorded the most: the rule every wearable reader (Apple Health, Health Connect, Fitbit) keeps,
since a phone and a watch count the same steps, minutes and beats.

The rule, stated once: per measure and local day, each source's samples are summed (steps,
energy) or averaged (heart rate, HRV); the day's value is that of the source with the largest
value (for a sum, the most complete record; never the sum of two sources); on a tie, the
source whose name sorts first.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import date

from twitchwise.domain.measures import DailyMeasure, MeasureKind

MEANS = frozenset(  # measures averaged within a source's day; the others are summed
    {
        MeasureKind.RESTING_HEART_RATE_BPM,
        MeasureKind.HRV_RMSSD_MS,
        MeasureKind.HRV_SDNN_MS,
        MeasureKind.HEART_RATE_MEAN_BPM,
    }
)
MAX_DAYS = 36_600  # the span of days one measure may cover (a century)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # an epoch day + this = a date's ordinal


class DayTotals:
    """One measure from one source: a sum and a count per local day, in two arrays indexed by
    day, so a decade of days costs kilobytes, not a hundred thousand objects."""

    __slots__ = ("count", "first", "total")

    def __init__(self, day: int) -> None:
        self.first = day  # ordinal of the day at index 0
        self.total = array("d")
        self.count = array("d")

    def add(self, day: int, amount: float, count: float = 1) -> bool:
        """Add ``count`` samples summing to ``amount``; False (nothing added) for a day over a
        century from the others."""
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
        self.count[index] += count
        return True

    def days(self) -> Iterator[tuple[int, float, float]]:
        """(day ordinal, sum, count) for each day with samples."""
        for index, count in enumerate(self.count):
            if count:
                yield self.first + index, self.total[index], count


class SourceDays:
    """Every measure's totals per source and local day; ``measures()`` applies the rule."""

    def __init__(self, means: frozenset[MeasureKind]) -> None:
        self._means = means
        self.totals: dict[tuple[MeasureKind, str], DayTotals] = {}

    def add(
        self, measure: MeasureKind, source: str, ordinal: int, amount: float, count: float = 1
    ) -> bool:
        """``count`` samples summing to ``amount`` on the day of ``ordinal`` (a date's
        ordinal), from ``source``; False when the day is over a century from the others."""
        totals = self.totals.get((measure, source))
        if totals is None:
            totals = self.totals[(measure, source)] = DayTotals(ordinal)
        return totals.add(ordinal, amount, count)

    def measures(self) -> Iterator[DailyMeasure]:
        """One value per measure and day, from the source the rule chooses."""
        for measure in sorted({measure for measure, _ in self.totals}, key=lambda m: m.value):
            for day, (value, source) in sorted(self.best(measure).items()):
                yield DailyMeasure(
                    day=date.fromordinal(day), kind=measure, value=round(value, 3), source=source
                )

    def best(self, measure: MeasureKind) -> dict[int, tuple[float, str]]:
        """Day ordinal -> (value, source) of the source with the largest value that day."""
        best: dict[int, tuple[float, str]] = {}
        for (kind, source), totals in sorted(self.totals.items(), key=lambda item: item[0][1]):
            if kind is not measure:
                continue
            for day, total, count in totals.days():
                value = total / count if measure in self._means else total
                if day not in best or value > best[day][0]:
                    best[day] = (value, source[:100])
        return best
