"""Web throughput: requests/s and latency of `POST /api/v1/assessments` and of the dashboard
(`GET /`), against a bare FastAPI endpoint served the same way, on the same machine, in the same
run. Target: at least half the bare endpoint's throughput.

Run: .venv/bin/python benchmarks/web_throughput.py                   (about a minute and a half)
     .venv/bin/python benchmarks/web_throughput.py --rounds 5 --duration 10 --json web.json

Needs `wrk` (Debian/Ubuntu: `apt-get install -y wrk`; macOS: `brew install wrk`).

Method:
- Servers, one at a time, each its own uvicorn process on 127.0.0.1 with the same options: one
  worker, `--no-access-log`, `--log-level warning`, `--loop uvloop --http httptools` (what
  uvicorn[standard] picks by default, and so what `twitchwise serve` gets).
  - twitchwise: `create_app(load_settings())` through `uvicorn --factory`, on a journal filled by
    `twitchwise demo` in a temporary folder, TWITCHWISE_NOW and TWITCHWISE_TIME_ZONE fixed.
  - bare FastAPI: a minimal app written to a temporary file: `GET /hello` (`async def`, returns
    a small fixed dict) and `POST /echo` (`async def`, takes a `dict` JSON body, returns it).
  `POST /api/v1/assessments` is compared with the bare POST, `GET /` with the bare GET.
- Load: wrk, one thread, 8 connections (closed loop: latency is per request, under a load of 8
  in flight), per endpoint a 2 s warm-up then 5 s timed. Both POSTs (assessments and echo) send
  the same bodies round-robin from a Lua script: every examples/*.json and three variants of
  each (other intensity, duration, sleep and day), so no request repeats back to back. wrk's
  `done()` hook reports the request count, the errors and the latency percentiles as JSON.
- Rounds (3 by default): each starts the bare server, times its two endpoints, stops it, then
  does the same with twitchwise. An endpoint's figures are the medians over the rounds, and its
  ratio the median of the per-round ratios to the bare endpoint, so a burst of other work on the
  machine spoils one round, not the comparison. The load average is printed with the results.
- Also from /proc (Linux): the server process's CPU time (user + system, all threads) over each
  timed run, per request and as a share of the wall time. CPU per request hardly moves when other
  work shares the core, so its ratio to the bare endpoint's backs the throughput ratio up on a busy
  machine; a "server busy" share well under 100% says the core was shared (or the server waited).
- On a machine with at least 2 cores and `taskset`, the server is pinned to one core and wrk to
  another.
- Before timing, every endpoint must answer 200 with the expected content (the dashboard shows
  "Recent episodes"; each assessment body gets an answer with "triage"; echo returns its body),
  wrk must then report no 4xx/5xx response, no timeout and no socket error, and the endpoint must
  still answer right after the load: otherwise the run stops with an error, since the figures
  would mean nothing. A missed target is only reported (exit status 0).
- The dashboard keeps its HTML while the journal's revision and the day stay the same (see
  src/twitchwise/web/pages/dashboard.py): nothing writes during the run, so this measures the
  page as people mostly get it.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TWITCHWISE = Path(sys.executable).with_name("twitchwise")
TARGET_RATIO = 0.5
NOW = "2026-11-24T14:05:00+00:00"
TIME_ZONE = "Europe/London"
UVICORN_OPTIONS = [
    "--host",
    "127.0.0.1",
    "--workers",
    "1",
    "--no-access-log",
    "--log-level",
    "warning",
    "--loop",
    "uvloop",
    "--http",
    "httptools",
]
START_TIMEOUT_S = 30.0

BARE_APP = '''"""The bare endpoints: FastAPI doing as little as it can."""
from typing import Any

from fastapi import FastAPI

app = FastAPI()
HELLO = {"status": "ok", "service": "bare", "version": 1}


@app.get("/hello")
async def hello() -> dict[str, Any]:
    return HELLO


@app.post("/echo")
async def echo(body: dict[str, Any]) -> dict[str, Any]:
    return body
'''

TWITCHWISE_APP = '''"""twitchwise as `twitchwise serve` builds it, for `uvicorn --factory`."""
from twitchwise.settings import load_settings
from twitchwise.web import create_app


def app():
    return create_app(load_settings())
'''

# wrk's done() hook: the figures as one JSON line on stdout (latency in microseconds).
LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nWRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "mean_us": %f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""

LUA_BODIES = """
local bodies = {
%s
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
"""


@dataclass
class Endpoint:
    name: str  # as shown in the table
    server: str  # "bare" or "twitchwise"
    method: str
    path: str
    baseline: str | None  # the bare endpoint's name this one is compared with


@dataclass
class Result:
    """One timed wrk run of one endpoint."""

    endpoint: str
    round: int
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    server_cpu_us_per_request: float | None  # the server process's CPU time / requests
    server_cpu_share: float | None  # the server's CPU time / wall time (1.0: one full core)


@dataclass
class Summary:
    """An endpoint over the rounds: medians, and the throughput ratio to its bare endpoint."""

    endpoint: str
    rounds: int
    requests_per_s: float  # median over the rounds
    requests_per_s_min: float
    requests_per_s_max: float
    p50_ms: float  # median over the rounds
    p99_ms: float  # median over the rounds
    p99_ms_max: float
    ratio: float | None  # median over the rounds of (requests/s / the bare's in the same round)
    ratio_min: float | None
    ratio_max: float | None
    cpu_us_per_request: float | None  # median over the rounds
    cpu_ratio: float | None  # median of (the bare's CPU per request / this one's), same round
    cpu_share: float | None  # median over the rounds of the server's share of a core


BARE_GET = "bare FastAPI `GET /hello` (async, fixed small dict)"
BARE_POST = "bare FastAPI `POST /echo` (async, `dict` body echoed)"
ENDPOINTS = [
    Endpoint(BARE_GET, "bare", "GET", "/hello", None),
    Endpoint(BARE_POST, "bare", "POST", "/echo", None),
    Endpoint("twitchwise `GET /` (dashboard)", "twitchwise", "GET", "/", BARE_GET),
    Endpoint(
        "twitchwise `POST /api/v1/assessments`",
        "twitchwise",
        "POST",
        "/api/v1/assessments",
        BARE_POST,
    ),
]


# ---------------------------------------------------------------------------------------------
# Bodies, servers, checks.


def request_bodies() -> list[str]:
    """Every example, then variants of each (other numbers and day), compact JSON, interleaved."""
    examples = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    if not examples:
        raise SystemExit(f"no example requests in {EXAMPLES}")
    variants: list[list[dict[str, Any]]] = []
    for example in examples:
        family = [example]
        for n, (intensity, minutes, sleep, day) in enumerate(
            [(3, 1, 8.0, 10), (9, 30, 4.5, 14), (5, 8, 7.0, 18)]
        ):
            body = copy.deepcopy(example)
            episode = body["episode"]
            episode["intensity"] = intensity
            episode["duration_minutes"] = minutes + n
            if "started_at" in episode:
                episode["started_at"] = f"2026-11-{day:02d}" + episode["started_at"][10:]
            body.setdefault("context", {})["sleep_hours_last_night"] = sleep
            family.append(body)
        variants.append(family)
    return [
        json.dumps(family[i], separators=(",", ":"))
        for i in range(max(len(f) for f in variants))
        for family in variants
        if i < len(family)
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cores() -> tuple[int, int] | None:
    """(server core, wrk core), or None when pinning is not possible."""
    if shutil.which("taskset") is None or not hasattr(os, "sched_getaffinity"):
        return None
    usable = sorted(os.sched_getaffinity(0))
    return (usable[0], usable[1]) if len(usable) >= 2 else None


def pinned(command: list[str], core: int | None) -> list[str]:
    return ["taskset", "-c", str(core), *command] if core is not None else command


def http(method: str, url: str, body: str | None = None) -> tuple[int, str]:
    data = body.encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (a local URL)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class Server:
    """One uvicorn process; stopped (SIGINT, then SIGKILL) on leaving the `with`."""

    def __init__(self, command: list[str], env: dict[str, str], port: int, log: Path) -> None:
        self.command, self.env, self.port, self.log = command, env, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited ({self.process.returncode}):\n{self.tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"server not listening after {START_TIMEOUT_S:.0f} s:\n{self.tail()}")

    def __exit__(self, *_: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    @property
    def pid(self) -> int:
        assert self.process is not None  # noqa: S101
        return self.process.pid


def check_endpoint(endpoint: Endpoint, base: str, bodies: list[str]) -> None:
    """Fail loudly unless the endpoint gives the right answer: the timing would mean nothing."""
    url = base + endpoint.path
    if endpoint.method == "GET":
        status, text = http("GET", url)
        expected = "Recent episodes" if endpoint.server == "twitchwise" else '"status":"ok"'
        if status != 200 or expected not in text:
            raise SystemExit(f"{endpoint.name}: {status}, no {expected!r} in:\n{text[:2000]}")
        return
    for body in bodies:
        status, text = http("POST", url, body)
        if status != 200:
            raise SystemExit(f"{endpoint.name}: {status} for {body}:\n{text[:2000]}")
        answer = json.loads(text)
        if endpoint.server == "twitchwise":
            if "triage" not in answer or "level" not in answer["triage"]:
                raise SystemExit(f"{endpoint.name}: no triage in the answer to {body}")
        elif answer != json.loads(body):
            raise SystemExit(f"{endpoint.name}: echo differs for {body}")


# ---------------------------------------------------------------------------------------------
# wrk.


def lua_script(bodies: list[str] | None) -> str:
    if bodies is None:
        return LUA_DONE
    for body in bodies:
        if "]==]" in body or "\n" in body:
            raise ValueError("a body cannot go in a Lua long string")
    listed = ",\n".join(f"  [==[{body}]==]" for body in bodies)
    return LUA_BODIES % listed + LUA_DONE


def run_wrk(
    url: str, script: Path, seconds: float, connections: int, core: int | None
) -> dict[str, Any]:
    command = pinned(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds:g}s",
            "--timeout",
            "5s",
            "--latency",
            "--script",
            str(script),
            url,
        ],
        core,
    )
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    for line in done.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            figures: dict[str, Any] = json.loads(line[len("WRK_JSON ") :])
            figures["text"] = done.stdout
            return figures
    raise SystemExit(f"no figures from wrk:\n{done.stdout}\n{done.stderr}")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (all its threads) so far; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    endpoint: Endpoint,
    base: str,
    script: Path,
    args: argparse.Namespace,
    core: int | None,
    round_no: int,
    pid: int,
) -> Result:
    url = base + endpoint.path
    print(f"  {endpoint.method} {endpoint.path}: {args.warmup:g} s warm-up, ", end="", flush=True)
    if args.warmup > 0:
        run_wrk(url, script, args.warmup, args.connections, core)
    print(f"{args.duration:g} s timed ... ", end="", flush=True)
    cpu_before, started = cpu_seconds(pid), time.monotonic()
    w = run_wrk(url, script, args.duration, args.connections, core)
    cpu_after, wall = cpu_seconds(pid), time.monotonic() - started
    cpu = cpu_after - cpu_before if cpu_after is not None and cpu_before is not None else None
    errors = {k: w[k] for k in ("connect", "read", "write", "status", "timeout") if w[k]}
    if errors or w["requests"] == 0:
        raise SystemExit(f"{endpoint.name}: wrk saw errors {errors}:\n{w['text']}")
    seconds = w["duration_us"] / 1e6
    print(
        f"{w['requests'] / seconds:,.0f} requests/s, p99 {w['p99_us'] / 1000:.2f} ms"
        + (f", server busy {100 * cpu / wall:.0f}% of a core" if cpu is not None else ""),
        flush=True,
    )
    return Result(
        endpoint=endpoint.name,
        round=round_no,
        requests=w["requests"],
        seconds=round(seconds, 3),
        requests_per_s=round(w["requests"] / seconds, 1),
        p50_ms=w["p50_us"] / 1000,
        p90_ms=w["p90_us"] / 1000,
        p99_ms=w["p99_us"] / 1000,
        max_ms=w["max_us"] / 1000,
        mean_ms=round(w["mean_us"] / 1000, 3),
        server_cpu_us_per_request=round(1e6 * cpu / w["requests"], 1) if cpu is not None else None,
        server_cpu_share=round(cpu / wall, 3) if cpu is not None else None,
    )


# ---------------------------------------------------------------------------------------------
# The run.


def fill_journal(env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(TWITCHWISE), "demo"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"twitchwise demo failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in (
        "fastapi",
        "starlette",
        "pydantic",
        "uvicorn",
        "uvloop",
        "httptools",
        "twitchwise",
    ):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def summarise(results: list[Result]) -> list[Summary]:
    runs = {e.name: {r.round: r for r in results if r.endpoint == e.name} for e in ENDPOINTS}
    summaries = []
    for endpoint in ENDPOINTS:
        mine = runs[endpoint.name]
        rates = [r.requests_per_s for r in mine.values()]
        cpus = [r.server_cpu_us_per_request for r in mine.values()]
        shares = [r.server_cpu_share for r in mine.values()]
        ratios: list[float] = []
        cpu_ratios: list[float] = []
        if endpoint.baseline is not None:
            bare = runs[endpoint.baseline]
            ratios = [r.requests_per_s / bare[n].requests_per_s for n, r in mine.items()]
            for n, r in mine.items():
                theirs, ours = bare[n].server_cpu_us_per_request, r.server_cpu_us_per_request
                if theirs and ours:
                    cpu_ratios.append(theirs / ours)
        summaries.append(
            Summary(
                endpoint=endpoint.name,
                rounds=len(mine),
                requests_per_s=round(statistics.median(rates), 1),
                requests_per_s_min=min(rates),
                requests_per_s_max=max(rates),
                p50_ms=round(statistics.median(r.p50_ms for r in mine.values()), 3),
                p99_ms=round(statistics.median(r.p99_ms for r in mine.values()), 3),
                p99_ms_max=max(r.p99_ms for r in mine.values()),
                ratio=round(statistics.median(ratios), 3) if ratios else None,
                ratio_min=round(min(ratios), 3) if ratios else None,
                ratio_max=round(max(ratios), 3) if ratios else None,
                cpu_us_per_request=(
                    round(statistics.median(c for c in cpus if c is not None), 1)
                    if all(c is not None for c in cpus)
                    else None
                ),
                cpu_ratio=round(statistics.median(cpu_ratios), 3) if cpu_ratios else None,
                cpu_share=(
                    round(statistics.median(c for c in shares if c is not None), 3)
                    if all(c is not None for c in shares)
                    else None
                ),
            )
        )
    return summaries


def report(summaries: list[Summary], machine: dict[str, Any], args: argparse.Namespace) -> None:
    print()
    print(
        f"wrk: 1 thread, {args.connections} connections, per endpoint and round {args.warmup:g} s "
        f"warm-up then {args.duration:g} s timed; {args.rounds} rounds, each starting the bare "
        f"server then the twitchwise one; medians over the rounds; {machine['pinning']}."
    )
    print()
    print(
        f"| endpoint | requests/s | p50 | p99 | throughput vs bare (target ≥ {TARGET_RATIO}) "
        "| server CPU per request | CPU vs bare | server busy |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for s in summaries:
        versus = cpu_versus = ""
        if s.ratio is not None:
            met = "met" if s.ratio >= TARGET_RATIO else "MISSED"
            versus = f"{s.ratio:.2f}x ({met}; rounds {s.ratio_min:.2f}-{s.ratio_max:.2f})"
        if s.cpu_ratio is not None:
            cpu_versus = f"{s.cpu_ratio:.2f}x"
        cpu = f"{s.cpu_us_per_request:,.0f} µs" if s.cpu_us_per_request is not None else "n/a"
        busy = f"{100 * s.cpu_share:.0f}%" if s.cpu_share is not None else "n/a"
        print(
            f"| {s.endpoint} | {s.requests_per_s:,.0f} | {s.p50_ms:.2f} ms | {s.p99_ms:.2f} ms "
            f"| {versus} | {cpu} | {cpu_versus} | {busy} |"
        )
    print()
    print(
        "CPU vs bare: the bare endpoint's server CPU time per request over this one's, same round "
        "(what the throughput ratio would be with a core to itself); server busy: the server's CPU "
        "time over the wall time (under ~90%: the core was shared with other work)."
    )
    v = machine["versions"]
    print()
    print(
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['system']}, load average "
        f"{machine['load_before']} before and {machine['load_after']} after; Python {v['python']}, "
        f"fastapi {v['fastapi']}, starlette {v['starlette']}, pydantic {v['pydantic']}, uvicorn "
        f"{v['uvicorn']} (uvloop {v['uvloop']}, httptools {v['httptools']}, 1 worker, no access "
        f"log); {machine['wrk']}."
    )
    print(
        f"POST bodies: {machine['bodies']} (examples/*.json and variants), round-robin, the same "
        "for both POSTs."
    )
    print(f"Journal: `twitchwise demo`: {machine['journal']}")


def run_server(
    server: str,
    work: Path,
    env: dict[str, str],
    bodies: list[str],
    args: argparse.Namespace,
    pins: tuple[int, int] | None,
    round_no: int,
) -> list[Result]:
    server_core, wrk_core = pins if pins is not None else (None, None)
    port = free_port()
    target = ["--factory", "twitchwise_app:app"] if server == "twitchwise" else ["bare_app:app"]
    command = pinned(
        [
            sys.executable,
            "-m",
            "uvicorn",
            *target,
            "--app-dir",
            str(work),
            *UVICORN_OPTIONS,
            "--port",
            str(port),
        ],
        server_core,
    )
    print(f"round {round_no}, {server}: uvicorn on port {port}", flush=True)
    results = []
    with Server(command, env, port, work / f"{server}.log") as running:
        base = f"http://127.0.0.1:{port}"
        endpoints = [e for e in ENDPOINTS if e.server == server]
        for endpoint in endpoints:
            check_endpoint(endpoint, base, bodies)
        for endpoint in endpoints:
            script = work / ("get.lua" if endpoint.method == "GET" else "post.lua")
            results.append(measure(endpoint, base, script, args, wrk_core, round_no, running.pid))
            check_endpoint(endpoint, base, bodies)  # still right after the load
        if running.process is not None and running.process.poll() is not None:
            raise SystemExit(f"{server} server died:\n{running.tail()}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds timed (default 5)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.duration <= 0 or args.warmup < 0 or args.connections < 1:
        parser.error(
            "--rounds, --duration and --connections must be positive, --warmup not negative"
        )

    if shutil.which("wrk") is None:
        print(
            "wrk is not installed: on Debian/Ubuntu `apt-get install -y wrk` (as root), on macOS "
            "`brew install wrk`; see https://github.com/wg/wrk",
            file=sys.stderr,
        )
        return 2
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    pins = cores()
    bodies = request_bodies()
    load_before = os.getloadavg()
    results: list[Result] = []

    with tempfile.TemporaryDirectory(prefix="twitchwise-web-bench-") as tmp:
        work = Path(tmp)
        (work / "bare_app.py").write_text(BARE_APP)
        (work / "twitchwise_app.py").write_text(TWITCHWISE_APP)
        (work / "get.lua").write_text(lua_script(None))
        (work / "post.lua").write_text(lua_script(bodies))
        data_dir = work / "journal"
        env = {
            **os.environ,
            "TWITCHWISE_DATA_DIR": str(data_dir),
            "TWITCHWISE_NOW": NOW,
            "TWITCHWISE_TIME_ZONE": TIME_ZONE,
        }
        env.pop("TWITCHWISE_DATABASE_URL", None)
        print(f"filling a demo journal in {data_dir} ...", flush=True)
        journal = fill_journal(env)
        for round_no in range(1, args.rounds + 1):
            for server in ("bare", "twitchwise"):
                results += run_server(server, work, env, bodies, args, pins, round_no)

    summaries = summarise(results)
    machine = {
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "system": f"{platform.system()} {platform.release()}",
        "load_before": " ".join(f"{x:.2f}" for x in load_before),
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "versions": versions(),
        "wrk": (wrk_version.stdout or wrk_version.stderr).splitlines()[0].split(" Copyright")[0],
        "pinning": (
            f"server pinned to core {pins[0]}, wrk to core {pins[1]} (taskset)"
            if pins is not None
            else "not pinned (fewer than 2 usable cores, or no taskset)"
        ),
        "bodies": len(bodies),
        "journal": journal,
        "now": NOW,
        "time_zone": TIME_ZONE,
    }
    report(summaries, machine, args)
    if args.json is not None:
        figures = {
            "target_ratio": TARGET_RATIO,
            "settings": {
                "rounds": args.rounds,
                "duration_s": args.duration,
                "warmup_s": args.warmup,
                "connections": args.connections,
                "threads": 1,
                "uvicorn": UVICORN_OPTIONS,
            },
            "machine": machine,
            "summary": [asdict(s) for s in summaries],
            "runs": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
        print(f"(figures written to {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
