"""API tokens on SQLite and PostgreSQL: kept only as hashes, revoked by their owner only, and
ended by a new password."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.storage.conftest import SECRET, T, add_account, everything
from twitchwise.domain.errors import NotFoundError
from twitchwise.storage.store import Store


def test_an_api_token_names_its_owner_and_is_stored_only_as_a_hash(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    with store.accounts(write=True) as accounts:
        token = accounts.tokens.issue(alice, "phone", T)
        cookie, _ = accounts.sessions.start(alice, T)
        assert accounts.tokens.owner(token, T + timedelta(minutes=5)) == alice
        assert accounts.tokens.owner(token + "x", T) is None
        assert accounts.tokens.of(bob) == []
        [info] = accounts.tokens.of(alice)
    assert (info.label, info.created_at, info.last_used_at) == (
        "phone",
        T,
        T + timedelta(minutes=5),
    )
    assert len(token) >= 43 and token not in repr(info)
    cells = [str(value) for _, row in everything(store) for value in row.values()]
    assert not [cell for cell in cells if token in cell or cookie in cell]


def test_a_token_can_be_revoked_by_its_owner_only(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    with store.accounts(write=True) as accounts:
        token = accounts.tokens.issue(alice, "script", T)
        [info] = accounts.tokens.of(alice)
        with pytest.raises(NotFoundError):
            accounts.tokens.revoke(bob, info.id)
        assert accounts.tokens.owner(token, T) == alice
        accounts.tokens.revoke(alice, info.id)
        assert accounts.tokens.owner(token, T) is None
        assert accounts.tokens.of(alice) == []


@pytest.mark.parametrize("how", ["change", "reset"])
def test_a_new_password_ends_every_api_token_of_the_person_and_no_one_elses(
    store: Store, how: str
) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    with store.accounts(write=True) as accounts:
        phone = accounts.tokens.issue(alice, "phone", T)
        script = accounts.tokens.issue(alice, "script", T)
        bobs = accounts.tokens.issue(bob, "bob's", T)
        if how == "change":
            accounts.change_password(alice, SECRET, "a brand new secret", T)
        else:
            accounts.reset_password("alice", "a brand new secret", T)
    with store.accounts() as accounts:
        assert accounts.tokens.owner(phone, T, write=False) is None
        assert accounts.tokens.owner(script, T, write=False) is None
        assert accounts.tokens.of(alice) == []
        assert accounts.tokens.owner(bobs, T, write=False) == bob
