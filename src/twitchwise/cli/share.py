"""`twitchwise share create|list|revoke`: read-only links to the report for a doctor."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.owner import USER, owned

share_app = typer.Typer(
    help="Read-only links to your report for a doctor: create, list, revoke.",
    no_args_is_help=True,
)


@share_app.command("create")
def create(
    days: Annotated[int, typer.Option("--days", help="how long the link works: 1 to 31 days")],
    with_notes: Annotated[
        bool, typer.Option("--with-notes", help="show your notes and details too (off: never)")
    ] = False,
    user: Annotated[str | None, USER] = None,
) -> None:
    """Make a link to your report and its PDF; prints the link (shown this once) and its id.

    The link starts with TWITCHWISE_PUBLIC_URL, the address your doctor can reach.

    Example: twitchwise share create --days 7
    """
    from datetime import UTC

    from twitchwise.services.sharing import create_share, share_url

    with reported(), owned(user) as app:
        now = app.settings.clock().now(UTC)
        share_id, token = create_share(app.store, app.owner, days, now, with_notes=with_notes)
        with app.store.shares() as shares:
            info = next(s for s in shares.of(app.owner) if s.id == share_id)
    typer.echo(share_url(app.settings.public_url, token))
    notes = "with your notes" if with_notes else "without your notes"
    typer.echo(f"Share link {share_id}, {notes}, works until {info.expires_at:%Y-%m-%d %H:%M} UTC.")
    typer.echo(f"Withdraw it: twitchwise share revoke {share_id}")


@share_app.command("list")
def listed(user: Annotated[str | None, USER] = None) -> None:
    """Your share links: until when, with or without notes, and when each was opened.

    Example: twitchwise share list
    """
    from datetime import UTC

    with reported(), owned(user) as app:
        now = app.settings.clock().now(UTC)
        with app.store.shares() as shares:
            links = shares.of(app.owner)
            views = {link.id: shares.views(app.owner, link.id)[:5] for link in links}
    if not links:
        typer.echo("No share links. Make one: twitchwise share create --days 7")
        return
    for link in links:
        notes = "with notes" if link.with_notes else "no notes"
        typer.echo(
            f"{link.id}  {link.state(now):8} until {link.expires_at:%Y-%m-%d %H:%M} UTC  "
            f"{notes}  opened {link.views} time{'s' if link.views != 1 else ''}"
        )
        for view in views[link.id]:
            where = f" from {view.network}" if view.network else ""
            device = f" ({view.device})" if view.device else ""
            typer.echo(f"      {view.at:%Y-%m-%d %H:%M} UTC  {view.what}{where}{device}")


@share_app.command("revoke")
def revoke(
    share_id: Annotated[int, typer.Argument(help="the link's id, from share list")],
    user: Annotated[str | None, USER] = None,
) -> None:
    """Withdraw a share link at once: it answers "gone" from now on.

    Example: twitchwise share revoke 3
    """
    from datetime import UTC

    with reported(), owned(user) as app:
        with app.store.shares() as shares:
            shares.revoke(app.owner, share_id, app.settings.clock().now(UTC))
    typer.echo(f"Share link {share_id} is revoked.")
