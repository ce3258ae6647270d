"""`twitchwise log medication|supplement|dose`: courses of a medicine, and single doses."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log.group import AT, draft_of, exposure, log_app, now_or, save


def _course(
    kind: str, name: str, dose_mg: float | None, since: str | None, until: str | None
) -> None:
    from twitchwise.cli.when import parse_day
    from twitchwise.domain.journal import MedicationCourse

    today = now_or(None).date()
    with reported():
        fields: dict[str, Any] = {"name": name, "kind": kind, "dose_mg_per_day": dose_mg}
        if since:
            fields["started_on"] = parse_day(since, today, "--since")
        if until:
            fields["stopped_on"] = parse_day(until, today, "--until")
    save(draft_of(MedicationCourse, fields))


@log_app.command()
def medication(
    name: Annotated[str, typer.Argument(help="generic or brand name")],
    dose_mg: Annotated[float | None, typer.Option(help="mg a day")] = None,
    since: Annotated[str | None, typer.Option(help="date started, e.g. 2026-11-01")] = None,
    until: Annotated[
        str | None, typer.Option(help="date stopped; leave out if still taking")
    ] = None,
) -> None:
    """Add a medicine you take (a course with start and stop dates).

    Example: twitchwise log medication furosemide --dose-mg 40 --since 2026-10-15
    """
    _course("medication", name, dose_mg, since, until)


@log_app.command()
def supplement(
    name: Annotated[str, typer.Argument(help="e.g. magnesium citrate, vitamin B6")],
    dose_mg: Annotated[float | None, typer.Option(help="mg a day")] = None,
    since: Annotated[str | None, typer.Option(help="date started")] = None,
    until: Annotated[str | None, typer.Option(help="date stopped")] = None,
) -> None:
    """Add a supplement you take regularly.

    Example: twitchwise log supplement "vitamin B6" --dose-mg 50 --since 2026-09-01
    """
    _course("supplement", name, dose_mg, since, until)


@log_app.command()
def dose(
    name: Annotated[str, typer.Argument(help="what you took")],
    mg: Annotated[float | None, typer.Option(help="how many mg")] = None,
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log one dose of a medicine or supplement taken now (or --at).

    Example: twitchwise log dose ibuprofen --mg 400
    """
    from twitchwise.knowledge import load_knowledge

    match = load_knowledge().match_medication(name)
    supplements = {"vitamin_b6", "magnesium"}
    is_supplement = match is not None and any(c.id in supplements for c in match.classes)
    kind = "supplement" if is_supplement else "medication"
    save(exposure(type=kind, started_at=now_or(at), amount=mg, detail=name))
