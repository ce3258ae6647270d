"""The shared rate-limit counter on SQLite and PostgreSQL: a moving window, keys kept only as
hashes, old attempts forgotten by an index, and atomic under a burst."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy import Engine

from tests.storage.conftest import T, everything
from twitchwise.storage.rate_limits import RATE_WINDOW_MAX, Limit
from twitchwise.storage.store import Store


def test_the_counter_allows_the_limit_then_refuses_until_the_window_has_passed(
    store: Store,
) -> None:
    window = timedelta(minutes=1)

    def attempt(key: str, at: datetime) -> bool:
        with store.accounts(write=True) as accounts:
            return accounts.rate_limits.attempt(key, at, limit=3, window=window)

    def at(seconds: float) -> datetime:
        return T + timedelta(seconds=seconds)

    assert [attempt("signin:name:alice", at(s)) for s in range(6)] == [True] * 3 + [False] * 3
    assert attempt("signin:name:bob", at(5))
    assert not attempt("signin:name:alice", at(59))
    # A moving window: each counted attempt frees its place one window later.
    assert attempt("signin:name:alice", at(60))
    assert not attempt("signin:name:alice", at(60.5))
    assert attempt("signin:name:alice", at(61))
    assert attempt("signin:name:alice", at(62))
    assert not attempt("signin:name:alice", at(62.5))
    assert [attempt("signin:name:alice", at(200 + s)) for s in range(4)] == [True] * 3 + [False]


def test_the_counter_keeps_no_key_in_clear_and_forgets_old_attempts(store: Store) -> None:
    with store.accounts(write=True) as accounts:
        for minute in range(5):
            accounts.rate_limits.attempt(
                "signin:ip:203.0.113.9",
                T + timedelta(minutes=minute),
                limit=9,
                window=timedelta(minutes=10),
            )
    rows = [row for table, row in everything(store) if table == "rate_attempt"]
    assert len(rows) == 5
    assert not [row for row in rows if "203.0.113.9" in str(row) or "signin" in str(row)]
    with store.accounts(write=True) as accounts:
        assert accounts.rate_limits.attempt(
            "other", T + timedelta(days=2), limit=1, window=timedelta(hours=1)
        )
    assert len([t for t, _ in everything(store) if t == "rate_attempt"]) == 1


def burst(store: Store, tries: int, act: Callable[[], bool]) -> int:
    """``tries`` threads call ``act`` at the same moment, each in its own unit of work; how many
    were let through."""
    start = threading.Barrier(tries)

    def one() -> bool:
        start.wait()
        return act()

    with ThreadPoolExecutor(max_workers=tries) as pool:
        return sum(pool.map(lambda _: one(), range(tries)))


def test_a_burst_of_40_against_a_limit_of_10_lets_exactly_10_through(store: Store) -> None:
    def attempt() -> bool:
        with store.accounts(write=True) as accounts:
            allowed = accounts.rate_limits.attempt(
                "signin:alice:203.0.113.9", T, limit=10, window=timedelta(minutes=15)
            )
            time.sleep(0.01)  # the rest of a sign-in's unit: others' tries arrive meanwhile
            return allowed

    assert burst(store, 40, attempt) == 10
    rows = [row for table, row in everything(store) if table == "rate_attempt"]
    assert len(rows) == 10, "the 30 refused tries were not counted"


def test_several_limits_count_an_attempt_under_all_of_them_or_none(store: Store) -> None:
    window = timedelta(minutes=15)
    with store.accounts(write=True) as accounts:
        counter = accounts.rate_limits
        assert counter.attempt_all([Limit("place", 2, window), Limit("name", 5, window)], T) is None
        assert counter.attempt_all([Limit("place", 2, window)], T) is None
        refused = counter.attempt_all([Limit("name", 5, window), Limit("place", 2, window)], T)
        assert refused == Limit("place", 2, window)
        # "name" was not counted by the refused attempt: 1 of 5 used, 4 left.
        assert [counter.attempt("name", T, limit=5, window=window) for _ in range(5)] == [
            True
        ] * 4 + [False]


def test_the_clean_up_of_old_attempts_reads_the_index_not_the_table(engine: Engine) -> None:
    """EXPLAIN of the clean-up on a counter table of 200,000 attempts over a day (PostgreSQL;
    SQLite's planner is asked the same with EXPLAIN QUERY PLAN)."""
    now = T + timedelta(days=1, minutes=1)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL ROLE NONE")  # the tables' owner analyzes
            connection.exec_driver_sql(
                "INSERT INTO rate_attempt (key_hash, at) SELECT md5(n::text), "
                "%(t)s::timestamptz + n * interval '432 milliseconds' "
                "FROM generate_series(1, 200000) AS n",
                {"t": T},
            )
            connection.exec_driver_sql("ANALYZE rate_attempt")
            explain = "EXPLAIN DELETE FROM rate_attempt WHERE at <= %(cut)s"
            plan = connection.exec_driver_sql(explain, {"cut": now - RATE_WINDOW_MAX})
        else:
            explain = "EXPLAIN QUERY PLAN DELETE FROM rate_attempt WHERE at <= ?"
            plan = connection.exec_driver_sql(explain, (T.isoformat(),))
        text_plan = "\n".join(str(row[-1]) for row in plan)
    assert "ix_rate_attempt_at" in text_plan, text_plan
    assert "Seq Scan" not in text_plan and "SCAN rate_attempt" not in text_plan, text_plan
    store = Store(engine, zone="UTC")
    with store.accounts(write=True) as accounts:
        assert accounts.rate_limits.attempt("k", now, limit=1, window=timedelta(minutes=1))
