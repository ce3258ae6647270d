"""The shared rate-limit counter on SQLite and PostgreSQL: a moving window, keys kept only as
hashes, old attempts forgotten."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.storage.conftest import T, everything
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
