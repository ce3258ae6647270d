"""`twitchwise log exercise|sex`: activity with its length and effort."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.log.group import exposure, log_app, now_or, save


def _activity(
    kind: str, minutes: float | None, rpe: int | None, at: str | None, detail: str
) -> None:
    save(exposure(type=kind, started_at=now_or(at), amount=minutes, effort_rpe=rpe, detail=detail))


@log_app.command()
def exercise(
    minutes: Annotated[float | None, typer.Option(help="how long")] = None,
    rpe: Annotated[int | None, typer.Option(help="effort 0-10 (Borg CR10)")] = None,
    activity: Annotated[str, typer.Option(help="running, gym, cycling...")] = "exercise",
    at: Annotated[str | None, typer.Option("--at", help="when it started")] = None,
) -> None:
    """Log exercise.

    Example: twitchwise log exercise --activity running --minutes 45 --rpe 7 --at 07:00
    """
    _activity("exercise", minutes, rpe, at, activity)


@log_app.command()
def sex(
    minutes: Annotated[float | None, typer.Option(help="how long")] = None,
    rpe: Annotated[int | None, typer.Option(help="effort 0-10")] = None,
    at: Annotated[str | None, typer.Option("--at", help="when it started")] = None,
) -> None:
    """Log sexual activity (it counts as exercise).

    Example: twitchwise log sex --minutes 30 --at 23:00
    """
    _activity("sexual_activity", minutes, rpe, at, "")
