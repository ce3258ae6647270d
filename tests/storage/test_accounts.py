"""Accounts on SQLite and PostgreSQL: argon2id hashes with OWASP's parameters, the same work for
an unknown name, sessions that end idle and absolute, tokens kept only as hashes, erase that
leaves nothing of a person in any table, and a shared rate-limit counter."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import Engine, func, select

from tests.storage.conftest import turn_on_second_factor
from twitchwise.credentials import PasswordHashing, owasp_argon2id
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse, Note
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.storage.journal import Journal
from twitchwise.storage.sessions import PENDING_LIFETIME
from twitchwise.storage.store import Store
from twitchwise.storage.tables import AccountRow, Base, WebSessionRow

T = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
SECRET = "correct horse battery staple"  # noqa: S105 - a test account's password


class CountingHasher(PasswordHasher):
    """The accounts' usual hasher, counting the work it does."""

    def __init__(self) -> None:
        base = owasp_argon2id()
        super().__init__(
            time_cost=base.time_cost,
            memory_cost=base.memory_cost,
            parallelism=base.parallelism,
            hash_len=base.hash_len,
            salt_len=base.salt_len,
            type=base.type,
        )
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


def add(store: Store, name: str, password: str = SECRET) -> int:
    with store.accounts(write=True) as accounts:
        return accounts.add(name, password, zone="Europe/Paris", now=T)


def everything(store: Store) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of every table, as (table name, row): on PostgreSQL as the database's
    administrator, whom row-level security does not bind (the app's role sees no diary row
    outside a person's transaction)."""
    with store.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL ROLE NONE")
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                yield table.name, dict(row)


# -- passwords -------------------------------------------------------------------------------


def test_a_password_is_kept_as_argon2id_with_owasps_parameters(store: Store) -> None:
    add(store, "alice")
    with store.accounts() as accounts:
        stored = accounts._db.scalars(select(AccountRow.password_hash)).one()
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19456, 2, 1)
    assert all(SECRET not in str(value) for _, row in everything(store) for value in row.values())


def test_the_right_password_signs_in_and_a_wrong_one_does_not(store: Store) -> None:
    alice = add(store, "alice")
    add(store, "bob", "another long passphrase")
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", SECRET) == alice
        assert accounts.verify("alice", SECRET.upper()) is None
        assert accounts.verify("alice", "another long passphrase") is None
        assert accounts.verify("Alice", SECRET) is None


def test_an_unknown_name_costs_the_same_verify_as_a_wrong_password(engine: Engine) -> None:
    hasher = CountingHasher()
    store = Store(engine, zone="Europe/London", passwords=PasswordHashing(hasher))
    add(store, "alice")
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", "wrong password") is None
        after_wrong = hasher.verified
        assert accounts.verify("nobody", "wrong password") is None
        after_unknown = hasher.verified
    assert after_wrong == 1
    assert after_unknown - after_wrong == 1


def test_an_old_weaker_hash_is_upgraded_at_the_next_sign_in(store: Store) -> None:
    alice = add(store, "alice")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(SECRET)
    with store.accounts(write=True) as accounts:
        accounts._db.scalars(select(AccountRow)).one().password_hash = weak
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", SECRET) == alice
    with store.accounts() as accounts:
        upgraded = accounts._db.scalars(select(AccountRow.password_hash)).one()
    assert extract_parameters(upgraded).memory_cost == 19456
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", SECRET) == alice


@pytest.mark.parametrize(
    "password",
    [
        "short12",
        "x" * 1025,
        "password1",
        "PassWord123",
        "qwertyuiop",
        "alice.smith",
        "twitchwise1",
        "LeaveMeAlone",  # about the 2,900th most common password
        "tinkerbell",
        "11234567",  # about the 30,000th
    ],
)
def test_a_short_long_or_common_password_is_refused(store: Store, password: str) -> None:
    with pytest.raises(InputError) as refused, store.accounts(write=True) as accounts:
        accounts.add("alice.smith", password, zone="UTC", now=T)
    assert refused.value.field == "password"
    with store.accounts() as accounts:
        assert accounts.names() == []


