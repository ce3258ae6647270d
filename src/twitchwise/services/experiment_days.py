"""Following a personal experiment and reading it (issue 21): a day's adherence (checked
against the early-stopping rule stated before it started), where it stands today, its result,
ending it, and the doctor's one-page report. Starting one is ``services/experiments.py``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.domain.experiment_report import ExperimentReport
from twitchwise.domain.experiments import (
    ExperimentResult,
    Schedule,
    ScheduledDay,
    Status,
)
from twitchwise.experiments import analyse, should_stop
from twitchwise.experiments.analysis import (
    MIN_ADHERENCE,
    MIN_DAYS_PER_ARM,
    MIN_EPISODES,
    STOP_P,
)
from twitchwise.exports.experiment_pdf import render_experiment
from twitchwise.services.experiments import (
    NONE_RUNNING,
    day_records,
    last_whole_day,
    latest,
    running,
    schedule_of,
    zone_of,
)
from twitchwise.storage.experiments import Experiment
from twitchwise.storage.store import Store

ABANDONED = "ended by you before its last day"
ALPHA = 0.05
RULE = (
    f"“helps” (or “worse”) when the randomisation test's two-sided p is below {ALPHA} and "
    f"change days had fewer (more) episodes; “can't tell” with fewer than {MIN_DAYS_PER_ARM} "
    f"counted days of either kind, fewer than {MIN_EPISODES} counted episodes, adherence below "
    f"{MIN_ADHERENCE:.0%}, or too few randomised pairs for the test to reach {ALPHA}; otherwise "
    f"“no clear effect”. One look at half-way, stopping only if p < {STOP_P}. Days count when "
    "their adherence was recorded, in the arm drawn for them (as randomised)."
)


@dataclass(frozen=True)
class Recorded:
    day: ScheduledDay
    followed: bool
    stopped: str | None  # the early-stopping rule's reason, when this day ended it


@dataclass(frozen=True)
class DayLine:
    """A day of the experiment so far, for the screens."""

    day: ScheduledDay
    followed: bool | None
    episodes: int | None  # None for today (not over yet)


@dataclass(frozen=True)
class ExperimentStatus:
    experiment: Experiment
    schedule: Schedule
    today: ScheduledDay | None  # None before the first day and after the last
    today_followed: bool | None
    days_done: int  # days of the schedule before today
    adherence: float | None  # share followed of the days recorded
    missing: tuple[date, ...]  # days before today with nothing recorded
    days: tuple[DayLine, ...]  # the days so far, today included


def _today(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def record_day(
    store: Store, owner: int, followed: bool, now: datetime, day: date | None = None
) -> Recorded:
    """Whether the arm of ``day`` (today by default) was followed: today or a past day of the
    running experiment, never a future one. After it the early-stopping rule is checked."""
    experiment = running(store, owner, now)
    if experiment is None:
        experiment = _ran_its_length(store, owner, now)
    zone = zone_of(store, owner)
    today = _today(now, zone)
    day = day or today
    if day > today:
        raise InputError("date", "is in the future: record today or a past day")
    schedule = schedule_of(experiment.plan)
    scheduled = schedule.arm_on(day)
    if scheduled is None:
        first, last = schedule.days[0].day, schedule.days[-1].day
        raise InputError("date", f"is not a day of this experiment ({first} to {last})")
    with store.experiments(owner, write=True) as experiments:
        experiments.record(experiment.id, day, followed, now.astimezone(UTC))
    reason = None
    if experiment.status is Status.RUNNING:
        records = day_records(store, owner, experiment, schedule, today - timedelta(days=1))
        reason = should_stop(schedule, records)
        if reason is not None:
            with store.experiments(owner, write=True) as experiments:
                experiments.end(experiment.id, Status.STOPPED, now.astimezone(UTC), reason)
    return Recorded(scheduled, followed, reason)


def _ran_its_length(store: Store, owner: int, now: datetime) -> Experiment:
    """A finished experiment still takes its last days' answers (said the morning after)."""
    try:
        found = latest(store, owner, now)
    except NotFoundError:
        raise NotFoundError("experiment", NONE_RUNNING) from None
    if found.status is not Status.FINISHED:
        raise NotFoundError("experiment", NONE_RUNNING)
    return found


