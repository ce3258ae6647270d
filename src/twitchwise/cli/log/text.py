"""`twitchwise log "TEXT"`: plain language, shown back as entries and saved on confirmation."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log.group import log_app


@log_app.command("text", hidden=True)
def quick(
    words: Annotated[list[str], typer.Argument(help="what happened, in plain words")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="save without asking")] = False,
) -> None:
    """Log in plain language; the entries are shown for confirmation before saving."""
    from twitchwise.cli.state import opened
    from twitchwise.domain.errors import InputError
    from twitchwise.domain.journal import ref_of
    from twitchwise.quicklog import parse

    text = " ".join(words)
    with reported(), opened() as app:
        result = parse(text, app.now())
        for proposal in result.proposals:
            typer.echo(f"  + {proposal.summary}    [from: {proposal.phrase}]")
        for phrase in result.not_understood:
            typer.echo(f"  ? not understood: {phrase}")
        if not result.proposals:
            raise InputError("text", "nothing in it could be turned into an entry")
        if not yes and not typer.confirm(f"Save {len(result.proposals)} entries?", default=True):
            typer.echo("Nothing saved.")
            return
        with app.store.write() as journal:
            saved = [str(ref_of(journal.add(p.entry))) for p in result.proposals]
        typer.echo("Saved " + ", ".join(saved))
