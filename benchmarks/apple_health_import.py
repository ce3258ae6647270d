"""Apple Health import: twitchwise against healthkit-to-sqlite, apple-health-parser and a bare
lxml parse, on the same synthetic export, in the same run: wall-clock seconds and peak RSS.

Run: .venv/bin/python benchmarks/apple_health_import.py                 (1 GB export, every tool)
     .venv/bin/python benchmarks/apple_health_import.py --size 50MB --skip-competitors

The export comes from benchmarks/apple_health_export.py (seeded, shaped like a real one) and is
cached in benchmarks/.cache/ (reused while present; deleted after the run unless --keep). Every
tool runs as a child process, timed wall-clock; its peak RSS is its `ru_maxrss` as reported to a
small parent: /usr/bin/time (`%M`) if present, else a tiny launcher calling `os.wait4` (a child
forked straight from this big Python process would carry this process's RSS high-water mark).
- twitchwise: `<this venv>/bin/twitchwise import apple-health FILE`, TWITCHWISE_DATA_DIR a fresh
  temporary folder.
- healthkit-to-sqlite 1.0.1 and apple-health-parser 2.0.5: each installed from PyPI into its own
  virtualenv under benchmarks/.venvs/ on the first run. apple-health-parser extracts the zip
  under its working directory and wants it named exactly export.zip, so it runs in a temporary
  folder holding an `export.zip` symlink. It builds a whole DOM (~10x the XML size in RAM): it is
  skipped, with a message, when the machine has not that much memory available.
- the limit: a bare `lxml.etree.iterparse` (end events, tag filter, no entities, no network) over
  the XML streamed from the zip, DOCTYPE skipped, elements cleared, doing nothing else.
Any child is killed if the machine's available memory falls under 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
VENVS = HERE / ".venvs"
TWITCHWISE = Path(sys.executable).with_name("twitchwise")
HEALTHKIT_TO_SQLITE = "healthkit-to-sqlite==1.0.1"
APPLE_HEALTH_PARSER = "apple-health-parser==2.0.5"
# apple-health-parser's peak RSS per byte of XML: 2.05 GB for 200 MB, 9.9 GB for 1.05 GB.
APPLE_HEALTH_PARSER_RAM_PER_XML_BYTE = 10.5
KEEP_AVAILABLE = 1 << 30  # kill a child if MemAvailable falls below this
TIME_LIMIT_S = 3600.0
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
GNU_TIME = Path("/usr/bin/time")
# Without /usr/bin/time: a small launcher forks the tool and reads its ru_maxrss from os.wait4.
# (A child forked straight from this process would inherit this process's RSS high-water mark
# in ru_maxrss: Linux carries the pre-exec image's peak across exec.)
LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


@dataclass
class Result:
    tool: str
    seconds: float | None = None
    rss_mib: float | None = None
    status: str = "ok"  # ok, failed, skipped
    note: str = ""


@dataclass(frozen=True)
class Export:
    path: Path
    xml_bytes: int
    zip_bytes: int
    records: int | None  # top-level Records, when known from the generator
    workouts: int | None
    summaries: int | None
    generated_now: bool


# ---------------------------------------------------------------------------------------------
# The bare parse (runs as a child: `--bare-parse FILE`).


def find_export_member(zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The HealthData XML, found by content as healthkit-to-sqlite does (names are localised)."""
    for info in zf.infolist():
        if info.is_dir() or not info.filename.lower().endswith(".xml"):
            continue
        with zf.open(info) as f:
            head = f.read(1024)
        if b"<!DOCTYPE HealthData" in head or b"<HealthData " in head:
            return info
    raise FileNotFoundError("no Apple Health export.xml in the zip")


class SkipDoctype:
    """A binary stream that starts at `<HealthData` (after an XML declaration): the DTD,
    the only place entities could be declared, never reaches the parser (APPLE_HEALTH.md §5.1)."""

    def __init__(self, raw: IO[bytes]) -> None:
        head = raw.read(1 << 16)
        while b"<HealthData" not in head and len(head) < (1 << 20):
            more = raw.read(1 << 16)
            if not more:
                break
            head += more
        start = head.find(b"<HealthData")
        if start < 0:
            raise ValueError("no <HealthData> in the first MiB")
        self.pending = XML_DECLARATION + head[start:]
        self.raw = raw

    def read(self, size: int = -1) -> bytes:
        if self.pending:
            if size < 0 or size >= len(self.pending):
                out, self.pending = self.pending, b""
            else:
                out, self.pending = self.pending[:size], self.pending[size:]
            return out
        return self.raw.read(size)


