"""The import contracts (pyproject.toml) catch a wrong arrow: a copy of the package with one bad
import added fails ``lint-imports``, naming the contract; the unchanged copy passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on a copy of src/twitchwise where ``module`` (a path inside the package)
    starts with ``line``."""
    shutil.copytree(ROOT / "src" / "twitchwise", tmp_path / "src" / "twitchwise")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if module:
        target = tmp_path / "src" / "twitchwise" / module
        text = target.read_text()
        split = text.index("from __future__ import annotations\n") + len(
            "from __future__ import annotations\n"
        )
        target.write_text(text[:split] + line + "\n" + text[split:])
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_the_package_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    done = lint_copy(tmp_path, "", "")
    assert done.returncode == 0, done.stdout
    assert "3 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("domain/units.py", "import twitchwise.exports.csv_long", "domain is the floor"),
        ("knowledge/catalogue.py", "import twitchwise.quicklog", "domain is the floor"),
        ("assessment/plan.py", "import twitchwise.services.checks", "domain is the floor"),
        ("imports/readers/fhir.py", "import twitchwise.imports.pipeline", "pure readers"),
        ("imports/readers/csv_rows.py", "import sqlalchemy", "no framework"),
        ("charts/spec.py", "import fastapi", "no framework"),
    ],
)
def test_a_wrong_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    done = lint_copy(tmp_path, module, line)
    assert done.returncode != 0, done.stdout
    words = " ".join(done.stdout.split())
    assert "BROKEN" in words and broken in words