@pytest.mark.parametrize("password", ["8 chars!", "y" * 1024, "ünïcødé pässwörd 🔑"])
def test_any_characters_from_8_to_1024_are_taken_exactly(store: Store, password: str) -> None:
    alice = add(store, "alice", password)
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", password) == alice
        assert accounts.verify("alice", password[:-1]) is None


def test_changing_the_password_needs_the_current_one_and_ends_every_session(
    store: Store,
) -> None:
    alice = add(store, "alice")
    with store.accounts(write=True) as accounts:
        token, _ = accounts.sessions.start(alice, T)
        with pytest.raises(InputError) as wrong:
            accounts.change_password(alice, "not my password", "a brand new secret", T)
        assert wrong.value.field == "current_password"
        with pytest.raises(InputError) as weak:
            accounts.change_password(alice, SECRET, "password", T)
        assert weak.value.field == "new_password"
        assert accounts.sessions.signed_in(token, T) is not None
        accounts.change_password(alice, SECRET, "a brand new secret", T)
        assert accounts.sessions.signed_in(token, T) is None
        assert accounts.verify("alice", SECRET) is None
        assert accounts.verify("alice", "a brand new secret") == alice


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["", "a" * 101, "al ice", "bob/..", "élan", "semi;colon", "me", "ME", "tab\there"]
)
def test_a_name_must_be_1_to_100_plain_characters_and_not_me(store: Store, name: str) -> None:
    with pytest.raises(InputError) as refused, store.accounts(write=True) as accounts:
        accounts.add(name, SECRET, zone="UTC", now=T)
    assert refused.value.field == "name"


def test_a_taken_name_is_refused_whatever_its_case(store: Store) -> None:
    add(store, "alice")
    for name in ("alice", "ALICE"):
        with pytest.raises(InputError) as refused, store.accounts(write=True) as accounts:
            accounts.add(name, "some other secret", zone="UTC", now=T)
        assert refused.value.field == "name"
    add(store, "a" * 100)
    add(store, "Bob_the-2nd.x")
    with store.accounts() as accounts:
        assert accounts.names() == sorted(["alice", "a" * 100, "Bob_the-2nd.x"])


def test_the_local_person_is_not_an_account(store: Store) -> None:
    store.owner_id()
    with store.accounts() as accounts:
        assert accounts.names() == []
    with pytest.raises(NotFoundError) as missing, store.accounts(write=True) as accounts:
        accounts.remove("me")
    assert missing.value.field == "name"
    with store.read() as journal:
        assert journal.profile().name == "me"


# -- sessions --------------------------------------------------------------------------------


def test_a_session_lives_while_used_until_12_hours_after_sign_in(store: Store) -> None:
    alice = add(store, "alice")
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
    alice = add(store, "alice")
    with store.accounts(write=True) as accounts:
        token, started = accounts.sessions.start(alice, T)
        assert accounts.sessions.signed_in(token, T + timedelta(minutes=30)) == started
    with store.accounts(write=True) as accounts:
        assert accounts.sessions.signed_in(token, T + timedelta(minutes=61)) is None
        assert accounts.sessions.signed_in(token, T + timedelta(minutes=31)) is None


def test_a_session_is_written_back_at_most_once_a_minute(store: Store) -> None:
    alice = add(store, "alice")
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
    alice = add(store, "alice")
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


# -- API tokens ------------------------------------------------------------------------------


def test_an_api_token_names_its_owner_and_is_stored_only_as_a_hash(store: Store) -> None:
    alice, bob = add(store, "alice"), add(store, "bob")
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
    alice, bob = add(store, "alice"), add(store, "bob")
    with store.accounts(write=True) as accounts:
        token = accounts.tokens.issue(alice, "script", T)
        [info] = accounts.tokens.of(alice)
        with pytest.raises(NotFoundError):
            accounts.tokens.revoke(bob, info.id)
        assert accounts.tokens.owner(token, T) == alice
        accounts.tokens.revoke(alice, info.id)
        assert accounts.tokens.owner(token, T) is None
        assert accounts.tokens.of(alice) == []


