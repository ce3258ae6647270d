"""Two people on one server with accounts on, for the accounts and isolation tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.storage.conftest import NO_POSTGRES, POSTGRES_URL, postgres_engine
from tests.web.conftest import NOW
from twitchwise.settings import Settings, load_settings
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store
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


DATABASES = ["sqlite", "postgresql"]


@contextmanager
def app_on(folder: Path, database: str) -> Iterator[FastAPI]:
    """An accounts-mode app on a fresh SQLite file, or on a fresh PostgreSQL schema when
    TWITCHWISE_TEST_POSTGRES_URL names a server (skipped, saying why, when none does)."""
    settings = accounts_settings(folder)
    if database == "sqlite":
        yield create_app(settings)
        return
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    schema = f"w_{uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = postgres_engine(schema)
    try:
        upgrade(engine)
        yield create_app(settings, store=Store(engine, settings.zone_name))
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def two_people(folder: Path, database: str = "sqlite") -> Iterator[tuple[FastAPI, Person, Person]]:
    with app_on(folder, database) as app:
        add_people(app)
        with TestClient(app, base_url=ORIGIN):
            yield app, sign_in(app, "alice"), sign_in(app, "bob")
