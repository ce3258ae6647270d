"""Tokens: the bearer tokens of the API (shared/SECURITY.md section 3.1).

A token is 256 random bits, seen in clear once, when it is issued; only its SHA-256 is stored,
so a copy of the database cannot be replayed. ``issue``, ``owner`` (the once-a-minute note that
it was used), ``revoke`` and ``end_all`` may write: they need ``Store.accounts(write=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from twitchwise.credentials import digest, new_token
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.storage.sessions import TOUCH_EVERY
from twitchwise.storage.tables import ApiTokenRow


@dataclass(frozen=True)
class TokenInfo:
    """An API token as its owner may see it: never the token itself."""

    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None


class Tokens:
    def __init__(self, session: Session) -> None:
        self._db = session

    def issue(self, person_id: int, label: str, now: datetime) -> str:
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

    def owner(self, token: str, now: datetime, *, write: bool = True) -> int | None:
        """The person a bearer token belongs to, or None. ``write=False`` only reads; then
        ``touch_due`` says whether a writing call should follow."""
        row = self._db.execute(
            select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(token))
        ).scalar_one_or_none()
        if row is None:
            return None
        if write and (row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY):
            row.last_used_at = now
            self._db.flush()
        return row.person_id

    def touch_due(self, token: str, now: datetime) -> bool:
        last = self._db.execute(
            select(ApiTokenRow.last_used_at).where(ApiTokenRow.token_hash == digest(token))
        ).scalar_one_or_none()
        return last is None or now - last >= TOUCH_EVERY

    def revoke(self, person_id: int, token_id: int) -> None:
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

    def end_all(self, person_id: int) -> None:
        """Delete every token of the person (a new password: whatever knew the old one, or
        was given a token with it, is out)."""
        self._db.execute(delete(ApiTokenRow).where(ApiTokenRow.person_id == person_id))

    def of(self, person_id: int) -> list[TokenInfo]:
        """The person's tokens, oldest first."""
        found = self._db.execute(
            select(
                ApiTokenRow.id, ApiTokenRow.label, ApiTokenRow.created_at, ApiTokenRow.last_used_at
            )
            .where(ApiTokenRow.person_id == person_id)
            .order_by(ApiTokenRow.created_at, ApiTokenRow.id)
        )
        return [TokenInfo(*row) for row in found]
