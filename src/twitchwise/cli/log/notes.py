"""`twitchwise log note`: free text in the diary."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.log.group import AT, draft_of, log_app, now_or, save


@log_app.command()
def note(
    text: Annotated[str, typer.Argument(help="anything worth remembering")],
    at: Annotated[str | None, AT] = None,
) -> None:
    """Write a free note in the diary.

    Example: twitchwise log note "new running shoes today"
    """
    from twitchwise.domain.journal import Note

    save(draft_of(Note, {"at": now_or(at), "text": text}))
