"""Local mode: another web page in the person's own browser cannot reach the journal, and every
answer carries the security headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

EPISODE = {"kind": "twitch", "started_at": "2026-11-24T09:00:00+00:00"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.5:8000"])
def test_a_foreign_host_name_is_refused_as_dns_rebinding_would_send(
    client: TestClient, host: str
) -> None:
    answer = client.get("/api/v1/episodes", headers={"host": host})
    assert answer.status_code == 403
    assert answer.json()["error"]["field"] == "request"


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "localhost"])
def test_loopback_names_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/episodes", headers={"host": host}).status_code == 200


def test_a_change_posted_from_another_site_is_refused_and_saves_nothing(client: TestClient) -> None:
    foreign = {"origin": "https://evil.example", "host": "localhost:8000"}
    assert client.post("/api/v1/episodes", json=EPISODE, headers=foreign).status_code == 403
    cross = {"sec-fetch-site": "cross-site"}
    assert client.post("/log/quick/save", data={"drafts": "[]"}, headers=cross).status_code == 403
    assert client.get("/api/v1/episodes").json() == []


def test_a_change_from_the_apps_own_pages_goes_through(client: TestClient) -> None:
    same = {
        "origin": "http://localhost:8000",
        "host": "localhost:8000",
        "sec-fetch-site": "same-origin",
    }
    assert client.post("/api/v1/episodes", json=EPISODE, headers=same).status_code == 201


def test_reading_from_another_site_is_not_a_change_and_is_still_subject_to_the_browser(
    client: TestClient,
) -> None:
    # GETs change nothing; the browser's same-origin policy keeps their answers from the other
    # site (no CORS headers are ever sent).
    answer = client.get("/api/v1/episodes", headers={"origin": "https://evil.example"})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers


@pytest.mark.parametrize("path", ["/", "/api/v1/episodes", "/static/app.css", "/nothing"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
