"""One way to report a mistake on the command line: the field and the reason on stderr, exit
code 1, never a traceback. Every error twitchwise raises on purpose (``TwitchwiseError``) is one
of these; anything else is a bug, and a traceback is how a bug should be reported."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from twitchwise.domain.errors import InputError, KnowledgeError, TwitchwiseError


@contextmanager
def reported() -> Iterator[None]:
    """Turn a ``TwitchwiseError`` raised inside into a message on stderr and exit code 1."""
    try:
        yield
    except InputError as error:
        for problem in error.problems:
            typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(1) from None
    except KnowledgeError as error:
        typer.echo(
            f"Error: twitchwise's own knowledge files disagree ({error}); this is a bug in "
            "twitchwise, please report it",
            err=True,
        )
        raise typer.Exit(1) from None
    except TwitchwiseError as error:  # StorageError: nothing of this command was saved
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None
