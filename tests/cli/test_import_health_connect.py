"""`twitchwise import health-connect`: the report a person reads, and a file it cannot read
refused with its name and exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import_apple_health import env, ok, run
from tests.imports.health_connect_export import travel_export, zipped

__all__ = ["env"]


def test_the_import_reports_what_it_kept_merged_and_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    export = zipped(travel_export(tmp_path / "hc.db"), tmp_path / "Health Connect.zip")
    shown = ok(env, "import", "health-connect", str(export))
    assert "7" in shown and "sleep" in shown and "junk" in shown
    again = ok(env, "import", "health-connect", str(export))
    assert "already" in again
    listed = json.loads(ok(env, "history", "--days", "400", "--type", "sleep", "--json"))
    assert len(listed) == 2


def test_a_broken_database_is_refused_with_its_name(env: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "health_connect_export.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    result = run(env, "import", "health-connect", str(broken))
    assert result.exit_code == 1
    assert "health_connect_export.db" in result.output
    assert "Traceback" not in result.output


def test_a_fitbit_takeout_is_imported_and_its_zone_choice_stated(
    env: dict[str, str], tmp_path: Path
) -> None:
    from tests.imports.fitbit_takeout import takeout_zip

    shown = ok(env, "import", "fitbit", str(takeout_zip(tmp_path / "takeout-001.zip")))
    assert "Added 3 entries" in shown
    assert "profile's zone" in shown
    result = run(env, "import", "fitbit", str(tmp_path / "missing.zip"))
    assert result.exit_code == 1 and "missing.zip" in result.output
