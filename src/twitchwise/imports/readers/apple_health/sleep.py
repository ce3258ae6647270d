"""Sleep records, which overlap and repeat (phone, watch, apps), as one session per night."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.imports.readers.apple_health.record_types import SLEEP
from twitchwise.imports.readers.apple_health.summary import Summary, counted_entry

SESSION_GAP = timedelta(minutes=60)  # sleep pieces closer than this are one night
GAP_SECONDS = SESSION_GAP.total_seconds()
LONGEST_NIGHT = timedelta(hours=20)


class SleepPieces:
    """Sleep records as columns of numbers (instants in seconds): a decade of nights is some
    100,000 pieces, which as objects would grow the import's memory with the file.

    ``name`` starts each night's detail ("Apple Health: asleep"), ``kind`` is the type the
    Summary counts the pieces under; a piece's ``source`` (the app that wrote it, where the
    format names one) is listed in its night's detail."""

    def __init__(self, name: str = "Apple Health", kind: str = SLEEP) -> None:
        self.name = name
        self.kind = kind
        self.start = array("d")
        self.end = array("d")
        self.asleep = bytearray()
        self.zone = array("H")  # the zone of a piece's start
        self.end_zone = array("H")
        self.zones: list[tzinfo] = []
        self._zone_ids: dict[tzinfo, int] = {}
        self.source = array("H")
        self.sources: list[str] = []
        self._source_ids: dict[str, int] = {}

    def add(
        self,
        start: datetime,
        end: datetime,
        asleep: bool,
        zone: tzinfo,
        source: str = "",
        end_zone: tzinfo | None = None,
    ) -> None:
        """A piece; its end in ``end_zone`` when that differs (a night across a DST change,
        where the format says so)."""
        self.zone.append(self._zone_id(zone))
        self.end_zone.append(self._zone_id(end_zone or zone))
        if source not in self._source_ids:
            self._source_ids[source] = len(self.sources)
            self.sources.append(source)
        self.start.append(start.timestamp())
        self.end.append(end.timestamp())
        self.asleep.append(asleep)
        self.source.append(self._source_ids[source])

    def _zone_id(self, zone: tzinfo) -> int:
        if zone not in self._zone_ids:
            self._zone_ids[zone] = len(self.zones)
            self.zones.append(zone)
        return self._zone_ids[zone]

    def nights(self, summary: Summary) -> Iterator[Exposure]:
        """Overlapping pieces -> one session per night; asleep time is their union."""
        asleep = self._asleep_groups()
        for groups, label in ((asleep, "asleep"), (self._bed_only_groups(asleep), "in bed")):
            for group in groups:
                night = self._night(group, label, summary)
                if night is not None:
                    summary.merged[self.kind] -= 1
                    yield night

    def _night(self, group: list[int], label: str, summary: Summary) -> Exposure | None:
        """The session the pieces of ``group`` make; None (all skipped) if it is not a night."""
        start, end = self._span(group)
        if end - start > LONGEST_NIGHT.total_seconds() or end <= start:
            summary.skipped[self.kind] += len(group)
            return None
        # local times in the zones of the piece that starts first and of the one that ends last
        first = min(group, key=self.start.__getitem__)
        last = max(group, key=self.end.__getitem__)
        apps = sorted({self.sources[self.source[i]] for i in group} - {""})
        written = f" ({', '.join(apps)})" if apps else ""
        return counted_entry(
            summary,
            self.kind,
            type=ExposureType.SLEEP,
            started_at=datetime.fromtimestamp(start, self.zones[self.zone[first]]),
            ended_at=datetime.fromtimestamp(end, self.zones[self.end_zone[last]]),
            amount=round(self._union_hours(group), 4),
            detail=f"{self.name}: {label}{written}"[:200],
        )

    def _asleep_groups(self) -> list[list[int]]:
        return self._group([i for i in range(len(self.asleep)) if self.asleep[i]])

    def _bed_only_groups(self, asleep: list[list[int]]) -> list[list[int]]:
        """In-bed pieces that overlap no ``asleep`` session (nights only the phone saw)."""
        # Asleep sessions are disjoint and in order, so their ends rise with their starts.
        spans = [self._span(group) for group in asleep]
        starts = [start for start, _ in spans]
        bed = []
        for i in range(len(self.asleep)):
            if self.asleep[i]:
                continue
            # the last session starting before this piece ends
            before = bisect_left(starts, self.end[i]) - 1
            if before < 0 or spans[before][1] <= self.start[i]:
                bed.append(i)
        return self._group(bed)

    def _group(self, indices: list[int]) -> list[list[int]]:
        """Pieces (by index) closer than SESSION_GAP to the one before, as sessions in order."""
        groups: list[list[int]] = []
        end = float("-inf")
        for i in sorted(indices, key=self.start.__getitem__):
            if groups and self.start[i] <= end + GAP_SECONDS:
                groups[-1].append(i)
                end = max(end, self.end[i])
            else:
                groups.append([i])
                end = self.end[i]
        return groups

    def _span(self, group: list[int]) -> tuple[float, float]:
        """The first start and the last end of the pieces of ``group``."""
        return min(self.start[i] for i in group), max(self.end[i] for i in group)

    def _union_hours(self, group: list[int]) -> float:
        """Hours covered by the pieces of ``group`` (in start order), overlaps counted once."""
        total, end = 0.0, float("-inf")
        for i in group:
            if self.end[i] <= end:
                continue
            total += self.end[i] - max(self.start[i], end)
            end = self.end[i]
        return total / 3600
