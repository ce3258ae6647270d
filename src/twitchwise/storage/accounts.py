"""Accounts(session): the people who sign in to a multi-user server, their browser sessions, their
API tokens, and a rate-limit counter every worker process shares.

What it promises, whoever calls it (shared/SECURITY.md sections 2 and 3.1):

- passwords are kept as hashes made by the Store's ``credentials.PasswordHashing`` (argon2id with
  OWASP's parameters, m=19 MiB, t=2, p=1, written into the hash, unless another hasher is given),
  upgraded on the next sign-in when the parameters change; at most ``HASHING_AT_ONCE`` hashes are
  computed at a time, so a burst of sign-ins cannot exhaust memory;
- ``verify`` costs the same for a name that does not exist (it checks a dummy hash), so timing
  does not tell which names have accounts;
- session and API tokens are 256-bit random values; only their SHA-256 is stored, so a copy of
  the database cannot be replayed; sessions end after ``SESSION_IDLE`` without use and
  ``SESSION_LIFETIME`` after sign-in, whatever happens;
- ``erase`` deletes every row that holds the person's id, in every table: a table added later is
  covered without touching this file;
- the rate-limit counter stores only a hash of its key;
- a person may turn on two-step sign-in (TOTP, RFC 6238: 6 digits, 30 s, SHA-1, what every
  authenticator app reads from the QR code): a session started with ``pending=True`` opens
  nothing until ``finish_sign_in`` has a code; a code is accepted once (the step it was for is
  remembered), one step either side for clocks that drift; ten recovery codes of 80 random bits
  each stand in for a lost phone, each once, kept as SHA-256; turning it off or making new
  recovery codes needs a current code (and turning off the password too).

Methods that may write (``add``, ``remove``, ``erase``, ``verify`` (a rehash), ``change_password``,
``start_session``, ``session`` (an expired row, the once-a-minute touch), ``end_session(s)``,
the token methods but ``tokens``, and ``attempt``) need ``Store.accounts(write=True)``. Like
``Journal`` it never commits: the caller's unit of work does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import (
    PasswordHashing,
    check_name,
    check_password,
    digest,
    new_recovery_codes,
    new_token,
    new_totp_secret,
    normal_code,
    totp_step,
    totp_uri,
)
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.storage.engine import act_for
from twitchwise.storage.tables import (
    AccountRow,
    ApiTokenRow,
    Base,
    ImportJobRow,
    PersonRow,
    RateAttemptRow,
    RecoveryCodeRow,
    WebSessionRow,
)

SESSION_IDLE = timedelta(minutes=30)
SESSION_LIFETIME = timedelta(hours=12)
# A session or token is written back at most this often: not one write per request.
TOUCH_EVERY = timedelta(minutes=1)
# The longest window ``attempt`` accepts; older attempts are deleted by any call.
RATE_WINDOW_MAX = timedelta(days=1)
# A session whose password was right has this long to bring the authenticator's code.
PENDING_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class SignedIn:
    """A live browser session."""

    person_id: int
    csrf_token: str  # constant for the session; pages render it, unsafe requests send it back
    session_id: int
    touch_due: bool = False  # read without writing, and its last_seen_at wants a refresh


@dataclass(frozen=True)
class TokenInfo:
    """An API token as its owner may see it: never the token itself."""

    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class SessionInfo:
    """A signed-in browser as its owner may see it: when it signed in and was last used."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    device: str | None


@dataclass(frozen=True)
class SecondFactorSetup:
    """What the authenticator app needs: the secret, also as the address its QR code holds."""

    secret: str
    uri: str


