"""Fail when a source file is longer than DESIGN.md allows (400 lines): a file holds one idea.

Usage: python scripts/file_lengths.py FOLDER [--most N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MOST = 400


def too_long(folder: Path, most: int) -> list[tuple[Path, int]]:
    """Every .py file under ``folder`` with more than ``most`` lines, longest first."""
    lengths = [
        (path, len(path.read_text(encoding="utf-8").splitlines())) for path in folder.rglob("*.py")
    ]
    return sorted(((p, n) for p, n in lengths if n > most), key=lambda item: -item[1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--most", type=int, default=MOST)
    args = parser.parse_args(argv)
    found = too_long(args.folder, args.most)
    for path, lines in found:
        sys.stderr.write(f"{path}: {lines} lines; split it by idea (at most {args.most})\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
