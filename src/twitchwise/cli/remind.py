"""`twitchwise remind add|list|remove|test`: reminders the server sends (`twitchwise serve` or
`twitchwise worker` must be running for them to go out at their time)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.owner import USER, owned
from twitchwise.domain.reminders import ReminderKind

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from twitchwise.storage.reminders import Reminder
    from twitchwise.storage.store import Store

remind_app = typer.Typer(
    help="Reminders sent by the server: an evening check-in, a morning sleep question, a nudge "
    "after an episode, a weekly digest. add, list, remove, test.",
    no_args_is_help=True,
)
NAME = typer.Argument(help="the reminder's name: letters, digits, dots, dashes, underscores")
TO = typer.Option(
    "--to", help="an apprise URL (ntfy://, gotify://, mailto://, json://...) or webpush"
)
AFTER = typer.Option("--after", help="after-episode: minutes after it is logged (default 30)")


def _zone(store: Store, owner: int) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    with store.reminders() as reminders:
        return ZoneInfo(reminders.zone_of(owner))


def _when(r: Reminder, zone: ZoneInfo) -> str:
    from twitchwise.domain.reminders import WEEKDAYS, clock_text

    if r.kind == ReminderKind.AFTER_EPISODE:
        return f"{r.after_minutes} min after each episode you log"
    every = f"{WEEKDAYS[r.weekday]}s" if r.weekday is not None else "daily"
    at = clock_text(r.at_minute) if r.at_minute is not None else "?"
    due = f", next {r.due_at.astimezone(zone):%a %d %b %H:%M} {zone.key}" if r.due_at else ""
    return f"{every} at {at}{due}"


@remind_app.command("add")
def add(
    name: Annotated[str, NAME],
    to: Annotated[str, TO],
    at: Annotated[str | None, typer.Option("--at", help="local time HH:MM")] = None,
    kind: Annotated[ReminderKind, typer.Option("--kind")] = ReminderKind.CHECKIN,
    day: Annotated[str | None, typer.Option("--day", help="digest: weekday, default sun")] = None,
    after: Annotated[int | None, AFTER] = None,
    quiet: Annotated[str | None, typer.Option("--quiet", help="e.g. 22:00-07:00")] = None,
    message: Annotated[str, typer.Option("--message", help="your own words")] = "",
    user: Annotated[str | None, USER] = None,
) -> None:
    """Add a reminder, sent at --at (your profile's zone) every day; a digest on --day weekly.

    Example: twitchwise remind add evening --at 21:30 --to ntfy://ntfy.sh/my-topic
    """
    from twitchwise.services.reminders import ReminderPlan, add_reminder

    with reported(), owned(user) as app:
        plan = ReminderPlan(kind, to, at, day, after, quiet, message)
        zone = _zone(app.store, app.owner)
        made = add_reminder(app.store, app.owner, name, plan, app.settings.clock().now(zone))
    typer.echo(f"Added the reminder {made.name} ({made.kind}): {_when(made, zone)}.")


@remind_app.command("list")
def listed(user: Annotated[str | None, USER] = None) -> None:
    """Your reminders: when, where to, when last sent.

    Example: twitchwise remind list
    """
    with reported(), owned(user) as app:
        zone = _zone(app.store, app.owner)
        with app.store.reminders() as reminders:
            found = reminders.of(app.owner)
    if not found:
        typer.echo("No reminders. Add one: twitchwise remind add evening --at 21:30 --to URL")
    for r in found:
        state = "stopped" if r.stopped_at else _when(r, zone)
        sent = (
            f"; last sent {r.last_sent_at.astimezone(zone):%d %b %H:%M}" if r.last_sent_at else ""
        )
        error = f"; last failed: {r.last_error}" if r.last_error else ""
        typer.echo(f"{r.name}  {r.kind}  {state}  to {r.channel}{sent}{error}")


@remind_app.command("remove")
def remove(name: Annotated[str, NAME], user: Annotated[str | None, USER] = None) -> None:
    """Remove a reminder.

    Example: twitchwise remind remove evening
    """
    with reported(), owned(user) as app, app.store.reminders() as reminders:
        reminders.remove(app.owner, name)
    typer.echo(f"Removed the reminder {name}.")


@remind_app.command("test")
def test(name: Annotated[str, NAME], user: Annotated[str | None, USER] = None) -> None:
    """Send a reminder at once, whatever its time, to see that it arrives.

    Example: twitchwise remind test evening
    """
    from datetime import UTC

    from twitchwise.domain.errors import InputError
    from twitchwise.services.reminders import Sender

    with reported(), owned(user) as app:
        with app.store.reminders() as reminders:
            reminder = reminders.named(app.owner, name)
        clock = app.settings.clock()
        error = Sender(app.store, app.settings, clock).deliver(reminder, clock.now(UTC))
        if error:
            raise InputError("to", f"not delivered: {error}")
    typer.echo(f"Sent the reminder {name} to {reminder.channel}.")
