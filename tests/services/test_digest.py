"""The weekly digest (issue 19): sent as a reminder on its weekday, it counts the week's
episodes against the week before, says what the diary holds in the 24 hours before them, and
what changed; a week without entries still makes a plain message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.services.receiver import receiver
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse
from twitchwise.domain.reminders import ReminderKind
from twitchwise.domain.time import FixedClock
from twitchwise.services.digest import weekly_digest
from twitchwise.services.reminders import ReminderPlan, Sender, add_reminder
from twitchwise.settings import load_settings
from twitchwise.storage.store import Store

SUNDAY = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)  # Sunday 22 November, 18:00 in London


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(load_settings(data_dir=tmp_path, time_zone="Europe/London", now=SUNDAY))
    yield opened
    opened.close()


def episode(at: datetime, kind: str = "cramp") -> LoggedEpisode:
    return LoggedEpisode.model_validate({"kind": kind, "started_at": at, "body_sites": ["calf"]})


def fill(store: Store) -> None:
    with store.write() as journal:
        for days_ago in (9, 11):  # the week before: 2 episodes, 100 mg of caffeine a day
            journal.add(episode(SUNDAY - timedelta(days=days_ago)))
        for day in range(7, 14):
            at = SUNDAY - timedelta(days=day, hours=6)
            journal.add(Exposure(type=ExposureType.CAFFEINE, started_at=at, amount=100.0))
        for days_ago in (1, 2, 3):  # this week: 3 cramps with coffee 3 hours before
            at = SUNDAY - timedelta(days=days_ago)
            journal.add(episode(at))
            coffee = Exposure(
                type=ExposureType.CAFFEINE, started_at=at - timedelta(hours=3), amount=300.0
            )
            journal.add(coffee)
        journal.add(episode(SUNDAY - timedelta(days=5), "twitch"))
        journal.add(MedicationCourse(name="magnesium", started_on=date(2026, 11, 18)))


def test_the_digest_counts_compares_and_says_what_preceded(store: Store) -> None:
    fill(store)
    title, body = weekly_digest(store, store.owner_id(), SUNDAY)
    assert title == "Your week, 15 Nov to 22 Nov"
    assert "Episodes: 4 (3 cramps, 1 twitch); the week before: 2." in body
    assert "caffeine before 3 of 4" in body
    # 900 mg over 7 days this week against 700 mg the week before.
    assert "caffeine 100 to 128.6 mg a day" in body
    assert "started magnesium" in body
    assert "not causes" in body


def test_an_empty_week_still_makes_a_plain_digest(store: Store) -> None:
    _title, body = weekly_digest(store, store.owner_id(), SUNDAY)
    assert "Episodes: 0; the week before: 0." in body
    assert "No amount changed much" in body


def test_the_digest_goes_out_on_its_weekday(store: Store, tmp_path: Path) -> None:
    fill(store)
    settings = load_settings(data_dir=tmp_path, now=SUNDAY)
    with receiver() as hook:
        plan = ReminderPlan(ReminderKind.DIGEST, to=hook.url, at="18:00", day="sun")
        made = add_reminder(store, store.owner_id(), "week", plan, SUNDAY - timedelta(days=3))
        assert made.due_at == SUNDAY
        saturday = SUNDAY - timedelta(days=1)
        assert Sender(store, settings, FixedClock(saturday)).tick() == 0
        assert Sender(store, settings, FixedClock(SUNDAY)).tick() == 1
        assert hook.bodies[0]["title"] == "Your week, 15 Nov to 22 Nov"
        assert "caffeine before 3 of 4" in hook.bodies[0]["message"]
    with store.reminders() as reminders:
        assert reminders.named(store.owner_id(), "week").due_at == SUNDAY + timedelta(days=7)
