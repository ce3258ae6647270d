"""Two-step sign-in on SQLite and PostgreSQL: turned on with a code from the new secret, each code
accepted once (also when sent twice at once), recovery codes, the pending session, turning it off
and resetting it."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pyotp
import pytest

from tests.storage.conftest import SECRET, T, add_account, everything, turn_on_second_factor
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.storage.sessions import PENDING_LIFETIME
from twitchwise.storage.store import Store


def test_turning_on_two_step_sign_in_needs_a_code_from_the_new_secret(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        assert not accounts.second_factor.is_on(alice)
        with pytest.raises(InputError) as no:
            accounts.second_factor.start(alice, "not the password")
        assert no.value.field == "password"
        setup = accounts.second_factor.start(alice, SECRET)
        assert setup.uri.startswith("otpauth://totp/twitchwise:alice?secret=" + setup.secret)
        assert len(setup.secret) == 32  # 160 bits of base32
        assert accounts.second_factor.setup(alice) == setup
        with pytest.raises(InputError) as wrong:
            accounts.second_factor.confirm(
                alice, "000000" if pyotp.TOTP(setup.secret).at(T) != "000000" else "111111", T
            )
        assert wrong.value.field == "code"
        assert not accounts.second_factor.is_on(alice)
        codes = accounts.second_factor.confirm(alice, pyotp.TOTP(setup.secret).at(T), T)
        assert accounts.second_factor.is_on(alice)
        assert accounts.second_factor.setup(alice) is None
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(c) == 19 and c.count("-") == 3 for c in codes)
    stored = [str(v) for _, row in everything(store) for v in row.values()]
    assert not any(c in value or c.replace("-", "") in value for c in codes for value in stored)


def test_a_code_works_once_within_a_step_either_side(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        secret, _ = turn_on_second_factor(accounts, alice, SECRET, T)
    totp = pyotp.TOTP(secret)
    later = T + timedelta(minutes=5)
    with store.accounts(write=True) as accounts:
        with pytest.raises(InputError):
            accounts.second_factor.check_code(alice, totp.at(T), later)  # ten steps old
        drifted = totp.at(later - timedelta(seconds=30))
        accounts.second_factor.check_code(alice, drifted, later)  # clock drift
        with pytest.raises(InputError):  # the same code again: a replay
            accounts.second_factor.check_code(alice, drifted, later)
        accounts.second_factor.check_code(
            alice, " ".join([totp.at(later)[:3], totp.at(later)[3:]]), later
        )
        with pytest.raises(InputError):
            accounts.second_factor.check_code(alice, totp.at(later), later)
        with pytest.raises(InputError):
            accounts.second_factor.check_code(alice, "12345", later)


def test_a_recovery_code_stands_in_once_and_new_ones_replace_the_old(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
    with store.accounts(write=True) as accounts:
        _, codes = turn_on_second_factor(accounts, alice, SECRET, T)
        _, bobs = turn_on_second_factor(accounts, bob, SECRET, T)
        with pytest.raises(InputError):
            # another person's code opens nothing
            accounts.second_factor.check_code(alice, bobs[0], T)
        typed = codes[0].upper().replace("-", " ")  # as typed from paper
        accounts.second_factor.check_code(alice, typed, T)
        with pytest.raises(InputError):
            accounts.second_factor.check_code(alice, codes[0], T)
        assert accounts.second_factor.recovery_codes_left(alice) == 9
        fresh = accounts.second_factor.renew_recovery_codes(alice, codes[1], T)
        assert accounts.second_factor.recovery_codes_left(alice) == 10
        with pytest.raises(InputError):
            accounts.second_factor.check_code(alice, codes[2], T)
        accounts.second_factor.check_code(alice, fresh[0], T)
        assert accounts.second_factor.recovery_codes_left(bob) == 10


def test_a_pending_session_opens_nothing_until_its_code_comes(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        secret, _ = turn_on_second_factor(accounts, alice, SECRET, T - timedelta(minutes=1))
        token, _ = accounts.sessions.start(alice, T, pending=True)
        assert accounts.sessions.signed_in(token, T) is None
        assert accounts.sessions.pending_person(token, T) == alice
        with pytest.raises(InputError):
            accounts.second_factor.finish_sign_in(
                token, "000000" if pyotp.TOTP(secret).at(T) != "000000" else "111111", T
            )
        full, signed_in = accounts.second_factor.finish_sign_in(token, pyotp.TOTP(secret).at(T), T)
        assert full != token and signed_in.person_id == alice
        assert accounts.sessions.signed_in(full, T) is not None
        assert accounts.sessions.pending_person(token, T) is None  # the pending token is spent
        late, _ = accounts.sessions.start(alice, T, pending=True)
        after = T + PENDING_LIFETIME
        assert accounts.sessions.pending_person(late, after) is None
        with pytest.raises(InputError):
            accounts.second_factor.finish_sign_in(late, pyotp.TOTP(secret).at(after), after)


def test_turning_off_needs_the_password_and_a_code_and_forgets_everything(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        secret, codes = turn_on_second_factor(accounts, alice, SECRET, T)
        with pytest.raises(InputError) as wrong:
            accounts.second_factor.turn_off(alice, "not the password", codes[0], T)
        assert wrong.value.field == "password"
        with pytest.raises(InputError):
            accounts.second_factor.turn_off(
                alice, SECRET, "999999" if pyotp.TOTP(secret).at(T) != "999999" else "111111", T
            )
        accounts.second_factor.turn_off(alice, SECRET, codes[0], T)
        assert not accounts.second_factor.is_on(alice)
        assert accounts.second_factor.recovery_codes_left(alice) == 0
        with pytest.raises(InputError):
            accounts.second_factor.check_code(alice, codes[1], T)


def test_whoever_runs_the_server_can_reset_a_lost_second_factor(store: Store) -> None:
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        turn_on_second_factor(accounts, alice, SECRET, T)
        token, _ = accounts.sessions.start(alice, T)
        assert accounts.second_factor.reset("alice") is True
        assert not accounts.second_factor.is_on(alice)
        assert accounts.sessions.signed_in(token, T) is None
        assert accounts.second_factor.reset("alice") is False
        with pytest.raises(NotFoundError):
            accounts.second_factor.reset("nobody")


def test_the_same_code_sent_twice_at_once_is_accepted_once(store: Store) -> None:
    """Two requests with one code (or one recovery code) in flight together: one wins."""
    alice = add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        secret, codes = turn_on_second_factor(accounts, alice, SECRET, T - timedelta(minutes=1))
    for code in (pyotp.TOTP(secret).at(T), codes[0]):
        inside = threading.Barrier(2)
        accepted: list[bool] = []

        def attempt(
            code: str = code, inside: threading.Barrier = inside, accepted: list[bool] = accepted
        ) -> None:
            try:
                with store.accounts(write=True) as accounts:
                    inside.wait(timeout=10)  # both units open before either checks
                    accounts.second_factor.check_code(alice, code, T)
                    time.sleep(0.2)  # hold the unit while the other one tries
                accepted.append(True)
            except InputError:
                accepted.append(False)

        threads = [threading.Thread(target=attempt) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(accepted) == [False, True], code
