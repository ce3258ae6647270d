"""make_engine(url): SQLite tuned for a durable single-file journal, or PostgreSQL in UTC.

SQLite (shared/SECURITY.md section 3.6): WAL with synchronous=FULL, foreign keys, secure_delete,
a busy timeout, and ``BEGIN IMMEDIATE`` for every transaction that may write. A deferred BEGIN
that reads and then writes fails at once with "database is locked" whatever the timeout;
IMMEDIATE waits its turn. Read-only work opts out with ``engine.execution_options(read_only=True)``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 10_000

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA secure_delete=ON",
)


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def _prepare_sqlite_file(database: str | None) -> None:
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Health data: readable by its owner only, from the first byte.
        path.touch(mode=0o600)


def _sqlite_engine(url: str, **options: Any) -> Engine:
    parsed = make_url(url)
    _prepare_sqlite_file(parsed.database)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True, **options
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get("read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``; SQLite files are created (mode 0600) with their folder. Its errors
    never show the statement's parameters (``hide_parameters``): they are a person's diary, and
    an error's text reaches the server log."""
    if is_sqlite(url):
        return _sqlite_engine(url, **options)
    # Sessions in UTC; server options given in the URL (``?options=-csearch_path%3Dtw``, for a
    # schema of its own) are kept beside it.
    given = make_url(url).query.get("options")
    given = " ".join(given) if isinstance(given, tuple) else given
    server_options = " ".join(part for part in ("-c timezone=UTC", given) if part)
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"options": server_options},
        hide_parameters=True,
        **options,
    )


# PostgreSQL row-level security (migration 0008): the role the app runs as, and the setting that
# names the person of the current transaction.
APP_ROLE = "twitchwise_app"
PERSON_SETTING = "twitchwise.person"


def _take_app_role(dbapi_connection: Any, _record: Any) -> None:
    was = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        member = dbapi_connection.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s AND pg_has_role(rolname, 'MEMBER')",
            (APP_ROLE,),
        ).fetchone()
        if member is not None:
            dbapi_connection.execute(f"SET ROLE {APP_ROLE}")
    finally:
        dbapi_connection.autocommit = was


def act_for(unit: Session | Connection, person_id: int) -> None:
    """PostgreSQL: name the person whose diary rows this transaction may see and write
    (``set_config(..., true)``: it ends with the transaction, so a pooled connection never
    carries it to the next request). Nothing on SQLite."""
    dialect = unit.get_bind().dialect if isinstance(unit, Session) else unit.dialect
    if dialect.name == "postgresql":
        unit.execute(select(func.set_config(PERSON_SETTING, str(person_id), True)))


def run_as_app_role(engine: Engine) -> None:
    """PostgreSQL: every connection ``engine`` opens from now on takes the role ``twitchwise_app``
    (not the tables' owner, no BYPASSRLS), so row-level security binds the app even when the
    database URL names a superuser; migrations ran before, as that user. Where the user is not a
    member of the role (it could not be created), it stays itself and FORCEd RLS binds it as the
    tables' owner. Nothing on SQLite."""
    if engine.dialect.name != "postgresql" or event.contains(engine, "connect", _take_app_role):
        return
    engine.dispose()  # connections opened before (the migration's) keep the user's own role
    event.listen(engine, "connect", _take_app_role)


def sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if not is_sqlite(engine) or not database or database == ":memory:":
        return None
    return Path(os.path.abspath(database))
