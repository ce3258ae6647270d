"""How the journal reads: in pages (newest first, one keyset at a time), in windows of time, or
as a stream for an export, never the whole diary into memory at once.

Every read here costs what it returns plus a constant: a page is ``LIMIT n`` from the index on
(person, time, id), continued after the last row of the page before (a keyset, not an OFFSET);
a stream comes from a server-side cursor (PostgreSQL) or SQLite's own step-by-step reading, in
batches of ``STREAM_BATCH`` rows.
"""

from __future__ import annotations

import base64
import binascii
import heapq
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import ExposureType
from twitchwise.domain.journal import (
    CourseEntry,
    Entry,
    EntryKind,
    EpisodeEntry,
    ExposureEntry,
    NoteEntry,
    VisitEntry,
)
from twitchwise.storage import rows
from twitchwise.storage.tables import (
    DoctorVisitRow,
    EpisodeRow,
    ExposureRow,
    MedicationCourseRow,
    NoteRow,
)

STREAM_BATCH = 1000
# Walk back through a run of episodes one gap at a time, each step an index probe.
_RUN_START = """
WITH RECURSIVE walk(at, low) AS (
    SELECT CAST(:at AS timestamptz), CAST(:at AS timestamptz) - CAST(:gap AS interval)
  UNION ALL
    SELECT found.at, found.at - CAST(:gap AS interval)
      FROM walk, LATERAL (
        SELECT e.started_at AS at FROM episode e
         WHERE e.person_id = :owner AND e.started_at >= walk.low AND e.started_at < walk.at
           AND NOT (:own AND e.dedupe_key LIKE 'sample|%')
         ORDER BY e.started_at LIMIT 1
      ) AS found
)
SELECT min(at) FROM walk
"""


@dataclass(frozen=True)
class Kind:
    word: str
    row: type[Any]
    values: Callable[[Any], dict[str, object]]
    entry: Callable[[Any], Entry]


