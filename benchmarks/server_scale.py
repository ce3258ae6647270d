"""A diary of 2,000,000 rows beside a small and an empty one, in the same database, the same run:
what the pages and the API cost each (p50/p99), and what exports and large imports need
(peak RSS), against the Apple Health importer's throughput.

Run: .venv/bin/python benchmarks/server_scale.py                     (PostgreSQL, 2M rows)
     .venv/bin/python benchmarks/server_scale.py --rows 200000 --csv-rows 200000 --fhir 50000

Needs a PostgreSQL server (TWITCHWISE_TEST_POSTGRES_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/test): a fresh database is made and dropped after.

- Three accounts: "big" has the big diary: the last ~3 months of the demo diary (what a person
  logs) and, before that, ``--rows`` rows of older history (95% exposures, 5% episodes, about
  1,100 a day over five years), written with COPY; "small" has the same last months and nothing
  older; "empty" has nothing.
- Each request is made ``--repeat`` times per person in process (Starlette's TestClient, accounts
  mode, bearer token or session cookie): the list API (`GET /api/v1/exposures?limit=100`), the
  dashboard (its kept page dropped first, so every one is a real render), the log page, and the
  check of the newest episode.
- Exports: `GET /api/v1/export/backup|csv` of the big diary from `twitchwise serve --accounts`
  (one process, started afresh for each), read as it streams; the server's peak RSS (ru_maxrss
  from os.wait4 in a small launcher), beside a server that exported nothing.
- Imports: `twitchwise import csv` of a ``--csv-rows`` CSV, `import fhir` of a ``--fhir``-entry
  bundle (benchmarks/diary_files.py), and `import apple-health` of a synthetic export
  (benchmarks/apple_health_export.py, ``--apple-mb``), each into a fresh SQLite journal:
  seconds, rows (records) per second, peak RSS.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from apple_health_export import generate as apple_export  # noqa: E402
from diary_files import write as write_file  # noqa: E402
from load_accounts import drop_database, make_database  # noqa: E402

BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get(
    "TWITCHWISE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "scale test passphrase"  # noqa: S105 - accounts made for this run only
ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=ZONE)
TYPES = ["caffeine", "water", "alcohol", "stress", "exercise"]
AMOUNTS = {"caffeine": 95.0, "water": 250.0, "alcohol": 1.5, "stress": 5.0, "exercise": 30.0}


Row = tuple[str, tuple[object, ...]]


def history_rows(owner: int, rows: int, until: datetime) -> Iterator[Row]:
    """("exposure" | "episode", the row's values): ``rows`` rows ending at ``until``."""
    span = timedelta(days=5 * 365)
    step = span / rows
    created = datetime.now(UTC)
    for index in range(rows):
        at = (until - span + step * index).astimezone(UTC)
        stamp = at.isoformat()
        if index % 20 == 19:
            key = f"e|{stamp}|twitch|calf"
            yield "episode", (owner, at, 0, "twitch", '["calf"]', "[]", "", "bench", key, created)
            continue
        kind = TYPES[index % len(TYPES)]
        amount = AMOUNTS[kind]
        key = f"x|{kind}|{stamp}||{amount:.6g}||"
        yield "exposure", (owner, kind, at, 0, amount, "", "bench", key, created)


def fill_history(url: str, owner: int, rows: int, until: datetime) -> float:
    """COPY the old rows in, as the database's administrator (row-level security is the app's
    wall, not the loader's); then ANALYZE, as autovacuum would."""
    began = time.perf_counter()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    exposure_copy = (
        "COPY exposure (person_id, type, started_at, started_offset_minutes, amount, detail,"
        " source, dedupe_key, created_at) FROM STDIN"
    )
    episode_copy = (
        "COPY episode (person_id, started_at, started_offset_minutes, kind, body_sites,"
        " symptoms, notes, source, dedupe_key, created_at) FROM STDIN"
    )
    with psycopg.connect(plain) as connection, connection.cursor() as cursor:
        with cursor.copy(exposure_copy) as exposures:
            for kind, values in history_rows(owner, rows, until):
                if kind == "exposure":
                    exposures.write_row(values)
        with cursor.copy(episode_copy) as episodes:
            for kind, values in history_rows(owner, rows, until):
                if kind == "episode":
                    episodes.write_row(values)
        connection.commit()
        connection.autocommit = True
        cursor.execute("ANALYZE episode, exposure")
    return time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(3):
        call()  # warm
    spent = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        spent.append(time.perf_counter() - began)
    return spent


def measure_requests(url: str, folder: Path, repeat: int) -> dict[str, dict[str, list[float]]]:
    from fastapi.testclient import TestClient

    from twitchwise.settings import load_settings
    from twitchwise.web import create_app

    settings = load_settings(
        data_dir=folder, database_url=url, accounts=True, import_worker=False, now=NOW
    )
    app = create_app(settings)
    results: dict[str, dict[str, list[float]]] = {}
    with TestClient(app, base_url="https://localhost") as anyone:
        for name in ("empty", "small", "big"):
            client = TestClient(app, base_url="https://localhost")
            signed = client.post("/sign-in", data={"name": name, "password": PASSWORD})
            assert signed.status_code == 200, signed.text  # noqa: S101
            token = anyone.post("/api/v1/tokens", json={"name": name, "password": PASSWORD})
            api = {"authorization": f"Bearer {token.json()['token']}"}
            newest = client.get("/api/v1/episodes?limit=1", headers=api).json()

            def get(
                path: str, headers: dict[str, str] | None = None, c: TestClient = client
            ) -> None:
                answer = c.get(path, headers=headers)
                assert answer.status_code == 200, (path, answer.status_code)  # noqa: S101

            def dashboard(c: TestClient = client) -> None:
                app.state.web._kept.clear()
                get("/", c=c)

            found = {
                "GET /api/v1/exposures?limit=100": timed(
                    lambda a=api: get("/api/v1/exposures?limit=100", a), repeat
                ),
                "dashboard /": timed(dashboard, repeat),
                "log page /log": timed(lambda: get("/log"), repeat),
            }
            if newest:
                check = f"/check/episode/{newest[0]['id']}"
                found["check /check/episode/{newest}"] = timed(lambda p=check: get(p), repeat)
            results[name] = found
    return results


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} / {percentile(values, 0.99) * 1000:.1f} ms"


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of a command run under /usr/bin/time."""
    began = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{command}: {done.stderr[-2000:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, done.stdout


LAUNCHER = """import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGTERM))
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
"""


def served_export(env: dict[str, str], kind: str) -> tuple[int, float, float]:
    """(bytes, seconds, the server's peak RSS in MB) of ``GET /api/v1/export/KIND`` of the big
    diary from ``twitchwise serve --accounts`` (one process), read as it streams."""
    import httpx2 as httpx

    port = free_port()
    command = [str(BIN / "twitchwise"), "serve", "--accounts", "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, *command],
        env={**env, "TWITCHWISE_IMPORT_WORKER": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    size, spent = 0, 0.0
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/v1/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        if kind != "none":
            token = httpx.post(
                f"{base}/api/v1/tokens", json={"name": "big", "password": PASSWORD}
            ).json()["token"]
            began = time.perf_counter()
            headers = {"authorization": f"Bearer {token}"}
            with httpx.stream(
                "GET", f"{base}/api/v1/export/{kind}", headers=headers, timeout=3600
            ) as answer:
                for chunk in answer.iter_bytes():
                    size += len(chunk)
            spent = time.perf_counter() - began
    finally:
        server.terminate()
        _, said = server.communicate(timeout=120)
    return size, spent, int(said.strip().splitlines()[-1]) / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def add_people(url: str, folder: Path) -> dict[str, int]:
    from twitchwise import demo
    from twitchwise.settings import load_settings
    from twitchwise.storage.store import Store

    store = Store.open(load_settings(data_dir=folder, database_url=url, time_zone="Europe/London"))
    ids = {}
    with store.accounts(write=True) as accounts:
        for name in ("big", "small", "empty"):
            ids[name] = accounts.add(name, PASSWORD, zone="Europe/London", now=NOW)
    for name in ("big", "small"):
        with store.write(ids[name]) as journal:
            journal.add_many(demo.generate(NOW, months=3, seed=7), source="demo")
    store.close()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--csv-rows", type=int, default=2_000_000)
    parser.add_argument("--fhir", type=int, default=1_000_000)
    parser.add_argument("--apple-mb", type=int, default=200)
    parser.add_argument("--skip-imports", action="store_true")
    parser.add_argument("--skip-exports", action="store_true")
    options = parser.parse_args()
    name, url = make_database()
    folder = Path(tempfile.mkdtemp(prefix=name))
    env = {**os.environ, "TWITCHWISE_DATABASE_URL": url, "TWITCHWISE_DATA_DIR": str(folder)}
    python = platform.python_version()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {python}")
    try:
        ids = add_people(url, folder)
        seconds = fill_history(url, ids["big"], options.rows, NOW - timedelta(days=92))
        print(f"filled {options.rows:,} rows of history with COPY in {seconds:.0f} s\n")
        results = measure_requests(url, folder, options.repeat)
        print(
            "| request | empty p50 / p99 | small p50 / p99 | big p50 / p99 "
            "| big / empty p50 | big / small p50 |\n|---|---|---|---|---|---|"
        )
        for what in results["big"]:
            cells = []
            for person in ("empty", "small", "big"):
                values = results[person].get(what)
                cells.append(_spread(values) if values else "n/a")
            big = statistics.median(results["big"][what])
            ratios = [
                f"{big / statistics.median(results[p][what]):.2f}" if what in results[p] else "n/a"
                for p in ("empty", "small")
            ]
            print(f"| {what} | {' | '.join(cells)} | {' | '.join(ratios)} |")
        print("\n| export of the big diary, served | size | seconds | server's peak RSS |")
        print("|---|---|---|---|")
        for kind in () if options.skip_exports else ("none", "backup", "csv"):
            size, spent, peak = served_export(env, kind)
            what = f"GET /api/v1/export/{kind}" if kind != "none" else "(the server, no export)"
            print(f"| {what} | {size / 1e6:,.0f} MB | {spent:.0f} | {peak:.0f} MB |")
    finally:
        drop_database(name)
    if options.skip_imports:
        return
    print("\n| import into a fresh SQLite journal | rows | seconds | rows/s | peak RSS |")
    print("|---|---|---|---|---|")
    local = {**os.environ, "TWITCHWISE_DATABASE_URL": ""}
    files = Path(tempfile.mkdtemp(prefix="tw_scale_files"))
    apple = apple_export(files / "export.zip", options.apple_mb * 1_000_000)
    jobs = [
        ("csv", options.csv_rows, write_file("csv", options.csv_rows, files / "diary.csv")),
        ("fhir", options.fhir, write_file("fhir", options.fhir, files / "bundle.json")),
        ("apple-health", apple.elements["Record"], apple.path),
    ]
    rates = {}
    for kind, rows, path in jobs:
        data = Path(tempfile.mkdtemp(prefix=f"tw_scale_{kind}"))
        spent, peak, _ = measured(
            [str(BIN / "twitchwise"), "import", kind, str(path)],
            {**local, "TWITCHWISE_DATA_DIR": str(data)},
        )
        rates[kind] = rows / spent
        size = path.stat().st_size / 1e6
        rate = rows / spent
        print(f"| {kind} ({size:,.0f} MB) | {rows:,} | {spent:.0f} | {rate:,.0f} | {peak:.0f} MB |")
        path.unlink()
    for kind in ("csv", "fhir"):
        ratio = rates[kind] / rates["apple-health"]
        print(f"\n{kind}: {ratio:.2f}x the Apple Health importer's rows per second")


if __name__ == "__main__":
    main()
