"""A fresh database per test: an SQLite file, and PostgreSQL (a schema of its own) when
TWITCHWISE_TEST_POSTGRES_URL names a server; and what the tests of accounts and their parts
share."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pyotp
import pytest
from sqlalchemy import Engine, create_engine, event, select, text

from twitchwise.storage.accounts import Accounts
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store
from twitchwise.storage.tables import Base

POSTGRES_URL = os.environ.get("TWITCHWISE_TEST_POSTGRES_URL")
NO_POSTGRES = (
    "TWITCHWISE_TEST_POSTGRES_URL is not set: there is no PostgreSQL server to test against"
)
T = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)  # when the accounts tests happen
SECRET = "correct horse battery staple"  # noqa: S105 - a test account's password


def postgres_engine(schema: str) -> Engine:
    assert POSTGRES_URL is not None
    engine = make_engine(POSTGRES_URL)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.autocommit = True
        dbapi_connection.execute(f'SET search_path TO "{schema}"')
        dbapi_connection.autocommit = False

    return engine


@contextmanager
def postgres_schema() -> Iterator[Engine]:
    """An engine on a fresh, migrated schema of the test server, dropped afterwards; skipped,
    saying why, when TWITCHWISE_TEST_POSTGRES_URL names no server."""
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    schema = f"t_{uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = postgres_engine(schema)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'journal.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    with postgres_schema() as engine:
        yield engine


@pytest.fixture
def store(engine: Engine) -> Store:
    return Store(engine, zone="Europe/London")


def turn_on_second_factor(
    accounts: Accounts, person_id: int, password: str, at: datetime
) -> tuple[str, list[str]]:
    """Two-step sign-in on, as with an authenticator app at ``at``: (secret, recovery codes)."""
    secret = accounts.second_factor.start(person_id, password).secret
    return secret, accounts.second_factor.confirm(person_id, pyotp.TOTP(secret).at(at), at)


def add_account(store: Store, name: str, password: str = SECRET) -> int:
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
