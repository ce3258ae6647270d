"""Command-line start-up: wall time of `twitchwise --help`, of a full `check --json`, and of
`check --text ... --json` (a fresh process reads the words: every pattern is compiled, the
spelling list loaded).

Targets: `twitchwise --help` under 0.3 s (issue 2); `check --text` under 1 s cold (issue 14).
The floor is a bare `python -c pass` on the same interpreter, measured in the same run.
Beside the wall time, the CPU time (user + system) the process used: on a machine shared with
other work the wall time waits for a core, the CPU time does not, so it is the figure that says
what the command costs when the machine is otherwise idle (they agree on a quiet machine).
Run: .venv/bin/python benchmarks/cli_startup.py
"""

from __future__ import annotations

import os
import resource
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


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def median_seconds(command: list[str]) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``command`` over ROUNDS fresh processes."""
    subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    walls, cpus = [], []
    for _ in range(ROUNDS):
        cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    results = {name: median_seconds(command) for name, command in COMMANDS.items()}
    floor = results["python -c pass (interpreter floor)"][0]
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, (wall, cpu) in results.items():
        print(
            f"{name:<38} median {wall:.3f} s wall, {cpu:.3f} s CPU   {wall / floor:5.1f}x the floor"
        )
    for name, target in (
        ("twitchwise --help", TARGET_S),
        ("twitchwise check --text ... --json", TEXT_TARGET_S),
    ):
        wall, cpu = results[name]
        print(
            f"{name}: target {target} s / median = "
            f"{target / wall:.2f}x (wall), {target / cpu:.2f}x (CPU)"
        )


if __name__ == "__main__":
    main()
