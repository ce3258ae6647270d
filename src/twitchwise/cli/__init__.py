"""The command line: a thin Typer layer over the library. Heavy imports happen inside commands,
so `twitchwise --help` starts fast."""

from __future__ import annotations

import typer

from twitchwise.cli.check import check
from twitchwise.cli.demo import demo
from twitchwise.cli.experiment import experiment_app
from twitchwise.cli.guide import guide
from twitchwise.cli.history import delete, edit, history, profile
from twitchwise.cli.log import log_app
from twitchwise.cli.remind import remind_app
from twitchwise.cli.report import report
from twitchwise.cli.serve import serve, worker
from twitchwise.cli.share import share_app
from twitchwise.cli.transfer import export_app, import_app
from twitchwise.cli.triggers import triggers
from twitchwise.cli.users import user_app

app = typer.Typer(
    name="twitchwise",
    help="Why do my legs twitch or cramp? Answers from your own data, and when to see a doctor.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(check)
app.add_typer(log_app, name="log")
app.command()(history)
app.command()(triggers)
app.command()(edit)
app.command()(delete)
app.command()(profile)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.command()(demo)
app.command()(guide)
app.command()(report)
app.command()(serve)
app.command()(worker)
app.add_typer(user_app, name="user")
app.add_typer(share_app, name="share")
app.add_typer(remind_app, name="remind")
app.add_typer(experiment_app, name="experiment")


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
    """Console-script entry point: an error raised on purpose outside a command's own reporting
    (the journal cannot be opened, say) is still a message and exit code 1, not a traceback."""
    from twitchwise.cli.errors import reported

    with reported():
        app()
