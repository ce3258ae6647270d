"""`twitchwise log meal|medication|supplement|dose|note`: the rest of the diary's kinds."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log import AT, _exposure, _now_and, _save, log_app


@log_app.command()
def meal(
    magnesium_mg: Annotated[float | None, typer.Option(help="mg")] = None,
    potassium_mg: Annotated[float | None, typer.Option(help="mg")] = None,
    calcium_mg: Annotated[float | None, typer.Option(help="mg")] = None,
    vitamin_d_iu: Annotated[float | None, typer.Option(help="IU")] = None,
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log what a meal (or a day's food) held, nutrient by nutrient.

    Example: twitchwise log meal --magnesium-mg 150 --potassium-mg 900
    """
    from twitchwise.domain.errors import InputError

    amounts = {
        "magnesium": magnesium_mg,
        "potassium": potassium_mg,
        "calcium": calcium_mg,
        "vitamin_d": vitamin_d_iu,
    }
    given = {name: value for name, value in amounts.items() if value is not None}
    with reported():
        if not given:
            raise InputError("meal", "give at least one of --magnesium-mg, --potassium-mg, ...")
    moment = _now_and(at)
    for name, value in given.items():
        _save(_exposure(type="meal", started_at=moment, amount=value, detail=name))


def _course(
    kind: str, name: str, dose_mg: float | None, since: str | None, until: str | None
) -> None:
    from pydantic import ValidationError

    from twitchwise.cli.when import parse_day
    from twitchwise.domain.errors import input_error_from_validation
    from twitchwise.domain.journal import MedicationCourse

    today = _now_and(None).date()
    with reported():
        fields: dict[str, Any] = {"name": name, "kind": kind, "dose_mg_per_day": dose_mg}
        if since:
            fields["started_on"] = parse_day(since, today, "--since")
        if until:
            fields["stopped_on"] = parse_day(until, today, "--until")
        try:
            draft = MedicationCourse.model_validate(
                {k: v for k, v in fields.items() if v is not None}
            )
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
    _save(draft)


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
    _save(_exposure(type=kind, started_at=_now_and(at), amount=mg, detail=name))


@log_app.command()
def note(
    text: Annotated[str, typer.Argument(help="anything worth remembering")],
    at: Annotated[str | None, AT] = None,
) -> None:
    """Write a free note in the diary.

    Example: twitchwise log note "new running shoes today"
    """
    from pydantic import ValidationError

    from twitchwise.domain.errors import input_error_from_validation
    from twitchwise.domain.journal import Note

    with reported():
        try:
            draft = Note(at=_now_and(at), text=text)
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
    _save(draft)
