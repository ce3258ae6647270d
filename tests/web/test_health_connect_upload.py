"""A Health Connect export uploaded through the API: told apart by its first member, imported
in the background, and a broken one refused with the name the person gave it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.imports.health_connect_export import travel_export, zipped


def finished(client: TestClient, job: dict[str, Any]) -> dict[str, Any]:
    client.app.state.web.jobs.wait(job["id"])  # type: ignore[attr-defined]
    answer: dict[str, Any] = client.get(f"/api/v1/imports/{job['id']}").json()
    return answer


def test_an_uploaded_health_connect_zip_is_imported(client: TestClient, tmp_path: Path) -> None:
    export = zipped(travel_export(tmp_path / "hc.db"), tmp_path / "Health Connect.zip")
    sent = ("Health Connect.zip", export.read_bytes())
    job = client.post("/api/v1/imports", files={"file": sent}).json()
    assert job["kind"] == "health-connect"
    done = finished(client, job)
    assert done["state"] == "done", done
    assert done["report"]["added"] == 7
    types = {t["type"]: t for t in done["report"]["types"]}
    assert types["heart rate variability"]["skipped"] == 1
    again = finished(client, client.post("/api/v1/imports", files={"file": sent}).json())
    assert (again["report"]["added"], again["report"]["already"]) == (0, 7)


def test_a_broken_database_upload_is_refused_with_its_name(client: TestClient) -> None:
    broken = b"SQLite format 3\x00" + b"\x07" * 8000
    job = client.post("/api/v1/imports", files={"file": ("my phone.db", broken)}).json()
    assert job["kind"] == "health-connect"
    failed = finished(client, job)
    assert failed["state"] == "failed"
    assert failed["file"] == "my phone.db"
    assert failed["error"]["reason"].startswith("cannot be read as a Health Connect export")
    assert "database disk image" not in failed["error"]["reason"]  # in words, not SQLite's
    assert client.get("/api/v1/exposures").json() == []


def test_the_import_page_names_a_refused_upload(client: TestClient) -> None:
    from tests.web.test_import_errors import _failed

    foreign = b"SQLite format 3\x00" + b"\x07" * 8000
    message = _failed(client, "Health Connect.zip.db", foreign)
    assert message.startswith("Health Connect.zip.db: cannot be read as a Health Connect export")


def test_an_uploaded_takeout_zip_is_read_as_fitbit(client: TestClient, tmp_path: Path) -> None:
    from tests.imports.fitbit_takeout import takeout_zip

    sent = ("takeout-20260401T000000Z-001.zip", takeout_zip(tmp_path / "t.zip").read_bytes())
    job = client.post("/api/v1/imports", files={"file": sent}).json()
    assert job["kind"] == "fitbit"
    done = finished(client, job)
    assert done["state"] == "done", done
    assert done["report"]["added"] == 3
