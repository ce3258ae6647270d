"""The demo's sample entries in the journal: marked in their natural key when written (one
range of the unique index on (person, key) per kind finds them), counted, left out of a
check of the person's own episode (``Reader.own_only``), and removed exactly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.domain.journal import EntryKind, EntryRef
from twitchwise.storage.reading import KINDS
from twitchwise.storage.rows import SAMPLE_KEY, SAMPLE_SOURCE, sample_key

Values = dict[str, object]


def marked(kind: EntryKind, values: dict[str, object], source: str) -> dict[str, object]:
    """A row's values with where it came from: episodes and exposures keep their source; the
    sample diary's entries of every kind are marked in their natural key (``rows.SAMPLE_KEY``)."""
    if kind in (EntryKind.EPISODE, EntryKind.EXPOSURE):
        values["source"] = source
    if source == SAMPLE_SOURCE:
        values["dedupe_key"] = sample_key(str(values["dedupe_key"]))
    return values


def is_sample_row(table: Any) -> Any:
    # A range of the unique index on (person, key): '}' is the character after '|'.
    return table.dedupe_key.between(SAMPLE_KEY, SAMPLE_KEY[:-1] + "}")


class SampleEntries:
    """The sample half of ``Journal``."""

    _session: Session
    owner_id: int
    own_only: bool
    _samples: bool | None

    def _row(self, ref: EntryRef) -> Any:  # pragma: no cover - Journal's
        raise NotImplementedError

    def _without_samples(
        self, kind: EntryKind, batch: list[dict[str, object]]
    ) -> list[dict[str, object]]:
        """The rows of ``batch`` that are not equal to a sample entry already there."""
        if not batch or not self._holds_samples():
            return batch
        table = KINDS[kind].row
        wanted = [sample_key(str(row["dedupe_key"])) for row in batch]
        found = set(
            self._session.scalars(
                select(table.dedupe_key).where(
                    table.person_id == self.owner_id, table.dedupe_key.in_(wanted)
                )
            )
        )
        return [row for row, key in zip(batch, wanted, strict=True) if key not in found]

    def _holds_samples(self) -> bool:
        if self._samples is None:
            self._samples = any(
                self._session.scalar(
                    select(spec.row.id)
                    .where(spec.row.person_id == self.owner_id, is_sample_row(spec.row))
                    .limit(1)
                )
                is not None
                for spec in KINDS.values()
            )
        return self._samples

    # --- the sample diary ------------------------------------------------------------------

    def sample_count(self) -> int:
        """How many of the entries are the sample diary's (`twitchwise demo`): one range of
        an index per kind, so every page and command can ask."""
        total = 0
        for spec in KINDS.values():
            table = spec.row
            query = select(func.count()).where(
                table.person_id == self.owner_id, is_sample_row(table)
            )
            total += int(self._session.scalar(query) or 0)
        return total

    def is_sample(self, ref: EntryRef) -> bool:
        return str(self._row(ref).dedupe_key).startswith(SAMPLE_KEY)

    def holds_samples(self) -> bool:
        return self._holds_samples()

    @contextmanager
    def own_entries(self, on: bool = True) -> Iterator[None]:
        """Reads inside leave the demo's samples out (``Reader.own_only``)."""
        was, self.own_only = self.own_only, on
        try:
            yield
        finally:
            self.own_only = was

    def remove_samples(self) -> int:
        """Delete exactly the sample diary's entries; the person's own stay as they are."""
        removed = 0
        for spec in KINDS.values():
            table = spec.row
            result = self._session.execute(
                delete(table).where(table.person_id == self.owner_id, is_sample_row(table))
            )
            removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
        self._samples = False
        return removed
