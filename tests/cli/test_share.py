"""`twitchwise share create|list|revoke`: a link printed once, listed without its token, revoked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.cli.invoke import run
from twitchwise.settings import load_settings
from twitchwise.web import create_app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": "2026-11-24T14:05:00+00:00",
        "TWITCHWISE_TIME_ZONE": "Europe/Berlin",
        "TWITCHWISE_DATABASE_URL": "",
        "TWITCHWISE_PUBLIC_URL": "https://journal.example.net/",
    }


def test_create_prints_a_link_that_opens_until_revoked(env: dict[str, str], tmp_path: Path) -> None:
    made = run(env, "share", "create", "--days", "3")
    assert made.exit_code == 0, made.output
    link = re.search(r"https://journal\.example\.net/shared/([A-Za-z0-9_-]{43})\n", made.output)
    assert link is not None, made.output
    assert "Share link 1, without your notes, works until 2026-11-27 14:05 UTC." in made.output
    settings = load_settings(data_dir=tmp_path / "data", now="2026-11-24T15:00:00+00:00")
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        assert client.get(f"/shared/{link.group(1)}").status_code == 200
    listed = run(env, "share", "list")
    assert listed.exit_code == 0
    assert "1  active   until 2026-11-27 14:05 UTC  no notes  opened 1 time" in listed.output
    assert link.group(1) not in listed.output
    assert " page" in listed.output
    revoked = run(env, "share", "revoke", "1")
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert "1  revoked" in run(env, "share", "list").output
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        assert client.get(f"/shared/{link.group(1)}").status_code == 410


def test_wrong_days_and_unknown_ids_are_errors(env: dict[str, str]) -> None:
    too_long = run(env, "share", "create", "--days", "40")
    assert too_long.exit_code == 1
    assert "days: must be 1 to 31" in too_long.output
    unknown = run(env, "share", "revoke", "7")
    assert unknown.exit_code == 1
    assert "there is no share link 7" in unknown.output
    assert "No share links" in run(env, "share", "list").output
