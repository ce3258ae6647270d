"""Reminders(session): the reminders people chose, their browsers' push subscriptions, and the
server's own keys (issue 19).

Sending is claimed, not locked: ``claim`` moves a reminder's ``due_at`` on in the one UPDATE
that checks it still holds the value the sender read, so of several processes ticking at once
exactly one sees its UPDATE change a row, and only that one sends (on SQLite and PostgreSQL
alike, with no lock held while a message goes out). A sender that dies after its claim loses
that one reminder: a reminder is never sent twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from twitchwise.domain.errors import ConflictError, InputError, NotFoundError
from twitchwise.storage.engine import act_for
from twitchwise.storage.sharing_tables import PushSubscriptionRow, ReminderRow, ServerKeyRow
from twitchwise.storage.tables import EpisodeRow, PersonRow

NAME = re.compile(r"[A-Za-z0-9._-]{1,60}")


@dataclass(frozen=True)
class Reminder:
    id: int
    person_id: int
    name: str
    kind: str
    at_minute: int | None
    weekday: int | None
    after_minutes: int | None
    channel: str
    message: str
    quiet: tuple[int, int] | None
    due_at: datetime | None
    last_sent_at: datetime | None
    last_error: str | None
    stopped_at: datetime | None
    created_at: datetime


def _reminder(row: ReminderRow) -> Reminder:
    quiet = (
        None
        if row.quiet_from_minute is None or row.quiet_to_minute is None
        else (row.quiet_from_minute, row.quiet_to_minute)
    )
    return Reminder(
        row.id,
        row.person_id,
        row.name,
        row.kind,
        row.at_minute,
        row.weekday,
        row.after_minutes,
        row.channel,
        row.message,
        quiet,
        row.due_at,
        row.last_sent_at,
        row.last_error,
        row.stopped_at,
        row.created_at,
    )


@dataclass(frozen=True)
class PushSubscription:
    endpoint: str
    p256dh: str
    auth: str


class Reminders:
    def __init__(self, session: Session) -> None:
        self._db = session

    # -- the person's own ----------------------------------------------------------------------

    def add(self, person_id: int, name: str, now: datetime, **fields: object) -> Reminder:
        """A new reminder named ``name`` (unique per person); ``fields`` are ReminderRow's."""
        if not NAME.fullmatch(name):
            raise InputError("name", "must be 1 to 60 letters, digits, dots, dashes, underscores")
        row = ReminderRow(person_id=person_id, name=name, created_at=now, **fields)
        try:
            with self._db.begin_nested():
                self._db.add(row)
                self._db.flush()
        except IntegrityError:
            raise ConflictError("name", f"there is already a reminder named {name!r}") from None
        return _reminder(row)

    def of(self, person_id: int) -> list[Reminder]:
        found = self._db.scalars(
            select(ReminderRow).where(ReminderRow.person_id == person_id).order_by(ReminderRow.name)
        )
        return [_reminder(row) for row in found]

    def _named(self, person_id: int, name: str) -> ReminderRow:
        row = self._db.scalar(
            select(ReminderRow)
            .where(ReminderRow.person_id == person_id)
            .where(ReminderRow.name == name)
        )
        if row is None:
            raise NotFoundError("name", f"there is no reminder named {name!r}")
        return row

    def named(self, person_id: int, name: str) -> Reminder:
        return _reminder(self._named(person_id, name))

    def remove(self, person_id: int, name: str) -> None:
        self._db.delete(self._named(person_id, name))
        self._db.flush()

    def zone_of(self, person_id: int) -> str:
        return str(self._db.scalar(select(PersonRow.time_zone).where(PersonRow.id == person_id)))

    # -- for the sender, across people ---------------------------------------------------------

    def get(self, reminder_id: int) -> Reminder | None:
        row = self._db.get(ReminderRow, reminder_id)
        return None if row is None else _reminder(row)

    def due(self, now: datetime, limit: int = 100) -> list[Reminder]:
        """Timed reminders due by ``now``, not stopped, oldest first."""
        found = self._db.scalars(
            select(ReminderRow)
            .where(ReminderRow.due_at <= now)
            .where(ReminderRow.stopped_at.is_(None))
            .order_by(ReminderRow.due_at, ReminderRow.id)
            .limit(limit)
        )
        return [_reminder(row) for row in found]

    def watching_episodes(self) -> list[Reminder]:
        """The after-episode reminders that are not stopped."""
        found = self._db.scalars(
            select(ReminderRow)
            .where(ReminderRow.kind == "after-episode")
            .where(ReminderRow.stopped_at.is_(None))
            .order_by(ReminderRow.id)
        )
        return [_reminder(row) for row in found]

    def last_logged(self, person_id: int) -> datetime | None:
        """When the person last logged an episode (the row's creation, not the episode's time)."""
        act_for(self._db, person_id)
        found: datetime | None = self._db.scalar(
            select(func.max(EpisodeRow.created_at)).where(EpisodeRow.person_id == person_id)
        )
        return found

    def claim(self, reminder: Reminder, next_due: datetime | None, now: datetime) -> bool:
        """Take ``reminder`` for sending now: True for exactly one caller per due time."""
        query = update(ReminderRow).where(ReminderRow.id == reminder.id)
        query = query.where(ReminderRow.stopped_at.is_(None))
        if reminder.kind == "after-episode":
            last = ReminderRow.last_sent_at
            query = query.where(
                last.is_(None) if reminder.last_sent_at is None else last == reminder.last_sent_at
            )
        else:
            query = query.where(ReminderRow.due_at == reminder.due_at)
        done = self._db.execute(query.values(due_at=next_due, last_sent_at=now))
        return bool(getattr(done, "rowcount", 0) == 1)

    def hold(self, reminder: Reminder, until: datetime) -> bool:
        """Quiet hours: move a timed reminder to ``until`` without sending it."""
        done = self._db.execute(
            update(ReminderRow)
            .where(ReminderRow.id == reminder.id)
            .where(ReminderRow.due_at == reminder.due_at)
            .values(due_at=until)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    def note_error(self, reminder_id: int, error: str | None) -> None:
        self._db.execute(
            update(ReminderRow)
            .where(ReminderRow.id == reminder_id)
            .values(last_error=None if error is None else error[:300])
        )

    def stop(self, reminder_id: int, now: datetime) -> Reminder:
        """The stop link: no sign-in, the signed id is the permission."""
        row = self._db.get(ReminderRow, reminder_id)
        if row is None:
            raise NotFoundError("reminder", "this reminder no longer exists")
        if row.stopped_at is None:
            row.stopped_at = now
            row.due_at = None
            self._db.flush()
        return _reminder(row)

    # -- push subscriptions --------------------------------------------------------------------

    def subscribe(self, person_id: int, sub: PushSubscription, now: datetime) -> None:
        row = self._db.scalar(
            select(PushSubscriptionRow)
            .where(PushSubscriptionRow.person_id == person_id)
            .where(PushSubscriptionRow.endpoint == sub.endpoint)
        )
        if row is None:
            self._db.add(
                PushSubscriptionRow(
                    person_id=person_id,
                    endpoint=sub.endpoint,
                    p256dh=sub.p256dh,
                    auth=sub.auth,
                    created_at=now,
                )
            )
        else:
            row.p256dh, row.auth = sub.p256dh, sub.auth
        self._db.flush()

    def unsubscribe(self, person_id: int, endpoint: str) -> None:
        row = self._db.scalar(
            select(PushSubscriptionRow)
            .where(PushSubscriptionRow.person_id == person_id)
            .where(PushSubscriptionRow.endpoint == endpoint)
        )
        if row is None:
            raise NotFoundError("endpoint", "this browser has no subscription here")
        self._db.delete(row)
        self._db.flush()

    def forget_endpoint(self, person_id: int, endpoint: str) -> None:
        """Drop a subscription the push service says is gone; nothing if it already is."""
        self._db.execute(
            delete(PushSubscriptionRow)
            .where(PushSubscriptionRow.person_id == person_id)
            .where(PushSubscriptionRow.endpoint == endpoint)
        )

    def subscriptions(self, person_id: int) -> list[PushSubscription]:
        found = self._db.scalars(
            select(PushSubscriptionRow)
            .where(PushSubscriptionRow.person_id == person_id)
            .order_by(PushSubscriptionRow.id)
        )
        return [PushSubscription(r.endpoint, r.p256dh, r.auth) for r in found]

    # -- the server's keys ---------------------------------------------------------------------

    def key(self, name: str, make: Callable[[], bytes], now: datetime) -> bytes:
        """The server's key ``name``, made by ``make()`` on first use (when two processes make
        it at once, the first one saved wins and both use it)."""
        found = self._db.get(ServerKeyRow, name)
        if found is not None:
            return bytes(found.value)
        try:
            with self._db.begin_nested():
                self._db.add(ServerKeyRow(name=name, value=make(), created_at=now))
                self._db.flush()
        except IntegrityError:
            pass
        row = self._db.get(ServerKeyRow, name, populate_existing=True)
        assert row is not None  # noqa: S101 - just saved, or saved by the other process
        return bytes(row.value)
