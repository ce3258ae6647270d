"""A personal experiment run whole through the service (issue 21), on SQLite and PostgreSQL,
with a clock the test moves day by day: the power from the diary before it starts, a fresh seed
kept and never redrawn, a design that can never reach a verdict refused before it starts, one
running at a time, adherence for today or a past day but not a future one, the days so far and
the missing ones, episodes counted per local day in the person's zone, the result, and an
experiment ended early still reporting what it saw."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.storage.conftest import postgres_schema
from twitchwise.domain.errors import ConflictError, InputError, NotFoundError
from twitchwise.domain.experiments import Arm, Change, DesignKind, Status, Verdict
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.reminders import ReminderKind
from twitchwise.services import experiment_days as days
from twitchwise.services.demo import fill_with_demo
from twitchwise.services.experiments import (
    episodes_per_day,
    proposal,
    schedule_of,
    start,
)
from twitchwise.services.reminders import ReminderPlan, Sender, add_reminder
from twitchwise.settings import load_settings
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store

ZONE = ZoneInfo("America/New_York")
DAY0 = date(2026, 9, 1)  # the day the experiment is set up (no daylight-saving change near)


@dataclass
class MovingClock:
    at: datetime

    def now(self, zone: tzinfo) -> datetime:
        return self.at.astimezone(zone)


def evening(day: date) -> datetime:
    return datetime.combine(day, time(21, 0), ZONE)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, MovingClock]]:
    clock = MovingClock(evening(DAY0))
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'journal.db'}")
        upgrade(engine)
        opened = Store(engine, ZONE.key, clock=clock)
        yield opened, clock
        opened.close()
        return
    with postgres_schema() as engine:
        opened = Store(engine, ZONE.key, clock=clock)
        yield opened, clock


def log_episodes(store: Store, day: date, count: int) -> None:
    with store.write() as journal:
        for i in range(count):
            at = datetime.combine(day, time(8 + 3 * i, 15), ZONE)
            journal.add(LoggedEpisode.model_validate({"kind": "twitch", "started_at": at}))


def fill_history(store: Store, clock: MovingClock) -> None:
    """Four weeks of diary before the experiment: about two episodes a day."""
    for back in range(28, 0, -1):
        log_episodes(store, DAY0 - timedelta(days=back), 1 + back % 3)
    clock.at = evening(DAY0)


def test_a_whole_experiment_from_the_power_to_the_verdict(
    store: tuple[Store, MovingClock],
) -> None:
    journal, clock = store
    owner = journal.owner_id()
    fill_history(journal, clock)
    offered = proposal(journal, owner, Change.CAFFEINE_AFTER_NOON, DAY0)
    assert offered.history_days == 28 and offered.design is DesignKind.DAYS
    assert offered.power.episodes_per_week == pytest.approx(14.0, rel=0.1)
    made = start(journal, owner, Change.CAFFEINE_AFTER_NOON, clock.at, weeks=4)
    schedule = made.schedule
    assert schedule.start == DAY0 + timedelta(days=1), "a day already under way is not drawn"
    assert len(schedule.days) == 28 and 0 <= schedule.seed < 2**31
    assert sum(d.arm is Arm.CHANGE for d in schedule.days) == 14
    assert schedule_of(made.experiment.plan) == schedule, "re-made exactly from what is kept"
    with pytest.raises(ConflictError):
        start(journal, owner, Change.NO_ALCOHOL, clock.at, weeks=4)
    with pytest.raises(InputError, match="not a day of this experiment"):
        days.record_day(journal, owner, True, clock.at)  # today is the day before its first
    skipped = schedule.days[5].day
    outcome = None
    for scheduled in schedule.days:
        clock.at = evening(scheduled.day)
        log_episodes(journal, scheduled.day, 1 if scheduled.arm is Arm.CHANGE else 3)
        if scheduled.day == skipped:
            continue
        with pytest.raises(InputError, match="future"):
            days.record_day(journal, owner, True, clock.at, scheduled.day + timedelta(days=1))
        outcome = days.record_day(journal, owner, True, clock.at)
        assert outcome.day == scheduled
        if scheduled.day == schedule.days[10].day:
            midway = days.status(journal, owner, clock.at)
            assert midway.today == scheduled and midway.today_followed is True
            assert midway.days_done == 10 and midway.missing == (skipped,)
            assert [line.episodes for line in midway.days][-2:] == [
                1 if schedule.days[9].arm is Arm.CHANGE else 3,
                None,  # today is not over
            ]
        if outcome.stopped:
            break
    # the skipped day said the morning after the end (or the stop): still taken
    clock.at = evening(schedule.days[-1].day) + timedelta(hours=12)
    days.record_day(journal, owner, True, clock.at, skipped)
    experiment, found = days.result(journal, owner, clock.at)
    assert experiment.status in (Status.FINISHED, Status.STOPPED)
    assert found.verdict is Verdict.HELPS, found
    assert found.rate_ratio is not None and found.rate_ratio < 0.5
    assert found.ci is not None and found.ci[1] < 1
    assert found.p_value is not None and found.p_value < 0.05
    assert found.episodes_change == found.days_change
    assert found.episodes_usual == 3 * found.days_usual
    assert found.adherence == 1.0 and found.missing_days == 0
    assert days.report_pdf(journal, owner, clock.at).startswith(b"%PDF")
    # once it has ended, a new one can start
    clock.at = evening(schedule.days[-1].day + timedelta(days=2))
    start(journal, owner, Change.NO_ALCOHOL, clock.at, weeks=2)


def test_a_design_that_cannot_reach_a_verdict_is_refused_saying_why(
    store: tuple[Store, MovingClock],
) -> None:
    journal, clock = store
    owner = journal.owner_id()
    fill_history(journal, clock)
    with pytest.raises(InputError, match="at least 12 weeks") as refused:
        start(journal, owner, Change.SLEEP_TARGET, clock.at, weeks=4)
    assert refused.value.field == "weeks"
    with pytest.raises(InputError, match="weeks: must be 1 to 52"):
        start(journal, owner, Change.SLEEP_TARGET, clock.at, weeks=0)
    with pytest.raises(NotFoundError):
        days.status(journal, owner, clock.at)
    blocks = start(journal, owner, Change.SLEEP_TARGET, clock.at, design=DesignKind.BLOCKS)
    assert blocks.schedule.weeks >= 12 and blocks.power.reachable


def test_an_abandoned_experiment_still_reports_what_it_saw(
    store: tuple[Store, MovingClock],
) -> None:
    journal, clock = store
    owner = journal.owner_id()
    fill_history(journal, clock)
    made = start(journal, owner, Change.STRETCH_BEFORE_BED, clock.at, weeks=4)
    first = made.schedule.days[0].day
    for offset in range(6):
        clock.at = evening(first + timedelta(days=offset))
        log_episodes(journal, clock.at.date(), 2)
        days.record_day(journal, owner, offset != 2, clock.at)
    ended = days.stop(journal, owner, clock.at)
    assert ended.status is Status.ABANDONED and ended.ended_at is not None
    with pytest.raises(NotFoundError, match="no experiment is running"):
        days.stop(journal, owner, clock.at)
    experiment, found = days.result(journal, owner, clock.at + timedelta(days=3))
    assert experiment.id == made.experiment.id
    assert found.days_counted == 5, "the whole days before it ended"
    assert found.adherence == pytest.approx(4 / 5), "the day it ended is not a whole day"
    assert found.notes[0].startswith("Ended by you after 5 of 28 whole days"), found.notes
    assert days.status(journal, owner, clock.at).today is None


def test_episodes_are_counted_per_local_day_in_the_persons_zone(
    store: tuple[Store, MovingClock],
) -> None:
    journal, _clock = store
    owner = journal.owner_id()
    late = datetime.combine(DAY0 - timedelta(days=1), time(23, 30), ZONE)
    assert late.astimezone(UTC).date() == DAY0
    with journal.write() as diary:
        diary.add(LoggedEpisode.model_validate({"kind": "cramp", "started_at": late}))
    counts = episodes_per_day(journal, owner, DAY0 - timedelta(days=1), DAY0)
    assert counts == [1, 0]


def test_the_morning_and_evening_reminders_name_todays_arm(
    store: tuple[Store, MovingClock], tmp_path: Path
) -> None:
    journal, clock = store
    owner = journal.owner_id()
    settings = load_settings(data_dir=tmp_path, time_zone=ZONE.key)
    sender = Sender(journal, settings, clock)
    evening_plan = ReminderPlan(ReminderKind.CHECKIN, to="json://localhost:9/", at="21:30")
    morning_plan = ReminderPlan(ReminderKind.SLEEP, to="json://localhost:9/", at="07:30")
    evening_reminder = add_reminder(journal, owner, "evening", evening_plan, clock.at)
    morning_reminder = add_reminder(journal, owner, "morning", morning_plan, clock.at)
    assert "experiment" not in sender.message(evening_reminder, clock.at)[1]
    made = start(journal, owner, Change.NO_ALCOHOL, clock.at, weeks=2, first_day=DAY0)
    arm = made.schedule.days[0].arm
    kind = "a change day" if arm is Arm.CHANGE else "a usual day"
    what = "No alcohol at all today." if arm is Arm.CHANGE else "Drink as you usually do."
    morning = sender.message(morning_reminder, datetime.combine(DAY0, time(7, 30), ZONE))[1]
    assert morning.endswith(f"\nYour experiment: today is {kind}. {what}")
    evening = sender.message(evening_reminder, clock.at)[1]
    assert evening.startswith("Any twitches or cramps today?")
    assert f"today was {kind} ({what}) Did you follow it?" in evening
    after = datetime.combine(made.schedule.days[-1].day + timedelta(days=1), time(21), ZONE)
    assert "experiment" not in sender.message(evening_reminder, after)[1], "it has ended"


def test_a_clear_effect_stops_it_at_half_way_by_the_rule_stated_before(
    store: tuple[Store, MovingClock],
) -> None:
    journal, clock = store
    owner = journal.owner_id()
    fill_history(journal, clock)
    made = start(journal, owner, Change.CAFFEINE_AFTER_NOON, clock.at, weeks=8)
    half = len(made.schedule.days) // 2
    stopped_on = None
    for number, scheduled in enumerate(made.schedule.days, start=1):
        clock.at = evening(scheduled.day)
        log_episodes(journal, scheduled.day, 0 if scheduled.arm is Arm.CHANGE else 4)
        # the rule looks at whole days: the half-way day is whole the day after it
        said = days.record_day(journal, owner, True, clock.at)
        if said.stopped:
            stopped_on = number
            break
    assert stopped_on == half + 1, "stopped on the first day after half-way, not before"
    assert said.stopped is not None and "At half-way" in said.stopped
    experiment, found = days.result(journal, owner, clock.at + timedelta(days=1))
    assert experiment.status is Status.STOPPED and experiment.stop_reason == said.stopped
    assert found.verdict is Verdict.HELPS
    assert any(note.startswith("Stopped early, at half-way") for note in found.notes)
    with pytest.raises(NotFoundError, match="no experiment is running"):
        days.record_day(journal, owner, True, clock.at + timedelta(days=1))


def test_the_demos_samples_never_count_as_the_persons_own_episodes(
    store: tuple[Store, MovingClock],
) -> None:
    opened, clock = store
    fill_with_demo(opened, clock.at, months=2)
    owner = opened.owner_id()
    assert sum(episodes_per_day(opened, owner, DAY0 - timedelta(days=56), DAY0)) == 0
    log_episodes(opened, DAY0 - timedelta(days=1), 2)  # the person's own, among the samples
    assert sum(episodes_per_day(opened, owner, DAY0 - timedelta(days=56), DAY0)) == 2
    offered = proposal(opened, owner, Change.CAFFEINE_AFTER_NOON, DAY0)
    assert offered.history_days == 1  # from the person's own first entry, not the samples'


def test_one_ended_before_its_first_day_says_it_saw_nothing(
    store: tuple[Store, MovingClock],
) -> None:
    journal, clock = store
    owner = journal.owner_id()
    fill_history(journal, clock)
    start(journal, owner, Change.NO_ALCOHOL, clock.at, weeks=4)  # from tomorrow
    days.stop(journal, owner, clock.at)
    _, found = days.result(journal, owner, clock.at + timedelta(days=2))
    assert found.notes[0] == "Ended by you before its first day: it saw nothing.", found.notes
    assert found.verdict is Verdict.CANNOT_TELL and found.days_counted == 0
