"""The `twitchwise log` group, and how every subcommand builds, validates and saves an entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import typer
from typer.core import TyperGroup

from twitchwise.cli.errors import reported

AT = typer.Option("--at", help="when: now (default), 14:30, 'yesterday 21:00', '2h ago', ISO")


class _QuickLogGroup(TyperGroup):
    """`twitchwise log "legs twitching after sex, 3 coffees"`: text that is not a subcommand is a
    quick log."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["text", *args]
        return super().parse_args(ctx, args)


log_app = typer.Typer(
    cls=_QuickLogGroup,
    help='Add to the diary: twitchwise log "legs twitching after sex, 3 coffees, slept 5h", '
    "or one kind at a time (twitchwise log caffeine --mg 200).",
    no_args_is_help=True,
)


def save(draft: Any) -> None:
    """Save one entry and say what was saved, with its id."""
    from twitchwise.cli.describe import line
    from twitchwise.cli.state import opened
    from twitchwise.domain.journal import ref_of

    with reported(), opened() as app, app.store.write() as journal:
        entry = journal.add(draft)
        typer.echo(f"Saved {ref_of(entry)}: {line(entry)}")


def now_or(at: str | None) -> datetime:
    """``--at`` as an aware time, or now."""
    from twitchwise.cli.state import opened
    from twitchwise.cli.when import parse_when

    with reported(), opened() as app:
        now = app.now()
        return parse_when(at, now) if at else now


def draft_of(model: Any, fields: dict[str, Any]) -> Any:
    """``model`` validated from the options that were given; a wrong one is the user's mistake,
    named by its field."""
    from pydantic import ValidationError

    from twitchwise.domain.errors import input_error_from_validation

    with reported():
        try:
            return model.model_validate({k: v for k, v in fields.items() if v is not None})
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None


def exposure(**fields: Any) -> Any:
    from twitchwise.domain.exposures import Exposure

    return draft_of(Exposure, fields)
