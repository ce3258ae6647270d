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
    from twitchwise.demo import generate
    from twitchwise.domain.errors import InputError

    with reported(), opened() as app:
        with app.store.read() as journal:
            if not journal.is_empty():
                raise InputError(
                    "journal",
                    "is not empty; the demo only fills a fresh journal "
                    "(point TWITCHWISE_DATA_DIR at an empty folder to try it)",
                )
        with app.store.write() as journal:
            journal.set_profile({"sex": "female", "birth_year": app.now().year - 34})
            report = journal.add_many(generate(app.now(), months=months, seed=seed), source="demo")
    typer.echo(
        f"Added {report.added} sample entries covering {months} months. "
        "Try: twitchwise history, twitchwise check --episode <an e-id from history>"
    )
