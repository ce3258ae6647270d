"""`twitchwise history`, `edit`, `delete` and `profile`: read and change the diary."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated, Any

import typer

from twitchwise.cli.errors import reported

LIST_FIELDS = {"body_sites", "symptoms"}


def history(
    days: Annotated[int, typer.Option(help="how many days back")] = 30,
    kind: Annotated[
        str | None, typer.Option("--type", help="episode, or an exposure type such as caffeine")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """Show the diary, newest first, with the ids to edit or delete.

    Example: twitchwise history --days 7 --type episode
    """
    from rich.console import Console
    from rich.table import Table

    from twitchwise.cli.describe import line, when
    from twitchwise.cli.state import opened
    from twitchwise.domain.errors import InputError
    from twitchwise.domain.exposures import ExposureType
    from twitchwise.domain.journal import ref_of
    from twitchwise.domain.plausible import positive_days
    from twitchwise.domain.wording import counted

    with reported(), opened(mention_samples=not as_json) as app, app.store.read() as journal:
        since = app.now() - timedelta(days=positive_days(days, "--days"))
        entries: list[Any] = []
        if kind in (None, "episode"):
            entries.extend(journal.episodes(since=since))
        if kind != "episode":
            if kind is not None and kind not in ExposureType._value2member_map_:
                choices = ", ".join(["episode", *ExposureType])
                raise InputError("--type", f"{kind!r} is not one of: {choices}")
            types = [ExposureType(kind)] if kind else []
            entries.extend(journal.exposures(since=since, types=types))
        if kind is None:
            entries.extend(journal.notes(since=since))
        entries.sort(key=lambda e: getattr(e, "started_at", None) or e.at, reverse=True)
        courses = journal.courses() if kind is None else []
        visits = journal.visits()[::-1] if kind is None else []
    if as_json:
        payload = [
            {"id": str(ref_of(e)), **e.model_dump(mode="json", exclude={"id"})}
            for e in entries + courses + visits
        ]
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Your diary, the last {counted(days, 'day')}", show_lines=False)
    table.add_column("id", style="bold cyan")
    table.add_column("when")
    table.add_column("what")
    for entry in entries:
        moment = getattr(entry, "started_at", None) or entry.at
        table.add_row(str(ref_of(entry)), when(moment, app.zone), line(entry, app.zone))
    for course in courses:
        table.add_row(str(ref_of(course)), "", line(course))
    for visit in visits:
        table.add_row(str(ref_of(visit)), str(visit.on), line(visit))
    console = Console()
    if not entries and not courses and not visits:
        console.print("The diary is empty for this period. Add entries with `twitchwise log`.")
        return
    console.print(table)


def _value(field: str, text: str) -> Any:
    if field in LIST_FIELDS:
        return [part.strip() for part in text.split(",") if part.strip()]
    if text.lower() in {"none", "null", ""}:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def edit(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="e12, x3, m1 or n2 (see history)")],
    changes: Annotated[
        list[str],
        typer.Option("--set", help="field=value; repeat for several; lists comma-separated"),
    ],
) -> None:
    """Change fields of one entry; it is checked like a new one.

    Example: twitchwise edit e12 --set intensity=5 --set body_sites=calf,thigh
    """
    from twitchwise.cli.describe import line
    from twitchwise.cli.state import opened
    from twitchwise.domain.errors import InputError
    from twitchwise.domain.journal import EntryRef

    with reported():
        parsed: dict[str, Any] = {}
        for change in changes:
            field, sep, text = change.partition("=")
            if not sep or not field.strip():
                raise InputError("--set", f"{change!r}: write it as field=value")
            parsed[field.strip()] = _value(field.strip(), text.strip())
        ref = EntryRef.parse(entry_id)
        with opened() as app, app.store.write() as journal:
            entry = journal.update(ref, parsed)
        typer.echo(f"Changed {ref}: {line(entry)}")


def delete(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="e12, x3, m1 or n2 (see history)")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask")] = False,
) -> None:
    """Delete one entry.

    Example: twitchwise delete x45 --yes
    """
    from twitchwise.cli.describe import line
    from twitchwise.cli.state import opened
    from twitchwise.domain.journal import EntryRef

    with reported():
        ref = EntryRef.parse(entry_id)
        with opened() as app, app.store.write() as journal:
            entry = journal.get(ref)
            if not yes and not typer.confirm(f"Delete {ref}: {line(entry)}?", default=False):
                typer.echo("Nothing deleted.")
                return
            journal.delete(ref)
        typer.echo(f"Deleted {ref}.")


def profile(
    sex: Annotated[str | None, typer.Option(help="female or male (for reference intakes)")] = None,
    birth_year: Annotated[int | None, typer.Option(help="e.g. 1990")] = None,
    pregnant: Annotated[bool | None, typer.Option("--pregnant/--not-pregnant")] = None,
    time_zone: Annotated[
        str | None, typer.Option("--zone", help="IANA zone, e.g. Europe/London")
    ] = None,
) -> None:
    """Show or set what the thresholds depend on: sex, birth year, pregnancy, time zone.

    Example: twitchwise profile --sex female --birth-year 1991 --zone Europe/London
    """
    from twitchwise.cli.state import opened
    from twitchwise.domain.time import zone

    changes = {
        "sex": sex,
        "birth_year": birth_year,
        "pregnant": pregnant,
        "time_zone": time_zone,
    }
    given = {k: v for k, v in changes.items() if v is not None}
    with reported():
        if time_zone is not None:
            zone(time_zone)
        with opened() as app, app.store.write() as journal:
            current = journal.set_profile(given) if given else journal.profile()
    for field, value in current.model_dump(mode="json").items():
        typer.echo(f"{field}: {'' if value is None else value}")
