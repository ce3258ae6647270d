"""Fitbit's times, which come in three forms, and the zone each is read in.

A Takeout archive carries no time zone. The intraday JSON (``"05/01/24 07:00:07"``) and the newer
CSVs (``2024-05-01T07:00:07Z``) are UTC: their local day is taken in the person's profile zone.
Sleep, exercise and weight JSON and the HRV summary CSV are naive local wall-clock time
(``2024-05-01T22:47:30.000``): they are read as times in the profile zone, so a night across a
DST change keeps its real length. (Days spent in another zone are read in the profile's.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class LocalDays:
    """The profile zone's local day of UTC times, worked out once a minute of text (records
    come in time order, a few per minute)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._minute = ""
        self._day = date.min

    def of_us_text(self, text: str) -> date:
        """``MM/DD/YY HH:MM:SS`` in UTC -> the local day. ValueError if unreadable."""
        minute = text[:14]
        if minute != self._minute:
            moment = datetime(
                2000 + int(text[6:8]),
                int(text[0:2]),
                int(text[3:5]),
                int(text[9:11]),
                int(text[12:14]),
                tzinfo=UTC,
            )
            self._minute, self._day = minute, moment.astimezone(self.zone).date()
        return self._day

    def of_iso_utc(self, text: str) -> date:
        """``YYYY-MM-DDTHH:MM:SSZ`` -> the local day. ValueError if unreadable or not UTC."""
        minute = text[:16]
        if minute != self._minute:
            moment = datetime.fromisoformat(text)
            if moment.utcoffset() is None:
                raise ValueError(f"{text!r} has no zone")
            self._minute, self._day = minute, moment.astimezone(self.zone).date()
        return self._day

    def naive_local(self, text: str) -> datetime:
        """A naive local time read in the profile zone (in a DST gap, the earlier offset)."""
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            return moment
        return moment.replace(tzinfo=self.zone)

    def us_local(self, text: str) -> datetime:
        """``MM/DD/YY HH:MM:SS`` as naive local time in the profile zone."""
        return datetime.strptime(text, "%m/%d/%y %H:%M:%S").replace(tzinfo=self.zone)


def us_date(text: str) -> date:
    """``MM/DD/YYYY`` or ``MM/DD/YY`` (a calendar day, no zone)."""
    month, day, year = (int(part) for part in text.split(" ")[0].split("/"))
    return date(year + 2000 if year < 100 else year, month, day)
