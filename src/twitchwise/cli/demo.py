"""`twitchwise demo`: fill a fresh journal with months of realistic sample entries."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.errors import reported


def demo(
    months: Annotated[int, typer.Option(min=1, max=24, help="how many months of diary")] = 6,
    seed: Annotated[int, typer.Option(help="the same seed gives the same diary")] = 7,
) -> None:
    """Fill a fresh journal with sample data (two planted patterns) so every command has content.

    Example: TWITCHWISE_DATA_DIR=/tmp/tw-demo twitchwise demo && twitchwise history
    """
    from twitchwise.cli.state import opened
    from twitchwise.services.demo import fill_with_demo

    with reported(), opened() as app:
        added = fill_with_demo(app.store, app.now(), months=months, seed=seed)
    typer.echo(
        f"Added {added} sample entries covering {months} months. "
        "Try: twitchwise history, twitchwise check --episode <an e-id from history>"
    )
