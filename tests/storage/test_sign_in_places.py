"""The places each person signed in from, on SQLite and PostgreSQL: per person, kept only as
hashes, forgotten after 30 days without a sign-in."""

from __future__ import annotations

from datetime import timedelta

from tests.storage.conftest import T, add_account, everything
from twitchwise.storage.sign_in_places import PLACE_KEPT
from twitchwise.storage.store import Store

HOME = "2001:db8:aa:bb::/64"


def test_a_place_is_known_for_its_person_only_and_for_thirty_days(store: Store) -> None:
    alice = add_account(store, "alice")
    add_account(store, "bob")
    with store.accounts(write=True) as accounts:
        assert not accounts.places.known("alice", HOME, T)
        accounts.places.note(alice, HOME, T)
        assert accounts.places.known("alice", HOME, T)
        assert accounts.places.known("ALICE", HOME, T), "names are one whatever their case"
        assert not accounts.places.known("bob", HOME, T)
        assert not accounts.places.known("nobody", HOME, T)
        assert not accounts.places.known("alice", "198.51.100.7", T)
        assert accounts.places.known("alice", HOME, T + PLACE_KEPT - timedelta(seconds=1))
        assert not accounts.places.known("alice", HOME, T + PLACE_KEPT)
    cells = [str(row) for table, row in everything(store) if table == "sign_in_place"]
    assert len(cells) == 1 and "2001:db8" not in cells[0]


def test_a_new_sign_in_keeps_a_place_and_old_places_are_forgotten(store: Store) -> None:
    alice = add_account(store, "alice")
    later = T + timedelta(days=20)
    with store.accounts(write=True) as accounts:
        accounts.places.note(alice, HOME, T)
        accounts.places.note(alice, "198.51.100.7", T)
        accounts.places.note(alice, HOME, later)
        assert accounts.places.known("alice", HOME, later + timedelta(days=29))
        accounts.places.note(alice, "192.0.2.1", T + PLACE_KEPT + timedelta(days=1))
    assert len([t for t, _ in everything(store) if t == "sign_in_place"]) == 2, (
        "the place unused for 30 days is gone, the one used again stays"
    )
