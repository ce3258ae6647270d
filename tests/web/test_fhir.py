"""The FHIR download of the web app, and an uploaded bundle read as FHIR, not as a backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from tests.web.conftest import NOW
from twitchwise.settings import load_settings
from twitchwise.web import create_app


def finished(client: TestClient, job: dict[str, Any]) -> dict[str, Any]:
    client.app.state.web.jobs.wait(job["id"])  # type: ignore[attr-defined]
    answer: dict[str, Any] = client.get(f"/api/v1/imports/{job['id']}").json()
    return answer


def test_the_fhir_download_is_a_valid_bundle_attachment(demo_client: TestClient) -> None:
    answer = demo_client.get("/api/v1/export/fhir")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    disposition = answer.headers["content-disposition"]
    assert (
        disposition.startswith("attachment;")
        and 'filename="twitchwise-fhir-2026-11-24' in disposition
    )
    bundle = Bundle.model_validate_json(answer.content)
    assert bundle.type == "collection" and len(bundle.entry or []) > 100


def test_an_uploaded_bundle_is_read_as_fhir_and_a_backup_still_as_a_backup(
    demo_client: TestClient,
) -> None:
    fhir = demo_client.get("/api/v1/export/fhir").content
    backup = demo_client.get("/api/v1/export/backup").content
    entries = len(Bundle.model_validate_json(fhir).entry or []) - 1

    job = demo_client.post("/api/v1/imports", files={"file": ("bundle.json", fhir)}).json()
    assert job["kind"] == "fhir"
    done = finished(demo_client, job)
    assert done["state"] == "done", done["error"]
    assert done["report"]["added"] == 0 and done["report"]["already"] == entries

    again = demo_client.post("/api/v1/imports", files={"file": ("diary.json", backup)}).json()
    assert again["kind"] == "backup"
    assert finished(demo_client, again)["state"] == "done"


def test_a_bundle_uploaded_into_an_empty_journal_fills_it(
    demo_client: TestClient, tmp_path: Path
) -> None:
    fhir = demo_client.get("/api/v1/export/fhir").content
    settings = load_settings(data_dir=tmp_path / "other", time_zone="Europe/London", now=NOW)
    with TestClient(create_app(settings), base_url="http://localhost") as empty:
        job = empty.post("/api/v1/imports", files={"file": ("x.json", fhir)}).json()
        done = finished(empty, job)
        assert done["state"] == "done", done["error"]
        assert done["report"]["added"] == len(Bundle.model_validate_json(fhir).entry or []) - 1
        assert empty.get("/api/v1/export/fhir").json()["entry"] == json.loads(fhir)["entry"]
