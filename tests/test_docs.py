"""The docs stay honest: every command and option is documented, every flag is in the table."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main
from typer.core import TyperGroup

from tests.conftest import ROOT
from twitchwise.cli import app
from twitchwise.knowledge import Knowledge

CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
KNOWLEDGE_DOC = (ROOT / "docs" / "knowledge-sources.md").read_text(encoding="utf-8")


def walk(group: TyperGroup, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, command in group.commands.items():
        if getattr(command, "hidden", False):
            continue
        path = f"{prefix}{name}"
        yield path, command
        if isinstance(command, TyperGroup):
            yield from walk(command, path + " ")


def commands() -> list[tuple[str, Any]]:
    found = list(walk(typer.main.get_group(app)))  # type: ignore[arg-type]
    assert len(found) > 10, "too few commands found: the test would pass vacuously"
    return found


def test_every_command_and_option_is_in_docs_cli() -> None:
    for path, command in commands():
        assert f"`twitchwise {path}" in CLI_DOC, path
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("--") and option != "--help":
                    pattern = re.escape(option) + r"(?![a-z-])"
                    assert re.search(pattern, CLI_DOC), f"{path} {option}"


def test_every_command_has_help_with_an_example() -> None:
    for path, command in commands():
        if isinstance(command, TyperGroup):
            assert command.help, path
            continue
        assert command.help and "Example: " in command.help, path


def test_every_flag_is_in_the_triage_table(knowledge: Knowledge) -> None:
    for flag in knowledge.flags:
        row = f"| `{flag.id}` | {flag.level.value} | {flag.sign} | {', '.join(flag.sources)} |"
        assert row in KNOWLEDGE_DOC, f"docs/knowledge-sources.md needs the row:\n{row}"


def test_the_triage_table_is_the_one_written_from_the_data() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "knowledge_docs.py"), "--check"], timeout=60
    )
    assert done.returncode == 0, "run scripts/knowledge_docs.py to write the table again"


def test_the_readme_names_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./scripts/start" in readme and "./scripts/test" in readme
    assert (
        Path(ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("./scripts/test")
    )


def test_the_readme_example_is_the_real_output() -> None:
    from typer.testing import CliRunner

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ twitchwise check --input examples/cramp-after-run.json\n"
    shown = readme[readme.index(command) + len(command) : readme.index("   ... (four more")]
    result = CliRunner().invoke(
        app,
        ["check", "--input", str(ROOT / "examples" / "cramp-after-run.json")],
        env={"COLUMNS": "100"},
    )
    real = [line.rstrip() for line in result.output.splitlines()]
    assert shown.splitlines() == real[: len(shown.splitlines())]


def test_every_trigger_candidate_is_in_docs_triggers(knowledge: Knowledge) -> None:
    doc = (ROOT / "docs" / "triggers.md").read_text(encoding="utf-8")
    for definition in knowledge.triggers:
        assert f"`{definition.id}`" in doc, definition.id


def test_the_readmes_map_of_the_code_names_every_part_of_the_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The code") :]
    tree = section[section.index("```") : section.index("```", section.index("```") + 3)]
    package = ROOT / "src" / "twitchwise"
    parts = [p.name + "/" for p in package.iterdir() if (p / "__init__.py").exists()]
    parts += [p.name for p in package.glob("*.py") if p.stem not in {"__init__", "__main__"}]
    for part in parts:
        assert f"  {part}" in tree, f"the README's map of the code does not name {part}"
