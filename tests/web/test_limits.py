"""Request bodies are held to their limits as they arrive: 413 in the API's error shape, before
the body is read whole, written anywhere, or anyone has signed in; an upload to the file's limit
and to what is left of the person's share. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.accounts import DATABASES, ORIGIN, PASSWORDS, accounts_settings, add_people
from tests.web.conftest import NOW, store_on
from tests.web.test_api import assert_error
from twitchwise.settings import load_settings
from twitchwise.web import create_app

ROW = "2026-11-20T08:00:00+00:00,water,500,ml,,\n"
KB = 1024


def _csv(size: int) -> bytes:
    body = "time,type,value,unit,end_time,detail\n"
    return (body + ROW * ((size - len(body)) // len(ROW) + 1)).encode()[:size]


@pytest.fixture(params=DATABASES)
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    settings = accounts_settings(
        tmp_path,
        upload_max_bytes=40 * KB,
        upload_max_bytes_per_person=60 * KB,
        import_worker=False,  # the uploads stay waiting: they count against the share
    )
    with store_on(request.param, settings) as store:
        made = create_app(settings, store=store)
        add_people(made)
        with TestClient(made, base_url=ORIGIN):
            yield made


def _token(app: FastAPI, name: str) -> dict[str, str]:
    client = TestClient(app, base_url=ORIGIN)
    answer = client.post("/api/v1/tokens", json={"name": name, "password": PASSWORDS[name]})
    assert answer.status_code == 201, answer.text
    return {"authorization": f"Bearer {answer.json()['token']}"}


def test_bodies_past_their_limit_are_refused_before_anyone_signs_in(app: FastAPI) -> None:
    stranger = TestClient(app, base_url=ORIGIN)
    big_password = {"name": "alice", "password": "x" * (100 * KB)}
    assert_error(stranger.post("/api/v1/tokens", json=big_password), 413, "body")
    assert_error(stranger.post("/sign-in", data=big_password), 413, "body")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        yield b'{"name": "alice", "password": "'
        for _ in range(100):
            yield b"x" * KB
        yield b'"}'

    sent = stranger.post(
        "/api/v1/tokens", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(sent, 413, "body")
    huge = {"kind": "cramp", "started_at": NOW.isoformat(), "notes": "x" * (2 * KB * KB)}
    assert_error(stranger.post("/api/v1/episodes", json=huge), 413, "body")
    small = {"kind": "cramp", "started_at": NOW.isoformat()}
    assert_error(stranger.post("/api/v1/episodes", json=small), 401, "authorization")
    assert_error(
        stranger.post("/api/v1/imports", files={"file": ("d.csv", b"x")}), 401, "authorization"
    )


def test_an_upload_is_held_to_the_file_limit_and_the_persons_share(app: FastAPI) -> None:
    alice, bob = _token(app, "alice"), _token(app, "bob")
    client = TestClient(app, base_url=ORIGIN)

    def upload(who: dict[str, str], size: int) -> object:
        files = {"file": ("diary.csv", _csv(size), "text/csv")}
        return client.post("/api/v1/imports", files=files, headers=who)

    refused = upload(alice, 50 * KB)
    assert_error(refused, 413, "file")
    first = upload(alice, 35 * KB)
    assert first.status_code == 202, first.text  # type: ignore[attr-defined]
    assert_error(upload(alice, 35 * KB), 413, "file")  # 35 + 35 > her 60
    assert upload(bob, 35 * KB).status_code == 202  # type: ignore[attr-defined]
    uploads = Path(app.state.web.settings.upload_dir)
    assert len(list(uploads.iterdir())) == 2, "nothing of a refused upload is kept"


def _serve(app: FastAPI) -> tuple[uvicorn.Server, int]:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, port


def test_an_upload_too_large_is_answered_while_it_is_still_arriving(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, time_zone="UTC", now=NOW, upload_max_bytes=256 * KB)
    app = create_app(settings)
    server, port = _serve(app)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            head = (
                "POST /api/v1/imports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
            )
            connection.sendall(head.encode())
            part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\n\r\n'
            piece = _csv(64 * KB)
            chunk = lambda data: f"{len(data):x}\r\n".encode() + data + b"\r\n"  # noqa: E731
            connection.sendall(chunk(part))
            sent = 0
            answer = b""
            while sent < 64 * KB * KB:  # up to 64 MiB, unless answered first
                readable, _, _ = select.select([connection], [], [], 0)
                if readable:
                    answer = connection.recv(65536)
                    break
                try:
                    connection.sendall(chunk(piece))
                except OSError:  # the server closed its side after answering
                    break
                sent += len(piece)
            connection.settimeout(10)
            while b"}}" not in answer and (more := connection.recv(65536)):
                answer += more
    finally:
        server.should_exit = True
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert body["error"]["field"] == "file"
    assert sent < 4 * KB * KB, f"{sent:,} bytes were taken before the answer"
    assert not settings.upload_dir.exists() or not list(settings.upload_dir.iterdir())
