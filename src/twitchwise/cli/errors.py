"""One way to report a user's mistake on the command line: the field, the reason, exit code 1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from twitchwise.domain.errors import InputError


@contextmanager
def reported() -> Iterator[None]:
    """Turn an ``InputError`` raised inside into a message on stderr and exit code 1."""
    try:
        yield
    except InputError as error:
        for problem in error.problems:
            typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(1) from None
