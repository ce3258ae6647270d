"""CSV, backup and FHIR files are imported as they are read: a file four times as long needs no
more memory (the command's peak RSS, measured in a child process), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.diary_files import write
from sqlalchemy import text

from tests.storage.conftest import POSTGRES_URL, postgres_schema

MEASURED_IMPORT = """
import resource, subprocess, sys
command = [sys.executable, "-m", "twitchwise", "import", sys.argv[1], sys.argv[2]]
done = subprocess.run(command, stdout=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
SIZES = {"csv": 8000, "backup": 8000, "fhir": 3000}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield ""
        return
    with postgres_schema() as engine, engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        assert POSTGRES_URL is not None
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def _peak_mb(kind: str, path: Path, data: Path, database_url: str) -> float:
    env = {**os.environ, "TWITCHWISE_DATA_DIR": str(data), "TWITCHWISE_DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-c", MEASURED_IMPORT, kind, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    returncode, peak_kb = (int(word) for word in done.stdout.splitlines()[-1].split())
    assert returncode == 0, done.stderr
    return peak_kb / 1024


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["csv", "backup", "fhir"])
def test_a_file_four_times_as_long_needs_no_more_memory(
    kind: str, tmp_path: Path, database_url: str
) -> None:
    peaks = []
    for scale in (1, 4):
        path = write(kind, SIZES[kind] * scale, tmp_path / f"{kind}-{scale}.{kind}")
        # A fresh journal each time (on PostgreSQL the second import finds the first's
        # entries and adds the rest: the same work of reading).
        peaks.append(_peak_mb(kind, path, tmp_path / f"data-{scale}", database_url))
    small, large = peaks
    # Read whole, the larger file would take tens of megabytes more (about 2 kB per entry).
    assert large - small < 12, f"{kind}: {small:.0f} MB, then {large:.0f} MB"
    assert large < 200
