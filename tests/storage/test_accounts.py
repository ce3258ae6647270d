"""Accounts on SQLite and PostgreSQL: argon2id hashes with OWASP's parameters, the same work for
an unknown name, the password and name rules, and erase that leaves nothing of a person in any
table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import Engine, select

from tests.storage.conftest import SECRET, T, add_account, everything, turn_on_second_factor
from twitchwise.credentials import PasswordHashing, owasp_argon2id
from twitchwise.domain.assessment import VisitOutcome
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.domain.experiments import Change, DesignKind
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import DoctorVisit, LoggedEpisode, MedicationCourse, Note
from twitchwise.domain.measures import DailyMeasure, MeasureKind
from twitchwise.storage.experiments import Plan
from twitchwise.storage.journal import Journal
from twitchwise.storage.sharing_tables import PushSubscriptionRow, ReminderRow
from twitchwise.storage.store import Store
from twitchwise.storage.tables import AccountRow, Base


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


# -- passwords -------------------------------------------------------------------------------


def test_a_password_is_kept_as_argon2id_with_owasps_parameters(store: Store) -> None:
    add_account(store, "alice")
    with store.accounts() as accounts:
        stored = accounts._db.scalars(select(AccountRow.password_hash)).one()
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19456, 2, 1)
    assert all(SECRET not in str(value) for _, row in everything(store) for value in row.values())


def test_the_right_password_signs_in_and_a_wrong_one_does_not(store: Store) -> None:
    alice = add_account(store, "alice")
    add_account(store, "bob", "another long passphrase")
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", SECRET) == alice
        assert accounts.verify("alice", SECRET.upper()) is None
        assert accounts.verify("alice", "another long passphrase") is None
        assert accounts.verify("Alice", SECRET) is None


def test_an_unknown_name_costs_the_same_verify_as_a_wrong_password(engine: Engine) -> None:
    hasher = CountingHasher()
    store = Store(engine, zone="Europe/London", passwords=PasswordHashing(hasher))
    add_account(store, "alice")
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", "wrong password") is None
        after_wrong = hasher.verified
        assert accounts.verify("nobody", "wrong password") is None
        after_unknown = hasher.verified
    assert after_wrong == 1
    assert after_unknown - after_wrong == 1


def test_an_old_weaker_hash_is_upgraded_at_the_next_sign_in(store: Store) -> None:
    alice = add_account(store, "alice")
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
    alice = add_account(store, "alice", password)
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", password) == alice
        assert accounts.verify("alice", password[:-1]) is None


def test_changing_the_password_needs_the_current_one_and_ends_every_session(
    store: Store,
) -> None:
    alice = add_account(store, "alice")
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
    add_account(store, "alice")
    for name in ("alice", "ALICE"):
        with pytest.raises(InputError) as refused, store.accounts(write=True) as accounts:
            accounts.add(name, "some other secret", zone="UTC", now=T)
        assert refused.value.field == "name"
    add_account(store, "a" * 100)
    add_account(store, "Bob_the-2nd.x")
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


# -- erase -----------------------------------------------------------------------------------


PLAN = Plan(Change.NO_ALCOHOL, DesignKind.DAYS, date(2026, 11, 25), 4, 1234, 1, 0, 0.5, "", 3.0)


def fill(store: Store, person_id: int) -> None:
    """A row of every kind a person can own."""
    with store.accounts(write=True) as accounts:
        accounts.sessions.start(person_id, T)
        accounts.tokens.issue(person_id, "phone", T)
        accounts.places.note(person_id, "203.0.113.9", T)
        turn_on_second_factor(accounts, person_id, SECRET, T)  # its recovery codes
        journal = Journal(accounts._db, person_id)
        journal.add(LoggedEpisode.model_validate({"kind": "cramp", "started_at": T}))
        journal.add(Exposure(type=ExposureType.CAFFEINE, started_at=T, amount=96.0))
        journal.add(MedicationCourse(name="magnesium", dose_mg_per_day=200.0))
        journal.add(Note(at=T, text="new shoes"))
        journal.add(DoctorVisit(on=T.date(), outcome=VisitOutcome.REASSURED))
        journal.upsert_measures(
            [DailyMeasure(day=date(2026, 11, 23), kind=MeasureKind.HRV_SDNN_MS, value=41.0)]
        )
    with store.jobs() as jobs:
        jobs.add(f"job{person_id}", person_id, "csv", "diary.csv", "/nowhere/diary.csv", T)
    with store.replays(person_id) as replays:  # an Idempotency-Key and its answer
        assert replays.claim("phone-entry-1", "POST /api/v1/episodes x", T) is None
        replays.answer("phone-entry-1", 201, "application/json", "", b"{}")
    with store.experiments(person_id, write=True) as experiments:  # an experiment and a day
        made = experiments.start(PLAN, T)
        experiments.record(made.id, PLAN.start, True, T)
    with store.shares() as shares:
        _, token = shares.create(person_id, 7, T)
        shares.log_view(shares.opened(token, T), T, "page", "203.0.113.9", "Firefox on Linux")
        db = shares._db
        db.add(
            ReminderRow(
                person_id=person_id,
                name="evening",
                kind="checkin",
                at_minute=21 * 60,
                channel="json://localhost/",
                message="",
                created_at=T,
            )
        )
        db.add(
            PushSubscriptionRow(
                person_id=person_id,
                endpoint="https://push.example/1",
                p256dh="key",
                auth="auth",
                created_at=T,
            )
        )


def owned(store: Store) -> dict[str, list[int]]:
    """The person ids found in each table that has a person_id column."""
    found: dict[str, list[int]] = {}
    for table, row in everything(store):
        if "person_id" in row:
            found.setdefault(table, []).append(row["person_id"])
    return found


def test_erase_leaves_nothing_of_the_person_in_any_table_and_others_intact(store: Store) -> None:
    alice, bob = add_account(store, "alice"), add_account(store, "bob")
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
    alice = add_account(store, "alice")
    add_account(store, "bob")
    fill(store, alice)
    with store.accounts(write=True) as accounts:
        accounts.remove("alice")
        with pytest.raises(NotFoundError) as missing:
            accounts.remove("alice")
    assert missing.value.field == "name"
    assert all(alice not in ids for ids in owned(store).values())
    with store.accounts() as accounts:
        assert accounts.names() == ["bob"]
