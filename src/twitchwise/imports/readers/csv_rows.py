"""One row of the CSV long format as a diary entry (docs/csv-format.md): the cells read and
checked, amounts converted to each type's internal unit at the edge, an episode's detail read as
its side, body sites, kind and notes. A bad cell is a ``RowError`` naming its column."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from twitchwise.domain.episodes import BodySite, EpisodeKind, Side
from twitchwise.domain.errors import input_error_from_validation
from twitchwise.domain.exposures import (
    ACTIVE,
    MAXIMUM,
    UNIT,
    Exposure,
    ExposureType,
    Nutrient,
    nutrient_of,
)
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.units import UnitError, convert, normalise_unit, number
from twitchwise.formats.csv_long import (
    EPISODE,
    EXAMPLE_TIME,
    NOTES_SEPARATOR,
    TYPES,
    unescape_cell,
)
from twitchwise.knowledge.model import Drink

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# A dash between the description and the notes: em dash, en dash, - or --.
_SEPARATOR = re.compile("\\s*[\u2014\u2013]\\s*|\\s+--?\\s+")
_WORD_BREAK = re.compile(r"[\s,;/+&]+")

_KIND_WORDS: dict[str, EpisodeKind] = {
    **dict.fromkeys(("twitch", "twitches", "twitching", "twitched"), EpisodeKind.TWITCH),
    **dict.fromkeys(("fasciculation", "fasciculations"), EpisodeKind.TWITCH),
    **dict.fromkeys(("cramp", "cramps", "cramping", "cramped"), EpisodeKind.CRAMP),
    **dict.fromkeys(("spasm", "spasms", "spasming"), EpisodeKind.SPASM),
}
_SITE_WORDS: dict[str, BodySite] = {
    **{site.value: site for site in BodySite},
    **{site.value + "s": site for site in BodySite if not site.value.endswith("s")},
    "calves": BodySite.CALF,
    "feet": BodySite.FOOT,
    "toe": BodySite.TOES,
    "eye": BodySite.EYELID,
    "eyes": BodySite.EYELID,
}
_SIDE_WORDS: dict[str, Side] = {side.value: side for side in Side}
_LONGEST_EPISODE = 7 * 24 * 60  # minutes, as Episode.duration_minutes allows
_FILLER = frozenset({"and", "in", "my", "the", "of", "on", "side", "sides"})

# Model fields as the CSV columns a person can fix.
_COLUMN_OF: Mapping[str, str] = {
    "started_at": "time",
    "ended_at": "end_time",
    "amount": "value",
    "effort_rpe": "value",
    "intensity": "value",
    "duration_minutes": "value",
    "detail": "detail",
    "notes": "detail",
}

Kind = ExposureType | Literal["episode"]
_T = TypeVar("_T")
_M = TypeVar("_M", bound=BaseModel)


@dataclass
class RowContext:
    """What reading a row needs beyond its cells: the zone a time without a UTC offset is read
    in (the profile's; None refuses such a time), and the drinks a ``2 espressos`` detail names.
    ``local_times`` counts the times read in ``zone``, for the import's note."""

    zone: tzinfo | None = None
    drinks: Sequence[Drink] = ()
    local_times: int = 0


class RowError(Exception):
    """What is wrong with a row; ``reason`` names the column: ``unit: cannot turn ml into mg``."""

    def __init__(self, column: str, reason: str) -> None:
        self.reason = f"{column}: {reason}" if column else reason
        super().__init__(self.reason)


def entry_of_row(
    columns: Mapping[str, int], cells: Sequence[str], context: RowContext | None = None
) -> LoggedEpisode | Exposure:
    context = context or RowContext()
    if len(cells) != len(columns):
        hint = (
            "put a detail that contains commas in double quotes"
            if len(cells) > len(columns)
            else "keep a comma for each empty cell"
        )
        raise RowError("", f"has {len(cells)} cells but the header has {len(columns)}; {hint}")
    cell = {name: unescape_cell(cells[index].strip()) for name, index in columns.items()}
    errors: list[RowError] = []

    def attempt(parse: Callable[[str], _T], column: str) -> _T | None:
        try:
            return parse(cell.get(column, ""))
        except RowError as error:
            errors.append(error)
            return None

    started = attempt(lambda text: _when(text, "time", context, required=True), "time")
    ended = attempt(lambda text: _when(text, "end_time", context), "end_time")
    kind = attempt(_kind, "type")
    value = attempt(_number, "value")
    if errors or started is None or kind is None:
        raise RowError("", "; ".join(error.reason for error in errors))
    if ended is not None and ended < started:
        raise RowError("", "end_time is before time")
    unit, detail = cell.get("unit", ""), cell.get("detail", "")
    if not isinstance(kind, ExposureType):
        return _episode(started, ended, value, unit, detail)
    if kind in _DRINK_AMOUNT and not unit:
        value = _by_drinks(kind, value, detail, context.drinks)
    return _exposure(kind, started, ended, value, unit, detail)


_DRINK_AMOUNT = {ExposureType.CAFFEINE: "caffeine_mg", ExposureType.ALCOHOL: "alcohol_units"}
_DRINKS_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*[×x*]?\s*(.+?)\s*$")


def _by_drinks(
    kind: ExposureType, value: float | None, detail: str, drinks: Sequence[Drink]
) -> float | None:
    """A caffeine or alcohol row without a unit whose detail counts known drinks (``2
    espressos``): the amount those drinks hold (drinks.toml), so "2" next to "2 espressos" is two
    espressos, not 2 mg. A value that disagrees with the count is refused."""
    found = _DRINKS_TEXT.match(detail)
    if not found or not found.group(1):
        return value
    count, name = float(found.group(1)), " ".join(found.group(2).casefold().split())
    drink = next((d for d in drinks if name in (n.casefold() for n in d.names)), None)
    each = None if drink is None else getattr(drink, _DRINK_AMOUNT[kind])
    if each is None:
        return value
    if value is not None and not math.isclose(value, count):
        raise RowError(
            "value",
            f"{number(value)} and the {number(count)} drinks of detail disagree: leave value "
            f"empty, or give its unit ({UNIT[kind]})",
        )
    return float(count * each)


def _when(
    text: str, column: str, context: RowContext, *, required: bool = False
) -> datetime | None:
    if not text:
        if required:
            raise RowError(column, f"is empty; write the date and time as {EXAMPLE_TIME}")
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RowError(column, f"{text!r} is not a date and time such as {EXAMPLE_TIME}") from None
    if moment.utcoffset() is None:
        if context.zone is None:
            raise RowError(column, f"needs a UTC offset, e.g. {EXAMPLE_TIME}")
        context.local_times += 1
        # through UTC, so a wall time in a daylight-saving gap still gets a real offset
        return moment.replace(tzinfo=context.zone).astimezone(UTC).astimezone(context.zone)
    return moment


def _kind(text: str) -> Kind:
    word = text.lower().replace(" ", "_").replace("-", "_")
    if word == EPISODE:
        return EPISODE
    if word in ExposureType._value2member_map_:
        return ExposureType(word)
    if not text:
        raise RowError("type", f"is empty; use one of: {', '.join(TYPES)}")
    raise RowError("type", f"{text!r} is not one of: {', '.join(TYPES)}")


def _number(text: str) -> float | None:
    if not text:
        return None
    if not _NUMBER.fullmatch(text):
        raise RowError("value", "must be a number")
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise RowError("value", "must be a number")
    if value < 0:
        raise RowError("value", "must be 0 or more")
    return value


def _convert(value: float, unit: str, target: str) -> float:
    try:
        return convert(value, unit, target)
    except UnitError as error:
        raise RowError("unit", str(error)) from None


def _rating(value: float, what: str) -> int:
    if not value.is_integer() or not 0 <= value <= 10:
        raise RowError("value", f"{what} must be a whole number from 0 to 10")
    return int(value)


def _minutes(started: datetime, ended: datetime | None) -> float | None:
    return None if ended is None else (ended - started) / timedelta(minutes=1)


def _build(model: type[_M], fields: dict[str, Any]) -> _M:
    try:
        return model(**fields)
    except ValidationError as error:
        problems = input_error_from_validation(error.errors()).problems
        reasons = [
            f"{_COLUMN_OF.get(problem.field, '')}: {problem.reason}".removeprefix(": ")
            for problem in problems
        ]
        raise RowError("", "; ".join(reasons)) from None


def _episode(
    started: datetime, ended: datetime | None, value: float | None, unit: str, detail: str
) -> LoggedEpisode:
    kind, sites, side, notes = _describe(detail)
    duration: float | None = None
    intensity: int | None = None
    word = normalise_unit(unit)
    if unit and word != "0-10":
        try:
            convert(0.0, unit, "min")
        except UnitError as error:
            reason = str(error)
            if not reason.startswith("unknown"):
                reason = f"an episode's value is minutes (min) or intensity (0-10), not {unit}"
            raise RowError("unit", reason) from None
    if value is not None:
        if not unit:
            raise RowError("unit", "say what the value is: min for how long, 0-10 for how strong")
        if word == "0-10":
            intensity = _rating(value, "an intensity")
        else:
            duration = _convert(value, unit, "min")
    if duration is None:
        duration = _minutes(started, ended)
    if duration is not None and duration > _LONGEST_EPISODE:
        column = "value" if value is not None else "end_time"
        raise RowError(column, "is longer than 7 days, the longest an episode can last")
    fields = {"kind": kind, "started_at": started, "body_sites": sites, "sides": side}
    fields |= {"duration_minutes": duration, "intensity": intensity, "notes": notes}
    return _build(LoggedEpisode, fields)


def _describe(detail: str) -> tuple[EpisodeKind, tuple[BodySite, ...], Side | None, str]:
    """``left calf thigh twitch — after the run`` as kind, sites, side and notes."""
    head, *tail = _SEPARATOR.split(detail, maxsplit=1)
    kinds: list[EpisodeKind] = []
    sites: list[BodySite] = []
    sides: set[Side] = set()
    rest: list[str] = []
    for word in _WORD_BREAK.split(head):
        lower = word.lower()
        if lower in _KIND_WORDS:
            kinds.append(_KIND_WORDS[lower])
        elif lower in _SITE_WORDS:
            sites.append(_SITE_WORDS[lower])
        elif lower in _SIDE_WORDS:
            sides.add(_SIDE_WORDS[lower])
        elif word and lower not in _FILLER:
            rest.append(word)
    distinct = list(dict.fromkeys(kinds))
    if not distinct:
        raise RowError("detail", "say what kind of episode it was: twitch, cramp or spasm")
    if len(distinct) > 1:
        named = ", ".join(kind.value for kind in distinct)
        raise RowError("detail", f"names more than one kind ({named}); write one row each")
    side = (sides.pop() if len(sides) == 1 else Side.BOTH) if sides else None
    notes = NOTES_SEPARATOR.join(part for part in (" ".join(rest), *tail) if part)
    return distinct[0], tuple(sites), side, notes


def _exposure(
    kind: ExposureType,
    started: datetime,
    ended: datetime | None,
    value: float | None,
    unit: str,
    detail: str,
) -> Exposure:
    if kind in (ExposureType.MEDICATION, ExposureType.SUPPLEMENT) and not detail:
        example = "ibuprofen" if kind is ExposureType.MEDICATION else "magnesium glycinate"
        raise RowError("detail", f"name the {kind.value}, e.g. {example}")
    if kind is ExposureType.MEAL and value is not None and nutrient_of(detail) is None:
        names = ", ".join(nutrient.value.replace("_", " ") for nutrient in Nutrient)
        raise RowError("detail", f"a meal's amount needs the nutrient first: {names}")
    target = UNIT[kind]
    if kind is ExposureType.MEAL and nutrient_of(detail) is Nutrient.VITAMIN_D:
        target = "IU"
    amount: float | None = None
    effort: int | None = None
    if kind in ACTIVE and unit and normalise_unit(unit) == "0-10":
        if value is None:
            raise RowError("value", "give the effort (rpe) as a whole number from 0 to 10")
        effort = _rating(value, "an effort (rpe)")
        amount = _minutes(started, ended)
    else:
        if unit:
            _convert(0.0, unit, target)
        if value is not None:
            amount = _convert(value, unit or target, target)
    if kind is ExposureType.STRESS and amount is None:
        raise RowError("value", "a stress entry needs its rating from 0 to 10")
    if amount is not None and amount > MAXIMUM[kind]:
        column = "value" if effort is None else "end_time"
        too_much = f"{number(amount)} {target} is more than the most for {kind.value}"
        raise RowError(column, f"{too_much} ({number(MAXIMUM[kind])} {target})")
    fields = {"type": kind, "started_at": started, "ended_at": ended, "amount": amount}
    fields |= {"detail": detail, "effort_rpe": effort}
    return _build(Exposure, fields)
