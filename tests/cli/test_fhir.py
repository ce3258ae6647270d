"""`twitchwise export fhir` and `twitchwise import fhir`: a journal moves to another through a
FHIR bundle and exports the same bundle there; a broken file exits 1 naming the entry."""

from __future__ import annotations

import json
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from typer.testing import CliRunner, Result

from twitchwise.cli import app

NOW = "2026-11-24T14:05:00+00:00"


def env(folder: Path, now: str = NOW) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(folder),
        "TWITCHWISE_NOW": now,
        "TWITCHWISE_TIME_ZONE": "Europe/London",
        "TWITCHWISE_DATABASE_URL": "",
        "COLUMNS": "120",
    }


def run(where: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=where)


def ok(where: dict[str, str], *args: str) -> str:
    result = run(where, *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_journal_moves_through_a_fhir_bundle_and_exports_the_same_bundle(tmp_path: Path) -> None:
    home, other = env(tmp_path / "home"), env(tmp_path / "other", "2026-12-01T09:00:00+00:00")
    ok(home, "demo")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    written = ok(home, "export", "fhir", "--out", str(first))
    data = json.loads(first.read_text(encoding="utf-8"))
    assert f"Wrote {len(data['entry']):,} resources" in written
    Bundle.model_validate(data)

    imported = ok(other, "import", "fhir", str(first))
    assert f"Added {len(data['entry']) - 1:,} entries" in imported
    ok(other, "export", "fhir", "--out", str(second))
    again = json.loads(second.read_text(encoding="utf-8"))
    assert again["timestamp"] != data["timestamp"]
    for bundle in (data, again):
        del bundle["id"], bundle["timestamp"]
    assert again == data

    assert "Added 0 entries" in ok(other, "import", "fhir", str(first))


def test_a_broken_bundle_exits_1_naming_the_entry_and_field(tmp_path: Path) -> None:
    home = env(tmp_path / "home")
    broken = tmp_path / "broken.json"
    entry = {"resource": {"resourceType": "Observation", "status": "final", "code": {}, "x": 1}}
    broken.write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [entry]})
    )
    result = run(home, "import", "fhir", str(broken))
    assert result.exit_code == 1
    assert "entry[0].resource.x" in result.output
    assert "Traceback" not in result.output
