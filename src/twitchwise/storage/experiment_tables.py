"""The tables of issue 21: a person's experiments (one change tried on days the app drew at
random) and the days' adherence. Both hold health data, so like the diary tables they are under
PostgreSQL's row-level security (migration 0017): a row is seen only inside its owner's unit.

A schedule is not stored day by day: it is re-made from the design, start, length and seed
(``twitchwise.experiments.make_schedule``), and the seed, drawn by the app, is kept and never
drawn again. At most one experiment per person runs at a time (a partial unique index).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from twitchwise.storage.tables import Base

RUNNING = text("status = 'running'")


class ExperimentRow(Base):
    __tablename__ = "experiment"
    __table_args__ = (
        Index(
            "uq_experiment_one_running",
            "person_id",
            unique=True,
            sqlite_where=RUNNING,
            postgresql_where=RUNNING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    change: Mapped[str] = mapped_column(String(40))  # domain.experiments.Change
    design: Mapped[str] = mapped_column(String(10))  # DesignKind
    start: Mapped[date]
    weeks: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)  # drawn with secrets, 0 to 2**31 - 1
    block_days: Mapped[int] = mapped_column(Integer)
    washout_days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))  # Status
    # the power worked out before it started, from the diary of then (the report shows it)
    power: Mapped[float | None] = mapped_column(Float)
    power_words: Mapped[str] = mapped_column(String(300), default="")
    episodes_per_week: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    stop_reason: Mapped[str | None] = mapped_column(Text)


class ExperimentDayRow(Base):
    """Whether the day's arm was followed, as the person said (once per day; saying it again
    replaces it)."""

    __tablename__ = "experiment_day"
    __table_args__ = (UniqueConstraint("experiment_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiment.id", ondelete="CASCADE"))
    day: Mapped[date]
    followed: Mapped[bool]
    recorded_at: Mapped[datetime]
