"""Sign-in limits as a stranger meets them, on SQLite and PostgreSQL: an IPv6 /64 is one place,
and an account has a ceiling of tries from new places that keeps its person's own places open."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.accounts import DATABASES, ORIGIN, PASSWORDS, add_people, app_on
from twitchwise.web.auth import ACCOUNT_LIMIT, ACCOUNT_SLOW_DOWN, SIGN_IN_LIMIT, SLOW_DOWN


@pytest.fixture(params=DATABASES)
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    with app_on(tmp_path, request.param) as found:
        add_people(found)
        with TestClient(found, base_url=ORIGIN):
            yield found


def sign_in_from(app: FastAPI, address: str, name: str, password: str) -> tuple[int, str]:
    client = TestClient(app, base_url=ORIGIN, client=(address, 40000))
    answer = client.post(
        "/sign-in", data={"name": name, "password": password}, follow_redirects=False
    )
    return answer.status_code, answer.text


def test_every_address_of_one_ipv6_slash_64_counts_as_one_place(app: FastAPI) -> None:
    statuses = [
        sign_in_from(app, f"2001:db8:aa:bb::{n:x}", "alice", "a wrong guess")[0]
        for n in range(1, SIGN_IN_LIMIT + 2)
    ]
    assert statuses == [422] * SIGN_IN_LIMIT + [429]
    status, text = sign_in_from(app, "2001:db8:aa:bb:ffff::1", "alice", PASSWORDS["alice"])
    assert (status, SLOW_DOWN in text) == (429, True)
    assert sign_in_from(app, "2001:db8:aa:cc::1", "alice", "a wrong guess")[0] == 422, (
        "the next /64 is another place"
    )


def test_a_spread_out_attack_stops_at_the_account_ceiling_but_not_its_person(
    app: FastAPI,
) -> None:
    home = "198.51.100.7"
    assert sign_in_from(app, home, "alice", PASSWORDS["alice"])[0] == 303
    # Her own first sign-in, from a place new then, was one of the account's tries.
    strangers = [f"203.0.{n // 250}.{n % 250 + 1}" for n in range(ACCOUNT_LIMIT)]
    statuses = [sign_in_from(app, place, "alice", "guess")[0] for place in strangers]
    assert statuses == [422] * (ACCOUNT_LIMIT - 1) + [429]
    status, text = sign_in_from(app, "192.0.2.200", "alice", PASSWORDS["alice"])
    assert (status, ACCOUNT_SLOW_DOWN in text) == (429, True), "new places wait, right or wrong"
    assert sign_in_from(app, home, "alice", PASSWORDS["alice"])[0] == 303, "her place stays open"
    assert sign_in_from(app, "192.0.2.201", "bob", PASSWORDS["bob"])[0] == 303, "Bob's untouched"


def test_a_burst_of_40_guesses_at_once_gets_10_tries(app: FastAPI) -> None:
    start = threading.Barrier(40)

    def guess(n: int) -> int:
        client = TestClient(app, base_url=ORIGIN, client=("203.0.113.50", 40000 + n))
        start.wait()
        answer = client.post("/api/v1/tokens", json={"name": "alice", "password": f"guess {n}"})
        return answer.status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = sorted(pool.map(guess, range(40)))
    assert statuses == [401] * SIGN_IN_LIMIT + [429] * (40 - SIGN_IN_LIMIT)
