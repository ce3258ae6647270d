"""What an attacker sends answers in the documented error shape, on SQLite and PostgreSQL, never a
500: ids past what a row can have, control characters anywhere a request carries text, JSON
nested thousands deep, zips that lie or do not inflate, and a database that does not answer."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.test_api import EPISODE, assert_error
from twitchwise.settings import load_settings
from twitchwise.storage.engine import make_engine
from twitchwise.storage.store import Store
from twitchwise.web import create_app

BIG_IDS = [2**31, 2**31 + 1, 2**63 - 1, 2**63, 10**30]
NUL = "\x00"


@pytest.mark.parametrize("row_id", BIG_IDS)
def test_an_id_past_any_row_answers_404_in_the_error_shape(client: TestClient, row_id: int) -> None:
    for resource in ("episodes", "exposures", "medications"):
        assert_error(client.get(f"/api/v1/{resource}/{row_id}"), 404, "id")
        assert_error(client.patch(f"/api/v1/{resource}/{row_id}", json={}), 404, "id")
        assert_error(client.delete(f"/api/v1/{resource}/{row_id}"), 404, "id")
    assert client.get(f"/check/episode/{row_id}").status_code == 404
    assert client.post(f"/settings/medications/{row_id}/stop").status_code == 404
    assert client.post(f"/settings/moderation/{row_id}/approve").status_code == 404
    assert_error(client.get("/api/v1/episodes/0"), 422, "entry_id")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**EPISODE, "notes": f"cramp{NUL}"}, "notes"),
        ({**EPISODE, "notes": "bell\x07"}, "notes"),
        ({**EPISODE, "body_sites": [f"calf{NUL}"]}, "body_sites[0]"),
        ({**EPISODE, f"kind{NUL}": "cramp"}, f"kind{NUL}"),
    ],
)
def test_a_control_character_in_a_json_body_is_refused_with_its_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    error = assert_error(client.post("/api/v1/episodes", json=body), 422, field)
    assert "control character" in error["reason"]
    assert client.get("/api/v1/episodes").json() == []


def test_tabs_and_line_breaks_are_text_not_control_characters(client: TestClient) -> None:
    answer = client.post("/api/v1/episodes", json={**EPISODE, "notes": "one\ttwo\r\nthree"})
    assert answer.status_code == 201, answer.text


def test_a_control_character_in_a_form_a_query_or_a_path_is_refused_with_its_field(
    client: TestClient,
) -> None:
    form = client.post("/settings/medications", data={"name": f"sert{NUL}raline"})
    assert form.status_code == 422 and "control character" in form.text
    quick = client.post("/log/quick", data={"text": f"2 coffees{NUL}"})
    assert quick.status_code == 422
    assert_error(client.get("/api/v1/episodes?since=2026%00"), 422, "since")
    assert_error(client.get("/api/v1/exposures?type=caffeine%1b"), 422, "type")
    assert client.get("/log?day=2026-11-24%00").status_code == 422
    assert_error(client.get("/api/v1/imports/abc%00def"), 422, "job_id")


def test_an_upload_whose_file_name_holds_a_nul_is_refused(client: TestClient) -> None:
    boundary = "twitchwise-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="diary{NUL}.csv"\r\nContent-Type: text/csv\r\n\r\n'
        "time,type,value,unit,end_time,detail\n"
        f"\r\n--{boundary}--\r\n"
    ).encode()
    answer = client.post(
        "/api/v1/imports",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert_error(answer, 422, "file")


def test_json_nested_thousands_deep_is_refused_in_the_error_shape(client: TestClient) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    answer = client.post(
        "/api/v1/episodes", content=deep, headers={"content-type": "application/json"}
    )
    assert answer.status_code in {400, 422}
    assert "error" in answer.json()
    for kind, data in (
        ("backup", deep),
        ("fhir", b'{"resourceType": "Bundle", "entry": ' + deep + b"}"),
    ):
        failed = imported(client, f"deep-{kind}.json", data, kind)
        assert failed["state"] == "failed"
        assert "internal error" not in failed["error"]["reason"], failed


def imported(client: TestClient, name: str, data: bytes, kind: str) -> dict[str, Any]:
    started = client.post("/api/v1/imports", files={"file": (name, data)}, data={"kind": kind})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    client.app.state.web.jobs.wait(job_id)  # type: ignore[attr-defined]
    found: dict[str, Any] = client.get(f"/api/v1/imports/{job_id}").json()
    return found


def health_zip() -> bytes:
    record = (
        '<Record type="HKQuantityTypeIdentifierDietaryCaffeine" sourceName="x" unit="mg" '
        'startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 08:00:00 +0100" value="%d"/>\n'
    )
    xml = '<?xml version="1.0"?>\n<HealthData locale="en">\n'
    xml += "".join(record % n for n in range(4000)) + "</HealthData>\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", xml)
    return buffer.getvalue()


def lying_crc(data: bytes) -> bytes:
    """The member's CRC-32 replaced, in the local header and the central directory alike: the
    damage shows only once the whole member has been inflated."""
    damaged = bytearray(data)
    central = data.rfind(b"PK\x01\x02")
    damaged[14:18] = damaged[central + 16 : central + 20] = b"\x01\x02\x03\x04"
    return bytes(damaged)


def bad_local_header(data: bytes) -> bytes:
    return b"PK\x09\x09" + data[4:]


def bad_deflate(data: bytes) -> bytes:
    damaged = bytearray(data)
    start = 30 + len("apple_health_export/export.xml") + 40
    damaged[start : start + 40] = bytes(byte ^ 0xFF for byte in damaged[start : start + 40])
    return bytes(damaged)


@pytest.mark.parametrize("damage", [lying_crc, bad_local_header, bad_deflate])
def test_a_zip_that_lies_or_does_not_inflate_fails_its_import_with_a_reason(
    client: TestClient, damage: Any
) -> None:
    failed = imported(client, "export.zip", damage(health_zip()), "apple-health")
    assert failed["state"] == "failed"
    assert failed["error"]["field"] == "FILE"
    assert "zip" in failed["error"]["reason"] and "internal error" not in failed["error"]["reason"]


def test_a_database_that_does_not_answer_is_a_503_without_its_address(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("psycopg")
    app = create_app(load_settings(data_dir=tmp_path, time_zone="UTC"))
    # The database goes away once the app is serving: its journal is now a server that refuses.
    dead = make_engine("postgresql+psycopg://twitchwise@127.0.0.1:9/journal?connect_timeout=2")
    app.state.web.store = Store(dead, zone="UTC")
    caplog.set_level(logging.WARNING)
    client = TestClient(app, base_url="http://localhost")  # no lifespan: no import worker
    error = assert_error(client.get("/api/v1/episodes"), 503, "journal")
    assert "did not answer" in error["reason"]
    for detail in ("127.0.0.1", "9", "twitchwise@", "journal?"):
        assert detail not in error["reason"]
    page = client.get("/log")
    assert page.status_code == 503 and "127.0.0.1" not in page.text
    assert "the database did not answer" in caplog.text and "127.0.0.1" in caplog.text


def test_a_detail_with_a_carriage_return_exports_as_one_cell_and_no_formula(
    client: TestClient,
) -> None:
    exposure = {
        "type": "medication",
        "started_at": "2026-11-24T09:00:00+00:00",
        "amount": 50,
        "detail": "magnesium\r=1+1",
    }
    assert client.post("/api/v1/exposures", json=exposure).status_code == 201
    exported = client.get("/api/v1/export/csv").text
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert len(rows) == 2, rows
    assert rows[1][5] == "magnesium\r=1+1"
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "@", "\r"))]