class Accounts:
    def __init__(self, session: Session, passwords: PasswordHashing) -> None:
        self._db = session
        self._passwords = passwords

    # -- accounts ---------------------------------------------------------------------------

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

    def remove(self, name: str) -> list[Path]:
        """Erase the account called ``name`` with everything its person owns; see ``erase``."""
        return self.erase(self._person_of(name))

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
        """Needs the current password. Ends every session of the person, the caller's too:
        sign the browser that asked in again with ``start_session`` (a new token after a
        privilege change)."""
        account = self._account(person_id)
        self._passwords.require(account.password_hash, current, "current_password")
        self._set_password(account, new, now, "new_password")

    def reset_password(self, name: str, new: str, now: datetime) -> None:
        """For whoever runs the server, when a person forgot the password (after making sure it
        is them): a new password, every session ended, the diary kept. Two-step sign-in stays
        on, so a reset alone does not open the account (ASVS V6.4.3)."""
        self._set_password(self._account(self._person_of(name)), new, now, "password")

    def _set_password(self, account: AccountRow, new: str, now: datetime, field: str) -> None:
        name = self._db.scalar(select(PersonRow.name).where(PersonRow.id == account.person_id))
        check_password(new, name or "", field)
        account.password_hash = self._passwords.hash(new)
        account.password_changed_at = now
        self._db.flush()
        self.end_sessions(account.person_id)

    def _person_of(self, name: str) -> int:
        found = self._db.scalar(
            select(PersonRow.id)
            .join(AccountRow, AccountRow.person_id == PersonRow.id)
            .where(PersonRow.name == name)
        )
        if found is None:
            raise NotFoundError("name", f"there is no account named {name!r}")
        return found

    # -- browser sessions -------------------------------------------------------------------

    def start_session(
        self, person_id: int, now: datetime, *, pending: bool = False, device: str | None = None
    ) -> tuple[str, SignedIn]:
        """A new session: the token for the cookie (shown only here) and the session. Ended
        sessions of anyone are deleted here (reads never delete). ``pending``: the password was
        right, the second factor is still to come (``finish_sign_in``). ``device``: a few words
        such as "Firefox on Linux", for the person's list of sessions."""
        self._db.execute(
            delete(WebSessionRow).where(
                (WebSessionRow.expires_at <= now)
                | (WebSessionRow.last_seen_at < now - SESSION_IDLE)
            )
        )
        token = new_token()
        row = WebSessionRow(
            person_id=person_id,
            token_hash=digest(token),
            csrf_token=new_token(),
            created_at=now,
            last_seen_at=now,
            expires_at=now + (PENDING_LIFETIME if pending else SESSION_LIFETIME),
            pending=pending,
            device=(device or "")[:60] or None,
        )
        self._db.add(row)
        self._db.flush()
        return token, SignedIn(person_id, row.csrf_token, row.id)

    def session(self, token: str, now: datetime, *, write: bool = True) -> SignedIn | None:
        """The live session of a cookie's token, or None (unknown, idle too long, too old).

        ``write=False`` only reads (for a read-only unit): an ended session is not deleted, and
        ``touch_due`` says a call with ``write=True`` should follow to refresh it."""
        row = self._db.execute(
            select(WebSessionRow).where(WebSessionRow.token_hash == digest(token))
        ).scalar_one_or_none()
        if row is None or row.pending:
            return None
        if now >= row.expires_at or now - row.last_seen_at > SESSION_IDLE:
            if write:
                self._db.execute(delete(WebSessionRow).where(WebSessionRow.id == row.id))
            return None
        due = now - row.last_seen_at >= TOUCH_EVERY
        if due and write:
            row.last_seen_at = now
            self._db.flush()
        return SignedIn(row.person_id, row.csrf_token, row.id, touch_due=due and not write)

    def pending_person(self, token: str, now: datetime) -> int | None:
        """Whose password a pending session's cookie stands for, while it is fresh."""
        row = self._db.execute(
            select(WebSessionRow).where(WebSessionRow.token_hash == digest(token))
        ).scalar_one_or_none()
        if row is None or not row.pending or now >= row.expires_at:
            return None
        return row.person_id

    def finish_sign_in(self, token: str, code: str, now: datetime) -> tuple[str, SignedIn]:
        """Trade a pending session and a right code for a full session with a new token."""
        person_id = self.pending_person(token, now)
        if person_id is None:
            raise InputError("code", "the sign-in took too long; start again with the password")
        self.check_code(person_id, code, now)
        device = self._db.scalar(
            select(WebSessionRow.device).where(WebSessionRow.token_hash == digest(token))
        )
        self.end_session(token)
        return self.start_session(person_id, now, device=device)

    def end_session(self, token: str) -> None:
        """Sign out: the token is worthless from now on (unknown tokens are ignored)."""
        self._db.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == digest(token)))

    def end_sessions(self, person_id: int, *, keep: int | None = None) -> None:
        """Sign the person out everywhere (but in session ``keep``, when given)."""
        ending = delete(WebSessionRow).where(WebSessionRow.person_id == person_id)
        if keep is not None:
            ending = ending.where(WebSessionRow.id != keep)
        self._db.execute(ending)

    def sessions(self, person_id: int, now: datetime) -> list[SessionInfo]:
        """The person's live sessions (signed in, not ended), the most recently used first."""
        found = self._db.execute(
            select(
                WebSessionRow.id,
                WebSessionRow.created_at,
                WebSessionRow.last_seen_at,
                WebSessionRow.device,
            )
            .where(WebSessionRow.person_id == person_id)
            .where(WebSessionRow.pending.is_(False))
            .where(WebSessionRow.expires_at > now)
            .where(WebSessionRow.last_seen_at >= now - SESSION_IDLE)
            .order_by(WebSessionRow.last_seen_at.desc(), WebSessionRow.id.desc())
        )
        return [SessionInfo(*row) for row in found]

    # -- two-step sign-in ------------------------------------------------------------------

    def _account(self, person_id: int, *, lock: bool = False) -> AccountRow:
        """``lock``: held until the unit ends (PostgreSQL's FOR UPDATE; SQLite's one writer
        does the same), so two requests with the same code cannot both see it unused."""
        query = select(AccountRow).where(AccountRow.person_id == person_id)
        account = self._db.execute(query.with_for_update() if lock else query).scalar_one_or_none()
        if account is None:
            raise NotFoundError("person", f"there is no account for person {person_id}")
        return account

    def second_factor_on(self, person_id: int) -> bool:
        return self._account(person_id).totp_secret is not None

    def start_second_factor(self, person_id: int, password: str) -> SecondFactorSetup:
        """A new secret for the authenticator app, kept aside until ``confirm_second_factor``
        sees a code made from it (asking again replaces it). Needs the password, so a borrowed
        session cannot tie the account to someone else's phone."""
        account = self._account(person_id)
        if account.totp_secret is not None:
            raise InputError("code", "two-step sign-in is on already")
        self._passwords.require(account.password_hash, password, "password")
        account.totp_pending = new_totp_secret()
        self._db.flush()
        return self._setup(person_id, account.totp_pending)

    def second_factor_setup(self, person_id: int) -> SecondFactorSetup | None:
        """The secret being set up, if any."""
        pending = self._account(person_id).totp_pending
        return None if pending is None else self._setup(person_id, pending)

    def _setup(self, person_id: int, secret: str) -> SecondFactorSetup:
        name = self._db.scalar(select(PersonRow.name).where(PersonRow.id == person_id)) or ""
        return SecondFactorSetup(secret, totp_uri(secret, name))

    def confirm_second_factor(self, person_id: int, code: str, now: datetime) -> list[str]:
        """Turn two-step sign-in on once ``code`` comes from the secret being set up; returns
        the recovery codes, in clear this once."""
        account = self._account(person_id, lock=True)  # a double submit makes one set of codes
        if account.totp_pending is None:
            raise InputError("code", "start setting up two-step sign-in first")
        step = totp_step(account.totp_pending, normal_code(code), now, None)
        if step is None:
            raise InputError("code", "is not the code the app shows now; try the next one")
        account.totp_secret, account.totp_pending = account.totp_pending, None
        account.totp_last_step = step
        self._db.flush()
        return self._new_recovery_codes(person_id, now)

    def check_code(self, person_id: int, code: str, now: datetime) -> None:
        """Accept the authenticator's current code, or one unused recovery code (spending it);
        InputError otherwise. A code already accepted once is refused."""
        account = self._account(person_id, lock=True)
        if account.totp_secret is None:
            raise InputError("code", "two-step sign-in is not on")
        typed = normal_code(code)
        step = totp_step(account.totp_secret, typed, now, account.totp_last_step)
        if step is not None:
            account.totp_last_step = step
            self._db.flush()
            return
        spare = self._db.scalar(
            select(RecoveryCodeRow)
            .where(RecoveryCodeRow.person_id == person_id)
            .where(RecoveryCodeRow.code_hash == digest(typed))
            .where(RecoveryCodeRow.used_at.is_(None))
        )
        if spare is None:
            raise InputError("code", "is wrong, or was used already; type the app's next code")
        spare.used_at = now
        self._db.flush()

    def recovery_codes_left(self, person_id: int) -> int:
        return (
            self._db.scalar(
                select(func.count())
                .select_from(RecoveryCodeRow)
                .where(RecoveryCodeRow.person_id == person_id)
                .where(RecoveryCodeRow.used_at.is_(None))
            )
            or 0
        )

    def renew_recovery_codes(self, person_id: int, code: str, now: datetime) -> list[str]:
        """New recovery codes for a current code; the old ones stop working."""
        self.check_code(person_id, code, now)
        return self._new_recovery_codes(person_id, now)

    def _new_recovery_codes(self, person_id: int, now: datetime) -> list[str]:
        self._db.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.person_id == person_id))
        codes = new_recovery_codes()
        self._db.add_all(
            RecoveryCodeRow(person_id=person_id, code_hash=digest(normal_code(c)), created_at=now)
            for c in codes
        )
        self._db.flush()
        return codes

    def turn_off_second_factor(
        self, person_id: int, password: str, code: str, now: datetime
    ) -> None:
        """Needs the password and a current code (ASVS V7.5.1: full re-authentication)."""
        account = self._account(person_id)
        self._passwords.require(account.password_hash, password, "password")
        self.check_code(person_id, code, now)
        self._clear_second_factor(account)

    def reset_second_factor(self, name: str) -> bool:
        """For whoever runs the server, when a person lost both the phone and the recovery
        codes: two-step sign-in off, the person's sessions ended. False when it was off."""
        person_id = self._person_of(name)
        account = self._account(person_id)
        was_on = account.totp_secret is not None
        self._clear_second_factor(account)
        self.end_sessions(person_id)
        return was_on

    def _clear_second_factor(self, account: AccountRow) -> None:
        account.totp_secret = account.totp_pending = None
        account.totp_last_step = None
        self._db.execute(
            delete(RecoveryCodeRow).where(RecoveryCodeRow.person_id == account.person_id)
        )
        self._db.flush()

    # -- API tokens -------------------------------------------------------------------------

    def issue_token(self, person_id: int, label: str, now: datetime) -> str:
        """A new bearer token for the API; the only time it is seen in clear."""
        label = label.strip()
        if not 1 <= len(label) <= 100 or not label.isprintable():
            raise InputError("label", "must be 1 to 100 characters on one line, e.g. phone")
        token = new_token()
        self._db.add(
            ApiTokenRow(
                person_id=person_id,
                token_hash=digest(token),
                label=label,
                created_at=now,
                last_used_at=None,
            )
        )
        self._db.flush()
        return token

    def token_owner(self, token: str, now: datetime, *, write: bool = True) -> int | None:
        """The person a bearer token belongs to, or None. ``write=False`` only reads; then
        ``token_touch_due`` says whether a writing call should follow."""
        row = self._db.execute(
            select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(token))
        ).scalar_one_or_none()
        if row is None:
            return None
        if write and (row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY):
            row.last_used_at = now
            self._db.flush()
        return row.person_id

    def token_touch_due(self, token: str, now: datetime) -> bool:
        last = self._db.execute(
            select(ApiTokenRow.last_used_at).where(ApiTokenRow.token_hash == digest(token))
        ).scalar_one_or_none()
        return last is None or now - last >= TOUCH_EVERY

    def revoke_token(self, person_id: int, token_id: int) -> None:
        """Delete one of the person's own tokens; another person's token is "not found"."""
        row = self._db.scalar(
            select(ApiTokenRow)
            .where(ApiTokenRow.id == token_id)
            .where(ApiTokenRow.person_id == person_id)
        )
        if row is None:
            raise NotFoundError("token", f"there is no token {token_id}")
        self._db.delete(row)
        self._db.flush()

    def tokens(self, person_id: int) -> list[TokenInfo]:
        """The person's tokens, oldest first."""
        found = self._db.execute(
            select(
                ApiTokenRow.id, ApiTokenRow.label, ApiTokenRow.created_at, ApiTokenRow.last_used_at
            )
            .where(ApiTokenRow.person_id == person_id)
            .order_by(ApiTokenRow.created_at, ApiTokenRow.id)
        )
        return [TokenInfo(*row) for row in found]

    # -- rate limits ------------------------------------------------------------------------

    def attempt(self, key: str, now: datetime, *, limit: int, window: timedelta) -> bool:
        """Count one attempt under ``key``; False when it would be more than ``limit`` within
        ``window`` (a moving window).

        A refused attempt is not counted: a flood neither grows the table nor stretches the wait,
        so ``key`` is let in again at most ``window`` after its oldest counted attempt. Callers
        key by name *and* by address, and keep windows short, so nobody is locked out for long.
        """
        if limit < 1 or not timedelta(0) < window <= RATE_WINDOW_MAX:
            raise ValueError("limit must be positive and window at most RATE_WINDOW_MAX")
        key_hash = digest(f"twitchwise-rate-limit:{key}")
        self._db.execute(delete(RateAttemptRow).where(RateAttemptRow.at <= now - RATE_WINDOW_MAX))
        row = RateAttemptRow(key_hash=key_hash, at=now)
        self._db.add(row)
        self._db.flush()
        recent = self._db.scalar(
            select(func.count())
            .select_from(RateAttemptRow)
            .where(RateAttemptRow.key_hash == key_hash)
            .where(RateAttemptRow.at > now - window)
        )
        if (recent or 0) <= limit:
            return True
        self._db.execute(delete(RateAttemptRow).where(RateAttemptRow.id == row.id))
        self._db.expunge(row)
        return False
