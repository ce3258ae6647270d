"""Does the trigger analysis survive an independent statistician? Simulated diaries from a world
written apart from the candidates (tests/analysis/world.py: its own thresholds and timing, a
day/night hazard step, streaky sleep, clustered episodes, entries logged because of episodes,
unlogged bad days), analysed exactly as a person's diary is (tests/analysis/validity.py).

Run: .venv/bin/python benchmarks/triggers_validity.py [--replicates 40] [--ten-year 20]
     [--lengths 90,180,365,1095] [--workers 2] [--raw FILE]
     .venv/bin/python benchmarks/triggers_validity.py --summarise FILE   (tables from a raw file)
Every judged diary is appended to the raw file (JSON lines) as it finishes; seeds run in the
outer loop, so a run stopped early still has every scenario and length.

Reports, per diary length: the share of no-effect diaries with any flag a person sees ("likely
trigger" or "possible protector", by threshold or dose-response), with "cannot tell" and "not
clear after checking N things" apart; the share of diaries in which an exposure logged because
of episodes is flagged; per planted trigger the power with our definition and with one matching
the truth, and the coverage of the true and the pseudo-true ratio by the 95% interval. Ten-year
diaries for the no-effect scenarios. Seeds are 1..replicates, the same person per seed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.analysis.validity import NULLS, PLANTED, REVERSE, Judged, judge, share


def _run(job: tuple[str, int, int]) -> Judged:
    return judge(*job)


def _cell(values: list[bool | None]) -> str:
    value, n = share(values)
    if n == 0:
        return "-"
    half = 1.96 * math.sqrt(max(value * (1 - value), 0.25 / n) / n)
    return f"{value:.2f} ±{half:.2f} ({n})"


def _read(path: str) -> dict[tuple[str, int], list[Judged]]:
    results: dict[tuple[str, int], list[Judged]] = defaultdict(list)
    for line in Path(path).read_text().splitlines():
        judged = Judged(**json.loads(line))
        results[(judged.scenario, judged.days)].append(judged)
    print(f"{sum(len(v) for v in results.values())} diaries from {path}")
    return results


def _simulate(args: argparse.Namespace, lengths: list[int]) -> dict[tuple[str, int], list[Judged]]:
    scenarios = [*NULLS, *REVERSE, *PLANTED]
    jobs = []
    for seed in range(1, max(args.replicates, args.ten_year) + 1):
        if seed <= args.replicates:
            jobs += [(s, d, seed) for d in lengths for s in scenarios]
        if seed <= args.ten_year:
            jobs += [(s, 3652, seed) for s in NULLS]
    started = time.perf_counter()
    results: dict[tuple[str, int], list[Judged]] = defaultdict(list)
    raw = Path(args.raw).open("a") if args.raw else None
    with ProcessPoolExecutor(args.workers) as pool:
        for judged in pool.map(_run, jobs, chunksize=1):
            results[(judged.scenario, judged.days)].append(judged)
            if raw is not None:
                raw.write(json.dumps(dataclasses.asdict(judged)) + "\n")
                raw.flush()
    elapsed = time.perf_counter() - started
    print(
        f"{len(jobs)} diaries, {args.replicates} per scenario and length "
        f"({args.ten_year} ten-year no-effect diaries per scenario), {elapsed / 60:.1f} min, "
        f"{args.workers} workers"
    )
    return results


def _planted(results: dict[tuple[str, int], list[Judged]], lengths: list[int]) -> None:
    print("\nPlanted triggers (candidate; truth)")
    print("| scenario | measure | " + " | ".join(f"{d} d" for d in lengths) + " |")
    print("|---|---|" + "---|" * len(lengths))
    for s, (candidate, ratio) in PLANTED.items():
        measures = [
            (f"power, our {candidate}", "found"),
            ("power, matching definition", "found_matching"),
            ("coverage of the true ratio (matching)", "covers_true"),
            (f"coverage of the pseudo-true ratio ({candidate})", "covers_pseudo"),
            ("coverage of the pseudo-true ratio (matching)", "covers_pseudo_matching"),
        ]
        for name, attribute in measures:
            cells = [[getattr(j, attribute) for j in results[(s, d)]] for d in lengths]
            if all(share(c)[1] == 0 for c in cells):
                continue
            truth = f"RR {ratio:g}" if ratio else "x1.4 per 100 mg"
            print(f"| {s} ({truth}) | {name} | " + " | ".join(_cell(c) for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicates", type=int, default=40)
    parser.add_argument("--ten-year", type=int, default=20)
    parser.add_argument("--lengths", default="90,180,365,1095")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--raw", default=None)
    parser.add_argument("--summarise", default=None)
    args = parser.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    if args.summarise:
        results = _read(args.summarise)
        lengths = sorted({d for _, d in results if d < 3652})
    else:
        results = _simulate(args, lengths)
    print("shares ±1.96 SE (n diaries)\n")
    all_lengths = [*lengths, 3652]
    print(
        "No effect at all: diaries with any flag a person sees "
        "(likely trigger / possible protector)"
    )
    print("| scenario | " + " | ".join(f"{d} d" for d in all_lengths) + " |")
    print("|---|" + "---|" * len(all_lengths))
    for s in NULLS:
        row = [_cell([j.flag for j in results[(s, d)]]) for d in all_lengths]
        print(f"| {s} | " + " | ".join(row) + " |")
    pooled = [_cell([j.flag for s in NULLS for j in results[(s, d)]]) for d in all_lengths]
    print("| all four pooled | " + " | ".join(pooled) + " |")
    for label, attribute in (
        ("cannot tell", "cannot_tell"),
        ("not clear after checking", "not_clear"),
    ):
        row = [
            _cell([getattr(j, attribute) for s in NULLS for j in results[(s, d)]])
            for d in all_lengths
        ]
        print(f"| (pooled: any '{label}') | " + " | ".join(row) + " |")
    print("\nEntries logged because of episodes: diaries in which such an exposure is flagged")
    print("| scenario (candidates) | " + " | ".join(f"{d} d" for d in lengths) + " |")
    print("|---|" + "---|" * len(lengths))
    for s, ids in REVERSE.items():
        row = [_cell([j.reverse_flagged for j in results[(s, d)]]) for d in lengths]
        print(f"| {s} ({', '.join(ids)}) | " + " | ".join(row) + " |")
        row = [_cell([j.flag for j in results[(s, d)]]) for d in lengths]
        print(f"| {s}: any flag at all | " + " | ".join(row) + " |")
    _planted(results, lengths)


if __name__ == "__main__":
    main()
