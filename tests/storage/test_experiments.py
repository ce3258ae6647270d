"""The storage of personal experiments (issue 21), on SQLite and PostgreSQL: one running at a
time per person, an ended one stays as it ended, a day's answer said again replaces the first,
and each person reaches only their own (owner-scoped methods, and on PostgreSQL row-level
security beneath them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.storage.conftest import add_account, postgres_schema
from twitchwise.domain.errors import ConflictError, NotFoundError
from twitchwise.domain.experiments import Change, DesignKind, Status
from twitchwise.storage.experiment_tables import ExperimentDayRow, ExperimentRow
from twitchwise.storage.experiments import Plan
from twitchwise.storage.store import Store

T = datetime(2026, 11, 24, 20, tzinfo=UTC)
FIRST = date(2026, 11, 25)
PLAN = Plan(Change.CAFFEINE_AFTER_NOON, DesignKind.DAYS, FIRST, 4, 987654, 1, 0, 0.41, "w", 2.5)


def test_an_experiment_is_kept_as_planned_and_one_runs_at_a_time(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.experiments(alice, write=True) as experiments:
        made = experiments.start(PLAN, T)
    with store.experiments(alice) as experiments:
        assert experiments.get(made.id).plan == PLAN
        assert experiments.latest() == made
        assert made.status is Status.RUNNING and made.ended_at is None
    with pytest.raises(ConflictError), store.experiments(alice, write=True) as experiments:
        experiments.start(PLAN, T)
    with store.experiments(alice, write=True) as experiments:
        ended = experiments.end(made.id, Status.ABANDONED, T + timedelta(days=3), "by you")
        again = experiments.end(made.id, Status.STOPPED, T + timedelta(days=4), "rule")
        assert (ended.status, ended.stop_reason) == (Status.ABANDONED, "by you")
        assert again == ended, "an ended experiment stays as it ended"
        second = experiments.start(PLAN, T + timedelta(days=5))
    with store.experiments(alice) as experiments:
        assert [e.id for e in experiments.all()] == [made.id, second.id]
        assert experiments.latest() == second


def test_a_days_answer_said_again_replaces_the_first(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.experiments(alice, write=True) as experiments:
        made = experiments.start(PLAN, T)
        experiments.record(made.id, FIRST, True, T + timedelta(days=1))
        experiments.record(made.id, FIRST + timedelta(days=1), False, T + timedelta(days=2))
        experiments.record(made.id, FIRST, False, T + timedelta(days=2))
    with store.experiments(alice) as experiments:
        assert experiments.adherence(made.id) == {FIRST: False, FIRST + timedelta(days=1): False}


def test_a_person_reaches_only_their_own_experiments(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    with store.experiments(alice, write=True) as experiments:
        hers = experiments.start(PLAN, T)
        experiments.record(hers.id, FIRST, True, T)
    with store.experiments(bob, write=True) as experiments:
        his = experiments.start(PLAN, T)  # hers running does not stop his
        assert experiments.latest() == his
        for reach in (
            lambda: experiments.get(hers.id),
            lambda: experiments.record(hers.id, FIRST, False, T),
            lambda: experiments.end(hers.id, Status.ABANDONED, T, None),
        ):
            with pytest.raises(NotFoundError):
                reach()
        assert experiments.adherence(hers.id) == {}
    with store.experiments(alice) as experiments:
        assert experiments.get(hers.id).status is Status.RUNNING
        assert experiments.adherence(hers.id) == {FIRST: True}


def test_on_postgresql_row_security_hides_the_others_rows() -> None:
    """Row-level security is PostgreSQL's: this test has no SQLite half."""
    with postgres_schema() as engine:
        _row_security_hides_the_others_rows(Store(engine, zone="Europe/London"))


def _row_security_hides_the_others_rows(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    for person in (alice, bob):
        with store.experiments(person, write=True) as experiments:
            made = experiments.start(PLAN, T)
            experiments.record(made.id, FIRST, True, T)
    with store.experiments(alice) as experiments:
        session = experiments._db
        # no person_id filter: the database itself keeps Bob's rows out
        assert session.scalar(select(func.count()).select_from(ExperimentRow)) == 1
        assert session.scalar(select(func.count()).select_from(ExperimentDayRow)) == 1
        assert set(session.scalars(select(ExperimentRow.person_id))) == {alice}
