"""Share links for a doctor (issue 19): the report opens read-only through the link, without the
diary's free text unless it was chosen; the link fails once expired or revoked; each opening is
written down for the owner, never with the whole address."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import NOW
from twitchwise.domain.time import FixedClock
from twitchwise.storage.shares import network_of

NOTE = "NOTESECRET41"
DETAIL = "DETAILSECRET52"
DIARY_NOTE = "DIARYNOTE63"


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def fill(client: TestClient) -> None:
    made = [
        client.post(
            "/api/v1/episodes",
            json={
                "kind": "cramp",
                "started_at": "2026-11-20T08:00:00+00:00",
                "body_sites": ["calf"],
                "notes": f"after the run {NOTE}",
            },
        ),
        client.post(
            "/api/v1/exposures",
            json={
                "type": "caffeine",
                "started_at": "2026-11-20T07:00:00+00:00",
                "amount": 95.0,
                "detail": f"espresso {DETAIL}",
            },
        ),
    ]
    assert all(answer.status_code == 201 for answer in made), [a.text for a in made]
    web = client.app.state.web  # type: ignore[attr-defined]
    from twitchwise.domain.journal import Note

    with web.store.write() as journal:
        journal.add(Note(at=NOW - timedelta(days=2), text=f"slept badly {DIARY_NOTE}"))


def make_link(client: TestClient, **body: Any) -> tuple[int, str]:
    answer = client.post("/api/v1/shares", json=body)
    assert answer.status_code == 201, answer.text
    found = answer.json()
    return found["id"], urlsplit(found["url"]).path


def at(client: TestClient, moment: Any) -> None:
    client.app.state.web.clock = FixedClock(moment)  # type: ignore[attr-defined]


def test_a_link_opens_the_report_and_its_pdf_without_the_free_text(client: TestClient) -> None:
    fill(client)
    share_id, path = make_link(client, days=7)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits, URL-safe base64
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert "a summary for the doctor" in page.text
    assert "1 episode" in page.text
    for secret in (NOTE, DETAIL, DIARY_NOTE):
        assert secret not in page.text
    pdf = client.get(f"/api/v1/shared/{token}/report.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "summary for the doctor" in text
    for secret in (NOTE, DETAIL, DIARY_NOTE):
        assert secret not in text
    views = client.get(f"/api/v1/shares/{share_id}/views").json()
    assert [v["what"] for v in views] == ["pdf", "page"]
    listed = client.get("/api/v1/shares").json()
    assert listed[0]["id"] == share_id and listed[0]["views"] == 2
    assert listed[0]["state"] == "active"
    assert token not in str(listed)


def test_the_free_text_is_shown_only_when_chosen(client: TestClient) -> None:
    fill(client)
    _, path = make_link(client, days=3, with_notes=True)
    token = path.rsplit("/", 1)[1]
    page = client.get(path).text
    text = pdf_text(client.get(f"/api/v1/shared/{token}/report.pdf").content)
    for secret in (NOTE, DETAIL, DIARY_NOTE):
        assert secret in page
        assert secret in text


def test_a_link_fails_after_it_expires(client: TestClient) -> None:
    share_id, path = make_link(client, days=2)
    token = path.rsplit("/", 1)[1]
    at(client, NOW + timedelta(days=2) - timedelta(minutes=1))
    assert client.get(path).status_code == 200
    at(client, NOW + timedelta(days=2))
    assert client.get(path).status_code == 410
    gone = client.get(f"/api/v1/shared/{token}/report.pdf")
    assert gone.status_code == 410
    error = gone.json()["error"]
    assert error["field"] == "share" and "expired" in error["reason"]
    assert client.get("/api/v1/shares").json()[0]["state"] == "expired"
    views = client.get(f"/api/v1/shares/{share_id}/views").json()
    assert len(views) == 1  # the refused openings are not views


def test_a_revoked_link_fails_and_an_unknown_one_names_nothing(client: TestClient) -> None:
    share_id, path = make_link(client, days=31)
    token = path.rsplit("/", 1)[1]
    assert client.get(path).status_code == 200
    assert client.post(f"/api/v1/shares/{share_id}/revoke").status_code == 204
    assert client.get(path).status_code == 410
    # revoked, not gone: its owner still sees when it was opened
    assert len(client.get(f"/api/v1/shares/{share_id}/views").json()) == 1
    assert client.get(f"/api/v1/shared/{token}/report.pdf").json()["error"]["reason"] == (
        "this link was withdrawn by the person who shared it"
    )
    unknown = client.get("/api/v1/shared/" + "x" * 43 + "/report.pdf")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["field"] == "share"
    assert client.post("/api/v1/shares/999/revoke").status_code == 404


@pytest.mark.parametrize("days", [0, 32])
def test_a_link_lives_a_day_to_a_month(client: TestClient, days: int) -> None:
    answer = client.post("/api/v1/shares", json={"days": days})
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "days"


def test_a_link_answers_under_another_host_name_in_local_mode(client: TestClient) -> None:
    """Behind a tunnel the doctor's browser names the tunnel's host; the token is the key."""
    _, path = make_link(client, days=1)
    away = {"host": "journal.example.net"}
    assert client.get(path, headers=away).status_code == 200
    assert client.get("/report", headers=away).status_code == 403


def test_the_report_page_makes_lists_and_revokes_links(client: TestClient) -> None:
    made = client.post("/report/shares", data={"days": "5"})
    assert made.status_code == 201
    assert "/shared/" in made.text and "Your new link" in made.text
    share_id = client.get("/api/v1/shares").json()[0]["id"]
    page = client.get("/report").text
    assert f"Revoke link {share_id}" in page and "/shared/" not in page
    revoked = client.post(f"/report/shares/{share_id}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert client.get("/api/v1/shares").json()[0]["state"] == "revoked"


def test_where_a_link_was_opened_from_is_kept_only_roughly() -> None:
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("::ffff:198.51.100.9") == "198.51.100.0/24"
    assert network_of("2001:db8:abcd:12:1:2:3:4") == "2001:db8:abcd::/48"
    assert network_of("testclient") is None
    assert network_of(None) is None
