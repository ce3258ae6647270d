"""A web app on a fresh journal per test, driven by Starlette's TestClient (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.storage.conftest import postgres_schema
from twitchwise.services.demo import fill_with_demo
from twitchwise.settings import Settings, load_settings
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
    with postgres_schema() as engine:
        yield Store(engine, settings.zone_name, clock=settings.clock())


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
