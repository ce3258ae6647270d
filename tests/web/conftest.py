"""A web app on a fresh journal per test, driven by Starlette's TestClient (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from twitchwise.answers import fill_with_demo
from twitchwise.settings import Settings, load_settings
from twitchwise.web import create_app

NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path, time_zone="Europe/London", now=NOW)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://localhost") as test_client:
        yield test_client


@pytest.fixture
def demo_client(client: TestClient) -> TestClient:
    web = client.app.state.web  # type: ignore[attr-defined]
    fill_with_demo(web.store, web.clock.now(ZoneInfo(web.settings.zone_name)))
    return client
