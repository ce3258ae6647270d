"""The streaming read of an export: each record, as the parser meets it, to what it becomes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.measures import DailyMeasure
from twitchwise.imports.readers.apple_health.bookkeeping import Bookkeeping
from twitchwise.imports.readers.apple_health.daily import DailyMeasures
from twitchwise.imports.readers.apple_health.entries import Entries
from twitchwise.imports.readers.apple_health.record_types import DAILY, WANTED, Attributes
from twitchwise.imports.readers.apple_health.sleep import SleepPieces
from twitchwise.imports.readers.apple_health.summary import Summary
from twitchwise.imports.readers.apple_health.times import Zones
from twitchwise.imports.readers.hardened import Export, open_clean
from twitchwise.imports.readers.xmlfilter import RecordFilter


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
    for repair in (False, True):
        target = _Target(zone, summary)
        keep = RecordFilter(wanted)
        try:
            yield from _parse(export, repair, target, keep, on_progress)
            break
        except etree.XMLSyntaxError as error:
            if "redefined" in str(error) and not repair and summary.records == 0:
                continue  # the iOS 16 duplicated attribute: read again with the repair on
            where = f" near line {error.lineno:,}" if error.lineno else ""
            raise InputError(
                "FILE",
                f"the export is not well-formed XML: it breaks off or is damaged{where} "
                "(export it again from the Health app)",
            ) from None
    for kind, count in keep.dropped.items():
        summary.skipped[kind.decode("utf-8", "replace")] += count
    summary.dropped = keep.total
    yield from target.sleep.nights(summary)
    yield from target.daily.measures()


def _parse(
    export: Export,
    repair: bool,
    target: _Target,
    keep: RecordFilter,
    on_progress: Callable[[int], None] | None,
) -> Iterator[Exposure]:
    """The entries of ``export`` as the parser finds them, a chunk of the file at a time."""
    from lxml import etree

    summary = target.summary
    with open_clean(export, repair=repair, on_bytes=on_progress, keep=keep) as stream:
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


class _Target:
    """The parser's callbacks: each top-level Record or Workout, with its HKTimeZone, is read
    when it ends. Records inside a Correlation repeat top-level ones and are ignored."""

    def __init__(self, zone: ZoneInfo, summary: Summary) -> None:
        self.summary = summary
        books = Bookkeeping.start(summary)
        self.sleep = SleepPieces()
        self.daily = DailyMeasures(books)
        self._entries = Entries(books, self.sleep, self.daily)
        self._zones = Zones(zone)
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
        self.summary.records += 1
        zone = self._zones.of(self._zone)
        kind = attrs.get("type")
        found = None
        if kind in DAILY:
            self.daily.measure(attrs, kind, zone)
        elif element == "Workout":
            found = self._entries.workout(attrs, zone)
        elif kind in WANTED:
            found = self._entries.record(attrs, zone)
        else:
            self.summary.skip(kind or "?")
        if found is not None:
            self.found.append(found)

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass
