"""Command-line start-up: wall time of `twitchwise --help`, of a full `check --json`, and of
`check --text ... --json` (a fresh process reads the words: every pattern is compiled, the
spelling list loaded).

Targets: `twitchwise --help` under 0.3 s (issue 2); `check --text` under 1 s cold (issue 14).
The floor is a bare `python -c pass` on the same interpreter, measured in the same run.
Run: .venv/bin/python benchmarks/cli_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 0.3
TEXT_TARGET_S = 1.0
ROUNDS = 15
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).with_name("twitchwise"))
COMMANDS = {
    "python -c pass (interpreter floor)": [sys.executable, "-c", "pass"],
    "twitchwise --help": [SCRIPT, "--help"],
    "twitchwise guide warning-signs": [SCRIPT, "guide", "warning-signs"],
    "twitchwise check --input ... --json": [
        SCRIPT,
        "check",
        "--input",
        str(ROOT / "examples" / "after-sex.json"),
        "--json",
    ],
    "twitchwise check --text ... --json": [
        SCRIPT,
        "check",
        "--text",
        "calf cramp started 25 mins ago and still won't let go, no numbness, had 3 coffees",
        "--json",
    ],
}


def median_seconds(command: list[str]) -> float:
    subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    results = {name: median_seconds(command) for name, command in COMMANDS.items()}
    floor = results["python -c pass (interpreter floor)"]
    for name, seconds in results.items():
        print(f"{name:<38} median {seconds:.3f} s   {seconds / floor:5.1f}x the floor")
    help_s = results["twitchwise --help"]
    print(f"twitchwise --help: target {TARGET_S} s / median = {TARGET_S / help_s:.2f}x")
    text_s = results["twitchwise check --text ... --json"]
    print(f"check --text: target {TEXT_TARGET_S} s / median = {TEXT_TARGET_S / text_s:.2f}x")


if __name__ == "__main__":
    main()
