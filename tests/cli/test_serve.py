"""`twitchwise serve` and `twitchwise worker` refuse, with a message and exit 1, what would be
unsafe or could not work, before anything is served."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from twitchwise.cli import app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"TWITCHWISE_DATA_DIR": str(tmp_path), "TWITCHWISE_DATABASE_URL": ""}


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])  # noqa: S104 - refused
def test_without_accounts_only_loopback_is_served(env: dict[str, str], host: str) -> None:
    refused = CliRunner().invoke(app, ["serve", "--host", host], env=env)
    assert refused.exit_code == 1
    assert "Error: --host:" in refused.stderr and "loopback" in refused.stderr
    assert "--accounts" in refused.stderr, "it says what would make it allowed"


def test_separate_import_workers_need_postgresql(env: dict[str, str]) -> None:
    served = CliRunner().invoke(app, ["serve", "--no-import-worker"], env=env)
    assert served.exit_code == 1
    assert "Error: --no-import-worker:" in served.stderr and "PostgreSQL" in served.stderr
    worked = CliRunner().invoke(app, ["worker"], env=env)
    assert worked.exit_code == 1
    assert "separate import workers need PostgreSQL" in worked.stderr
