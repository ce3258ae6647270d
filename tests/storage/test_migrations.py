"""Migrations: one linear chain, HEAD is its end, and the models and the migrations agree."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from tests.storage.conftest import NO_POSTGRES, POSTGRES_URL
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import HEAD, MIGRATIONS, current_revision, ours, upgrade
from twitchwise.storage.tables import Base


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_the_chain_is_linear_and_head_is_its_end() -> None:
    directory = scripts()
    assert directory.get_heads() == [HEAD]
    chain = list(directory.walk_revisions())
    assert chain[-1].down_revision is None
    for newer, older in itertools.pairwise(chain):
        assert newer.down_revision == older.revision


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) == HEAD
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": ours}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    before = sorted(inspect(engine).get_table_names())
    upgrade(engine)
    assert sorted(inspect(engine).get_table_names()) == before
    assert {"person", "episode", "exposure", "medication_course", "note"} <= set(before)


def test_an_empty_database_is_created_from_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'journal.db'}")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == HEAD
    assert (tmp_path / "new" / "journal.db").stat().st_mode & 0o777 == 0o600


def test_server_options_in_the_url_are_kept_beside_utc() -> None:
    """``?options=-csearch_path%3D...`` (a schema of its own) works; sessions stay in UTC."""
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    joiner = "&" if "?" in POSTGRES_URL else "?"
    engine = make_engine(f"{POSTGRES_URL}{joiner}options=-csearch_path%3Delsewhere")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW search_path")).scalar() == "elsewhere"
            assert connection.execute(text("SHOW timezone")).scalar() == "UTC"
    finally:
        engine.dispose()
