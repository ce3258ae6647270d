"""A web app on a fresh journal per test, driven by Starlette's TestClient (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.storage.conftest import NO_POSTGRES, POSTGRES_URL, postgres_engine
from twitchwise.answers import fill_with_demo
from twitchwise.settings import Settings, load_settings
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store
from twitchwise.web import create_app

NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path, time_zone="Europe/London", now=NOW)


@contextmanager
def store_on(database: str, settings: Settings) -> Iterator[Store | None]:
    """None (the settings' SQLite file) or a Store on a fresh PostgreSQL schema, dropped after;
    skipped, saying why, when TWITCHWISE_TEST_POSTGRES_URL names no server."""
    if database == "sqlite":
        yield None
        return
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    schema = f"w_{uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = postgres_engine(schema)
    try:
        upgrade(engine)
        yield Store(engine, settings.zone_name)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, settings: Settings) -> Iterator[TestClient]:
    """Every web test runs on SQLite, and on PostgreSQL when a server is there."""
    with store_on(request.param, settings) as store:
        app = create_app(settings, store=store)
        with TestClient(app, base_url="http://localhost") as test_client:
            yield test_client


@pytest.fixture
def demo_client(client: TestClient) -> TestClient:
    web = client.app.state.web  # type: ignore[attr-defined]
    fill_with_demo(web.store, web.clock.now(ZoneInfo(web.settings.zone_name)))
    return client
