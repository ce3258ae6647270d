"""Store: one database, its migrations, the local person, and units of work around a Journal."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, make_url, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from twitchwise.credentials import PasswordHashing
from twitchwise.domain.errors import NotFoundError, StorageError
from twitchwise.domain.time import Clock, SystemClock
from twitchwise.settings import Settings
from twitchwise.storage.accounts import Accounts
from twitchwise.storage.discussion import Discussion
from twitchwise.storage.engine import make_engine, run_as_app_role, sqlite_path
from twitchwise.storage.experiments import Experiments
from twitchwise.storage.idempotency import Replays
from twitchwise.storage.jobs import Jobs
from twitchwise.storage.journal import Journal
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.peek import LOCAL_PERSON
from twitchwise.storage.reminders import Reminders
from twitchwise.storage.shares import Shares
from twitchwise.storage.tables import PersonRow

log = logging.getLogger("twitchwise.storage")
_REVISION = "SELECT revision, time_zone FROM person WHERE id = ?"


def _storage_error(error: OperationalError) -> StorageError:
    message = str(error.orig).lower()
    if "full" in message:
        return StorageError("the disk (or the journal's size limit) is full; nothing was saved")
    if "locked" in message or "busy" in message:
        return StorageError("the journal stayed busy for too long; nothing was saved, try again")
    # The details (a server's host and port, its own words) are for whoever runs the server,
    # not for the person on the page: the log gets them, the answer does not. The statement's
    # parameters are never in them (the engine hides them).
    first_line = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
    log.warning("the database did not answer: %s: %s", type(error.orig).__name__, first_line)
    return StorageError("the database did not answer; nothing was saved, try again in a moment")


def _where(url: str) -> str:
    """The journal's place for a message: the SQLite file, or the server without credentials."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "(memory)"
    return f"the {parsed.get_backend_name()} database {parsed.database or ''}".rstrip()


