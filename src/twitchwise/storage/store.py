"""Store: one database, its migrations, the local person, and units of work around a Journal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from twitchwise.domain.errors import StorageError
from twitchwise.settings import Settings
from twitchwise.storage.discussion import Discussion
from twitchwise.storage.engine import make_engine
from twitchwise.storage.journal import Journal
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.tables import PersonRow

LOCAL_PERSON = "me"


def _storage_error(error: OperationalError) -> StorageError:
    message = str(error.orig).lower()
    if "full" in message:
        return StorageError("the disk (or the journal's size limit) is full; nothing was saved")
    if "locked" in message or "busy" in message:
        return StorageError("the journal stayed busy for too long; nothing was saved, try again")
    return StorageError(f"the journal could not be written: {error.orig}")


class Store:
    """``Store.open(settings)`` migrates on first use and makes sure the local person exists."""

    def __init__(self, engine: Engine, zone: str) -> None:
        self.engine = engine
        self._zone = zone
        self._reader = engine.execution_options(read_only=True)
        self._owner_id: int | None = None

    @classmethod
    def open(cls, settings: Settings) -> Store:
        engine = make_engine(settings.journal_url)
        upgrade(engine)
        return cls(engine, settings.zone_name)

    def owner_id(self) -> int:
        """The single person of local mode, created on first use."""
        if self._owner_id is None:
            with Session(self._reader) as session, session.begin():
                found = session.scalar(select(PersonRow.id).where(PersonRow.name == LOCAL_PERSON))
            if found is None:
                with self._unit(self.engine) as session:
                    found = session.scalar(
                        select(PersonRow.id).where(PersonRow.name == LOCAL_PERSON)
                    )
                    if found is None:
                        person = PersonRow(
                            name=LOCAL_PERSON, time_zone=self._zone, created_at=datetime.now(UTC)
                        )
                        session.add(person)
                        session.flush()
                        found = person.id
            self._owner_id = found
        return self._owner_id

    @contextmanager
    def _unit(self, engine: Engine) -> Iterator[Session]:
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as error:
            raise _storage_error(error) from None

    @contextmanager
    def write(self) -> Iterator[Journal]:
        """A unit of work that may write: all of it is saved, or none of it."""
        owner = self.owner_id()
        with self._unit(self.engine) as session:
            yield Journal(session, owner)
            session.execute(
                update(PersonRow)
                .where(PersonRow.id == owner)
                .values(revision=PersonRow.revision + 1)
            )

    def revision(self) -> tuple[int, str]:
        """The journal's revision and the person's zone, in one cheap read: a reader that has
        seen this revision has seen everything (pages cache on it)."""
        owner = self.owner_id()
        with self._unit(self._reader) as session:
            found = session.execute(
                select(PersonRow.revision, PersonRow.time_zone).where(PersonRow.id == owner)
            ).one()
        return int(found[0]), str(found[1])

    @contextmanager
    def read(self) -> Iterator[Journal]:
        owner = self.owner_id()
        with self._unit(self._reader) as session:
            yield Journal(session, owner)

    @contextmanager
    def discussion(self, *, write: bool = False) -> Iterator[Discussion]:
        """The guide's replies. Not diary data: the journal's revision stays as it was."""
        with self._unit(self.engine if write else self._reader) as session:
            yield Discussion(session)

    def close(self) -> None:
        self.engine.dispose()
