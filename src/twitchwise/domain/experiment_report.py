"""What the doctor's one-page report of a personal experiment shows (issue 21), in the shape
CENT 2015 asks of an N-of-1 trial: the question, the design and its randomisation, the length
and adherence, the days missing, the outcomes per arm, the estimate with its interval and
p-value, the verdict by the rule fixed before it started, and its limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from twitchwise.domain.experiments import (
    Change,
    DayRecord,
    DesignKind,
    ExperimentResult,
    Schedule,
    Status,
    Verdict,
)
from twitchwise.domain.wording import counted


@dataclass(frozen=True)
class ExperimentReport:
    change: Change
    schedule: Schedule
    status: Status
    started_at: datetime  # when it was set up (the person's zone)
    ended_at: datetime | None
    stop_reason: str | None
    power: float | None  # worked out before it started
    power_words: str
    episodes_per_week: float | None  # the diary's rate before it started
    result: ExperimentResult
    days: tuple[DayRecord, ...]  # the whole days counted
    made_at: datetime
    rule: str  # the verdict's rule, fixed before the start, in words


VERDICT_WORDS = {
    Verdict.HELPS: "It helps: fewer episodes on change days than chance would explain.",
    Verdict.NO_CLEAR_EFFECT: (
        "No clear effect: no difference this experiment could tell apart from chance."
    ),
    Verdict.CANNOT_TELL: "Can't tell: too few days or episodes to judge either way.",
    Verdict.WORSE: "Worse: more episodes on change days than chance would explain.",
}
VERDICT_SHORT = {
    Verdict.HELPS: "helps",
    Verdict.NO_CLEAR_EFFECT: "no clear effect",
    Verdict.CANNOT_TELL: "can't tell",
    Verdict.WORSE: "worse",
}
STATUS_WORDS = {
    Status.RUNNING: "still running",
    Status.FINISHED: "ran its full length",
    Status.STOPPED: "stopped early by the rule stated before it started",
    Status.ABANDONED: "ended early by the person",
}
# Limits every such experiment has, whatever it found.
ALWAYS_LIMITS = (
    "Not blinded: the person knew each day's arm, and episodes are counted from their own diary.",
)


def design_words(schedule: Schedule) -> str:
    if schedule.design is DesignKind.DAYS:
        return (
            "Randomised days: each day drawn at random by the app as a change day or a usual "
            "day, the two balanced over the experiment."
        )
    return (
        f"Randomised blocks: blocks of {schedule.block_days} days, change or usual in random "
        f"order; the first {schedule.washout_days} days after each switch are a washout, "
        "followed but not counted."
    )


def planned_days(schedule: Schedule) -> int:
    return len(schedule.days)


def per_day(episodes: int, days: int) -> str:
    return f"{episodes / days:.2f}" if days else "–"


def ratio_words(result: ExperimentResult) -> str:
    """``0.62 (95% interval 0.41 to 0.93)``, or why there is no estimate."""
    if result.rate_ratio is None:
        return "no estimate (too few days or episodes)"
    text = f"{result.rate_ratio:.2f}"
    if result.ci is not None:
        text += f" (95% interval {result.ci[0]:.2f} to {result.ci[1]:.2f})"
    return text


def p_words(result: ExperimentResult) -> str:
    if result.p_value is None:
        return "–"
    return "< 0.001" if result.p_value < 0.001 else f"{result.p_value:.3f}"


def adherence_words(result: ExperimentResult) -> str:
    if result.adherence is None:
        return "not recorded"
    return f"{result.adherence:.0%} of the days recorded"


def counted_words(result: ExperimentResult) -> str:
    """``7 change days (3 episodes), 7 usual days (9 episodes)``."""
    return (
        f"{counted(result.days_change, 'change day')} "
        f"({counted(result.episodes_change, 'episode')}), "
        f"{counted(result.days_usual, 'usual day')} ({counted(result.episodes_usual, 'episode')})"
    )
