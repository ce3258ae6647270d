"""`twitchwise log caffeine|alcohol|water`: what was drunk, by amount or by drink."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log.group import AT, exposure, log_app, now_or, save


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


_AMOUNT_OF = {"caffeine": "caffeine_mg", "alcohol": "alcohol_units"}


def _by_amount_or_drink(
    kind: str, amount: float | None, drink: str | None, count: float, at: str | None
) -> None:
    detail = ""
    with reported():
        if drink is not None:
            amount, detail = _drink(drink, count, _AMOUNT_OF[kind])
    save(exposure(type=kind, started_at=now_or(at), amount=amount, detail=detail))


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
    _by_amount_or_drink("caffeine", mg, drink, count, at)


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
    _by_amount_or_drink("alcohol", units, drink, count, at)


@log_app.command()
def water(
    amount: Annotated[str, typer.Argument(help="1.5L, 500ml or 500 (ml)")],
    at: Annotated[str | None, AT] = None,
) -> None:
    """Log water or other drinks.

    Example: twitchwise log water 1.5L
    """
    from twitchwise.understanding.answers import amount as read_amount

    with reported():
        try:
            ml = read_amount("ml", "ml")(amount)
        except ValueError as error:
            from twitchwise.domain.errors import InputError

            raise InputError("AMOUNT", str(error)) from None
    save(exposure(type="water", started_at=now_or(at), amount=ml))