def bare_parse(path: Path) -> int:
    from lxml import etree

    elements = 0
    with zipfile.ZipFile(path) as zf, zf.open(find_export_member(zf)) as raw:
        for _, element in etree.iterparse(
            SkipDoctype(raw),
            events=("end",),
            tag=("Record", "Workout", "ActivitySummary"),
            resolve_entities=False,
            no_network=True,
        ):
            elements += 1
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    return elements


# ---------------------------------------------------------------------------------------------
# Running a child and measuring it.


def mem_available() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


@dataclass
class Run:
    seconds: float
    rss_mib: float
    returncode: int
    killed: str  # "" or why the watchdog killed it
    log: Path


def rss_method() -> str:
    return "GNU time (%M)" if GNU_TIME.exists() else "os.wait4 ru_maxrss in a small launcher"


def run_measured(
    command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None
) -> Run:
    """Run `command`, wall-clock time it and read its peak RSS (KiB) as its parent saw it."""
    killed = ""
    rss_file = cwd / "peak-rss-kib"
    if GNU_TIME.exists():
        measure = [str(GNU_TIME), "-f", "%M", "-o", str(rss_file)]
    else:
        measure = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(rss_file)]
    with open(log, "wb") as out:
        began = time.perf_counter()
        proc = subprocess.Popen(
            [*measure, *command],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the watchdog can stop all of it
        )
        done = threading.Event()

        def watchdog() -> None:
            nonlocal killed
            while not done.wait(0.25):
                if mem_available() < KEEP_AVAILABLE:
                    killed = "killed: the machine was running out of memory"
                elif time.perf_counter() - began > TIME_LIMIT_S:
                    killed = f"killed: over {TIME_LIMIT_S:.0f} s"
                else:
                    continue
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                return

        guard = threading.Thread(target=watchdog, daemon=True)
        guard.start()
        _, status, _ = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - began
        done.set()
        guard.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        # GNU time writes "Command exited with non-zero status N" before the number on failure.
        peak_kib = int(rss_file.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        peak_kib = 0
    return Run(seconds, peak_kib / 1024, proc.returncode, killed, log)


def tail(path: Path, lines: int = 12) -> str:
    text = path.read_text(errors="replace").strip().splitlines()
    return "\n".join("    " + line for line in text[-lines:])


def measured(
    tool: str,
    command: list[str],
    cwd: Path,
    note: Callable[[Run], str],
    env: dict[str, str] | None = None,
) -> Result:
    print(f"- {tool} ...", flush=True)
    run = run_measured(command, cwd, cwd / "output.log", env)
    if run.killed or run.returncode != 0:
        why = run.killed or f"exit code {run.returncode}"
        print(f"  FAILED ({why}) after {run.seconds:.1f} s; last output:\n{tail(run.log)}")
        return Result(tool, run.seconds, run.rss_mib, "failed", why)
    result = Result(tool, run.seconds, run.rss_mib, "ok", note(run))
    print(f"  {run.seconds:.1f} s, peak RSS {run.rss_mib:,.0f} MiB  {result.note}", flush=True)
    return result


# ---------------------------------------------------------------------------------------------
# The tools.


def run_bare_parse(export: Export, work: Path) -> Result:
    folder = work / "bare"
    folder.mkdir()

    def note(run: Run) -> str:
        lines = run.log.read_text().split()
        return f"{int(lines[-1]):,} elements" if lines and lines[-1].isdigit() else ""

    command = [sys.executable, str(Path(__file__).resolve()), "--bare-parse", str(export.path)]
    return measured("bare lxml iterparse", command, folder, note)


def twitchwise_available() -> bool:
    if not TWITCHWISE.exists():
        return False
    probe = subprocess.run(
        [str(TWITCHWISE), "import", "apple-health", "--help"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return probe.returncode == 0


def run_twitchwise(export: Export, work: Path) -> Result:
    tool = "twitchwise import apple-health"
    if not twitchwise_available():
        print(f"- {tool}: twitchwise import not available yet")
        return Result(tool, status="skipped", note="twitchwise import not available yet")
    folder = work / "twitchwise"
    data = folder / "data"
    data.mkdir(parents=True)
    env = {**os.environ, "TWITCHWISE_DATA_DIR": str(data)}

    def note(run: Run) -> str:
        # Its summary: the lines before the first indented one (the table's title).
        summary: list[str] = []
        for line in run.log.read_text(errors="replace").strip().splitlines():
            if not line.strip() or line[0].isspace():
                break
            summary.append(line.strip())
        print(tail(run.log, 40))
        return " ".join(summary)[:160]

    command = [str(TWITCHWISE), "import", "apple-health", str(export.path)]
    return measured(tool, command, folder, note, env)


def ensure_venv(name: str, requirement: str, script: str) -> Path | None:
    """benchmarks/.venvs/NAME with REQUIREMENT installed from PyPI (first run only)."""
    venv = VENVS / name
    exe = venv / "bin" / script
    marker = venv / ".installed"
    if exe.exists() and marker.exists() and marker.read_text() == requirement:
        return exe
    print(f"  installing {requirement} into {venv.relative_to(HERE.parent)} (first run only) ...")
    log = VENVS / f"{name}-install.log"
    VENVS.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        for step in (
            [sys.executable, "-m", "venv", "--clear", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", requirement],
        ):
            if subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, check=False).returncode:
                print(f"  could not install {requirement} ({log}):\n{tail(log)}")
                return None
    marker.write_text(requirement)
    return exe if exe.exists() else None


def sqlite_rows(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)  # noqa: S608


def run_healthkit_to_sqlite(export: Export, work: Path) -> Result:
    tool = "healthkit-to-sqlite 1.0.1"
    exe = ensure_venv("healthkit-to-sqlite", HEALTHKIT_TO_SQLITE, "healthkit-to-sqlite")
    if exe is None:
        return Result(tool, status="skipped", note="could not be installed")
    folder = work / "healthkit-to-sqlite"
    folder.mkdir()
    db = folder / "out.db"

    def note(_: Run) -> str:
        return f"{sqlite_rows(db):,} rows in SQLite"

    return measured(tool, [str(exe), str(export.path), str(db), "--silent"], folder, note)


def run_apple_health_parser(export: Export, work: Path) -> Result:
    tool = "apple-health-parser 2.0.5"
    need = int(export.xml_bytes * APPLE_HEALTH_PARSER_RAM_PER_XML_BYTE)
    available = mem_available()
    if need > available - 2 * KEEP_AVAILABLE:
        message = (
            f"skipped: needs ~{need / 2**30:.1f} GiB of RAM (a DOM of the whole file), "
            f"{available / 2**30:.1f} GiB available"
        )
        print(f"- {tool}: {message}")
        return Result(tool, status="skipped", note=message)
    exe = ensure_venv("apple-health-parser", APPLE_HEALTH_PARSER, "apple-health-parser-export")
    if exe is None:
        return Result(tool, status="skipped", note="could not be installed")
    folder = work / "apple-health-parser"
    folder.mkdir()
    (folder / "export.zip").symlink_to(export.path)  # it opens <zip stem>.xml: name it export.zip

    def note(_: Run) -> str:
        csvs = list((folder / "out").rglob("*.csv"))
        size = sum(p.stat().st_size for p in csvs)
        return f"{len(csvs)} CSV files, {size / 1e6:,.0f} MB"

    command = [str(exe), "--zip_file", "export.zip", "--dir_name", "out"]
    return measured(tool, command, folder, note)


# ---------------------------------------------------------------------------------------------
# The export.


def prepare_export(args: argparse.Namespace) -> Export:
    from apple_health_export import generate, parse_size  # lazily: the bare-parse child is lean

    if args.file is not None:
        path = args.file.resolve()
        with zipfile.ZipFile(path) as zf:
            xml_bytes = find_export_member(zf).file_size
        return Export(path, xml_bytes, path.stat().st_size, None, None, None, False)
    size = parse_size(args.size)
    label = args.size.strip().replace(" ", "")
    path = args.cache_dir.resolve() / f"export-{label}-seed{args.seed}.zip"
    meta = path.with_suffix(".json")
    generated_now = False
    if path.exists() and meta.exists():
        print(f"reusing {path}")
        info = json.loads(meta.read_text())
    else:
        print(f"generating a {label} export (seed {args.seed}) into {path} ...", flush=True)
        result = generate(path, size, args.seed)
        info = result.as_json()
        meta.write_text(json.dumps(info, indent=1) + "\n")
        generated_now = True
        print(f"  {result.record_count:,} records in {result.seconds:.1f} s")
    elements = info["elements"]
    return Export(
        path=path,
        xml_bytes=int(info["xml_bytes"]),
        zip_bytes=path.stat().st_size,
        records=int(info["record_count"]),
        workouts=int(elements.get("Workout", 0)),
        summaries=int(elements.get("ActivitySummary", 0)),
        generated_now=generated_now,
    )


def warm_cache(path: Path) -> None:
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


# ---------------------------------------------------------------------------------------------
# The report.


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def ratios(results: list[Result]) -> list[str]:
    by = {r.tool.split()[0]: r for r in results if r.status == "ok"}
    tw, hk, bare = by.get("twitchwise"), by.get("healthkit-to-sqlite"), by.get("bare")
    lines = []
    if tw is None:
        lines.append("twitchwise: not measured (twitchwise import not available yet)")
    if tw and hk and tw.seconds and hk.seconds:
        lines.append(f"twitchwise vs healthkit-to-sqlite: {hk.seconds / tw.seconds:.1f}x faster")
    if tw and bare and tw.seconds and bare.seconds:
        lines.append(f"twitchwise / bare parse: {tw.seconds / bare.seconds:.2f}x the time")
    return lines


def describe(export: Export) -> str:
    parts = [f"{export.xml_bytes:,} bytes of XML ({export.xml_bytes / 1e9:.2f} GB)"]
    parts.append(f"zip {export.zip_bytes / 1e6:,.1f} MB")
    if export.records is not None:
        parts.append(
            f"{export.records:,} records, {export.workouts:,} workouts, "
            f"{export.summaries:,} activity summaries"
        )
    return ", ".join(parts)


def machine() -> str:
    try:
        from lxml import etree

        lxml = ".".join(map(str, etree.LXML_VERSION[:3]))
    except ImportError:
        lxml = "?"
    return (
        f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, lxml {lxml}"
    )


def report(export: Export, results: list[Result]) -> None:
    bare = next((r for r in results if r.tool.startswith("bare") and r.status == "ok"), None)

    def vs_bare(r: Result) -> str:
        if bare is None or bare.seconds is None or r.seconds is None or r.status != "ok":
            return "—"
        return f"{r.seconds / bare.seconds:.2f}x"

    print()
    print(f"export: {export.path}")
    print(f"        {describe(export)}")
    print(f"machine: {machine()}; peak RSS from {rss_method()}")
    print()
    print(f"{'tool':<32} {'seconds':>9} {'peak RSS MiB':>13} {'x bare':>8}  note")
    for r in results:
        seconds = _fmt(r.seconds, 1) if r.status != "skipped" else "—"
        rss = _fmt(r.rss_mib, 0) if r.status != "skipped" else "—"
        note = r.note if r.status == "ok" else f"{r.status}: {r.note}"
        print(f"{r.tool:<32} {seconds:>9} {rss:>13} {vs_bare(r):>8}  {note}")
    print()
    for line in ratios(results):
        print(line)

    print("\nMarkdown:\n")
    print(f"Apple Health import, {describe(export)}; {machine()}.\n")
    print("| tool | seconds | peak RSS (MiB) | × bare parse | note |")
    print("| --- | ---: | ---: | ---: | --- |")
    for r in results:
        seconds = _fmt(r.seconds, 1) if r.status != "skipped" else "—"
        rss = _fmt(r.rss_mib, 0) if r.status != "skipped" else "—"
        note = r.note if r.status == "ok" else f"{r.status}: {r.note}"
        print(f"| {r.tool} | {seconds} | {rss} | {vs_bare(r)} | {note} |")
    lines = ratios(results)
    if lines:
        print()
        print("; ".join(lines) + ".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1GB", help="export size in XML bytes (default 1GB)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, help="benchmark this export.zip instead")
    parser.add_argument("--keep", action="store_true", help="keep a newly generated export")
    parser.add_argument("--skip-competitors", action="store_true", help="only twitchwise and lxml")
    parser.add_argument("--cache-dir", type=Path, default=CACHE, help=argparse.SUPPRESS)
    parser.add_argument("--bare-parse", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_parse is not None:
        print(bare_parse(args.bare_parse))
        return 0
    from apple_health_export import parse_size

    try:
        parse_size(args.size)
    except ValueError as error:
        parser.error(str(error))

    export = prepare_export(args)
    warm_cache(export.path)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="twitchwise-apple-bench-") as tmp:
        work = Path(tmp)
        try:
            results.append(run_bare_parse(export, work))
            results.append(run_twitchwise(export, work))
            if not args.skip_competitors:
                results.append(run_healthkit_to_sqlite(export, work))
                results.append(run_apple_health_parser(export, work))
        finally:
            if export.generated_now and not args.keep:
                export.path.unlink(missing_ok=True)
                export.path.with_suffix(".json").unlink(missing_ok=True)
                print(f"(deleted {export.path}; --keep keeps it)")
    report(export, results)
    return 0 if all(r.status != "failed" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
