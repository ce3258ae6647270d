"""Sessions: the browsers a person is signed in with (shared/SECURITY.md section 3.1).

- A session's token (the cookie's value) is 256 random bits; only its SHA-256 is stored, so a
  copy of the database cannot be replayed.
- A session ends after ``SESSION_IDLE`` without use and ``SESSION_LIFETIME`` after sign-in,
  whatever happens.
- A session started with ``pending=True`` (the password was right, the second factor is still
  to come) opens nothing: ``signed_in`` does not know it, and only ``SecondFactor.finish_sign_in``
  turns it into a full session, within ``PENDING_LIFETIME``.

``start``, ``signed_in`` (an expired row, the once-a-minute touch), ``complete``, ``end`` and
``end_all`` may write: they need ``Store.accounts(write=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from twitchwise.credentials import digest, new_token
from twitchwise.storage.tables import WebSessionRow

SESSION_IDLE = timedelta(minutes=30)
SESSION_LIFETIME = timedelta(hours=12)
# A session or token is written back at most this often: not one write per request.
TOUCH_EVERY = timedelta(minutes=1)
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
class SessionInfo:
    """A signed-in browser as its owner may see it: when it signed in and was last used."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    device: str | None


class Sessions:
    def __init__(self, session: Session) -> None:
        self._db = session

    def start(
        self, person_id: int, now: datetime, *, pending: bool = False, device: str | None = None
    ) -> tuple[str, SignedIn]:
        """A new session: the token for the cookie (shown only here) and the session. Ended
        sessions of anyone are deleted here (reads never delete). ``pending``: the password was
        right, the second factor is still to come. ``device``: a few words such as "Firefox on
        Linux", for the person's list of sessions."""
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

    def _row(self, token: str) -> WebSessionRow | None:
        return self._db.execute(
            select(WebSessionRow).where(WebSessionRow.token_hash == digest(token))
        ).scalar_one_or_none()

    def signed_in(self, token: str, now: datetime, *, write: bool = True) -> SignedIn | None:
        """The live session of a cookie's token, or None (unknown, pending, idle too long, too
        old).

        ``write=False`` only reads (for a read-only unit): an ended session is not deleted, and
        ``touch_due`` says a call with ``write=True`` should follow to refresh it."""
        row = self._row(token)
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
        row = self._row(token)
        if row is None or not row.pending or now >= row.expires_at:
            return None
        return row.person_id

    def complete(self, token: str, person_id: int, now: datetime) -> tuple[str, SignedIn]:
        """The pending session of ``token`` ends and a full one starts for ``person_id`` on the
        same device, with a new token: for once the second factor was given."""
        device = self._db.scalar(
            select(WebSessionRow.device).where(WebSessionRow.token_hash == digest(token))
        )
        self.end(token)
        return self.start(person_id, now, device=device)

    def end(self, token: str) -> None:
        """Sign out: the token is worthless from now on (unknown tokens are ignored)."""
        self._db.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == digest(token)))

    def end_all(self, person_id: int, *, keep: int | None = None) -> None:
        """Sign the person out everywhere (but in session ``keep``, when given)."""
        ending = delete(WebSessionRow).where(WebSessionRow.person_id == person_id)
        if keep is not None:
            ending = ending.where(WebSessionRow.id != keep)
        self._db.execute(ending)

    def of(self, person_id: int, now: datetime) -> list[SessionInfo]:
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
