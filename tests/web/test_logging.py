"""No names, emails, passwords, tokens or health data in the logs, over a whole session of use;
and the sign-in events are there (ASVS V16.2.5, V16.3.1)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.accounts import ORIGIN, PASSWORDS, turn_on_two_step, two_people

NOTE = "pain after sex with my partner Zeph"
EMAIL = "zeph-reader-91@example.org"


def test_a_session_of_use_leaves_no_personal_data_in_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with two_people(tmp_path) as (app, alice, _bob):
        client, csrf = alice.client, alice.csrf
        client.post(
            "/api/v1/episodes",
            json={"kind": "cramp", "started_at": "2026-11-24T08:00:00+00:00", "notes": NOTE},
            headers={"x-csrf-token": csrf},
        )
        client.post(
            "/log/quick", data={"text": "legs twitching after sex, 3 coffees", "csrf_token": csrf}
        )
        client.post(
            "/check",
            data={"episode.kind": "cramp", "episode.symptoms": "dark_urine", "csrf_token": csrf},
        )
        client.post("/settings/medications", data={"name": "sertraline", "csrf_token": csrf})
        client.post(
            "/guide/caffeine/replies",
            data={"name": "Zeph", "email": EMAIL, "comment": NOTE, "csrf_token": csrf},
        )
        client.post("/sign-in", data={"name": "alice", "password": "wrong guess here"})
        client.post("/api/v1/tokens", json={"name": "bob", "password": "another wrong one"})
        client.get("/api/v1/episodes", headers={"authorization": "Bearer not-a-real-token"})
        client.get("/api/v1/export/backup", headers=alice.api())
        two_step, codes = turn_on_two_step(app, alice)
        second = TestClient(app, base_url=ORIGIN)
        second.post("/sign-in", data={"name": "alice", "password": PASSWORDS["alice"]})
        second.post("/sign-in/code", data={"code": "12 34 56"})
        second.post("/sign-in/code", data={"code": codes[0]})
    text = caplog.text
    for secret in (
        NOTE,
        EMAIL,
        "Zeph",
        "sertraline",
        "coffees",
        "dark_urine",
        "alice",
        "bob",
        *PASSWORDS.values(),
        alice.token,
        "wrong guess here",
        two_step,
        *codes,
        "12 34 56",
    ):
        assert secret not in text, f"{secret!r} reached the logs"
    assert "sign-in: person" in text and "sign-in failed" in text
    assert "bearer token refused" in text
    assert "two-step sign-in turned on: person" in text
    assert "sign-in code refused for person" in text and "sign-in completed with a code" in text
