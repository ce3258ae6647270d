"""Reminders the person chose, sent by the server (issue 19).

``add_reminder`` checks a reminder and works out when it is first due; ``Sender.tick(now)`` sends
everything due (claimed in the database, so several processes ticking at once never send one
twice), holds what falls in quiet hours until they end, and nudges after a logged episode;
``Sender.start()`` runs it every ``TICK_SECONDS`` in a thread of the app's process (or of
``twitchwise worker``). Each message ends with a stop link: the reminder's id signed with the
server's key (HMAC-SHA256), which stops it without signing in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.domain.reminders import (
    MESSAGES,
    OPENS,
    ReminderKind,
    in_quiet,
    minute_of,
    next_due,
    quiet_ends,
    quiet_of,
    weekday_of,
)
from twitchwise.domain.time import Clock, SystemClock
from twitchwise.services.channels import WEBPUSH, check_channel, send_apprise, send_push, vapid_pem
from twitchwise.settings import Settings
from twitchwise.storage.reminders import Reminder
from twitchwise.storage.store import Store

TICK_SECONDS = 30.0
log = logging.getLogger("twitchwise.reminders")


@dataclass(frozen=True)
class ReminderPlan:
    """A reminder as the person asks for it, in words: ``at`` "21:30", ``day`` "sun"..."""

    kind: ReminderKind
    to: str
    at: str | None = None
    day: str | None = None
    after_minutes: int | None = None
    quiet: str | None = None
    message: str = ""
    shared_server: bool = False  # accounts mode: no address inside the server's network


def _fields(plan: ReminderPlan, zone: ZoneInfo, now: datetime) -> dict[str, object]:
    at_minute = None if plan.at is None else minute_of(plan.at)
    weekday = None
    if plan.kind is ReminderKind.AFTER_EPISODE:
        after = 30 if plan.after_minutes is None else plan.after_minutes
        if not 0 <= after <= 24 * 60:
            raise InputError("after", "must be 0 to 1440 minutes")
        due = None
    else:
        if at_minute is None:
            raise InputError("at", "a time of day is needed, e.g. --at 21:30")
        after = None
        if plan.kind is ReminderKind.DIGEST:
            weekday = weekday_of(plan.day or "sun")
        due = next_due(now, zone, at_minute, weekday).astimezone(UTC)
    quiet = None if plan.quiet is None else quiet_of(plan.quiet)
    if len(plan.message) > 500:
        raise InputError("message", "must be at most 500 characters")
    return {
        "kind": plan.kind.value,
        "at_minute": at_minute,
        "weekday": weekday,
        "after_minutes": after,
        "channel": check_channel(plan.to, plan.shared_server),
        "message": plan.message.strip(),
        "quiet_from_minute": None if quiet is None else quiet[0],
        "quiet_to_minute": None if quiet is None else quiet[1],
        "due_at": due,
    }


def add_reminder(
    store: Store, owner: int, name: str, plan: ReminderPlan, now: datetime
) -> Reminder:
    with store.reminders() as reminders:
        zone = ZoneInfo(reminders.zone_of(owner))
        fields = _fields(plan, zone, now)
        # An after-episode nudge starts watching now: episodes logged before it are past.
        return reminders.add(owner, name, now.astimezone(UTC), last_sent_at=None, **fields)


# -- the stop link -----------------------------------------------------------------------------


def _stop_key(store: Store, now: datetime) -> bytes:
    with store.reminders() as reminders:
        return reminders.key("stop-link", lambda: secrets.token_bytes(32), now)


def _signature(key: bytes, reminder_id: int) -> str:
    mac = hmac.new(key, f"stop-reminder:{reminder_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def stop_token(store: Store, reminder_id: int, now: datetime) -> str:
    return f"{reminder_id}.{_signature(_stop_key(store, now), reminder_id)}"


def stop_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/remind/stop/{token}"


def reminder_of_token(store: Store, token: str, now: datetime) -> Reminder:
    """The reminder a stop link names; NotFoundError for a link that is not one."""
    number, _, signature = token.partition(".")
    if not number.isdigit() or len(number) > 12:
        raise NotFoundError("reminder", "this stop link is not one twitchwise made")
    expected = _signature(_stop_key(store, now), int(number))
    if not hmac.compare_digest(expected, signature):
        raise NotFoundError("reminder", "this stop link is not one twitchwise made")
    with store.reminders() as reminders:
        found = reminders.get(int(number))
    if found is None:
        raise NotFoundError("reminder", "this reminder no longer exists")
    return found


def stop_by_token(store: Store, token: str, now: datetime) -> Reminder:
    reminder = reminder_of_token(store, token, now)
    with store.reminders() as reminders:
        return reminders.stop(reminder.id, now.astimezone(UTC))


# -- sending -----------------------------------------------------------------------------------


class Sender:
    """Sends due reminders; one per process, any number of processes."""

    def __init__(self, store: Store, settings: Settings, clock: Clock | None = None) -> None:
        self._store = store
        self._settings = settings
        self.clock: Clock = clock or SystemClock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def message(self, reminder: Reminder, now: datetime) -> tuple[str, str]:
        kind = ReminderKind(reminder.kind)
        title, body = MESSAGES[kind]
        if kind is ReminderKind.DIGEST:
            from twitchwise.services.digest import weekly_digest

            title, body = weekly_digest(self._store, reminder.person_id, now)
        if reminder.message:
            body = reminder.message
        if kind in (ReminderKind.CHECKIN, ReminderKind.SLEEP):
            from twitchwise.services.experiment_days import reminder_line

            line = reminder_line(
                self._store, reminder.person_id, now, evening=kind is ReminderKind.CHECKIN
            )
            body = body if line is None else f"{body}\n{line}"
        return title, body

    def deliver(self, reminder: Reminder, now: datetime) -> str | None:
        """Send ``reminder`` now, whatever its time; the reason it failed, or None."""
        title, body = self.message(reminder, now)
        link = stop_url(self._settings.public_url, stop_token(self._store, reminder.id, now))
        if reminder.channel == WEBPUSH:
            # the notification has a "Stop" button of its own, so the body stays short
            opens = OPENS[ReminderKind(reminder.kind)]
            error = self._push(
                reminder, now, {"title": title, "body": body, "url": link, "open": opens}
            )
        else:
            error = send_apprise(reminder.channel, title, f"{body}\n\nStop this reminder: {link}")
        with self._store.reminders() as reminders:
            reminders.note_error(reminder.id, error)
        if error:
            log.warning("reminder %s was not delivered: %s", reminder.id, error)
        return error

    def _push(self, reminder: Reminder, now: datetime, shown: dict[str, str]) -> str | None:
        """To each browser the person subscribed; those the push service says are gone are
        forgotten, so a browser that unsubscribed is not tried again."""
        with self._store.reminders() as reminders:
            subscriptions = reminders.subscriptions(reminder.person_id)
        pem = vapid_pem(self._store, now)
        error, gone = send_push(subscriptions, pem, self._settings.vapid_subject, shown)
        with self._store.reminders() as reminders:
            for endpoint in gone:
                reminders.forget_endpoint(reminder.person_id, endpoint)
        return error

    def tick(self, now: datetime | None = None) -> int:
        """Send what is due at ``now`` (the clock's by default); how many were sent."""
        now = (now or self.clock.now(UTC)).astimezone(UTC)
        sent = 0
        with self._store.reminders() as reminders:
            due = reminders.due(now)
        for reminder in due:
            sent += self._timed(reminder, now)
        with self._store.reminders() as reminders:
            watching = reminders.watching_episodes()
        for reminder in watching:
            sent += self._after_episode(reminder, now)
        return sent

    def _zone(self, reminder: Reminder) -> ZoneInfo:
        with self._store.reminders() as reminders:
            return ZoneInfo(reminders.zone_of(reminder.person_id))

    def _timed(self, reminder: Reminder, now: datetime) -> int:
        zone = self._zone(reminder)
        with self._store.reminders() as reminders:
            if reminder.quiet is not None and in_quiet(now, zone, reminder.quiet):
                reminders.hold(reminder, quiet_ends(now, zone, reminder.quiet).astimezone(UTC))
                return 0
            assert reminder.at_minute is not None  # noqa: S101 - a timed reminder has one
            following = next_due(now, zone, reminder.at_minute, reminder.weekday)
            if not reminders.claim(reminder, following.astimezone(UTC), now):
                return 0  # another process took it
        return 1 if self.deliver(reminder, now) is None else 0

    def _after_episode(self, reminder: Reminder, now: datetime) -> int:
        with self._store.reminders() as reminders:
            logged = reminders.last_logged(reminder.person_id)
        since = reminder.last_sent_at or reminder.created_at
        if logged is None or logged <= since:
            return 0
        if logged + timedelta(minutes=reminder.after_minutes or 0) > now:
            return 0
        if reminder.quiet is not None and in_quiet(now, self._zone(reminder), reminder.quiet):
            return 0  # still owed: sent on the first tick after the quiet hours
        with self._store.reminders() as reminders:
            if not reminders.claim(reminder, None, now):
                return 0
        return 1 if self.deliver(reminder, now) is None else 0

    # -- the thread ----------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="reminders", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # a bad tick must not end the sender; the log says what
                log.exception("the reminders' tick failed")
            self._stop.wait(TICK_SECONDS)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
