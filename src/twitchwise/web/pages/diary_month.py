"""The log's list: the diary one calendar month at a time (the person's zone), newest first,
back to its first entry. A month with more than ``SHOWN`` entries goes on in pages, read by the
journal's keyset cursors (one per kind, as the API's), never by an offset."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError
from twitchwise.domain.journal import EntryKind, EpisodeEntry, ExposureEntry
from twitchwise.storage.journal import Journal
from twitchwise.storage.reading import Cursor

SHOWN = 200  # entries on one page of a month
KINDS = (EntryKind.EPISODE, EntryKind.EXPOSURE)
Row = EpisodeEntry | ExposureEntry


@dataclass(frozen=True)
class Month:
    first: date  # the month's first day
    entries: list[Row]
    more: dict[str, str] | None  # the query of the month's next page, when there is one
    older: date | None  # the month before, when the diary reaches back that far
    newer: date | None  # the month after, up to this one

    @property
    def title(self) -> str:
        return f"{self.first:%B %Y}"


def month_of(text: str | None, today: date) -> date:
    """``2026-10`` -> 1 October 2026; none: this month; a month after this one is refused."""
    if not text:
        return today.replace(day=1)
    try:
        first = date.fromisoformat(f"{text}-01")
    except ValueError:
        raise InputError("month", f"{text!r} is not a month such as 2026-10") from None
    if first > today:
        raise InputError("month", f"{text} has not come yet")
    return first


def _next(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _previous(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


DONE = "end"  # a kind whose entries of the month were all shown on earlier pages


def read_month(
    journal: Journal, first: date, where: ZoneInfo, today: date, after: dict[str, str]
) -> Month:
    """The month's episodes and exposures, ``SHOWN`` at a time, continuing after the cursors
    in ``after`` (``{"e": word, "x": word}``; ``DONE`` for a kind already shown to its end)."""
    since = datetime.combine(first, time.min, where)
    until = datetime.combine(_next(first), time.min, where)
    fetched: dict[EntryKind, tuple[list[Row], bool]] = {}
    for kind in KINDS:
        word = after.get(kind.value)
        if word == DONE:
            fetched[kind] = ([], False)
            continue
        cursor = None if word is None else Cursor.parse(word, kind.value)
        found = journal.page(kind, SHOWN, cursor, since=since, until=until)
        # the journal's window includes its end: a moment at midnight is next month's
        entries = [
            e
            for e in found.entries
            if isinstance(e, EpisodeEntry | ExposureEntry) and e.started_at < until
        ]
        fetched[kind] = (entries, found.next is not None)
    merged = heapq.merge(
        *(entries for entries, _ in fetched.values()),
        key=lambda e: (e.started_at, e.id),
        reverse=True,
    )
    shown: list[Row] = [e for _, e in zip(range(SHOWN), merged, strict=False)]
    following: dict[str, str] = {}
    for kind, (entries, beyond) in fetched.items():
        mine = [e for e in shown if isinstance(e, EpisodeEntry) == (kind is EntryKind.EPISODE)]
        if len(mine) < len(entries) or beyond:
            if mine:
                following[kind.value] = Cursor(mine[-1].started_at, mine[-1].id).word()
            elif kind.value in after:
                following[kind.value] = after[kind.value]
        else:
            following[kind.value] = DONE
    more = any(word != DONE for word in following.values()) or len(following) < len(KINDS)
    starts = journal.first_entry_at()
    return Month(
        first,
        shown,
        {"month": f"{first:%Y-%m}", **following} if more else None,
        _previous(first) if starts is not None and starts < since else None,
        _next(first) if _next(first) <= today else None,
    )
