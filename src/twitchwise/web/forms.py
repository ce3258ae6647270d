"""HTML form fields -> the JSON-like dicts the domain models validate.

Field names are the models' dotted paths (``episode.duration_minutes``), so a model's error
names the very input to show it beside. Empty inputs are left out (every question is optional);
numbers are read here, and what is not a number is reported against its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from fastapi import Path, Request
from pydantic import AfterValidator

from twitchwise.domain.errors import FieldProblem, NotFoundError

# The largest id a row can have: the tables' ids are 32-bit integers on PostgreSQL, which refuses
# to compare one with a larger number (an error, not "no row").
ROW_ID_MAX = 2**31 - 1


def existing_id(row_id: int) -> int:
    """A larger id than any row can have names nothing: 404, like an id that never existed
    (raised from the path's validation, so no query is made with it)."""
    if row_id > ROW_ID_MAX:
        raise NotFoundError("id", f"there is nothing with the id {row_id}")
    return row_id


# A row id in a path: 1 or more (else 422); beyond what a row can have, 404.
RowId = Annotated[int, Path(ge=1), AfterValidator(existing_id)]

WHOLE = frozenset(
    {
        "episode.intensity",
        "episode.pain",
        "episode.persisting_days",
        "context.exertion.rpe",
        "context.stress_0_10",
        "person.age_years",
        "effort_rpe",
        "birth_year",
        "intensity",
        "pain",
    }
)
NUMBERS = frozenset(
    {
        "episode.duration_minutes",
        "episode.episodes_per_week",
        "context.exertion.minutes",
        "context.sleep_hours_last_night",
        "context.caffeine_mg_last_24h",
        "context.water_ml_last_24h",
        "context.alcohol_units_last_24h",
        "context.daily_intake.magnesium_mg",
        "context.daily_intake.potassium_mg",
        "context.daily_intake.calcium_mg",
        "context.daily_intake.vitamin_d_iu",
        "person.weight_kg",
        "amount",
        "duration_minutes",
        "dose_mg_per_day",
    }
)
NOT_DATA = frozenset({"csrf_token"})  # checked by web/auth.py, never part of an entry
BOOLEANS = frozenset(
    {"context.hot_environment", "person.pregnant", "person.possibly_pregnant", "pregnant"}
)


def _number(path: str, text: str) -> float | int:
    value = float(text.replace(",", "."))
    if path in WHOLE:
        if not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


async def fields_of(request: Request) -> list[tuple[str, str]]:
    """A posted form as (name, value) pairs, in order, repeated names kept (checkboxes)."""
    form = await request.form()
    return [(name, str(value)) for name, value in form.multi_items()]


def put(target: dict[str, Any], path: str, value: Any) -> None:
    node = target
    *parents, last = path.split(".")
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def nested(
    fields: Iterable[tuple[str, str]], lists: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Read ``(name, value)`` pairs; names in ``lists`` gather every value given."""
    data: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    gathered: dict[str, list[str]] = {}
    for name, raw in fields:
        text = raw.strip()
        if name in lists:
            if text:
                gathered.setdefault(name, []).append(text)
            continue
        if not text or name.startswith("_") or name in NOT_DATA:
            continue
        try:
            if name in NUMBERS or name in WHOLE:
                value: Any = _number(name, text)
            elif name in BOOLEANS:
                value = text == "yes"
            else:
                value = text
        except ValueError as error:
            reason = str(error) if "whole" in str(error) else "must be a number"
            problems.append(FieldProblem(name, reason))
            continue
        put(data, name, value)
    for name, values in gathered.items():
        put(data, name, values)
    return data, problems


def raw(fields: Iterable[tuple[str, str]], lists: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The inputs as typed, to refill a form that was refused."""
    values: dict[str, Any] = {}
    for name, value in fields:
        if name in lists:
            values.setdefault(name, []).append(value)
        else:
            values[name] = value
    return values


def by_field(problems: Iterable[FieldProblem]) -> dict[str, str]:
    """The first reason for each field, for showing beside its input."""
    shown: dict[str, str] = {}
    for problem in problems:
        shown.setdefault(problem.field, problem.reason)
    return shown


def flat(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """The inverse of ``nested`` for refilling a form: ``{"episode.kind": "cramp", ...}``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flat(value, f"{path}."))
        else:
            out[path] = value
    return out
