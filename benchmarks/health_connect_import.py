"""Health Connect import: a 3-year export (hundreds of MB) read by `twitchwise import
health-connect` in bounded memory, its rate beside `twitchwise import apple-health` on an Apple
Health export of comparable size, in the same run.

Run: .venv/bin/python benchmarks/health_connect_import.py                (3 years; Apple export
                                                                          as large as the .db)
     .venv/bin/python benchmarks/health_connect_import.py --years 1 --apple-size 100MB

The exports come from benchmarks/health_connect_export.py and benchmarks/apple_health_export.py
(seeded) and are cached in benchmarks/.cache/. Each import runs as a child process into a fresh
data folder, timed wall-clock, its peak RSS its ``ru_maxrss`` (apple_health_import.run_measured).
Rates: uncompressed megabytes per second (the .db; the XML) and records per second.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from apple_health_import import TWITCHWISE, Result, Run, measured, rss_method  # noqa: E402

TARGET_RSS_MIB = 150 / 1.048576  # 150 MB


def hc_export(cache: Path, years: int, seed: int) -> tuple[Path, int, int]:
    """(zip, bytes of its .db, records), generated once per years and seed."""
    from health_connect_export import generate

    path = cache / f"health-connect-{years}y-seed{seed}.zip"
    meta = path.with_suffix(".json")
    if not (path.exists() and meta.exists()):
        print(f"generating a {years}-year Health Connect export into {path} ...", flush=True)
        made = generate(path, years, seed)
        meta.write_text(json.dumps({"db_bytes": made.db_bytes, "rows": made.rows}) + "\n")
        print(f"  {made.rows:,} records, {made.db_bytes / 1e6:,.0f} MB in {made.seconds:.1f} s")
    info = json.loads(meta.read_text())
    return path, int(info["db_bytes"]), int(info["rows"])


def apple_export(cache: Path, size: int, seed: int) -> tuple[Path, int, int]:
    """(zip, bytes of its XML, records)."""
    from apple_health_export import generate

    path = cache / f"export-{size // 1_000_000}MB-seed{seed}.zip"
    meta = path.with_suffix(".json")
    if not (path.exists() and meta.exists()):
        print(f"generating a {size / 1e6:,.0f} MB Apple Health export into {path} ...", flush=True)
        meta.write_text(json.dumps(generate(path, size, seed).as_json(), indent=1) + "\n")
    info = json.loads(meta.read_text())
    return path, int(info["xml_bytes"]), int(info["record_count"])


def run_import(kind: str, path: Path, work: Path) -> Result:
    folder = work / kind
    data = folder / "data"
    data.mkdir(parents=True)
    env = {**os.environ, "TWITCHWISE_DATA_DIR": str(data), "TWITCHWISE_DATABASE_URL": ""}

    def note(run: Run) -> str:
        lines = run.log.read_text(errors="replace").strip().splitlines()
        return lines[0][:160] if lines else ""

    return measured(
        f"twitchwise import {kind}", [str(TWITCHWISE), "import", kind, str(path)], folder, note, env
    )


def main() -> None:
    from apple_health_export import parse_size

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--apple-size", help="the Apple export's XML size (default: the .db's)")
    parser.add_argument("--cache-dir", type=Path, default=HERE / ".cache")
    args = parser.parse_args()
    cache = args.cache_dir.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    hc, db_bytes, hc_rows = hc_export(cache, args.years, args.seed)
    size = parse_size(args.apple_size) if args.apple_size else db_bytes
    apple, xml_bytes, apple_rows = apple_export(cache, size, args.seed)
    with zipfile.ZipFile(hc) as archive:
        zipped = hc.stat().st_size
        if archive.namelist() != ["health_connect_export.db"]:
            raise SystemExit(f"{hc} is not shaped like Health Connect.zip")
    print(f"peak RSS by {rss_method()}; Health Connect zip {zipped / 1e6:,.0f} MB")
    with tempfile.TemporaryDirectory(prefix="twitchwise-hc-bench-") as folder:
        work = Path(folder)
        rows = []
        for kind, path, size_bytes, records in (
            ("health-connect", hc, db_bytes, hc_rows),
            ("apple-health", apple, xml_bytes, apple_rows),
        ):
            result = run_import(kind, path, work)
            rows.append((result, size_bytes, records))
    print()
    print("| import | file (uncompressed) | records | wall time | peak RSS | MB/s | records/s |")
    print("|---|---|---|---|---|---|---|")
    for result, size_bytes, records in rows:
        if result.seconds is None or result.status != "ok":
            mb = size_bytes / 1e6
            print(f"| {result.tool} | {mb:,.0f} MB | {records:,} | {result.status} | | | |")
            continue
        print(
            f"| {result.tool} | {size_bytes / 1e6:,.0f} MB | {records:,} | {result.seconds:.1f} s "
            f"| {result.rss_mib:,.0f} MiB | {size_bytes / 1e6 / result.seconds:,.1f} "
            f"| {records / result.seconds:,.0f} |"
        )
    hc_result = rows[0][0]
    if hc_result.rss_mib is not None:
        verdict = "met" if hc_result.rss_mib < TARGET_RSS_MIB else "NOT met"
        peak = hc_result.rss_mib * 1.048576
        print(f"\nHealth Connect peak RSS {peak:,.0f} MB: under 150 MB {verdict}")


if __name__ == "__main__":
    main()
