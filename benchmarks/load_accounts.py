"""Load test of accounts mode on PostgreSQL: many people logging entries and running checks at
once against `twitchwise serve --accounts --workers 2`, from a second process on loopback; then
every acknowledged entry is looked for.

Run: .venv/bin/python benchmarks/load_accounts.py                       (50 people, 60 s)
     .venv/bin/python benchmarks/load_accounts.py --people 20 --seconds 20

Needs a PostgreSQL server (TWITCHWISE_TEST_POSTGRES_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/test): a fresh database is made for the run and
dropped after it. Each simulated person has an account and a bearer token and loops: log an
episode (POST /api/v1/episodes), log a coffee (POST /api/v1/exposures), check an episode
(POST /api/v1/assessments, bodies from examples/). Closed loop: each person waits for an answer
before the next request. Latency is measured by the client (httpx, asyncio), in the same run.
Afterwards every person's entries are read back a page at a time (the Link header's cursor).

With --upload-mb N one more person uploads a long CSV of about N MB
(benchmarks/diary_files.py) as the run starts, and its import runs while the others work: their
p50/p99 beside a run without it show what one person's large import costs everyone else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx  # the HTTP client the test extra installs
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get(
    "TWITCHWISE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "load test passphrase"  # noqa: S105 - accounts made for this run only
BODIES = [json.loads(path.read_text()) for path in sorted((ROOT / "examples").glob("*.json"))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_database() -> tuple[str, str]:
    name = f"tw_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


UPLOADER = "uploader"


def add_people(url: str, count: int, folder: Path, uploader: bool = False) -> list[str]:
    from twitchwise.settings import load_settings
    from twitchwise.storage.store import Store

    store = Store.open(load_settings(data_dir=folder, database_url=url, time_zone="UTC"))
    names = [f"person{number:03}" for number in range(count)]
    with store.accounts(write=True) as accounts:
        for name in [*names, UPLOADER] if uploader else names:
            accounts.add(name, PASSWORD, zone="UTC", now=datetime.now(UTC))
    store.close()
    return names


class Tally:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.acknowledged: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.upload: dict[str, Any] = {}


async def upload(client: httpx.AsyncClient, path: Path, tally: Tally) -> None:
    """The uploader's one large CSV, sent as the others start."""
    answer = await client.post(
        "/api/v1/tokens", json={"name": UPLOADER, "password": PASSWORD}, timeout=60
    )
    headers = {"authorization": f"Bearer {answer.json()['token']}"}
    began = time.perf_counter()
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    sent = await client.post("/api/v1/imports", files=files, headers=headers, timeout=600)
    tally.upload = {
        "status": sent.status_code,
        "seconds": time.perf_counter() - began,
        "bytes": path.stat().st_size,
        "job": sent.json().get("id"),
        "headers": headers,
    }


async def found_ids(client: httpx.AsyncClient, what: str, headers: dict[str, str]) -> set[int]:
    """Every id of the list, page after page (the Link header's cursor)."""
    found: set[int] = set()
    address = f"/api/v1/{what}?limit=1000"
    while address:
        answer = await client.get(address, headers=headers)
        answer.raise_for_status()
        found |= {int(item["id"]) for item in answer.json()}
        link = answer.headers.get("link", "")
        address = link[1 : link.index(">")] if link else ""
    return found


async def person(
    client: httpx.AsyncClient, name: str, token: str, number: int, until: float, tally: Tally
) -> None:
    headers = {"authorization": f"Bearer {token}"}
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=number)
    step = 0
    while time.monotonic() < until:
        step += 1
        moment = (start + timedelta(minutes=step)).isoformat()
        requests: list[tuple[str, str, dict[str, Any]]] = [
            ("episodes", "/api/v1/episodes", {"kind": "twitch", "started_at": moment}),
            (
                "exposures",
                "/api/v1/exposures",
                {"type": "caffeine", "started_at": moment, "amount": 95.0},
            ),
            ("assessments", "/api/v1/assessments", BODIES[step % len(BODIES)]),
        ]
        for what, path, body in requests:
            began = time.perf_counter()
            try:
                answer = await client.post(path, json=body, headers=headers)
            except httpx.HTTPError:
                tally.errors[what] += 1
                continue
            tally.latencies[what].append(time.perf_counter() - began)
            if answer.status_code >= 300:
                tally.errors[what] += 1
            elif what != "assessments":
                tally.acknowledged[name][what].add(int(answer.json()["id"]))


