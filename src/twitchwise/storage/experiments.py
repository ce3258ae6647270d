"""Experiments(session, owner_id): one person's experiments and the adherence of their days
(issue 21), always for that owner; PostgreSQL's row-level security is the second wall.

Like ``Journal`` it never commits: the caller's unit of work (``Store.experiments``) does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from twitchwise.domain.backup import ExperimentDay, ExperimentRecord
from twitchwise.domain.errors import ConflictError, NotFoundError
from twitchwise.domain.experiments import Change, DesignKind, Status
from twitchwise.storage.engine import act_for
from twitchwise.storage.experiment_tables import ExperimentDayRow, ExperimentRow
from twitchwise.storage.tables import PersonRow

ALREADY_RUNNING = "an experiment is already running; stop it before starting another"


@dataclass(frozen=True)
class Plan:
    """What an experiment is, fixed before it starts."""

    change: Change
    design: DesignKind
    start: date
    weeks: int
    seed: int
    block_days: int
    washout_days: int
    power: float | None
    power_words: str
    episodes_per_week: float | None


@dataclass(frozen=True)
class Experiment:
    id: int
    plan: Plan
    status: Status
    created_at: datetime
    ended_at: datetime | None
    stop_reason: str | None


def _experiment(row: ExperimentRow) -> Experiment:
    plan = Plan(
        Change(row.change),
        DesignKind(row.design),
        row.start,
        row.weeks,
        row.seed,
        row.block_days,
        row.washout_days,
        row.power,
        row.power_words,
        row.episodes_per_week,
    )
    return Experiment(
        row.id, plan, Status(row.status), row.created_at, row.ended_at, row.stop_reason
    )


class Experiments:
    def __init__(self, session: Session, owner_id: int) -> None:
        self._db = session
        self.owner_id = owner_id
        act_for(session, owner_id)

    def zone_name(self) -> str:
        return str(
            self._db.scalar(select(PersonRow.time_zone).where(PersonRow.id == self.owner_id))
        )

    def start(self, plan: Plan, now: datetime) -> Experiment:
        """A new running experiment; ConflictError while another one runs."""
        return _experiment(self._insert(plan, Status.RUNNING, now))

    def _insert(
        self,
        plan: Plan,
        status: Status,
        created_at: datetime,
        ended_at: datetime | None = None,
        stop_reason: str | None = None,
    ) -> ExperimentRow:
        """The experiment's row; ConflictError if it would be a second one running."""
        row = ExperimentRow(
            person_id=self.owner_id,
            change=plan.change.value,
            design=plan.design.value,
            start=plan.start,
            weeks=plan.weeks,
            seed=plan.seed,
            block_days=plan.block_days,
            washout_days=plan.washout_days,
            status=status.value,
            power=plan.power,
            power_words=plan.power_words,
            episodes_per_week=plan.episodes_per_week,
            created_at=created_at,
            ended_at=ended_at,
            stop_reason=stop_reason,
        )
        try:
            with self._db.begin_nested():
                self._db.add(row)
                self._db.flush()
        except IntegrityError:
            raise ConflictError("experiment", ALREADY_RUNNING) from None
        return row

    def _row(self, experiment_id: int) -> ExperimentRow:
        row = self._db.get(ExperimentRow, experiment_id)
        if row is None or row.person_id != self.owner_id:
            raise NotFoundError("experiment", f"there is no experiment {experiment_id}")
        return row

    def get(self, experiment_id: int) -> Experiment:
        return _experiment(self._row(experiment_id))

    def latest(self) -> Experiment | None:
        """The running experiment, or else the one started last."""
        row = self._db.scalars(
            select(ExperimentRow)
            .where(ExperimentRow.person_id == self.owner_id)
            .order_by(
                (ExperimentRow.status == Status.RUNNING.value).desc(), ExperimentRow.id.desc()
            )
            .limit(1)
        ).first()
        return None if row is None else _experiment(row)

    def all(self) -> list[Experiment]:
        found = self._db.scalars(
            select(ExperimentRow)
            .where(ExperimentRow.person_id == self.owner_id)
            .order_by(ExperimentRow.id)
        )
        return [_experiment(row) for row in found]

    def end(
        self, experiment_id: int, status: Status, now: datetime, reason: str | None
    ) -> Experiment:
        """Mark a running experiment finished, stopped or abandoned (once: an ended one stays
        as it ended)."""
        row = self._row(experiment_id)
        if row.status == Status.RUNNING.value:
            row.status, row.ended_at, row.stop_reason = status.value, now, reason
            self._db.flush()
        return _experiment(row)

    def record(self, experiment_id: int, day: date, followed: bool, now: datetime) -> None:
        """The day's adherence; said again, the later answer stands."""
        self._row(experiment_id)
        row = self._db.scalar(
            select(ExperimentDayRow)
            .where(ExperimentDayRow.experiment_id == experiment_id)
            .where(ExperimentDayRow.day == day)
        )
        if row is None:
            self._db.add(
                ExperimentDayRow(
                    person_id=self.owner_id,
                    experiment_id=experiment_id,
                    day=day,
                    followed=followed,
                    recorded_at=now,
                )
            )
        else:
            row.followed, row.recorded_at = followed, now
        self._db.flush()

    def adherence(self, experiment_id: int) -> dict[date, bool]:
        found = self._db.execute(
            select(ExperimentDayRow.day, ExperimentDayRow.followed)
            .where(ExperimentDayRow.person_id == self.owner_id)
            .where(ExperimentDayRow.experiment_id == experiment_id)
            .order_by(ExperimentDayRow.day)
        )
        return {day: bool(followed) for day, followed in found}

    # -- the JSON backup ---------------------------------------------------------------------

    def records(self) -> list[ExperimentRecord]:
        """Every experiment as the backup keeps it, oldest first, with its days."""
        return [
            ExperimentRecord(
                **asdict(experiment.plan),
                status=experiment.status,
                created_at=experiment.created_at,
                ended_at=experiment.ended_at,
                stop_reason=experiment.stop_reason,
                days=tuple(
                    ExperimentDay(day=day, followed=followed)
                    for day, followed in self.adherence(experiment.id).items()
                ),
            )
            for experiment in self.all()
        ]

    def restore(self, record: ExperimentRecord) -> bool:
        """Put back an experiment from a backup, with its status and days; False when this
        journal already has it (the same change, start and seed: re-importing adds nothing).
        ConflictError when it was running and another experiment runs here."""
        already = self._db.scalar(
            select(ExperimentRow.id)
            .where(ExperimentRow.person_id == self.owner_id)
            .where(ExperimentRow.change == record.change.value)
            .where(ExperimentRow.start == record.start)
            .where(ExperimentRow.seed == record.seed)
        )
        if already is not None:
            return False
        plan = Plan(**record.model_dump(include={f.name for f in fields(Plan)}))
        row = self._insert(
            plan, record.status, record.created_at, record.ended_at, record.stop_reason
        )
        for day in record.days:
            self.record(row.id, day.day, day.followed, record.ended_at or record.created_at)
        return True
