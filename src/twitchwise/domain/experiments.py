"""A personal experiment (issue 21): one change from the plan, tried on days (or blocks of days)
the app draws at random, against the person's usual days, and judged by a rule fixed before it
starts. These are the shared words of it; the schedules, the power and the analysis are in
``twitchwise.experiments``, the storing and the screens above it.

Every type here is plain data: a schedule is re-made exactly from its design, start, length and
seed (``twitchwise.experiments.make_schedule``), and the seed is drawn by the app and kept, so a
schedule cannot be redrawn until it suits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Change(StrEnum):
    CAFFEINE_AFTER_NOON = "caffeine_after_noon"
    NO_ALCOHOL = "no_alcohol"
    SLEEP_TARGET = "sleep_target"
    WATER_BEFORE_EXERCISE = "water_before_exercise"
    STRETCH_BEFORE_BED = "stretch_before_bed"


class DesignKind(StrEnum):
    DAYS = "days"  # each day drawn at random: for changes whose effect is gone by the next day
    BLOCKS = "blocks"  # blocks of days in random order, their first days a washout not counted


class Arm(StrEnum):
    USUAL = "usual"
    CHANGE = "change"


class Verdict(StrEnum):
    HELPS = "helps"
    NO_CLEAR_EFFECT = "no_clear_effect"
    CANNOT_TELL = "cannot_tell"
    WORSE = "worse"


class Status(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"  # ran its length
    STOPPED = "stopped"  # stopped early by the rule stated before it started
    ABANDONED = "abandoned"  # the person ended it; it still reports what it saw


@dataclass(frozen=True)
class ChangeInfo:
    """What a change asks on its days, and the design that fits how long its effect lasts."""

    title: str  # "No caffeine after noon"
    change_day: str  # what to do on a "change" day, in plain words
    usual_day: str  # what a "usual" day means
    design: DesignKind  # the design offered first
    block_days: int  # blocks design: days per block
    washout_days: int  # blocks design: the first days of a block not counted


CHANGES: dict[Change, ChangeInfo] = {
    Change.CAFFEINE_AFTER_NOON: ChangeInfo(
        "No caffeine after noon",
        "No coffee, tea, cola or energy drinks after 12:00.",
        "Have caffeine as you usually do.",
        DesignKind.DAYS,
        7,
        2,
    ),
    Change.NO_ALCOHOL: ChangeInfo(
        "No alcohol",
        "No alcohol at all today.",
        "Drink as you usually do.",
        DesignKind.DAYS,
        7,
        2,
    ),
    Change.SLEEP_TARGET: ChangeInfo(
        "A sleep target",
        "In bed in time for at least 7 hours of sleep tonight.",
        "Go to bed as you usually do.",
        DesignKind.BLOCKS,
        7,
        2,
    ),
    Change.WATER_BEFORE_EXERCISE: ChangeInfo(
        "Water before exercise",
        "A glass of water (about 250 ml) in the hour before any exercise.",
        "Drink before exercise as you usually do.",
        DesignKind.DAYS,
        7,
        2,
    ),
    Change.STRETCH_BEFORE_BED: ChangeInfo(
        "Stretching before bed",
        "Five minutes of calf and thigh stretches before bed.",
        "No stretching before bed.",
        DesignKind.DAYS,
        7,
        2,
    ),
}


@dataclass(frozen=True)
class ScheduledDay:
    day: date
    arm: Arm
    washout: bool = False  # blocks design: a day after a switch, followed but not counted


@dataclass(frozen=True)
class Schedule:
    design: DesignKind
    start: date
    weeks: int
    seed: int
    block_days: int  # 1 for the days design
    washout_days: int  # 0 for the days design
    days: tuple[ScheduledDay, ...]

    def arm_on(self, day: date) -> ScheduledDay | None:
        """The scheduled day, or None outside the experiment."""
        index = (day - self.start).days
        return self.days[index] if 0 <= index < len(self.days) else None


@dataclass(frozen=True)
class DayRecord:
    """What a day of the experiment saw: the episodes that began on it (local day) and whether
    the arm was followed (None: not recorded)."""

    day: date
    episodes: int
    followed: bool | None


@dataclass(frozen=True)
class PowerEstimate:
    design: DesignKind
    weeks: int
    ratio: float  # the change it is for: 0.5 = a halving of episodes
    power: float  # the chance of a "helps" verdict at this length if the change has that effect
    weeks_for_80: int | None  # the length that reaches 80%, None if none up to the longest offered
    reachable: bool  # whether this design at this length can give a verdict at all
    episodes_per_week: float  # the rate it was worked out from (the person's recent diary)
    words: str  # "about 8 weeks to detect a halving"


@dataclass(frozen=True)
class ExperimentResult:
    rate_ratio: float | None  # episodes on change days / on usual days, per day, adjusted
    ci: tuple[float, float] | None  # 95% interval of rate_ratio
    p_value: float | None  # the randomisation test's
    verdict: Verdict
    adherence: float | None  # share of recorded days on which the arm was followed
    missing_days: int  # days of the schedule so far with no adherence recorded
    days_counted: int
    days_usual: int
    days_change: int
    episodes_usual: int
    episodes_change: int
    notes: tuple[str, ...]  # the limits, in plain words (stopped early, low adherence, ...)
