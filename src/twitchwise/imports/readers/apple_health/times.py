"""When and where a record happened: its instant from its own string (the offset there is the
phone's at export time, so only the instant is trusted), its local time from its HKTimeZone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from twitchwise.imports.readers.apple_health.record_types import Attributes
from twitchwise.imports.readers.apple_health.summary import Summary


def parse_time(text: str | None) -> datetime:
    """'2019-07-19 10:36:11 -0700' -> an aware instant (Python 3.11 reads this form)."""
    if text is None:
        raise ValueError("no date")
    return datetime.fromisoformat(text)


class Instants:
    """Reads records' instants, noting for the Summary the UTC offsets their strings carry (one
    for all of them is the norm)."""

    def __init__(self, summary: Summary) -> None:
        self._summary = summary
        self.written: set[str] = set()  # the strings' offsets as written ('-0700'), 50 at most

    def span(self, attrs: Attributes) -> tuple[datetime, datetime] | None:
        """A record's start and end (the start again if it ends earlier); None if unreadable."""
        get = attrs.get
        try:
            start = parse_time(get("startDate"))
            end = parse_time(get("endDate") or get("startDate"))
        except (TypeError, ValueError):
            return None
        self.note(get("startDate"), start)
        return start, max(start, end)

    def note(self, text: str | None, start: datetime) -> None:
        """Note the offset of ``text``, which ``start`` was read from."""
        written = (text or "")[19:]
        if written not in self.written and len(self.written) < 50:
            self.written.add(written)
            self._summary.offsets.add(str(start.utcoffset()))


class Zones:
    """The zone a record's HKTimeZone names, looked up once a name; the person's when it names
    none, or one we do not know."""

    def __init__(self, home: ZoneInfo) -> None:
        self._home = home
        self._by_name: dict[str, ZoneInfo] = {}

    def of(self, name: str | None) -> ZoneInfo:
        if name is None:
            return self._home
        if name not in self._by_name:
            try:
                self._by_name[name] = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                self._by_name[name] = self._home
        return self._by_name[name]
