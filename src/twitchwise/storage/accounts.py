"""Accounts(session, passwords): the people who sign in to a multi-user server, and the one way in
to what belongs to their accounts (shared/SECURITY.md sections 2 and 3.1):

- ``accounts.sessions``: their browser sessions (``storage.sessions``);
- ``accounts.second_factor``: two-step sign-in and its recovery codes (``storage.second_factor``);
- ``accounts.tokens``: their API tokens (``storage.tokens``);
- ``accounts.rate_limits``: the attempt counter every worker process shares
  (``storage.rate_limits``);
- ``accounts.places``: where each person signed in from lately (``storage.sign_in_places``).

What this part promises, whoever calls it:

- passwords are kept as hashes made by the Store's ``credentials.PasswordHashing`` (argon2id with
  OWASP's parameters, m=19 MiB, t=2, p=1, written into the hash, unless another hasher is given),
  upgraded on the next sign-in when the parameters change; at most ``HASHING_AT_ONCE`` hashes are
  computed at a time, so a burst of sign-ins cannot exhaust memory;
- ``verify`` costs the same for a name that does not exist (it checks a dummy hash), so timing
  does not tell which names have accounts;
- ``erase`` deletes every row that holds the person's id, in every table: a table added later is
  covered without touching this file.

``add``, ``remove``, ``erase``, ``verify`` (a rehash), ``change_password`` and ``reset_password``
may write, as may some methods of each part (its module says which): they need
``Store.accounts(write=True)``. Like ``Journal`` none of it commits: the caller's unit of work
does.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import PasswordHashing, check_name, check_password
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.storage.account_rows import account_of, name_of, person_named
from twitchwise.storage.engine import act_for
from twitchwise.storage.rate_limits import RateLimits
from twitchwise.storage.second_factor import SecondFactor
from twitchwise.storage.sessions import Sessions
from twitchwise.storage.sign_in_places import SignInPlaces
from twitchwise.storage.tables import AccountRow, Base, ImportJobRow, PersonRow
from twitchwise.storage.tokens import Tokens


class Accounts:
    def __init__(self, session: Session, passwords: PasswordHashing) -> None:
        self._db = session
        self._passwords = passwords
        self.sessions = Sessions(session)
        self.second_factor = SecondFactor(session, passwords, self.sessions)
        self.tokens = Tokens(session)
        self.rate_limits = RateLimits(session)
        self.places = SignInPlaces(session)

    def add(self, name: str, password: str, *, zone: str, now: datetime) -> int:
        """Create a person with an account; returns the person's id."""
        check_name(name)
        check_password(password, name, "password")
        taken = select(PersonRow.id).where(func.lower(PersonRow.name) == name.lower())
        if self._db.scalar(taken.limit(1)) is not None:
            raise InputError("name", f"{name!r} is taken; choose another name")
        person = PersonRow(name=name, time_zone=zone, created_at=now)
        self._db.add(person)
        self._db.flush()
        self._db.add(
            AccountRow(
                person_id=person.id,
                password_hash=self._passwords.hash(password),
                created_at=now,
                password_changed_at=now,
            )
        )
        self._db.flush()
        return person.id

    def names(self) -> list[str]:
        """The names of every account, sorted by code point whatever the database's collation
        (the person of local mode has no account)."""
        found = select(PersonRow.name).join(AccountRow, AccountRow.person_id == PersonRow.id)
        return sorted(self._db.scalars(found))

    def person_of(self, name: str) -> int:
        """The person whose account is called ``name``; NotFoundError when there is none."""
        return person_named(self._db, name)

    def remove(self, name: str) -> list[Path]:
        """Erase the account called ``name`` with everything its person owns; see ``erase``."""
        return self.erase(person_named(self._db, name))

    def erase(self, person_id: int) -> list[Path]:
        """Delete the person and every row holding their id, in every table, sessions and
        tokens included. Returns the files of their uploads still waiting for an import: the
        caller deletes them once this unit is saved (nothing of the person stays on disk)."""
        if self._db.get(PersonRow, person_id) is None:
            raise NotFoundError("person", f"there is no person {person_id}")
        act_for(self._db, person_id)  # PostgreSQL's row-level security lets these rows go
        uploads = [
            Path(path)
            for path in self._db.scalars(
                select(ImportJobRow.path).where(ImportJobRow.person_id == person_id)
            )
        ]
        for table in reversed(Base.metadata.sorted_tables):
            if "person_id" in table.c:
                self._db.execute(delete(table).where(table.c.person_id == person_id))
        self._db.execute(delete(PersonRow).where(PersonRow.id == person_id))
        self._db.expunge_all()  # rows loaded before are gone: don't hand them out again
        return uploads

    def verify(self, name: str, password: str) -> int | None:
        """The person's id when ``password`` is theirs, else None (also for an unknown name)."""
        found = self._db.execute(
            select(AccountRow)
            .join(PersonRow, AccountRow.person_id == PersonRow.id)
            .where(PersonRow.name == name)
        ).scalar_one_or_none()
        if found is None:
            self._passwords.matches_nobody(password)  # the same work as for a real name
            return None
        if not self._passwords.matches(found.password_hash, password):
            return None
        if self._passwords.needs_rehash(found.password_hash):
            found.password_hash = self._passwords.hash(password)
            self._db.flush()
        return found.person_id

    def change_password(self, person_id: int, current: str, new: str, now: datetime) -> None:
        """Needs the current password. Ends every session and every API token of the person, the
        caller's session too: sign the browser that asked in again with ``sessions.start`` (a
        new token after a privilege change)."""
        account = account_of(self._db, person_id)
        self._passwords.require(account.password_hash, current, "current_password")
        self._set_password(account, new, now, "new_password")

    def reset_password(self, name: str, new: str, now: datetime) -> None:
        """For whoever runs the server, when a person forgot the password (after making sure it
        is them): a new password, every session and API token ended, the diary kept. Two-step
        sign-in stays on, so a reset alone does not open the account (ASVS V6.4.3)."""
        account = account_of(self._db, person_named(self._db, name))
        self._set_password(account, new, now, "password")

    def _set_password(self, account: AccountRow, new: str, now: datetime, field: str) -> None:
        check_password(new, name_of(self._db, account.person_id), field)
        account.password_hash = self._passwords.hash(new)
        account.password_changed_at = now
        self._db.flush()
        self.sessions.end_all(account.person_id)
        self.tokens.end_all(account.person_id)
