"""Replays(session, owner): the ``Idempotency-Key`` headers one person sent with the API's POSTs
and the answers they got, so the same request sent again adds nothing and is answered the same.

Always for one owner (row-level security on PostgreSQL, ``person_id`` in every statement). A
claim is its own short unit of work, committed before the request is handled: a second request
with the same key then finds it (on PostgreSQL its insert waits for the first one's commit; on
SQLite ``BEGIN IMMEDIATE`` holds the database) and never writes the journal itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from twitchwise.storage.engine import act_for
from twitchwise.storage.tables import IdempotencyKeyRow

KEPT_FOR = timedelta(hours=48)  # the draft asks for at least 24 hours; a phone may be away longer


@dataclass(frozen=True)
class Answer:
    """A request already made with this key: its fingerprint and, once answered, the answer."""

    fingerprint: str
    status: int | None
    content_type: str
    location: str
    body: bytes
    created_at: datetime


class Replays:
    def __init__(self, session: Session, owner_id: int) -> None:
        self._db = session
        self._owner = owner_id
        act_for(session, owner_id)

    def _mine(self, key: str) -> ColumnElement[bool]:
        return (IdempotencyKeyRow.person_id == self._owner) & (IdempotencyKeyRow.key == key)

    def claim(self, key: str, fingerprint: str, now: datetime) -> Answer | None:
        """Take ``key`` for a request with ``fingerprint``: None when it is this request's now,
        else what the earlier request with the key left (perhaps still unanswered)."""
        self._db.execute(
            delete(IdempotencyKeyRow)
            .where(IdempotencyKeyRow.person_id == self._owner)
            .where(IdempotencyKeyRow.created_at < now - KEPT_FOR)
        )
        try:
            with self._db.begin_nested():
                self._db.add(
                    IdempotencyKeyRow(
                        person_id=self._owner,
                        key=key,
                        fingerprint=fingerprint,
                        status=None,
                        content_type="",
                        location="",
                        body=b"",
                        created_at=now,
                    )
                )
        except IntegrityError:
            found = self._db.scalars(select(IdempotencyKeyRow).where(self._mine(key))).first()
            if found is None:  # pragma: no cover - released between the insert and the read
                return self.claim(key, fingerprint, now)
            return Answer(
                found.fingerprint,
                found.status,
                found.content_type,
                found.location,
                bytes(found.body),
                found.created_at,
            )
        return None

    def answer(self, key: str, status: int, content_type: str, location: str, body: bytes) -> None:
        """Keep the answer the request that claimed ``key`` got."""
        self._db.execute(
            update(IdempotencyKeyRow)
            .where(self._mine(key))
            .values(status=status, content_type=content_type, location=location, body=body)
        )

    def release(self, key: str) -> None:
        """Forget ``key``: its request failed (the server's fault), so sending it again may try
        again."""
        self._db.execute(delete(IdempotencyKeyRow).where(self._mine(key)))
