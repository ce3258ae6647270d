"""Reminders sent by the server (issue 19): a reminder is delivered to a webhook receiver the
test starts (apprise ``json://``) when a FixedClock-driven tick reaches its time, held through
quiet hours, stopped by its link, kept at its local time across a daylight-saving change, sent
once however many senders tick, and a nudge follows a logged episode."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.services.receiver import Received, receiver
from tests.web.conftest import store_on
from twitchwise.domain.errors import ConflictError, InputError, NotFoundError
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.reminders import ReminderKind
from twitchwise.domain.time import FixedClock
from twitchwise.services.reminders import (
    ReminderPlan,
    Sender,
    add_reminder,
    stop_by_token,
    stop_token,
)
from twitchwise.settings import Settings, load_settings
from twitchwise.storage.store import Store

# Saturday 28 March 2026, 12:00 in London (GMT); BST starts at 01:00 UTC on Sunday 29 March.
NOON = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        data_dir=tmp_path, time_zone="Europe/London", now=NOON, public_url="https://tw.example/"
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    with store_on(request.param, settings) as on_server:
        opened = on_server or Store.open(settings)
        yield opened
        opened.close()


@pytest.fixture
def hook() -> Iterator[Received]:
    with receiver() as found:
        yield found


def sender(store: Store, settings: Settings, at: datetime) -> Sender:
    return Sender(store, settings, FixedClock(at))


def test_a_reminder_is_delivered_at_its_time_with_a_stop_link(
    store: Store, settings: Settings, hook: Received
) -> None:
    owner = store.owner_id()
    plan = ReminderPlan(ReminderKind.CHECKIN, to=hook.url, at="21:30")
    made = add_reminder(store, owner, "evening", plan, NOON)
    assert made.due_at == datetime(2026, 3, 28, 21, 30, tzinfo=UTC)
    assert sender(store, settings, NOON).tick() == 0
    assert sender(store, settings, datetime(2026, 3, 28, 21, 29, tzinfo=UTC)).tick() == 0
    assert hook.bodies == []
    assert sender(store, settings, datetime(2026, 3, 28, 21, 30, 20, tzinfo=UTC)).tick() == 1
    assert len(hook.bodies) == 1
    body = hook.bodies[0]
    assert body["title"] == "Evening check-in"
    assert "Any twitches or cramps today?" in body["message"]
    assert "Stop this reminder: https://tw.example/remind/stop/" in body["message"]
    # Due again the next evening, not at once.
    assert sender(store, settings, datetime(2026, 3, 28, 21, 31, tzinfo=UTC)).tick() == 0
    assert len(hook.bodies) == 1


def test_the_local_time_holds_across_the_change_to_summer_time(
    store: Store, settings: Settings, hook: Received
) -> None:
    plan = ReminderPlan(ReminderKind.SLEEP, to=hook.url, at="08:00")
    made = add_reminder(store, store.owner_id(), "morning", plan, NOON)
    assert made.due_at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 08:00 BST
    assert sender(store, settings, datetime(2026, 3, 29, 6, 59, tzinfo=UTC)).tick() == 0
    assert sender(store, settings, datetime(2026, 3, 29, 7, 0, tzinfo=UTC)).tick() == 1
    assert hook.bodies[0]["title"] == "How did you sleep?"
    with store.reminders() as reminders:
        assert reminders.named(store.owner_id(), "morning").due_at == datetime(
            2026, 3, 30, 7, 0, tzinfo=UTC
        )
    # And back in autumn: 25 October 2026, GMT again.
    autumn = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    later = add_reminder(store, store.owner_id(), "autumn", plan, autumn)
    assert later.due_at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_quiet_hours_hold_a_reminder_until_they_end(
    store: Store, settings: Settings, hook: Received
) -> None:
    plan = ReminderPlan(ReminderKind.CHECKIN, to=hook.url, at="23:00", quiet="22:00-07:00")
    add_reminder(store, store.owner_id(), "late", plan, NOON)
    assert sender(store, settings, datetime(2026, 3, 28, 23, 0, tzinfo=UTC)).tick() == 0
    assert hook.bodies == []
    with store.reminders() as reminders:
        held = reminders.named(store.owner_id(), "late")
    assert held.due_at == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)  # 07:00 BST
    assert sender(store, settings, datetime(2026, 3, 29, 5, 59, tzinfo=UTC)).tick() == 0
    assert sender(store, settings, datetime(2026, 3, 29, 6, 0, tzinfo=UTC)).tick() == 1
    assert len(hook.bodies) == 1
    with store.reminders() as reminders:
        assert reminders.named(store.owner_id(), "late").due_at == datetime(
            2026, 3, 29, 22, 0, tzinfo=UTC
        )  # 23:00 BST


def test_the_stop_link_stops_it_and_a_forged_one_does_nothing(
    store: Store, settings: Settings, hook: Received
) -> None:
    plan = ReminderPlan(ReminderKind.CHECKIN, to=hook.url, at="12:30")
    made = add_reminder(store, store.owner_id(), "lunch", plan, NOON)
    token = stop_token(store, made.id, NOON)
    forged = f"{made.id}.{'A' * 43}"
    with pytest.raises(NotFoundError):
        stop_by_token(store, forged, NOON)
    with pytest.raises(NotFoundError):
        stop_by_token(store, f"{made.id + 1}.{token.split('.')[1]}", NOON)
    stopped = stop_by_token(store, token, NOON)
    assert stopped.stopped_at is not None
    assert sender(store, settings, datetime(2026, 3, 28, 12, 31, tzinfo=UTC)).tick() == 0
    assert hook.bodies == []


def test_many_senders_ticking_at_once_send_it_once(
    store: Store, settings: Settings, hook: Received
) -> None:
    plan = ReminderPlan(ReminderKind.CHECKIN, to=hook.url, at="12:10")
    add_reminder(store, store.owner_id(), "once", plan, NOON)
    at = datetime(2026, 3, 28, 12, 10, tzinfo=UTC)
    # Four senders, each on its own connections, as separate processes would be.
    others = [Store(store.engine, "Europe/London") for _ in range(4)]
    counts: list[int] = []
    start = threading.Barrier(len(others))

    def run(own: Store) -> None:
        start.wait()
        counts.append(sender(own, settings, at).tick())

    threads = [threading.Thread(target=run, args=(own,)) for own in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 0, 0, 1]
    assert len(hook.bodies) == 1


def test_a_nudge_follows_a_logged_episode_after_its_delay(
    store: Store, settings: Settings, hook: Received
) -> None:
    plan = ReminderPlan(ReminderKind.AFTER_EPISODE, to=hook.url, after_minutes=30)
    add_reminder(store, store.owner_id(), "nudge", plan, NOON - timedelta(hours=1))
    assert sender(store, settings, NOON).tick() == 0  # nothing logged yet
    with store.write() as journal:  # logged at NOON by the store's clock
        journal.add(LoggedEpisode.model_validate({"kind": "twitch", "started_at": NOON}))
    assert sender(store, settings, NOON + timedelta(minutes=29)).tick() == 0
    assert sender(store, settings, NOON + timedelta(minutes=31)).tick() == 1
    assert "note what came before it" in hook.bodies[0]["message"]
    assert sender(store, settings, NOON + timedelta(minutes=40)).tick() == 0


def test_wrong_reminders_are_refused(store: Store) -> None:
    owner = store.owner_id()
    with pytest.raises(InputError, match="at: "):
        add_reminder(store, owner, "x", ReminderPlan(ReminderKind.CHECKIN, to="webpush"), NOON)
    with pytest.raises(InputError, match="not a time of day"):
        plan = ReminderPlan(ReminderKind.CHECKIN, to="webpush", at="25:00")
        add_reminder(store, owner, "x", plan, NOON)
    with pytest.raises(InputError, match="to: "):
        plan = ReminderPlan(ReminderKind.CHECKIN, to="nonsense://x", at="21:00")
        add_reminder(store, owner, "x", plan, NOON)
    plan = ReminderPlan(ReminderKind.CHECKIN, to="webpush", at="21:00")
    add_reminder(store, owner, "twice", plan, NOON)
    with pytest.raises(ConflictError):
        add_reminder(store, owner, "twice", plan, NOON)
