"""PostgreSQL's row-level security, the second wall beneath the owner-scoped journal
(shared/SECURITY.md 3.7), checked on the database itself: the app's role sees no diary row
outside a person's transaction, only that person's inside it, cannot write a row for someone
else, and the setting dies with the transaction. Every table with a ``person_id`` is either
under forced RLS or named here with the reason it is not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.exc import ProgrammingError

from tests.storage.conftest import postgres_schema
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode, Note, ref_of
from twitchwise.storage.engine import APP_ROLE, PERSON_SETTING, act_for
from twitchwise.storage.store import Store
from twitchwise.storage.tables import Base, EpisodeRow, ExposureRow, PersonRow

T = datetime(2026, 11, 24, 8, tzinfo=UTC)
# Tables with a person_id that are not diary data, and why RLS is not on them.
NOT_DIARY = {
    "account": "looked up by name at sign-in, before anyone is known",
    "web_session": "looked up by the cookie's hash, before anyone is known",
    "api_token": "looked up by the token's hash, before anyone is known",
    "recovery_code": "checked at sign-in's second step, by the pending session's person",
    "sign_in_place": "looked up at sign-in, before anyone is known",
    "import_job": "the queue: a worker claims any person's next job, then imports as them",
    "share_link": "looked up by the link's token hash, by a doctor who is not signed in",
    "share_view": "written as a share link is opened, before anyone here is known",
    "reminder": "the sender claims any person's due reminder, then sends it for them",
    "push_subscription": "read by the sender for the person of the reminder it claimed",
}


@pytest.fixture
def engine() -> Iterator[Engine]:
    with postgres_schema() as found:
        yield found


@pytest.fixture
def people(engine: Engine) -> tuple[Store, int, int]:
    """Alice's and Bob's diaries, an episode, a coffee and a note each; the store runs as the
    app's role from here on."""
    store = Store(engine, zone="UTC")
    ids = []
    for name in ("alice", "bob"):
        with store.accounts(write=True) as accounts:
            ids.append(accounts.add(name, f"{name} has a long password", zone="UTC", now=T))
        with store.write(ids[-1]) as journal:
            journal.add(LoggedEpisode.model_validate({"kind": "cramp", "started_at": T}))
            journal.add(Exposure(type=ExposureType.CAFFEINE, started_at=T, amount=95.0))
            journal.add(Note(at=T, text=f"{name}'s note"))
    return store, ids[0], ids[1]


def count(connection: Connection, table: str = "episode") -> int:
    return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608


def test_the_app_runs_as_a_role_that_row_security_binds(people: tuple[Store, int, int]) -> None:
    store, _, _ = people
    with store.engine.connect() as connection:
        role = connection.execute(
            text(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
        assert tuple(role) == (APP_ROLE, False, False)
        owners = connection.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        assert APP_ROLE not in set(owners), "the app's role owns no table"


def test_the_tables_left_out_are_real_tables_with_a_person() -> None:
    owned = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.c}
    assert set(NOT_DIARY) <= owned, "NOT_DIARY names a table that has no person_id"


def test_each_diary_table_is_under_forced_rls_with_the_owner_policy(
    people: tuple[Store, int, int],
) -> None:
    store, _, _ = people
    diary = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.c} - set(NOT_DIARY)
    with store.engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
            )
        ).all()
        policies = set(
            connection.execute(
                text("SELECT tablename FROM pg_policies WHERE schemaname = current_schema()")
            ).scalars()
        )
    secured = {name for name, on, forced in found if on and forced}
    assert diary <= secured, f"diary tables without forced row security: {diary - secured}"
    assert diary <= policies


def test_without_a_person_the_app_sees_no_diary_row(people: tuple[Store, int, int]) -> None:
    store, _, _ = people
    with store.engine.connect() as connection:
        for table in ("episode", "exposure", "note"):
            assert count(connection, table) == 0
        connection.exec_driver_sql("SET LOCAL ROLE NONE")  # the administrator: all rows
        assert count(connection) == 2


def test_for_a_person_the_app_sees_and_changes_only_their_rows(
    people: tuple[Store, int, int],
) -> None:
    store, alice, bob = people
    with store.engine.begin() as connection:
        act_for(connection, bob)
        bobs = connection.execute(select(EpisodeRow.id)).scalar_one()
    with store.engine.begin() as connection:
        act_for(connection, alice)
        assert count(connection) == 1
        assert set(connection.execute(select(EpisodeRow.person_id)).scalars()) == {alice}
        changed = connection.execute(
            update(EpisodeRow).where(EpisodeRow.id == bobs).values(notes="changed by alice")
        )
        assert changed.rowcount == 0
        gone = connection.execute(text("DELETE FROM exposure WHERE person_id = :p"), {"p": bob})
        assert gone.rowcount == 0
    with store.read(bob) as journal:
        assert journal.get(ref_of(journal.episodes()[0])).notes != "changed by alice"
        assert len(journal.exposures()) == 1


def test_a_row_for_someone_else_is_refused(people: tuple[Store, int, int]) -> None:
    store, alice, bob = people
    with pytest.raises(ProgrammingError, match="row-level security"), store.engine.begin() as c:
        act_for(c, alice)
        c.execute(
            ExposureRow.__table__.insert().values(
                person_id=bob,
                type="caffeine",
                started_at=T,
                started_offset_minutes=0,
                amount=1.0,
                dedupe_key="planted",
                source="test",
                created_at=T,
            )
        )


def test_the_person_does_not_outlive_the_transaction(people: tuple[Store, int, int]) -> None:
    store, alice, _ = people
    with store.engine.connect() as connection:
        with connection.begin():
            act_for(connection, alice)
            assert count(connection) == 1
        with connection.begin():  # the same pooled connection, the next request
            assert connection.execute(
                text(f"SELECT current_setting('{PERSON_SETTING}', true)")
            ).scalar_one() in ("", None)
            assert count(connection) == 0


def test_a_query_that_forgets_the_owner_still_gets_only_the_persons_rows(
    people: tuple[Store, int, int],
) -> None:
    """The second wall: even a journal query with no WHERE person_id stays in the diary."""
    store, alice, _ = people
    with store.read(alice) as journal:
        rows = journal._session.execute(select(EpisodeRow.person_id, EpisodeRow.id)).all()
        persons = journal._session.scalars(select(PersonRow.id)).all()
    assert {person for person, _ in rows} == {alice}
    assert len(persons) == 2, "the person table itself is not diary data"


def test_erasing_one_person_leaves_the_other_whole(people: tuple[Store, int, int]) -> None:
    store, alice, bob = people
    with store.accounts(write=True) as accounts:
        accounts.erase(alice)
    with store.engine.connect() as connection:
        connection.exec_driver_sql("SET LOCAL ROLE NONE")
        left = set(connection.execute(select(EpisodeRow.person_id)).scalars())
        notes = count(connection, "note")
    assert left == {bob} and notes == 1


def test_a_backup_restored_beside_other_people_takes_new_ids(
    people: tuple[Store, int, int],
) -> None:
    store, alice, bob = people
    with store.read(bob) as journal:
        backup = journal.backup(exported_at=T)
    with store.accounts(write=True) as accounts:
        carol = accounts.add("carol", "carol has a long password", zone="UTC", now=T)
    with store.write(carol) as journal:
        report = journal.restore(backup)
        assert report.added == 3
        restored = journal.episodes()
    assert restored[0].id != backup.episodes[0].id, "Bob's ids stay Bob's"
    with store.read(bob) as journal:
        assert journal.episodes() == list(backup.episodes)
    assert alice != carol