def status(store: Store, owner: int, now: datetime) -> ExperimentStatus:
    """Where the latest experiment stands: today's arm, the days so far, adherence, gaps."""
    experiment = latest(store, owner, now)
    zone = zone_of(store, owner)
    today = _today(now, zone)
    schedule = schedule_of(experiment.plan)
    whole = last_whole_day(experiment, schedule, now, zone)
    records = {r.day: r for r in day_records(store, owner, experiment, schedule, whole)}
    with store.experiments(owner) as experiments:
        said = experiments.adherence(experiment.id)
    shown_until = min(today, schedule.days[-1].day)
    if experiment.status in (Status.STOPPED, Status.ABANDONED):
        shown_until = min(shown_until, whole + timedelta(days=1))
    lines = tuple(
        DayLine(
            d,
            said.get(d.day),
            records[d.day].episodes if d.day in records else None,
        )
        for d in schedule.days
        if d.day <= shown_until
    )
    done = [d for d in schedule.days if d.day < today]
    recorded = [said[d.day] for d in schedule.days if d.day in said]
    return ExperimentStatus(
        experiment,
        schedule,
        schedule.arm_on(today) if experiment.status is Status.RUNNING else None,
        said.get(today),
        len(done),
        sum(recorded) / len(recorded) if recorded else None,
        tuple(d.day for d in done if d.day not in said and d.day <= whole),
        lines,
    )


def result(store: Store, owner: int, now: datetime) -> tuple[Experiment, ExperimentResult]:
    """The latest experiment's result over its whole days so far; one still running, stopped
    or abandoned is analysed as ended early (its notes say so)."""
    experiment = latest(store, owner, now)
    zone = zone_of(store, owner)
    schedule = schedule_of(experiment.plan)
    whole = last_whole_day(experiment, schedule, now, zone)
    records = day_records(store, owner, experiment, schedule, whole)
    found = analyse(schedule, records, stopped_early=experiment.status is Status.STOPPED)
    said = _unfinished(experiment, len(records), len(schedule.days), zone)
    return experiment, found if said is None else replace(found, notes=(said, *found.notes))


def _unfinished(experiment: Experiment, seen: int, planned: int, zone: ZoneInfo) -> str | None:
    """The limit of an experiment that has not run its length (other than by the rule)."""
    if experiment.status is Status.RUNNING:
        return (
            f"Still running ({seen} of {planned} days): a look at the whole days so far (today "
            "counts once it is over). The verdict that counts is the one at the end; stopping "
            "when it looks good would overstate it."
        )
    if experiment.status is Status.ABANDONED:
        ended = experiment.ended_at
        if ended is not None and ended.astimezone(zone).date() < experiment.plan.start:
            return "Ended by you before its first day: it saw nothing."
        return (
            f"Ended by you after {seen} of {planned} whole days: shorter than planned, so less "
            "able to show an effect. The day it ended on is not counted, as it was not over."
        )
    return None


def stop(store: Store, owner: int, now: datetime) -> Experiment:
    """End the running experiment now (abandoned: it still reports what it saw)."""
    experiment = running(store, owner, now)
    if experiment is None:
        raise NotFoundError("experiment", NONE_RUNNING)
    with store.experiments(owner, write=True) as experiments:
        return experiments.end(experiment.id, Status.ABANDONED, now.astimezone(UTC), ABANDONED)


def report(store: Store, owner: int, now: datetime) -> ExperimentReport:
    experiment, found = result(store, owner, now)
    zone = zone_of(store, owner)
    plan = experiment.plan
    schedule = schedule_of(plan)
    whole = last_whole_day(experiment, schedule, now, zone)
    return ExperimentReport(
        change=plan.change,
        schedule=schedule,
        status=experiment.status,
        started_at=experiment.created_at.astimezone(zone),
        ended_at=None if experiment.ended_at is None else experiment.ended_at.astimezone(zone),
        stop_reason=experiment.stop_reason,
        power=plan.power,
        power_words=plan.power_words,
        episodes_per_week=plan.episodes_per_week,
        result=found,
        days=tuple(day_records(store, owner, experiment, schedule, whole)),
        made_at=now.astimezone(zone),
        rule=RULE,
    )


def report_pdf(store: Store, owner: int, now: datetime) -> bytes:
    return render_experiment(report(store, owner, now))


def reminder_line(store: Store, owner: int, now: datetime, evening: bool) -> str | None:
    """For the morning and evening reminders while an experiment runs: today's arm and what it
    asks (morning), or whether it was followed (evening); None when no day of one is today."""
    from twitchwise.domain.experiments import CHANGES, Arm

    experiment = running(store, owner, now)
    if experiment is None:
        return None
    zone = zone_of(store, owner)
    today = schedule_of(experiment.plan).arm_on(_today(now, zone))
    if today is None:
        return None
    info = CHANGES[experiment.plan.change]
    kind = "a change day" if today.arm is Arm.CHANGE else "a usual day"
    what = info.change_day if today.arm is Arm.CHANGE else info.usual_day
    if evening:
        return f"Your experiment: today was {kind} ({what}) Did you follow it? Say so on its page."
    return f"Your experiment: today is {kind}. {what}"
