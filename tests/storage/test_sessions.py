"""Browser sessions on SQLite and PostgreSQL: they end idle and absolute, are written back at most
once a minute, and end one by one or all but one."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from tests.storage.conftest import T, add_account
from twitchwise.storage.store import Store
from twitchwise.storage.tables import WebSessionRow


def test_a_session_lives_while_used_until_12_hours_after_sign_in(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        token, started = accounts.sessions.start(alice, T)
    assert started.person_id == alice and len(started.csrf_token) >= 43
    at = T
    while at + timedelta(minutes=25) < T + timedelta(hours=12):
        at += timedelta(minutes=25)
        with store.accounts(write=True) as accounts:
            assert accounts.sessions.signed_in(token, at) == started, at
    with store.accounts(write=True) as accounts:
        assert accounts.sessions.signed_in(token, T + timedelta(hours=12)) is None
    with store.accounts(write=True) as accounts:
        # the row is gone
        assert accounts.sessions.signed_in(token, T + timedelta(hours=11)) is None
        assert accounts._db.scalar(select(func.count()).select_from(WebSessionRow)) == 0


def test_a_session_ends_after_30_idle_minutes(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        token, started = accounts.sessions.start(alice, T)
        assert accounts.sessions.signed_in(token, T + timedelta(minutes=30)) == started
    with store.accounts(write=True) as accounts:
        assert accounts.sessions.signed_in(token, T + timedelta(minutes=61)) is None
        assert accounts.sessions.signed_in(token, T + timedelta(minutes=31)) is None


def test_a_session_is_written_back_at_most_once_a_minute(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        token, _ = accounts.sessions.start(alice, T)

    def last_seen() -> datetime:
        with store.accounts() as accounts:
            return accounts._db.scalars(select(WebSessionRow.last_seen_at)).one()

    with store.accounts(write=True) as accounts:
        accounts.sessions.signed_in(token, T + timedelta(seconds=59))
    assert last_seen() == T
    with store.accounts(write=True) as accounts:
        accounts.sessions.signed_in(token, T + timedelta(seconds=61))
    assert last_seen() == T + timedelta(seconds=61)


def test_signing_out_ends_that_session_only(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        laptop, _ = accounts.sessions.start(alice, T)
        phone, on_phone = accounts.sessions.start(alice, T)
        assert laptop != phone
        accounts.sessions.end(laptop)
        accounts.sessions.end("not a token")
        assert accounts.sessions.signed_in(laptop, T) is None
        assert accounts.sessions.signed_in(phone, T) == on_phone
        accounts.sessions.end_all(alice)
        assert accounts.sessions.signed_in(phone, T) is None
        assert accounts.sessions.signed_in("", T) is None


def test_sessions_lists_the_live_ones_and_ending_the_others_keeps_one(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    with store.accounts(write=True) as accounts:
        accounts.sessions.start(alice, T - timedelta(minutes=40))  # idle too long by T
        _, second = accounts.sessions.start(alice, T - timedelta(minutes=5))
        _, third = accounts.sessions.start(alice, T)
        accounts.sessions.start(alice, T, pending=True)  # the code still to come
        _, bobs = accounts.sessions.start(bob, T)
        listed = accounts.sessions.of(alice, T)
        assert [s.id for s in listed] == [third.session_id, second.session_id]
        accounts.sessions.end_all(alice, keep=third.session_id)
        assert [s.id for s in accounts.sessions.of(alice, T)] == [third.session_id]
        assert [s.id for s in accounts.sessions.of(bob, T)] == [bobs.session_id]
