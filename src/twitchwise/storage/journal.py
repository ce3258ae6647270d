"""Journal(session, owner_id): the only way to read and write diary rows, always for one owner.

It never commits: the caller's unit of work (``Store.write()``) does, so a failed import or a
failed edit leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from twitchwise.domain.backup import Backup
from twitchwise.domain.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    input_error_from_validation,
)
from twitchwise.domain.journal import (
    Draft,
    Entry,
    EntryKind,
    EntryRef,
    Profile,
    entry_as_draft,
    kind_of,
    model_of,
)
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.domain.plausible import birth_year_problem, refuse_future
from twitchwise.domain.time import Clock, SystemClock
from twitchwise.storage.engine import act_for
from twitchwise.storage.experiments import Experiments
from twitchwise.storage.reading import KINDS, Reader
from twitchwise.storage.rows import SAMPLE_KEY, SAMPLE_SOURCE, is_sample_row, marked, sample_key
from twitchwise.storage.tables import (
    DailyMeasureRow,
    PersonRow,
)


@dataclass
class Saved:
    """What a batch of drafts did to the journal: entries added (with their refs), and entries
    it already had (by their natural key), which were left as they were."""

    added: int = 0
    already: int = 0
    refs: list[EntryRef] = field(default_factory=list)

    def __iadd__(self, other: Saved) -> Saved:
        self.added += other.added
        self.already += other.already
        self.refs.extend(other.refs)
        return self


Values = dict[str, object]


class Journal(Reader):
    """``clock`` says when "now" is: an entry in the future and an impossible birth year are
    refused here (``domain.plausible``), whichever adapter brought them."""

    def __init__(self, session: Session, owner_id: int, clock: Clock | None = None) -> None:
        self._session = session
        self.owner_id = owner_id
        self._clock = clock or SystemClock()
        self._samples: bool | None = None  # whether any entry is a sample one, asked once
        act_for(session, owner_id)  # PostgreSQL's row-level security: the second wall

    # --- the person ------------------------------------------------------------------------

    def _person(self) -> PersonRow:
        person = self._session.get(PersonRow, self.owner_id)
        if person is None:  # pragma: no cover - the store creates the owner first
            raise InputError("person", "the journal's owner does not exist")
        return person

    def profile(self) -> Profile:
        person = self._person()
        return Profile.model_validate(
            {
                "name": person.name,
                "time_zone": person.time_zone,
                "sex": person.sex,
                "birth_year": person.birth_year,
                "pregnant": person.pregnant,
                "conditions": person.conditions or [],
            }
        )

    def set_profile(self, changes: Mapping[str, Any]) -> Profile:
        data = {**self.profile().model_dump(mode="json"), **changes}
        try:
            profile = Profile.model_validate(data)
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
        if "birth_year" in changes:
            problem = birth_year_problem(profile.birth_year, self._clock.now(UTC).date())
            if problem is not None:
                raise InputError(problem.field, problem.reason)
        person = self._person()
        person.time_zone = profile.time_zone
        person.sex = profile.sex.value if profile.sex else None
        person.birth_year = profile.birth_year
        person.pregnant = profile.pregnant
        person.conditions = [condition.value for condition in profile.conditions]
        return profile

    # --- writing ---------------------------------------------------------------------------

    def _existing(self, kind: EntryKind, key: str) -> int | None:
        """The entry with this natural key, a sample one included (an entry equal to a sample
        entry is that entry: re-importing an export of the sample diary adds nothing)."""
        table = KINDS[kind].row
        keys = {key, sample_key(key)}
        query = select(table.id).where(table.person_id == self.owner_id, table.dedupe_key.in_(keys))
        return self._session.scalars(query).first()

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

    def _insert(self, kind: EntryKind, draft: Draft, source: str, *, flush: bool = True) -> Any:
        spec = KINDS[kind]
        values = marked(kind, spec.values(draft), source)
        row = spec.row(person_id=self.owner_id, created_at=self._clock.now(UTC), **values)
        self._session.add(row)
        if flush:
            self._session.flush()
        return row

    def add(self, draft: Draft, source: str = "manual") -> Entry:
        """Save one entry; an identical entry already saved is refused, naming its id, and one
        in the future is refused, naming its field."""
        refuse_future(draft, self._clock.now(UTC))
        kind = kind_of(draft)
        existing = self._existing(kind, KINDS[kind].values(draft)["dedupe_key"])  # type: ignore[arg-type]
        if existing is not None:
            raise ConflictError(
                "entry", f"the same entry is already in the journal as {kind.value}{existing}"
            )
        return KINDS[kind].entry(self._insert(kind, draft, source))

    def add_many(self, drafts: Iterable[Draft], source: str, batch: int = 2000) -> Saved:
        """Save entries not already present (by their natural key); count the rest."""
        saved = Saved()
        pending: list[Draft] = []
        for draft in drafts:
            pending.append(draft)
            if len(pending) >= batch:
                saved += self.insert_batch(pending, source)
                pending = []
        if pending:
            saved += self.insert_batch(pending, source)
        return saved

    def insert_batch(
        self, drafts: Sequence[Draft | Entry], source: str, keep_ids: bool = False
    ) -> Saved:
        """One INSERT per kind for a batch; rows whose natural key is already there are skipped
        by the database (ON CONFLICT DO NOTHING), so a batch never half-fails on a duplicate."""
        grouped: dict[EntryKind, list[dict[str, object]]] = {}
        now = datetime.now(UTC)
        for draft in drafts:
            kind = kind_of(draft)
            values = marked(kind, KINDS[kind].values(draft), source)
            if "source" in draft.model_fields_set:  # a backup keeps where an entry came from
                values["source"] = draft.source  # type: ignore[union-attr]
            if keep_ids:
                values["id"] = draft.id  # type: ignore[union-attr]
            grouped.setdefault(kind, []).append(
                {"person_id": self.owner_id, "created_at": now, **values}
            )
        saved = Saved()
        for kind, batch in grouped.items():
            fresh = batch if source == SAMPLE_SOURCE else self._without_samples(kind, batch)
            ids = self._insert_ignoring_duplicates(KINDS[kind].row.__table__, fresh)
            saved += Saved(
                len(ids), len(batch) - len(ids), [EntryRef(kind, row_id) for row_id in ids]
            )
        return saved

    def _insert_ignoring_duplicates(self, table: Table, rows: list[dict[str, object]]) -> list[int]:
        if not rows:
            return []
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(table).on_conflict_do_nothing(index_elements=["person_id", "dedupe_key"])
        result = self._session.execute(statement.returning(table.c.id), rows)
        return [int(row_id) for row_id in result.scalars().all()]

    def upsert_measures(self, measures: Iterable[DailyMeasure]) -> int:
        """Store daily measures; a later import of the same day replaces the value."""
        rows = [
            {
                "person_id": self.owner_id,
                "day": measure.day,
                "kind": measure.kind.value,
                "value": measure.value,
                "source": measure.source,
                "created_at": datetime.now(UTC),
            }
            for measure in measures
        ]
        if not rows:
            return 0
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(DailyMeasureRow)
        statement = statement.on_conflict_do_update(
            index_elements=["person_id", "kind", "day"],
            set_={"value": statement.excluded.value, "source": statement.excluded.source},
        )
        for start in range(0, len(rows), 2000):
            self._session.execute(statement, rows[start : start + 2000])
        return len(rows)

    def measures(self, kind: MeasureKind | None = None) -> list[DailyMeasure]:
        query = select(DailyMeasureRow).where(DailyMeasureRow.person_id == self.owner_id)
        if kind is not None:
            query = query.where(DailyMeasureRow.kind == kind.value)
        found = self._session.scalars(query.order_by(DailyMeasureRow.day, DailyMeasureRow.kind))
        return [
            DailyMeasure(
                day=row.day, kind=MeasureKind(row.kind), value=row.value, source=row.source
            )
            for row in found
        ]

    def backup(self, exported_at: datetime) -> Backup:
        return Backup(
            exported_at=exported_at,
            profile=self.profile(),
            episodes=tuple(self.stream_episodes()),
            exposures=tuple(self.stream_exposures()),
            medications=tuple(self.stream_courses()),
            notes=tuple(self.stream_notes()),
            visits=tuple(self.visits()),
            experiments=tuple(self.experiments().records()),
        )

    def restore(self, backup: Backup) -> Saved:
        """Into an empty journal: everything, with its ids and the profile, exactly as it was.
        Into a journal with entries, or on a server with other people (whose rows may hold
        those ids): the entries not already there, with new ids."""
        if not self.restores_exactly():
            drafts = [entry_as_draft(entry) for entry in backup.entries()]
            report = self.add_many(drafts, source="backup")
        else:
            report = self.insert_batch(list(backup.entries()), source="backup", keep_ids=True)
            self.finish_exact_restore(backup.profile)
        experiments = self.experiments()
        for record in backup.experiments:
            with suppress(ConflictError):  # a running one while another runs here stays out
                experiments.restore(record)
        return report

    def experiments(self) -> Experiments:
        """This person's experiments, in this unit of work (backups keep them with the entries)."""
        return Experiments(self._session, self.owner_id)

    def restores_exactly(self) -> bool:
        """Whether a backup goes in with its own ids and profile: only into an empty journal
        that is the database's only one (``restore`` says why)."""
        others = self._session.scalar(
            select(func.count()).select_from(PersonRow).where(PersonRow.id != self.owner_id)
        )
        return not others and self.is_empty()

    def finish_exact_restore(self, profile: Profile) -> None:
        """After entries went in with their own ids: the profile, and (PostgreSQL) the id
        sequences moved past them."""
        self.set_profile(profile.model_dump(mode="json", exclude={"name"}))
        if self._session.get_bind().dialect.name == "postgresql":
            for spec in KINDS.values():
                table = spec.row.__tablename__
                self._session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
                        f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                    )
                )

    def _row(self, ref: EntryRef) -> Any:
        spec = KINDS[ref.kind]
        row = self._session.get(spec.row, ref.id)
        if row is None or row.person_id != self.owner_id:
            # both ways of writing the id: the API's number and the CLI's and pages' letter form
            raise NotFoundError(
                "id", f"there is no {spec.word} {ref} (id {ref.id}) in this journal"
            )
        return row

    def get(self, ref: EntryRef) -> Entry:
        return KINDS[ref.kind].entry(self._row(ref))

    def update(self, ref: EntryRef, changes: Mapping[str, Any]) -> Entry:
        """Change fields of one entry; the result is validated like a new entry."""
        spec = KINDS[ref.kind]
        current = self.get(ref).model_dump(exclude={"id", "source"})
        try:
            draft = model_of(ref.kind).model_validate({**current, **changes})
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
        refuse_future(draft, self._clock.now(UTC))
        values = spec.values(draft)
        row = self._row(ref)
        if str(row.dedupe_key).startswith(SAMPLE_KEY):  # an edited sample entry stays sample
            values["dedupe_key"] = sample_key(str(values["dedupe_key"]))
        existing = self._existing(ref.kind, str(values["dedupe_key"]))
        if existing is not None and existing != ref.id:
            raise ConflictError(
                "entry", f"the change would make it the same as {ref.kind.value}{existing}"
            )
        for name, value in values.items():
            setattr(row, name, value)
        self._session.flush()
        return spec.entry(row)

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

    def delete(self, ref: EntryRef) -> None:
        self._session.delete(self._row(ref))
        self._session.flush()
