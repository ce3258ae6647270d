"""Running the command line in process, with an environment of the test's own."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from twitchwise.cli import app


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def ok(env: dict[str, str], *args: str) -> str:
    """The output of a command that must succeed."""
    result = run(env, *args)
    assert result.exit_code == 0, result.output
    return result.output
