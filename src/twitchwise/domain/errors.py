"""The exception tree of twitchwise, drawn once here.

    TwitchwiseError                 anything twitchwise raises on purpose
    ├── InputError                  the user's input was wrong; carries the field(s) and reason(s)
    │   ├── NotFoundError           it named an entry (or a job) that does not exist for this person
    │   ├── ConflictError           it would make an entry the same as one already in the journal
    │   └── GoneError               it named something that existed but has ended (an expired link)
    ├── StorageError                the journal could not save (disk full, busy): nothing saved
    └── KnowledgeError              the bundled knowledge files disagree (a bug, never the user's)

An ``InputError`` is the one kind of mistake a person can make; adapters turn it into exit code 1
and a message on the command line, and into the one JSON error shape on the API. Anything else
that escapes is a bug, and a traceback is the right way to report a bug.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class TwitchwiseError(Exception):
    """Base class of every error twitchwise raises on purpose."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field: ``field`` is a dotted path such as ``episode.intensity``."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}" if self.field else self.reason


class InputError(TwitchwiseError):
    """The user's input was wrong. ``field`` and ``reason`` describe the first problem;
    ``problems`` lists all of them in the order they were found."""

    def __init__(self, field: str, reason: str, *, more: Sequence[FieldProblem] = ()) -> None:
        self.problems: tuple[FieldProblem, ...] = (FieldProblem(field, reason), *more)
        self.field = field
        self.reason = reason
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def from_problems(cls, problems: Sequence[FieldProblem]) -> InputError:
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        first, *rest = problems
        return cls(first.field, first.reason, more=rest)


class NotFoundError(InputError):
    """An id that names nothing this person owns: 404 on the API, exit code 1 on the CLI."""


class GoneError(InputError):
    """It named something that existed but has ended (a share link expired or revoked): 410 on
    the API, exit code 1 on the CLI."""


class ConflictError(InputError):
    """The entry is already in the journal: 409 on the API, exit code 1 on the CLI."""


class StorageError(TwitchwiseError):
    """The journal could not save (a full disk, a journal busy for too long). Nothing of the unit
    of work was saved; what was saved before is intact."""


class KnowledgeError(TwitchwiseError):
    """The knowledge files contradict themselves (a dangling source id, a duplicate alias...)."""


# Pydantic error types mapped to calm, plain reasons. Anything not listed keeps pydantic's message.
_REASONS: Mapping[str, str] = {
    "extra_forbidden": "is not a field twitchwise knows; check the spelling",
    "missing": "is required",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "model_type": "must be an object with named fields",
    "dict_type": "must be an object with named fields",
    "timezone_aware": "needs a UTC offset, for example 2026-11-20T23:40:00+01:00",
    "datetime_type": "must be a date and time such as 2026-11-20T23:40:00+01:00",
    "datetime_parsing": "must be a date and time such as 2026-11-20T23:40:00+01:00",
    "datetime_from_date_parsing": "must be a date and time such as 2026-11-20T23:40:00+01:00",
    "json_invalid": "is not valid JSON",
}


def _reason(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _REASONS:
        return _REASONS[kind]
    if kind == "enum":
        return f"must be one of: {ctx.get('expected', '')}".replace("'", "")
    if kind == "literal_error":
        return f"must be {ctx.get('expected', '')}".replace("'", "")
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"must be {words} {limit}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length', '')} characters"
    if kind == "value_error":
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ")
    return str(error.get("msg", "is not valid"))


def _dotted(location: Sequence[Any]) -> str:
    parts: list[str] = []
    for item in location:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def input_error_from_validation(
    errors: Sequence[Mapping[str, Any]], *, prefix: str = ""
) -> InputError:
    """Turn pydantic's ``ValidationError.errors()`` into an ``InputError`` naming each field.

    Kept free of a pydantic import so the error tree stays a leaf module.
    """
    problems: list[FieldProblem] = []
    for error in errors:
        location = [part for part in error.get("loc", ()) if part != "__root__"]
        field = _dotted(location)
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        problems.append(FieldProblem(field or "(request)", _reason(error)))
    if not problems:
        problems.append(FieldProblem(prefix or "(request)", "is not valid"))
    return InputError.from_problems(problems)
