"""``Idempotency-Key`` on the API's POSTs (IETF draft-ietf-httpapi-idempotency-key-header): the
same request sent again adds nothing and is answered the same; another request under a used key
is 422; duplicates racing each other add one entry; keys are a person's own."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.accounts import DATABASES, PASSWORDS, two_people
from tests.web.conftest import NOW
from tests.web.test_api import EPISODE, EXPOSURE, assert_error
from twitchwise.domain.time import FixedClock
from twitchwise.storage.engine import act_for
from twitchwise.storage.tables import IdempotencyKeyRow, PersonRow


def count(client: TestClient, resource: str, **headers: str) -> int:
    answer = client.get(f"/api/v1/{resource}", headers=headers)
    assert answer.status_code == 200, answer.text
    return len(answer.json())


@pytest.mark.parametrize(("resource", "body"), [("episodes", EPISODE), ("exposures", EXPOSURE)])
def test_sending_twice_adds_nothing_and_answers_the_same(
    client: TestClient, resource: str, body: dict[str, Any]
) -> None:
    key = {"idempotency-key": '"9f1c7a52-4e1b-4c1e-9d1b-2d7a3c5e8f00"'}
    first = client.post(f"/api/v1/{resource}", json=body, headers=key)
    assert first.status_code == 201, first.text
    again = client.post(f"/api/v1/{resource}", json=body, headers=key)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert count(client, resource) == 1
    # Without a key the journal itself refuses the same entry: the key is what makes it 201.
    assert client.post(f"/api/v1/{resource}", json=body).status_code == 409


def test_the_same_key_with_another_body_is_422(client: TestClient) -> None:
    key = {"idempotency-key": "phone-42"}
    assert client.post("/api/v1/episodes", json=EPISODE, headers=key).status_code == 201
    other = {**EPISODE, "intensity": 2}
    assert_error(client.post("/api/v1/episodes", json=other, headers=key), 422, "Idempotency-Key")
    other_path = client.post("/api/v1/exposures", json=EXPOSURE, headers=key)
    assert_error(other_path, 422, "Idempotency-Key")
    assert count(client, "episodes") == 1
    assert count(client, "exposures") == 0


def test_a_new_key_is_a_new_request(client: TestClient) -> None:
    first = client.post("/api/v1/exposures", json=EXPOSURE, headers={"idempotency-key": "a"})
    later = {**EXPOSURE, "started_at": "2026-11-23T10:00:00+00:00"}
    second = client.post("/api/v1/exposures", json=later, headers={"idempotency-key": "b"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert count(client, "exposures") == 2


@pytest.mark.parametrize("key", ["", '""', "x" * 256, "with space", "tab\there"])
def test_a_malformed_key_is_400_and_adds_nothing(client: TestClient, key: str) -> None:
    answer = client.post("/api/v1/episodes", json=EPISODE, headers={"idempotency-key": key})
    assert_error(answer, 400, "Idempotency-Key")
    assert count(client, "episodes") == 0


def test_a_wrong_request_is_answered_the_same_and_a_right_one_needs_a_new_key(
    client: TestClient,
) -> None:
    key = {"idempotency-key": "k-wrong"}
    wrong = {**EPISODE, "intensity": 99}
    first = client.post("/api/v1/episodes", json=wrong, headers=key)
    again = client.post("/api/v1/episodes", json=wrong, headers=key)
    assert first.status_code == again.status_code == 422
    assert first.json() == again.json()


def test_concurrent_duplicates_add_one(client: TestClient) -> None:
    key = {"idempotency-key": "race-1"}
    answers: list[Any] = []
    start = threading.Barrier(6)

    def send() -> None:
        start.wait()
        answers.append(client.post("/api/v1/episodes", json=EPISODE, headers=key))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [201] * 6, [a.text for a in answers]
    assert len({answer.text for answer in answers}) == 1
    assert sum("idempotent-replayed" in answer.headers for answer in answers) == 5
    assert count(client, "episodes") == 1


def test_keys_are_kept_a_day_and_forgotten_after_two(client: TestClient) -> None:
    web = client.app.state.web  # type: ignore[attr-defined]
    key = {"idempotency-key": "old"}
    assert client.post("/api/v1/episodes", json=EPISODE, headers=key).status_code == 201
    clock = web.clock
    try:
        web.clock = FixedClock(NOW + timedelta(hours=25))
        assert client.post("/api/v1/episodes", json=EPISODE, headers=key).status_code == 201
        web.clock = FixedClock(NOW + timedelta(hours=49))
        # Forgotten: the request is new again, and the journal refuses the same entry.
        assert client.post("/api/v1/episodes", json=EPISODE, headers=key).status_code == 409
    finally:
        web.clock = clock
    assert count(client, "episodes") == 1


@pytest.mark.parametrize("database", DATABASES)
def test_a_key_is_one_persons_own(tmp_path: Path, database: str) -> None:
    with two_people(tmp_path, database) as (_app, alice, bob):
        key = {"idempotency-key": "shared-key"}
        mine = alice.client.post("/api/v1/episodes", json=EPISODE, headers=alice.api() | key)
        assert mine.status_code == 201, mine.text
        other = {**EPISODE, "notes": "bob's own"}
        his = bob.client.post("/api/v1/episodes", json=other, headers=bob.api() | key)
        assert his.status_code == 201, his.text
        assert "bob's own" in his.text and mine.json()["id"] != his.json()["id"]
        assert count(alice.client, "episodes", **alice.api()) == 1
        assert count(bob.client, "episodes", **bob.api()) == 1


@pytest.mark.parametrize("database", DATABASES)
def test_a_token_is_made_once_per_key_and_never_kept(tmp_path: Path, database: str) -> None:
    with two_people(tmp_path, database) as (app, alice, _bob):
        body = {"name": "alice", "password": PASSWORDS["alice"], "label": "phone"}
        key = {"idempotency-key": "token-1"}
        first = alice.client.post("/api/v1/tokens", json=body, headers=key)
        assert first.status_code == 201, first.text
        again = alice.client.post("/api/v1/tokens", json=body, headers=key)
        assert_error(again, 409, "Idempotency-Key")
        token = first.json()["token"]
        with app.state.web.store.engine.begin() as connection:
            person = connection.scalar(select(PersonRow.id).where(PersonRow.name == "alice"))
            act_for(connection, int(person))  # PostgreSQL's row-level security
            kept = connection.execute(select(IdempotencyKeyRow.body)).fetchall()
        assert kept and all(token.encode() not in bytes(row[0]) for row in kept)
