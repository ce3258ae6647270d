"""The JSON of a personal experiment (issue 21), one shape for ``twitchwise experiment ... --json``
and ``/api/v1/experiments``: documented in docs/cli.md and docs/api.md."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from pydantic import BaseModel, Field

from twitchwise.domain.experiment_report import VERDICT_WORDS
from twitchwise.domain.experiments import (
    Arm,
    Change,
    DesignKind,
    ExperimentResult,
    PowerEstimate,
    ScheduledDay,
    Status,
    Verdict,
)
from twitchwise.services.experiment_days import ExperimentStatus, Recorded
from twitchwise.services.experiments import Proposal, Started
from twitchwise.storage.experiments import Experiment


class PowerOut(BaseModel):
    design: DesignKind
    weeks: int
    ratio: float = Field(description="the change it is for: 0.5 is a halving of episodes")
    power: float = Field(description="the chance of a 'helps' verdict if it has that effect")
    weeks_for_80: int | None
    reachable: bool
    episodes_per_week: float = Field(description="the diary's recent rate it was worked from")
    words: str


def power_out(p: PowerEstimate) -> PowerOut:
    return PowerOut(**asdict(p))  # the same fields, described for the API


class DayOut(BaseModel):
    date: date
    arm: Arm


def day_out(d: ScheduledDay) -> DayOut:
    return DayOut(date=d.day, arm=d.arm)


class StartedOut(BaseModel):
    id: int
    change: Change
    design: DesignKind
    schedule: list[DayOut]
    power: PowerOut


def started_out(s: Started) -> StartedOut:
    return StartedOut(
        id=s.experiment.id,
        change=s.experiment.plan.change,
        design=s.schedule.design,
        schedule=[day_out(d) for d in s.schedule.days],
        power=power_out(s.power),
    )


class ProposalOut(BaseModel):
    change: Change
    design: DesignKind
    weeks: int
    history_days: int = Field(description="diary days the power was worked out from")
    power: PowerOut


def proposal_out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        change=p.change,
        design=p.design,
        weeks=p.weeks,
        history_days=p.history_days,
        power=power_out(p.power),
    )


class ExperimentOut(BaseModel):
    id: int
    change: Change
    design: DesignKind
    start: date
    end: date
    weeks: int
    seed: int
    status: Status
    created_at: datetime
    ended_at: datetime | None
    stop_reason: str | None


def experiment_out(e: Experiment, end: date) -> ExperimentOut:
    p = e.plan
    return ExperimentOut(
        id=e.id,
        change=p.change,
        design=p.design,
        start=p.start,
        end=end,
        weeks=p.weeks,
        seed=p.seed,
        status=e.status,
        created_at=e.created_at,
        ended_at=e.ended_at,
        stop_reason=e.stop_reason,
    )


class StatusDayOut(DayOut):
    washout: bool = Field(description="blocks: a day after a switch, followed but not counted")
    followed: bool | None
    episodes: int | None = Field(description="None for today, not over yet")


class StatusOut(BaseModel):
    experiment: ExperimentOut
    today: DayOut | None
    today_followed: bool | None
    days_done: int
    days_total: int
    adherence: float | None
    missing_days: list[date]
    days: list[StatusDayOut]


def status_out(s: ExperimentStatus) -> StatusOut:
    return StatusOut(
        experiment=experiment_out(s.experiment, s.schedule.days[-1].day),
        today=None if s.today is None else day_out(s.today),
        today_followed=s.today_followed,
        days_done=s.days_done,
        days_total=len(s.schedule.days),
        adherence=s.adherence,
        missing_days=list(s.missing),
        days=[
            StatusDayOut(
                date=d.day.day,
                arm=d.day.arm,
                washout=d.day.washout,
                followed=d.followed,
                episodes=d.episodes,
            )
            for d in s.days
        ],
    )


class RecordedOut(BaseModel):
    date: date
    arm: Arm
    followed: bool
    stopped: str | None = Field(description="the early-stopping rule's reason, if it ended now")


def recorded_out(r: Recorded) -> RecordedOut:
    return RecordedOut(date=r.day.day, arm=r.day.arm, followed=r.followed, stopped=r.stopped)


class ResultOut(BaseModel):
    id: int
    change: Change
    status: Status
    rate_ratio: float | None = Field(description="episodes per day, change days vs usual days")
    ci: tuple[float, float] | None = Field(description="95% interval of rate_ratio")
    p_value: float | None = Field(description="the randomisation test's")
    verdict: Verdict
    verdict_words: str
    adherence: float | None
    missing_days: int
    days_counted: int
    days_usual: int
    days_change: int
    episodes_usual: int
    episodes_change: int
    notes: list[str] = Field(description="the result's limits, in plain words")


def result_out(e: Experiment, r: ExperimentResult) -> ResultOut:
    return ResultOut(
        id=e.id,
        change=e.plan.change,
        status=e.status,
        rate_ratio=r.rate_ratio,
        ci=r.ci,
        p_value=r.p_value,
        verdict=r.verdict,
        verdict_words=VERDICT_WORDS[r.verdict],
        adherence=r.adherence,
        missing_days=r.missing_days,
        days_counted=r.days_counted,
        days_usual=r.days_usual,
        days_change=r.days_change,
        episodes_usual=r.episodes_usual,
        episodes_change=r.episodes_change,
        notes=list(r.notes),
    )
