"""A personal experiment (issue 21), start to result: the power from the person's own diary
before it starts, the schedule made from a seed the app draws (with ``secrets``, kept, never
drawn again), each day's adherence, the early-stopping rule checked as days are recorded, and
the result from the diary's episodes per local day. The statistics are
``twitchwise.experiments``'; the storing is ``storage/experiments.py``; every "now" comes from
the caller (the settings' clock), so a test can run a whole experiment.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.errors import ConflictError, InputError, NotFoundError
from twitchwise.domain.experiments import (
    CHANGES,
    Change,
    DayRecord,
    DesignKind,
    PowerEstimate,
    Schedule,
    Status,
)
from twitchwise.domain.time import local_date
from twitchwise.experiments import can_reach, estimate_power, make_schedule, propose
from twitchwise.storage.experiments import ALREADY_RUNNING, Experiment, Plan
from twitchwise.storage.store import Store

HISTORY_DAYS = 56  # the recent diary the power is worked out from
MOST_WEEKS = 52
LATEST_START_DAYS = 14
NONE_RUNNING = "no experiment is running; start one with 'twitchwise experiment start CHANGE'"
NONE_YET = "there is no experiment yet; start one with 'twitchwise experiment start CHANGE'"


@dataclass(frozen=True)
class Proposal:
    """What starting ``change`` would mean for this person, before it starts."""

    change: Change
    design: DesignKind
    weeks: int
    block_days: int
    washout_days: int
    power: PowerEstimate
    history_days: int  # how many diary days the power was worked out from


@dataclass(frozen=True)
class Started:
    experiment: Experiment
    schedule: Schedule
    power: PowerEstimate


def schedule_of(plan: Plan) -> Schedule:
    return make_schedule(
        plan.design,
        plan.start,
        plan.weeks,
        plan.seed,
        block_days=plan.block_days,
        washout_days=plan.washout_days,
    )


def zone_of(store: Store, owner: int) -> ZoneInfo:
    with store.experiments(owner) as experiments:
        return ZoneInfo(experiments.zone_name())


def _bounds(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, zone)


def episodes_per_day(store: Store, owner: int, first: date, last: date) -> list[int]:
    """Episodes that began on each local day from ``first`` to ``last`` (the person's zone)."""
    if last < first:
        return []
    zone = zone_of(store, owner)
    with store.read(owner) as journal, journal.own_entries():  # never the demo's samples
        found = journal.episodes(_bounds(first, zone), _bounds(last + timedelta(days=1), zone))
    per_day = Counter(local_date(e.started_at, zone) for e in found)
    return [per_day[first + timedelta(days=i)] for i in range((last - first).days + 1)]


def diary_history(store: Store, owner: int, today: date) -> list[int]:
    """Daily episode counts over the recent logged days (from the diary's first entry, at most
    ``HISTORY_DAYS`` back, to yesterday), most recent last."""
    zone = zone_of(store, owner)
    with store.read(owner) as journal, journal.own_entries():
        first_entry = journal.first_entry_at()
    if first_entry is None:
        return []
    first = max(local_date(first_entry, zone), today - timedelta(days=HISTORY_DAYS))
    return episodes_per_day(store, owner, first, today - timedelta(days=1))


def _blocks(change: Change, design: DesignKind) -> tuple[int, int]:
    info = CHANGES[change]
    return (info.block_days, info.washout_days) if design is DesignKind.BLOCKS else (1, 0)


def unreachable_reason(design: DesignKind, weeks: int, block_days: int, washout_days: int) -> str:
    """Why ``weeks`` of ``design`` can never give a verdict, and the shortest length that can."""
    shortest = next(
        (w for w in range(1, MOST_WEEKS + 1) if can_reach(design, w, block_days, washout_days)),
        None,
    )
    why = (
        f"{weeks} weeks of the {design.value} design have too few randomised periods for the "
        "randomisation test ever to reach a verdict at the 5% level, whatever happens"
    )
    if shortest is None:
        return why
    return f"{why}; choose at least {shortest} weeks"


def proposal(
    store: Store,
    owner: int,
    change: Change,
    today: date,
    design: DesignKind | None = None,
    weeks: int | None = None,
) -> Proposal:
    """The design (the change's own unless chosen), the length (the proposed one, reaching 80%
    power for a halving, unless chosen) and the power, from the person's recent diary.
    InputError for a length the design can never reach a verdict in."""
    design = design or CHANGES[change].design
    block_days, washout_days = _blocks(change, design)
    history = diary_history(store, owner, today)
    if weeks is None:
        power = propose(history, design, block_days=block_days, washout_days=washout_days)
        weeks = power.weeks
    else:
        if not 1 <= weeks <= MOST_WEEKS:
            raise InputError("weeks", f"must be 1 to {MOST_WEEKS}")
        if not can_reach(design, weeks, block_days, washout_days):
            raise InputError("weeks", unreachable_reason(design, weeks, block_days, washout_days))
        power = estimate_power(
            history, design, weeks, block_days=block_days, washout_days=washout_days
        )
    if not power.reachable:
        raise InputError("weeks", unreachable_reason(design, weeks, block_days, washout_days))
    return Proposal(change, design, weeks, block_days, washout_days, power, len(history))


def running(store: Store, owner: int, now: datetime) -> Experiment | None:
    """The running experiment, after marking it finished if its last day has passed."""
    with store.experiments(owner, write=True) as experiments:
        found = experiments.latest()
        if found is None or found.status is not Status.RUNNING:
            return None
        today = now.astimezone(ZoneInfo(experiments.zone_name())).date()
        if today > schedule_of(found.plan).days[-1].day:
            experiments.end(found.id, Status.FINISHED, now.astimezone(UTC), None)
            return None
        return found


def latest(store: Store, owner: int, now: datetime) -> Experiment:
    running(store, owner, now)  # a running one past its end becomes finished first
    with store.experiments(owner) as experiments:
        found = experiments.latest()
    if found is None:
        raise NotFoundError("experiment", NONE_YET)
    return found


def start(
    store: Store,
    owner: int,
    change: Change,
    now: datetime,
    *,
    design: DesignKind | None = None,
    weeks: int | None = None,
    first_day: date | None = None,
) -> Started:
    """Start ``change``: from ``first_day`` (tomorrow unless chosen; a day already under way
    cannot be drawn at random), with a fresh seed. ConflictError while another runs."""
    if running(store, owner, now) is not None:
        raise ConflictError("experiment", ALREADY_RUNNING)
    today = now.astimezone(zone_of(store, owner)).date()
    first_day = first_day or today + timedelta(days=1)
    if not today <= first_day <= today + timedelta(days=LATEST_START_DAYS):
        raise InputError("start", f"must be from today to {LATEST_START_DAYS} days ahead")
    chosen = proposal(store, owner, change, today, design, weeks)
    schedule = make_schedule(
        chosen.design,
        first_day,
        chosen.weeks,
        secrets.randbelow(2**31),
        block_days=chosen.block_days,
        washout_days=chosen.washout_days,
    )
    plan = Plan(
        change,
        schedule.design,
        schedule.start,
        schedule.weeks,
        schedule.seed,
        schedule.block_days,
        schedule.washout_days,
        chosen.power.power,
        chosen.power.words,
        chosen.power.episodes_per_week,
    )
    with store.experiments(owner, write=True) as experiments:
        made = experiments.start(plan, now.astimezone(UTC))
    return Started(made, schedule, chosen.power)


def day_records(
    store: Store, owner: int, experiment: Experiment, schedule: Schedule, last: date
) -> list[DayRecord]:
    """What each day of ``schedule`` up to ``last`` saw: its episodes and its adherence."""
    with store.experiments(owner) as experiments:
        said = experiments.adherence(experiment.id)
    last = min(last, schedule.days[-1].day)
    counts = episodes_per_day(store, owner, schedule.start, last)
    return [
        DayRecord(
            schedule.start + timedelta(days=i), count, said.get(schedule.start + timedelta(days=i))
        )
        for i, count in enumerate(counts)
    ]


def last_whole_day(
    experiment: Experiment, schedule: Schedule, now: datetime, zone: ZoneInfo
) -> date:
    """The last day whose episodes are all in: yesterday while running, the day before it ended
    when stopped or abandoned, the schedule's last day when it ran its length."""
    if experiment.status is Status.FINISHED:
        return schedule.days[-1].day
    until = experiment.ended_at or now
    return min(until.astimezone(zone).date() - timedelta(days=1), schedule.days[-1].day)