class Store:
    """``Store.open(settings)`` migrates on first use and makes sure the local person exists.
    ``passwords`` hashes the accounts' passwords (OWASP's argon2id unless another is given)."""

    def __init__(
        self,
        engine: Engine,
        zone: str,
        *,
        passwords: PasswordHashing | None = None,
        clock: Clock | None = None,
    ) -> None:
        run_as_app_role(engine)  # PostgreSQL: row-level security binds everything from here on
        self.engine = engine
        self._passwords = passwords or PasswordHashing()
        self._zone = zone
        self.clock = clock or SystemClock()  # the journal refuses entries after its "now"
        self._reader = engine.execution_options(read_only=True)
        self._owner_id: int | None = None
        self._path = sqlite_path(engine)
        self._local = threading.local()
        self._quick_connections: list[sqlite3.Connection] = []
        self._quick_lock = threading.Lock()

    @property
    def concurrent_writes(self) -> bool:
        """Whether a second unit of work can write while one is open (PostgreSQL: yes;
        SQLite has one writer at a time)."""
        return self._path is None and self.engine.dialect.name != "sqlite"

    def _quick(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            assert self._path is not None  # noqa: S101 - only called for SQLite files
            connection = sqlite3.connect(
                f"{self._path.as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            self._local.connection = connection
            with self._quick_lock:
                self._quick_connections.append(connection)
        return connection

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """The journal the settings name, migrated; one that cannot be opened (a data folder that
        is a file, an unreadable file, a database that does not answer) is a StorageError
        naming where it was looked for."""
        where = _where(settings.journal_url)
        try:
            engine = make_engine(settings.journal_url)
            upgrade(engine)
        except FileExistsError as error:
            reason = f"{error.filename} is a file, not a folder"
            raise StorageError(f"cannot open the journal at {where}: {reason}") from None
        except OSError as error:
            raise StorageError(f"cannot open the journal at {where}: {error.strerror}") from None
        except OperationalError as error:
            raise StorageError(f"cannot open the journal at {where}: {error.orig}") from None
        return cls(engine, settings.zone_name, clock=settings.clock())

    def owner_id(self) -> int:
        """The single person of local mode, created on first use."""
        if self._owner_id is None:
            with self._unit(self._reader) as session:
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
    def write(self, owner: int | None = None) -> Iterator[Journal]:
        """A unit of work that may write ``owner``'s journal (the local person's by default):
        all of it is saved, or none of it."""
        owner = self.owner_id() if owner is None else owner
        with self._unit(self.engine) as session:
            yield Journal(session, owner, self.clock)
            session.execute(
                update(PersonRow)
                .where(PersonRow.id == owner)
                .values(revision=PersonRow.revision + 1)
            )

    def revision(self, owner: int | None = None) -> tuple[int, str]:
        """The journal's revision and the person's zone, in one cheap read: a reader that has
        seen this revision has seen everything (pages cache on it).

        On SQLite it is asked on a plain read-only connection kept per thread: a Session's
        checkout, BEGIN and COMMIT cost fifty times the query, and pages ask on every request.
        """
        owner = self.owner_id() if owner is None else owner
        if self._path is not None:
            try:
                found_row = self._quick().execute(_REVISION, (owner,)).fetchone()
            except sqlite3.Error:
                found_row = None  # busy or odd: the ordinary way below says what is wrong
            if found_row is not None:
                return int(found_row[0]), str(found_row[1])
        with self._unit(self._reader) as session:
            found = session.execute(
                select(PersonRow.revision, PersonRow.time_zone).where(PersonRow.id == owner)
            ).one_or_none()
        if found is None:
            raise NotFoundError("person", "this journal's person no longer exists")
        return int(found[0]), str(found[1])

    @contextmanager
    def read(self, owner: int | None = None) -> Iterator[Journal]:
        owner = self.owner_id() if owner is None else owner
        with self._unit(self._reader) as session:
            yield Journal(session, owner, self.clock)

    @contextmanager
    def discussion(self, *, write: bool = False) -> Iterator[Discussion]:
        """The guide's replies. Not diary data: the journal's revision stays as it was."""
        with self._unit(self.engine if write else self._reader) as session:
            yield Discussion(session)

    @contextmanager
    def jobs(self) -> Iterator[Jobs]:
        """Import jobs (the queue). Not diary data: the journal's revision stays as it was."""
        with self._unit(self.engine) as session:
            yield Jobs(session)

    @contextmanager
    def replays(self, owner: int) -> Iterator[Replays]:
        """``owner``'s Idempotency-Keys and their answers. Not diary data: no revision change."""
        with self._unit(self.engine) as session:
            yield Replays(session, owner)

    @contextmanager
    def accounts(self, *, write: bool = False) -> Iterator[Accounts]:
        """Accounts, sessions, tokens and rate limits. Not diary data: no revision change."""
        with self._unit(self.engine if write else self._reader) as session:
            yield Accounts(session, self._passwords)

    @contextmanager
    def shares(self) -> Iterator[Shares]:
        """Share links and their openings. Not diary data: the journal's revision stays."""
        with self._unit(self.engine) as session:
            yield Shares(session)

    @contextmanager
    def reminders(self) -> Iterator[Reminders]:
        """Reminders, push subscriptions and the server's keys. Not diary data."""
        with self._unit(self.engine) as session:
            yield Reminders(session)

    @contextmanager
    def experiments(
        self, owner: int | None = None, *, write: bool = False
    ) -> Iterator[Experiments]:
        """``owner``'s experiments and their days' adherence (issue 21). Not diary entries: the
        journal's revision stays as it was."""
        owner = self.owner_id() if owner is None else owner
        with self._unit(self.engine if write else self._reader) as session:
            yield Experiments(session, owner)

    def close(self) -> None:
        with self._quick_lock:
            for connection in self._quick_connections:
                connection.close()
            self._quick_connections.clear()
        self._local = threading.local()
        self.engine.dispose()
