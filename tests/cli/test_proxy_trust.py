"""Who the client is, as the server started by `twitchwise serve` sees it: whoever connects,
unless --forwarded-allow-ips names the proxy; so rotating X-Forwarded-For lifts no sign-in limit.
Runs a real uvicorn server on the loopback with the options `serve` gives it."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from tests.web.accounts import DATABASES, PASSWORDS, add_people, app_on
from twitchwise.cli.serve import server_options


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serving(app: FastAPI, forwarded_allow_ips: str) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(app, **server_options("127.0.0.1", port, forwarded_allow_ips))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start in 10 s"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def token_try(base: str, password: str, forwarded_for: str) -> int:
    """The status of one ``POST /api/v1/tokens`` for alice, claiming ``forwarded_for``."""
    asked = urllib.request.Request(  # noqa: S310 - the loopback server started above
        f"{base}/api/v1/tokens",
        data=json.dumps({"name": "alice", "password": password}).encode(),
        headers={"content-type": "application/json", "x-forwarded-for": forwarded_for},
        method="POST",
    )
    try:
        with urllib.request.urlopen(asked, timeout=10) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def wrong_tries(base: str, count: int) -> list[int]:
    """``count`` wrong passwords for alice, each claiming another client address."""
    return [token_try(base, f"guess number {n}", f"203.0.113.{n + 1}") for n in range(count)]


@pytest.mark.parametrize("database", DATABASES)
def test_by_default_a_forwarded_for_header_names_no_one(tmp_path: Path, database: str) -> None:
    with app_on(tmp_path, database) as app:
        add_people(app)
        with serving(app, forwarded_allow_ips="") as base:
            statuses = wrong_tries(base, 12)
    assert statuses == [401] * 10 + [429] * 2, "ten tries from one place, whatever it claims"


def test_behind_a_named_proxy_the_header_names_the_client(tmp_path: Path) -> None:
    with app_on(tmp_path, "sqlite") as app:
        add_people(app)
        with serving(app, forwarded_allow_ips="127.0.0.1") as base:
            statuses = wrong_tries(base, 12)
            right = token_try(base, PASSWORDS["alice"], "198.51.100.1")
    assert statuses == [401] * 12, "each try came from another client, as the proxy said"
    assert right == 201


def test_the_options_trust_no_proxy_unless_told() -> None:
    off = server_options("0.0.0.0", 8000, "")  # noqa: S104 - not served, only described
    assert (off["proxy_headers"], off["forwarded_allow_ips"]) == (False, "")
    on = server_options("0.0.0.0", 8000, " 10.0.0.5 , ::1 ")  # noqa: S104
    assert (on["proxy_headers"], on["forwarded_allow_ips"]) == (True, "10.0.0.5,::1")
