"""`twitchwise log sleep|stress|meal`: how the night and the day went."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log.group import AT, exposure, log_app, now_or, save


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
    save(exposure(type="sleep", started_at=slept, ended_at=woke, amount=amount))


@log_app.command()
def stress(
    rating: Annotated[int, typer.Argument(help="0 calm to 10 extremely stressed")],
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log how stressed you feel, 0-10.

    Example: twitchwise log stress 7
    """
    save(exposure(type="stress", started_at=now_or(at), amount=float(rating)))


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
    moment = now_or(at)
    for name, value in given.items():
        save(exposure(type="meal", started_at=moment, amount=value, detail=name))
