"""`twitchwise log`: add diary entries, one kind at a time or in plain language (quick log)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated, Any

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


def _save(draft: Any) -> None:
    from twitchwise.cli.describe import line
    from twitchwise.cli.state import opened
    from twitchwise.domain.journal import ref_of

    with reported(), opened() as app, app.store.write() as journal:
        entry = journal.add(draft)
        typer.echo(f"Saved {ref_of(entry)}: {line(entry)}")


def _now_and(at: str | None) -> datetime:
    from twitchwise.cli.state import opened
    from twitchwise.cli.when import parse_when

    with reported(), opened() as app:
        now = app.now()
        return parse_when(at, now) if at else now


def _exposure(**fields: Any) -> Any:
    from pydantic import ValidationError

    from twitchwise.domain.errors import input_error_from_validation
    from twitchwise.domain.exposures import Exposure

    with reported():
        try:
            return Exposure.model_validate({k: v for k, v in fields.items() if v is not None})
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None


@log_app.command("text", hidden=True)
def quick(
    words: Annotated[list[str], typer.Argument(help="what happened, in plain words")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="save without asking")] = False,
) -> None:
    """Log in plain language; the entries are shown for confirmation before saving."""
    from twitchwise.cli.state import opened
    from twitchwise.domain.errors import InputError
    from twitchwise.quicklog import parse

    text = " ".join(words)
    with reported(), opened() as app:
        result = parse(text, app.now())
        for proposal in result.proposals:
            typer.echo(f"  + {proposal.summary}    [from: {proposal.phrase}]")
        for phrase in result.not_understood:
            typer.echo(f"  ? not understood: {phrase}")
        if not result.proposals:
            raise InputError("text", "nothing in it could be turned into an entry")
        if not yes and not typer.confirm(f"Save {len(result.proposals)} entries?", default=True):
            typer.echo("Nothing saved.")
            return
        with app.store.write() as journal:
            refs = [str(journal.add(p.entry).id) for p in result.proposals]
            saved = [
                f"{type_letter(p.entry)}{ref}"
                for p, ref in zip(result.proposals, refs, strict=True)
            ]
        typer.echo("Saved " + ", ".join(saved))


def type_letter(entry: Any) -> str:
    from twitchwise.domain.journal import kind_of

    return kind_of(entry).value


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
    from pydantic import ValidationError

    from twitchwise.domain.errors import input_error_from_validation
    from twitchwise.domain.journal import LoggedEpisode

    fields = {
        "kind": kind,
        "started_at": _now_and(at),
        "body_sites": site or [],
        "sides": side,
        "duration_minutes": minutes,
        "intensity": intensity,
        "pain": pain,
        "context": context,
        "symptoms": symptom or [],
        "notes": note,
    }
    with reported():
        try:
            draft = LoggedEpisode.model_validate({k: v for k, v in fields.items() if v is not None})
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
    _save(draft)


def _drink(name: str, count: float, what: str) -> tuple[float, str]:
    from twitchwise.domain.errors import InputError
    from twitchwise.knowledge import load_knowledge

    wanted = " ".join(name.lower().split())
    for drink in load_knowledge().drinks:
        if wanted in (n.lower() for n in drink.names):
            amount = getattr(drink, what)
            if amount is None:
                raise InputError("--drink", f"{name!r} has no {what.split('_')[0]}")
            return count * amount, f"{count:g} × {drink.id.replace('_', ' ')}"
    raise InputError("--drink", f"{name!r} is not a drink twitchwise knows")


@log_app.command()
def caffeine(
    mg: Annotated[float | None, typer.Option(help="milligrams of caffeine")] = None,
    drink: Annotated[
        str | None, typer.Option(help="coffee, espresso, tea, cola, energy drink...")
    ] = None,
    count: Annotated[float, typer.Option(help="how many drinks")] = 1,
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log caffeine by milligrams or by drink.

    Example: twitchwise log caffeine --drink espresso --count 2
    """
    detail = ""
    with reported():
        if drink is not None:
            mg, detail = _drink(drink, count, "caffeine_mg")
    _save(_exposure(type="caffeine", started_at=_now_and(at), amount=mg, detail=detail))


@log_app.command()
def alcohol(
    units: Annotated[float | None, typer.Option(help="UK units")] = None,
    drink: Annotated[str | None, typer.Option(help="beer, wine, spirit...")] = None,
    count: Annotated[float, typer.Option(help="how many drinks")] = 1,
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log alcohol by units or by drink.

    Example: twitchwise log alcohol --drink wine --count 2
    """
    detail = ""
    with reported():
        if drink is not None:
            units, detail = _drink(drink, count, "alcohol_units")
    _save(_exposure(type="alcohol", started_at=_now_and(at), amount=units, detail=detail))


@log_app.command()
def water(
    amount: Annotated[str, typer.Argument(help="1.5L, 500ml or 500 (ml)")],
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log water or other drinks.

    Example: twitchwise log water 1.5L
    """
    from twitchwise.cli.interview import _number

    with reported():
        try:
            ml = _number(amount, {"ml": 1.0, "l": 1000.0, "cl": 10.0})
        except ValueError as error:
            from twitchwise.domain.errors import InputError

            raise InputError("AMOUNT", str(error)) from None
    _save(_exposure(type="water", started_at=_now_and(at), amount=ml))


@log_app.command()
def sleep(
    hours: Annotated[float | None, typer.Option(help="hours slept")] = None,
    start: Annotated[str | None, typer.Option("--from", help="went to sleep, e.g. 23:30")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="woke up; default 07:00 today or now")
    ] = None,
) -> None:
    """Log last night's sleep by hours or by times.

    Example: twitchwise log sleep --hours 5.5   or   twitchwise log sleep --from 01:00 --to 06:30
    """
    from twitchwise.cli.state import opened
    from twitchwise.cli.when import parse_when

    with reported(), opened() as app:
        now = app.now()
        morning = datetime.combine(now.date(), time(7), now.tzinfo)
        woke = parse_when(end, now, "--to") if end else min(now, morning)
        slept = parse_when(start, now, "--from") if start else None
        if slept is not None and slept >= woke:
            slept -= timedelta(days=1)  # "--from 23:30 --to 07:00" is last night
        if slept is None and hours is not None:
            slept = woke - timedelta(hours=hours)
        if slept is None:
            from twitchwise.domain.errors import InputError

            raise InputError("--hours", "give --hours, or --from and --to")
        amount = hours if hours is not None else None
    _save(_exposure(type="sleep", started_at=slept, ended_at=woke, amount=amount))


def _activity(
    kind: str, minutes: float | None, rpe: int | None, at: str | None, detail: str
) -> None:
    _save(
        _exposure(type=kind, started_at=_now_and(at), amount=minutes, effort_rpe=rpe, detail=detail)
    )


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


@log_app.command()
def stress(
    rating: Annotated[int, typer.Argument(help="0 calm to 10 extremely stressed")],
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log how stressed you feel, 0-10.

    Example: twitchwise log stress 7
    """
    _save(_exposure(type="stress", started_at=_now_and(at), amount=float(rating)))