# -- erase -----------------------------------------------------------------------------------


def fill(store: Store, person_id: int) -> None:
    """A row of every kind a person can own."""
    with store.accounts(write=True) as accounts:
        accounts.sessions.start(person_id, T)
        accounts.tokens.issue(person_id, "phone", T)
        turn_on_second_factor(accounts, person_id, SECRET, T)  # its recovery codes
        journal = Journal(accounts._db, person_id)
        journal.add(LoggedEpisode.model_validate({"kind": "cramp", "started_at": T}))
        journal.add(Exposure(type=ExposureType.CAFFEINE, started_at=T, amount=96.0))
        journal.add(MedicationCourse(name="magnesium", dose_mg_per_day=200.0))
        journal.add(Note(at=T, text="new shoes"))
        journal.upsert_measures(
            [DailyMeasure(day=date(2026, 11, 23), kind=MeasureKind.HRV_SDNN_MS, value=41.0)]
        )
    with store.jobs() as jobs:
        jobs.add(f"job{person_id}", person_id, "csv", "diary.csv", "/nowhere/diary.csv", T)


def owned(store: Store) -> dict[str, list[int]]:
    """The person ids found in each table that has a person_id column."""
    found: dict[str, list[int]] = {}
    for table, row in everything(store):
        if "person_id" in row:
            found.setdefault(table, []).append(row["person_id"])
    return found


def test_erase_leaves_nothing_of_the_person_in_any_table_and_others_intact(store: Store) -> None:
    alice, bob = add(store, "alice"), add(store, "bob")
    fill(store, alice)
    fill(store, bob)
    before = owned(store)
    with_owner = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.c}
    assert set(before) == with_owner, "fill() must put a row in every table a person owns"
    assert all(alice in ids and bob in ids for ids in before.values())
    with store.accounts(write=True) as accounts:
        assert accounts.erase(alice) == [Path("/nowhere/diary.csv")], "her waiting upload"
    after = owned(store)
    assert after == {table: [i for i in ids if i != alice] for table, ids in before.items()}
    people = [row["name"] for table, row in everything(store) if table == "person"]
    assert people == ["bob"]
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", SECRET) is None
        assert accounts.verify("bob", SECRET) == bob
        with pytest.raises(NotFoundError):
            accounts.erase(alice)


def test_remove_erases_by_name_and_says_when_the_name_is_unknown(store: Store) -> None:
    alice = add(store, "alice")
    add(store, "bob")
    fill(store, alice)
    with store.accounts(write=True) as accounts:
        accounts.remove("alice")
        with pytest.raises(NotFoundError) as missing:
            accounts.remove("alice")
    assert missing.value.field == "name"
    assert all(alice not in ids for ids in owned(store).values())
    with store.accounts() as accounts:
        assert accounts.names() == ["bob"]


# -- rate limits -----------------------------------------------------------------------------


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


# -- two-step sign-in ------------------------------------------------------------------------


def test_turning_on_two_step_sign_in_needs_a_code_from_the_new_secret(store: Store) -> None:
    alice = add(store, "alice")
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
    alice = add(store, "alice")
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
    alice, bob = add(store, "alice"), add(store, "bob")
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
    alice = add(store, "alice")
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
    alice = add(store, "alice")
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
    alice = add(store, "alice")
    with store.accounts(write=True) as accounts:
        turn_on_second_factor(accounts, alice, SECRET, T)
        token, _ = accounts.sessions.start(alice, T)
        assert accounts.second_factor.reset("alice") is True
        assert not accounts.second_factor.is_on(alice)
        assert accounts.sessions.signed_in(token, T) is None
        assert accounts.second_factor.reset("alice") is False
        with pytest.raises(NotFoundError):
            accounts.second_factor.reset("nobody")


def test_sessions_lists_the_live_ones_and_ending_the_others_keeps_one(store: Store) -> None:
    alice, bob = add(store, "alice"), add(store, "bob")
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


def test_the_same_code_sent_twice_at_once_is_accepted_once(store: Store) -> None:
    """Two requests with one code (or one recovery code) in flight together: one wins."""
    alice = add(store, "alice")
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