KINDS: dict[EntryKind, Kind] = {
    EntryKind.EPISODE: Kind("episode", EpisodeRow, rows.episode_values, rows.episode_entry),
    EntryKind.EXPOSURE: Kind("exposure", ExposureRow, rows.exposure_values, rows.exposure_entry),
    EntryKind.MEDICATION: Kind(
        "medication", MedicationCourseRow, rows.course_values, rows.course_entry
    ),
    EntryKind.NOTE: Kind("note", NoteRow, rows.note_values, rows.note_entry),
    EntryKind.VISIT: Kind("visit", DoctorVisitRow, rows.visit_values, rows.visit_entry),
}
# Kinds with no time of day, listed newest first by id.
_BY_ID = (EntryKind.MEDICATION, EntryKind.VISIT)


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last entry's time (None for medicines, listed by id) and id.
    Written as an opaque word so its shape can change without breaking a client."""

    at: datetime | None
    id: int

    def word(self) -> str:
        stamp = "" if self.at is None else self.at.astimezone(UTC).isoformat()
        return base64.urlsafe_b64encode(f"{stamp}|{self.id}".encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, word: str, field: str = "cursor") -> Cursor:
        wrong = InputError(field, "is not a cursor this API gave (take it from the Link header)")
        try:
            text = base64.urlsafe_b64decode(word + "=" * (-len(word) % 4)).decode()
            stamp, _, number = text.partition("|")
            at = datetime.fromisoformat(stamp) if stamp else None
            entry_id = int(number)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise wrong from None
        if (at is not None and at.tzinfo is None) or not 0 < entry_id < 2**63:
            raise wrong
        return cls(at, entry_id)


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    next: Cursor | None  # None: this was the last page


def _newest_first(query: Select[Any], table: Any, after: Cursor | None) -> Select[Any]:
    """The rows after ``after`` in the order (time, id) descending."""
    if after is not None:
        if after.at is None:
            raise InputError("cursor", "belongs to another list")
        query = query.where(
            or_(
                table.started_at < after.at,
                and_(table.started_at == after.at, table.id < after.id),
            )
        )
    return query.order_by(table.started_at.desc(), table.id.desc())


class Reader:
    """The reading half of ``Journal``: every query is scoped to ``owner_id``; while
    ``own_only`` is set, to the person's own entries (the demo's samples left out: a check of
    the person's own episode is not judged against a made-up history)."""

    _session: Session
    owner_id: int
    own_only: bool = False

    def _mine(self, table: Any) -> Any:
        """The owner's rows, without the samples while ``own_only``."""
        owned = table.person_id == self.owner_id
        if self.own_only:
            return and_(owned, ~table.dedupe_key.startswith(rows.SAMPLE_KEY, autoescape=True))
        return owned

    def _windowed(self, table: Any, since: datetime | None, until: datetime | None) -> Select[Any]:
        query = select(table).where(self._mine(table))
        if since is not None:
            query = query.where(table.started_at >= since)
        if until is not None:
            query = query.where(table.started_at <= until)
        return query

    # --- pages, newest first ---------------------------------------------------------------

    def page(
        self,
        kind: EntryKind,
        limit: int,
        after: Cursor | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        types: Sequence[ExposureType] = (),
    ) -> Page:
        """At most ``limit`` entries of ``kind``, newest first, after ``after``: one query
        reading ``limit + 1`` rows (one per exposure type when several are asked for)."""
        spec = KINDS[kind]
        if kind in _BY_ID:
            by_id = spec.row
            query = select(by_id).where(by_id.person_id == self.owner_id)
            if after is not None:
                query = query.where(by_id.id < after.id)
            found = list(self._session.scalars(query.order_by(by_id.id.desc()).limit(limit + 1)))
            return self._paged(found, limit, spec, lambda row: Cursor(None, row.id))
        table = spec.row
        if kind is EntryKind.EXPOSURE and len(set(types)) > 1:
            found = self._merged_types(sorted(set(types)), limit, after, since, until)
        else:
            query = self._windowed(table, since, until)
            if types:
                query = query.where(ExposureRow.type == types[0].value)
            query = _newest_first(query, table, after).limit(limit + 1)
            found = list(self._session.scalars(query))
        return self._paged(found, limit, spec, lambda row: Cursor(row.started_at, row.id))

    def _merged_types(
        self,
        types: list[ExposureType],
        limit: int,
        after: Cursor | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[Any]:
        # One ordered read per type (each from the index on person, type and time), merged: a
        # single query with IN (...) would have to sort every row of those types first.
        per_type = []
        for exposure_type in types:
            query = self._windowed(ExposureRow, since, until).where(
                ExposureRow.type == exposure_type.value
            )
            query = _newest_first(query, ExposureRow, after).limit(limit + 1)
            per_type.append(list(self._session.scalars(query)))
        merged = heapq.merge(*per_type, key=lambda row: (row.started_at, row.id), reverse=True)
        return [row for _, row in zip(range(limit + 1), merged, strict=False)]

    @staticmethod
    def _paged(found: list[Any], limit: int, spec: Kind, cursor: Callable[[Any], Cursor]) -> Page:
        more = len(found) > limit
        kept = found[:limit]
        return Page([spec.entry(row) for row in kept], cursor(kept[-1]) if more else None)

    # --- windows of time, oldest first -----------------------------------------------------

    def episodes(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[EpisodeEntry]:
        """The episodes from ``since`` to ``until``: callers give a window (the whole diary is
        read by ``stream_episodes``)."""
        query = self._windowed(EpisodeRow, since, until)
        found = self._session.scalars(query.order_by(EpisodeRow.started_at, EpisodeRow.id))
        return [rows.episode_entry(row) for row in found]

    def exposures(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        types: Sequence[ExposureType] = (),
    ) -> list[ExposureEntry]:
        query = self._windowed(ExposureRow, since, until)
        if types:
            query = query.where(ExposureRow.type.in_([t.value for t in types]))
        found = self._session.scalars(query.order_by(ExposureRow.started_at, ExposureRow.id))
        return [rows.exposure_entry(row) for row in found]

    def courses(self) -> list[CourseEntry]:
        """Every course (the settings page lists them; a person has a handful)."""
        return list(self.stream_courses())

    def courses_for(
        self, start: date, end: date, first_day: date, lookback_days: int
    ) -> list[CourseEntry]:
        """The courses checks of episodes from ``start`` to ``end`` (local days) need: those
        taken on any of those days, and those started from ``lookback_days`` before
        ``first_day`` (the earliest run's first episode) on."""
        table = MedicationCourseRow
        taken = and_(
            or_(table.started_on.is_(None), table.started_on <= end),
            or_(table.stopped_on.is_(None), table.stopped_on >= start),
        )
        started = table.started_on.between(first_day - timedelta(days=lookback_days), end)
        query = select(table).where(self._mine(table), or_(taken, started))
        return [rows.course_entry(row) for row in self._session.scalars(query.order_by(table.id))]

    def visits(self) -> list[VisitEntry]:
        """Every doctor's visit, oldest first (a person has a handful)."""
        query = select(DoctorVisitRow).where(DoctorVisitRow.person_id == self.owner_id)
        found = self._session.scalars(query.order_by(DoctorVisitRow.visited_on, DoctorVisitRow.id))
        return [rows.visit_entry(row) for row in found]

    def latest_visit(self, on_or_before: date) -> VisitEntry | None:
        """The last doctor's visit on or before a local day: one index probe."""
        table = DoctorVisitRow
        row = self._session.scalars(
            select(table)
            .where(table.person_id == self.owner_id, table.visited_on <= on_or_before)
            .order_by(table.visited_on.desc(), table.id.desc())
            .limit(1)
        ).first()
        return None if row is None else rows.visit_entry(row)

    def sites_between(self, since: datetime, until: datetime) -> set[str]:
        """The body sites of the episodes from ``since`` to before ``until`` (their sites only)."""
        query = select(EpisodeRow.body_sites).where(
            EpisodeRow.person_id == self.owner_id,
            EpisodeRow.started_at >= since,
            EpisodeRow.started_at < until,
        )
        return {site for sites in self._session.scalars(query) for site in sites}

    def episode_count(self, since: datetime, until: datetime) -> int:
        """How many episodes from ``since`` to before ``until``."""
        query = select(func.count()).where(
            EpisodeRow.person_id == self.owner_id,
            EpisodeRow.started_at >= since,
            EpisodeRow.started_at < until,
        )
        return int(self._session.scalar(query) or 0)

    def notes(self, since: datetime | None = None) -> list[NoteEntry]:
        query = select(NoteRow).where(NoteRow.person_id == self.owner_id)
        if since is not None:
            query = query.where(NoteRow.at >= since)
        found = self._session.scalars(query.order_by(NoteRow.at, NoteRow.id))
        return [rows.note_entry(row) for row in found]

    # --- streams, for exports --------------------------------------------------------------

    def _stream(self, query: Select[Any], entry: Callable[[Any], Any]) -> Iterator[Any]:
        found = self._session.scalars(query.execution_options(yield_per=STREAM_BATCH))
        for row in found:
            yield entry(row)
            self._session.expunge(row)  # the identity map must not grow with the diary

    def stream_episodes(self) -> Iterator[EpisodeEntry]:
        query = self._windowed(EpisodeRow, None, None)
        yield from self._stream(
            query.order_by(EpisodeRow.started_at, EpisodeRow.id), rows.episode_entry
        )

    def stream_exposures(self) -> Iterator[ExposureEntry]:
        query = self._windowed(ExposureRow, None, None)
        yield from self._stream(
            query.order_by(ExposureRow.started_at, ExposureRow.id), rows.exposure_entry
        )

    def stream_courses(self) -> Iterator[CourseEntry]:
        query = select(MedicationCourseRow).where(MedicationCourseRow.person_id == self.owner_id)
        yield from self._stream(query.order_by(MedicationCourseRow.id), rows.course_entry)

    def stream_notes(self) -> Iterator[NoteEntry]:
        query = select(NoteRow).where(NoteRow.person_id == self.owner_id)
        yield from self._stream(query.order_by(NoteRow.at, NoteRow.id), rows.note_entry)

    # --- single facts, each one index probe ------------------------------------------------

    def first_entry_at(self) -> datetime | None:
        """When the diary starts: its earliest episode or exposure (each the first row of an
        index, not a scan)."""
        firsts = [
            self._session.scalar(
                select(table.started_at)
                .where(self._mine(table))
                .order_by(table.started_at)
                .limit(1)
            )
            for table in (EpisodeRow, ExposureRow)
        ]
        known = [first for first in firsts if first is not None]
        return min(known) if known else None

    def run_start(self, at: datetime, gap: timedelta) -> EpisodeEntry | None:
        """The first episode of the run that ends at ``at``: walking back from ``at``, the
        first episode with none in the ``gap`` before it; None when no episode is at or before
        ``at``. One index probe per ``gap`` of the run, however many episodes it holds (on
        PostgreSQL all in one recursive query: one round trip)."""
        if self._session.get_bind().dialect.name == "postgresql":
            start = self._session.scalar(
                text(_RUN_START),
                {"owner": self.owner_id, "at": at, "gap": gap, "own": self.own_only},
            )
        else:
            start = self._walk_back(at, gap)
        if start is None:
            return None
        first = self._session.scalars(
            select(EpisodeRow)
            .where(self._mine(EpisodeRow), EpisodeRow.started_at == start)
            .order_by(EpisodeRow.id)
            .limit(1)
        ).first()
        return None if first is None else rows.episode_entry(first)

    def _walk_back(self, at: datetime, gap: timedelta) -> datetime:
        start = at
        while True:
            earliest = self._session.scalar(
                select(EpisodeRow.started_at)
                .where(
                    self._mine(EpisodeRow),
                    EpisodeRow.started_at >= start - gap,
                    EpisodeRow.started_at < start,
                )
                .order_by(EpisodeRow.started_at)
                .limit(1)
            )
            if earliest is None:
                return start
            start = earliest

    def has_any(self, kind: EntryKind) -> bool:
        table = KINDS[kind].row
        return bool(self._session.scalar(select(exists().where(table.person_id == self.owner_id))))

    def is_empty(self) -> bool:
        return not any(self.has_any(kind) for kind in KINDS)

    def count(self, kind: EntryKind, most: int | None = None) -> int:
        """How many entries of ``kind``; with ``most``, counting stops there (the answer is
        then ``most`` for "at least that many"), so the count costs at most ``most`` rows."""
        table = KINDS[kind].row
        inner = select(table.id).where(table.person_id == self.owner_id)
        if most is not None:
            inner = inner.limit(most)
        return int(self._session.scalar(select(func.count()).select_from(inner.subquery())) or 0)

    def counts(self, most: int | None = None) -> dict[EntryKind, int]:
        return {kind: self.count(kind, most) for kind in KINDS}
