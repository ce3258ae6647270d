"""schemathesis against a running server's /api/v1/openapi.json, signed in with a bearer token
(accounts mode): for generated requests to every operation, no server error, no status code,
content type or body outside the description, nothing wrong accepted, and an Allow header that
lists every method of an address (shared/SECURITY.md 4.3).

Two people, alice and bob, each with a token, are schemathesis' peers (a Web Fuzzing Commons auth
document): its ``object_level_authorization`` check replays every read one of them made of their
own objects as the other, and fails if the other gets it (tests/test_isolation.py does the same
for every route and page by hand). One check is left out: ``positive_data_acceptance`` (rules
across fields, such as "effort only for exercise and sex" or "stopped after started", cannot be
written in JSON Schema, so schema-valid requests are rightly refused).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery"  # noqa: S105 - the test accounts'
PEERS = ("alice", "bob")
LEAKY_TOKENS = {"alice": "alice-token", "bob": "bob-token"}  # tests/leaky_api.py's


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(address: str) -> None:
    """Until a server just started answers ``address`` (10 s at most)."""
    for _ in range(100):
        try:
            urllib.request.urlopen(address, timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("schema")
    env = {
        **os.environ,
        "TWITCHWISE_DATA_DIR": str(folder),
        "TWITCHWISE_NOW": "2026-11-24T14:05:00+00:00",
        "TWITCHWISE_TIME_ZONE": "Europe/London",
    }
    twitchwise = str(BIN / "twitchwise")
    for name in PEERS:
        subprocess.run(
            [twitchwise, "user", "add", name, "--password-stdin"],
            input=PASSWORD,
            text=True,
            env=env,
            check=True,
            capture_output=True,
        )
    port = free_port()
    process = subprocess.Popen(
        [twitchwise, "serve", "--accounts", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/api/v1/openapi.json")
        tokens = {}
        for name in PEERS:
            request = urllib.request.Request(  # noqa: S310
                f"{url}/api/v1/tokens",
                data=json.dumps({"name": name, "password": PASSWORD}).encode(),
                headers={"content-type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                tokens[name] = json.load(answer)["token"]
        yield url, tokens
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
        assert b"Traceback" not in errors, errors.decode()[-3000:]


def schemathesis(url: str, tokens: dict[str, str], folder: Path, *checks: str) -> str:
    """Run schemathesis with ``tokens``' people as peers; its report, its exit code checked by
    the caller through the report's last line."""
    identities = [
        {"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {token}"}]}
        for name, token in tokens.items()
    ]
    (folder / "peers.json").write_text(json.dumps({"auth": identities}))
    names = ", ".join(f'"{name}"' for name in tokens)
    (folder / "schemathesis.toml").write_text(
        f'[auth.wfc]\npath = "peers.json"\nuser = "{next(iter(tokens))}"\npeers = [{names}]\n'
    )
    done = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"{url}/openapi.json",
            *checks,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "25",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
    )
    return f"{done.stdout}{done.stderr}\nexit code {done.returncode}"


def test_schemathesis_finds_nothing(server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, tokens = server
    report = schemathesis(
        f"{url}/api/v1",
        tokens,
        tmp_path,
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
    )
    generated = re.search(r"(\d+) generated", report)
    assert generated is not None, report[-3000:]
    print(f"schemathesis: {generated.group(1)} generated test cases")  # noqa: T201
    assert report.endswith("exit code 0"), report[-6000:]


def test_the_two_person_check_does_catch_a_leak(tmp_path: Path) -> None:
    """The control: the same run against a small API that hands anyone's item to anyone
    (tests/leaky_api.py) fails on object_level_authorization, so the check above really runs."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "uvicorn"), "tests.leaky_api:app", "--port", str(port), "--log-level", "error"],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/openapi.json")
        report = schemathesis(url, LEAKY_TOKENS, tmp_path, "--checks", "object_level_authorization")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert report.endswith("exit code 1"), report[-3000:]
    assert "received the" in report and "that `alice` owns" in report, report[-3000:]
