"""`twitchwise log episode`: a twitch, cramp or spasm, field by field."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.log.group import AT, draft_of, log_app, now_or, save


@log_app.command()
def episode(
    kind: Annotated[str, typer.Option(help="twitch, cramp or spasm")] = "twitch",
    at: Annotated[str | None, AT] = None,
    site: Annotated[list[str] | None, typer.Option(help="body site; repeat for several")] = None,
    side: Annotated[str | None, typer.Option(help="left, right or both")] = None,
    minutes: Annotated[float | None, typer.Option(help="how long it lasted")] = None,
    intensity: Annotated[int | None, typer.Option(help="0-10")] = None,
    pain: Annotated[int | None, typer.Option(help="0-10")] = None,
    context: Annotated[
        str | None, typer.Option(help="after_sex, after_exercise, at_rest...")
    ] = None,
    symptom: Annotated[
        list[str] | None, typer.Option(help="warning sign; repeat for several")
    ] = None,
    note: Annotated[str, typer.Option(help="free text")] = "",
) -> None:
    """Log a twitch, cramp or spasm.

    Example: twitchwise log episode --kind cramp --site calf --minutes 3 --at "yesterday 23:10"
    """
    from twitchwise.domain.journal import LoggedEpisode

    fields = {
        "kind": kind,
        "started_at": now_or(at),
        "body_sites": site or [],
        "sides": side,
        "duration_minutes": minutes,
        "intensity": intensity,
        "pain": pain,
        "context": context,
        "symptoms": symptom or [],
        "notes": note,
    }
    save(draft_of(LoggedEpisode, fields))
