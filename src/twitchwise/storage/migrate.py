"""Bring a database to the newest schema with Alembic, configured in code so it works from a wheel.

The embedded SQLite file is copied aside (with SQLite's backup API) before an existing journal is
migrated, so a failed migration never costs a diary.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from twitchwise.storage.engine import sqlite_path

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head.
HEAD = "0017"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def ours(name: str | None, type_: str, _parents: object) -> bool:
    """For Alembic's comparisons: every object but procrastinate's tables, which migration 0009
    creates from procrastinate's own schema and no model describes."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _copy_aside(path: Path, revision: str) -> Path:
    target = path.with_name(f"{path.name}.before-{HEAD}-from-{revision}.bak")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def upgrade(engine: Engine) -> None:
    """Migrate to ``HEAD`` if needed; a no-op (one small query) when already there."""
    revision = current_revision(engine)
    if revision == HEAD:
        return
    from alembic import command
    from alembic.config import Config

    path = sqlite_path(engine)
    if path is not None and revision is not None:
        _copy_aside(path, revision)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
