"""Two people on one server with accounts on, for the accounts and isolation tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import NOW, store_on
from twitchwise.settings import Settings, load_settings
from twitchwise.web import create_app

PASSWORDS = {"alice": "correct horse battery", "bob": "tr0ub4dor and 3"}
ORIGIN = "https://localhost"


def accounts_settings(folder: Path, **overrides: Any) -> Settings:
    return load_settings(
        data_dir=folder, time_zone="Europe/London", now=NOW, accounts=True, **overrides
    )


def add_people(app: FastAPI) -> dict[str, int]:
    web = app.state.web
    ids = {}
    with web.store.accounts(write=True) as accounts:
        for name, password in PASSWORDS.items():
            ids[name] = accounts.add(name, password, zone="Europe/London", now=NOW)
    return ids


@dataclass
class Person:
    name: str
    client: TestClient
    csrf: str
    token: str

    def api(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, "a signed-in page carries the CSRF field"
    return found.group(1)


def sign_in(app: FastAPI, name: str) -> Person:
    client = TestClient(app, base_url=ORIGIN)
    answer = client.post(
        "/sign-in", data={"name": name, "password": PASSWORDS[name]}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    page = client.get("/settings").text
    token = client.post("/api/v1/tokens", json={"name": name, "password": PASSWORDS[name]})
    assert token.status_code == 201, token.text
    return Person(name, client, csrf_of(page), token.json()["token"])


def turn_on_two_step(app: FastAPI, person: Person) -> tuple[str, list[str]]:
    """Alice sets two-step sign-in up on /account as a person would: (secret, recovery codes)."""
    client = person.client
    started = client.post(
        "/account/two-step/start",
        data={"password": PASSWORDS[person.name], "csrf_token": person.csrf},
    )
    assert started.status_code == 200, started.text
    assert "<svg" in started.text and "QR code for your authenticator app" in started.text
    found = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', started.text)
    assert found is not None
    secret = found.group(1).replace(" ", "")
    now = app.state.web.clock.now(UTC)
    wrong = "000000" if pyotp.TOTP(secret).at(now) != "000000" else "111111"
    refused = client.post(
        "/account/two-step/confirm", data={"code": wrong, "csrf_token": person.csrf}
    )
    assert refused.status_code == 422
    assert "not the code the app shows now" in refused.text
    confirmed = client.post(
        "/account/two-step/confirm",
        data={"code": pyotp.TOTP(secret).at(now), "csrf_token": person.csrf},
    )
    assert confirmed.status_code == 200, confirmed.text
    codes = re.findall(r"<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code></li>", confirmed.text)
    assert len(codes) == 10
    assert "10 recovery codes left" in client.get("/account").text
    return secret, codes


DATABASES = ["sqlite", "postgresql"]


@contextmanager
def app_on(folder: Path, database: str) -> Iterator[FastAPI]:
    """An accounts-mode app on a fresh SQLite file, or on a fresh PostgreSQL schema when
    TWITCHWISE_TEST_POSTGRES_URL names a server (skipped, saying why, when none does)."""
    settings = accounts_settings(folder)
    with store_on(database, settings) as store:
        yield create_app(settings, store=store)


@contextmanager
def two_people(folder: Path, database: str = "sqlite") -> Iterator[tuple[FastAPI, Person, Person]]:
    with app_on(folder, database) as app:
        add_people(app)
        with TestClient(app, base_url=ORIGIN):
            yield app, sign_in(app, "alice"), sign_in(app, "bob")
