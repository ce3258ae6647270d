"""`twitchwise demo`: fill a fresh journal with months of realistic sample entries, or take
them out again (`--remove`) and keep the person's own."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.errors import reported


def demo(
    months: Annotated[int, typer.Option(min=1, max=24, help="how many months of diary")] = 6,
    seed: Annotated[int, typer.Option(help="the same seed gives the same diary")] = 7,
    remove: Annotated[
        bool, typer.Option("--remove", help="remove the sample entries, keep your own")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="with --remove: do not ask")] = False,
    if_fresh: Annotated[
        bool,
        typer.Option(
            "--if-fresh",
            help="fill only a journal nothing was ever written to, else leave it as it is "
            "(./scripts/start: a journal whose samples were removed stays yours)",
        ),
    ] = False,
) -> None:
    """Fill a fresh journal with sample data (two planted patterns) so every command has content;
    `--remove` takes exactly the sample entries out again.

    Example: TWITCHWISE_DATA_DIR=/tmp/tw-demo twitchwise demo && twitchwise history
    Example: twitchwise demo --remove --yes
    """
    from twitchwise.cli.state import opened
    from twitchwise.domain.wording import counted
    from twitchwise.services.demo import fill_with_demo, remove_demo

    with reported(), opened(mention_samples=False) as app:
        if remove:
            with app.store.read() as journal:
                samples = journal.sample_count()
            if not samples:
                typer.echo("There are no sample entries in this journal; nothing removed.")
                return
            question = f"Remove the {counted(samples, 'sample entry')}? Your own entries stay."
            if not yes and not typer.confirm(question, default=False):
                typer.echo("Nothing removed.")
                return
            removed = remove_demo(app.store, app.now())
            cleared = " The sample profile (sex, birth year) was cleared too." * (
                removed.profile_cleared
            )
            typer.echo(
                f"Removed {counted(removed.entries, 'sample entry')}; "
                f"{counted(removed.kept, 'entry')} of your own kept.{cleared}"
            )
            return
        if if_fresh and app.store.revision()[0] > 0:
            return
        added = fill_with_demo(app.store, app.now(), months=months, seed=seed)
    typer.echo(
        f"Added {counted(added, 'sample entry')} covering {counted(months, 'month')}. "
        "Try: twitchwise history, twitchwise check --episode <an e-id from history>. "
        "Remove them with: twitchwise demo --remove"
    )
