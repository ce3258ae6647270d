"""No names, emails, passwords, tokens or health data in the logs, over a whole session of use;
and the sign-in events are there (ASVS V16.2.5, V16.3.1)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.accounts import DATABASES, ORIGIN, PASSWORDS, turn_on_two_step, two_people

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


MEDICINES = ("sertraline", "gabapentin", "furosemide", "atorvastatin", "salbutamol")


@pytest.mark.parametrize("database", DATABASES)
def test_a_hostile_session_leaves_no_health_text_names_emails_or_tokens_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, database: str
) -> None:
    """Sign-ins right and wrong, entries with health text, NUL bytes everywhere, ids past any row,
    a CSV whose bad rows name medicines, imports that fail: the whole log, every logger at DEBUG
    (SQLAlchemy's statements included), holds none of it, and nothing answered 500."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement, as echo does
    statuses: list[int] = []
    with two_people(tmp_path, database) as (app, alice, bob):
        client = TestClient(app, base_url=ORIGIN, raise_server_exceptions=False)
        client.cookies = alice.client.cookies
        csrf = {"x-csrf-token": alice.csrf}

        def sent(answer: Any) -> None:
            statuses.append(answer.status_code)

        sent(client.post("/sign-in", data={"name": "alice", "password": "wrong guess here"}))
        sent(client.post("/sign-in", data={"name": "al\x00ice", "password": "x\x00y"}))
        sent(client.post("/api/v1/tokens", json={"name": "bob\x00", "password": "another one"}))
        episode = {"kind": "cramp", "started_at": "2026-11-24T08:00:00+00:00", "notes": NOTE}
        sent(client.post("/api/v1/episodes", json=episode, headers=csrf))
        sent(
            client.post("/api/v1/episodes", json={**episode, "notes": NOTE + "\x00"}, headers=csrf)
        )
        for medicine in MEDICINES[:2]:
            sent(
                client.post(
                    "/api/v1/exposures",
                    json={
                        "type": "medication",
                        "started_at": "2026-11-24T09:00:00+00:00",
                        "amount": 50,
                        "detail": medicine + "\x00",
                    },
                    headers=csrf,
                )
            )
        sent(client.post("/log/quick", data={"text": f"{NOTE}\x00", "csrf_token": alice.csrf}))
        sent(client.get("/api/v1/exposures?type=medication%00"))
        for row_id in (2**31, 2**63 - 1, 2**63, 10**30):
            sent(client.get(f"/api/v1/episodes/{row_id}"))
            sent(client.get(f"/check/episode/{row_id}"))
        sent(
            client.post(
                "/guide/caffeine/replies",
                data={
                    "name": "Zeph\x00",
                    "email": EMAIL,
                    "comment": NOTE,
                    "csrf_token": alice.csrf,
                },
            )
        )
        bad_rows = "time,type,value,unit,end_time,detail\n" + "".join(
            f"2026-11-20 08:00,medication,{n}0 mg,grams,yesterday,{medicine}\n"
            for n, medicine in enumerate(MEDICINES)
        )
        jobs = [
            client.post(
                "/api/v1/imports", files={"file": ("diary.csv", bad_rows.encode())}, headers=csrf
            ),
            client.post(
                "/api/v1/imports",
                files={
                    "file": (
                        "deep.json",
                        b'{"resourceType":"Bundle","entry":' + b"[" * 50_000 + b"]" * 50_000 + b"}",
                    )
                },
                data={"kind": "fhir"},
                headers=csrf,
            ),
            client.post(
                "/api/v1/imports", files={"file": ("export.zip", b"PK\x03\x04" * 40)}, headers=csrf
            ),
        ]
        for job in jobs:
            sent(job)
            if job.status_code != 202:
                continue  # refused at once, in the error shape
            app.state.web.jobs.wait(job.json()["id"])
            sent(client.get(f"/api/v1/imports/{job.json()['id']}"))
        sent(client.get("/api/v1/export/csv", headers=alice.api()))
        sent(client.get("/api/v1/episodes", headers=bob.api()))
    assert 500 not in statuses, statuses
    text = caplog.text
    assert "sign-in failed" in text, "the log was captured"
    for secret in (
        NOTE,
        "partner",
        EMAIL,
        "Zeph",
        *MEDICINES,
        "alice",
        "bob",
        *PASSWORDS.values(),
        alice.token,
        bob.token,
        "wrong guess here",
        "another one",
        alice.csrf,
    ):
        assert secret not in text, f"{secret!r} reached the logs"
