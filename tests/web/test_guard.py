"""Another web page in the person's own browser cannot reach the journal (in local mode by its
host name too), no Host header lands in a page, and every answer carries the security headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.accounts import DATABASES, ORIGIN, PASSWORDS, add_people, app_on

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
    assert headers["referrer-policy"] == "same-origin"


def test_a_refusal_has_the_documented_error_shape(client: TestClient) -> None:
    answer = client.post("/api/v1/episodes", json=EPISODE, headers={"origin": "null"})
    assert answer.status_code == 403
    error = answer.json()["error"]
    assert error["field"] == "request"
    assert error["problems"] == [{"field": "request", "reason": error["reason"]}]


@pytest.mark.parametrize("database", DATABASES)
def test_sign_in_from_an_opaque_origin_is_refused_as_a_login_csrf(
    tmp_path: Path, database: str
) -> None:
    with app_on(tmp_path, database) as app:
        add_people(app)
        browser = TestClient(app, base_url=ORIGIN)
        right = {"name": "alice", "password": PASSWORDS["alice"]}
        null = browser.post(
            "/sign-in", data=right, headers={"origin": "null"}, follow_redirects=False
        )
        assert null.status_code == 403
        assert "__Host-twitchwise" not in null.headers.get("set-cookie", "")
        token = browser.post("/api/v1/tokens", json=right, headers={"origin": "null"})
        assert token.status_code == 403
        own = browser.post(
            "/sign-in",
            data=right,
            headers={"origin": "null", "sec-fetch-site": "same-origin"},
            follow_redirects=False,
        )
        assert own.status_code == 303, "a browser that says same-origin is believed"


def test_with_accounts_the_host_header_never_reaches_the_pages(tmp_path: Path) -> None:
    with app_on(tmp_path, "sqlite") as app:
        browser = TestClient(app, base_url=ORIGIN)
        page = browser.get("/sign-in", headers={"host": "evil.example"})
        assert page.status_code == 200
        assert "evil.example" not in page.text
        assert 'href="/static/app.css"' in page.text