async def run(
    url: str, names: list[str], seconds: float, large: Path | None
) -> tuple[Tally, float, dict[str, int]]:
    limits = httpx.Limits(max_connections=len(names) + 5)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        tokens = {}
        for name in names:
            answer = await client.post("/api/v1/tokens", json={"name": name, "password": PASSWORD})
            answer.raise_for_status()
            tokens[name] = answer.json()["token"]
        tally = Tally()
        began = time.monotonic()
        uploading = [] if large is None else [upload(client, large, tally)]
        await asyncio.gather(
            *uploading,
            *(
                person(client, name, tokens[name], n, began + seconds, tally)
                for n, name in enumerate(names)
            ),
        )
        wall = time.monotonic() - began
        if tally.upload.get("job"):
            job = await client.get(
                f"/api/v1/imports/{tally.upload['job']}", headers=tally.upload["headers"]
            )
            tally.upload["then"] = job.json()
        missing = {"episodes": 0, "exposures": 0}
        for name in names:
            headers = {"authorization": f"Bearer {tokens[name]}"}
            for what in ("episodes", "exposures"):
                found = await found_ids(client, what, headers)
                missing[what] += len(tally.acknowledged[name][what] - found)
    return tally, wall, missing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--upload-mb", type=int, default=0)
    options = parser.parse_args()
    name, url = make_database()
    folder = Path(tempfile.mkdtemp(prefix=name))
    process = None
    large = None
    if options.upload_mb:
        sys.path.insert(0, str(HERE))
        from diary_files import write

        large = write("csv", options.upload_mb * 1_000_000 // 45, folder / "large.csv")
    try:
        names = add_people(url, options.people, folder, uploader=large is not None)
        port = free_port()
        env = {
            **os.environ,
            "TWITCHWISE_DATABASE_URL": url,
            "TWITCHWISE_DATA_DIR": str(folder),
            "TWITCHWISE_TIME_ZONE": "UTC",
        }
        process = subprocess.Popen(
            [
                str(BIN / "twitchwise"),
                "serve",
                "--accounts",
                "--workers",
                str(options.workers),
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(f"{base}/api/v1/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        tally, wall, missing = asyncio.run(run(base, names, options.seconds, large))
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # an import still running holds its worker
                process.kill()
                process.wait(timeout=30)
        drop_database(name)
    everything = [value for values in tally.latencies.values() for value in values]
    print(
        f"{options.people} people, {options.seconds:g} s, `twitchwise serve --accounts "
        f"--workers {options.workers}` on PostgreSQL, client on the same machine (2 cores)\n"
    )
    print("| requests | count | per second | p50 | p99 | errors |")
    print("|---|---|---|---|---|---|")
    for what in ("episodes", "exposures", "assessments"):
        values = tally.latencies[what]
        print(
            f"| POST /api/v1/{what} | {len(values):,} | {len(values) / wall:,.0f} | "
            f"{statistics.median(values) * 1000:.1f} ms | {percentile(values, 0.99) * 1000:.1f} ms"
            f" | {tally.errors[what]} |"
        )
    print(
        f"| all | {len(everything):,} | {len(everything) / wall:,.0f} | "
        f"{statistics.median(everything) * 1000:.1f} ms | "
        f"{percentile(everything, 0.99) * 1000:.1f} ms | {sum(tally.errors.values())} |"
    )
    acknowledged = sum(len(ids) for kinds in tally.acknowledged.values() for ids in kinds.values())
    print(
        f"\nacknowledged entries: {acknowledged:,}; missing afterwards: "
        f"{missing['episodes'] + missing['exposures']}"
    )
    if tally.upload:
        then = tally.upload.get("then", {})
        print(
            f"\nthe uploader's {tally.upload['bytes'] / 1e6:,.0f} MB CSV: answered "
            f"{tally.upload['status']} after {tally.upload['seconds']:.1f} s; at the end of the "
            f"run its import was {then.get('state')}, {then.get('percent')}% "
            f"({then.get('records', 0):,} rows read)"
        )


if __name__ == "__main__":
    main()
