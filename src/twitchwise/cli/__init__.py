"""The command line: a thin Typer layer over the library. Heavy imports happen inside commands,
so `twitchwise --help` starts fast."""

from __future__ import annotations

import typer

from twitchwise.cli.check import check
from twitchwise.cli.guide import guide

app = typer.Typer(
    name="twitchwise",
    help="Why do my legs twitch or cramp? Answers from your own data, and when to see a doctor.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(check)
app.command()(guide)


def _show_version(value: bool) -> None:
    if value:
        from twitchwise import __version__

        typer.echo(f"twitchwise {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Why do my legs twitch or cramp? Answers from your own data, and when to see a doctor."""


def main() -> None:
    """Console-script entry point."""
    app()
