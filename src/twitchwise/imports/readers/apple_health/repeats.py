"""Exact repeats of a record in an export, caught without remembering the whole file."""

from __future__ import annotations

from datetime import date


class RepeatsOfTheDay:
    """The records seen on the current day of each type and source only, so memory stays flat:
    an export writes each type's records in time order, so repeats sit together. (Entries
    repeated further apart are still caught by the journal's keys.)"""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[date, set[tuple[object, ...]]]] = {}

    def seen(self, kind: str, source: str, day: date, key: tuple[object, ...]) -> bool:
        """Whether ``key`` was already seen for this type and source on this day (it has been,
        from now on)."""
        today = self._seen.get((kind, source))
        if today is None or today[0] != day:
            today = self._seen[(kind, source)] = (day, set())
        if key in today[1]:
            return True
        today[1].add(key)
        return False
