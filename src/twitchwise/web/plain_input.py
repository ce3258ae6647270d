"""Control characters are refused where a request comes in, naming the field, before any handler,
model or database sees them: a NUL byte in a note made PostgreSQL fail the INSERT, and the 500's
traceback carried the SQL and (before ``hide_parameters``) its parameters into the server log.

An app-wide dependency (``plain_input``) checks the path's parameters, the query string, a form's
fields and a JSON body, every string in it at any depth (keys too). An upload's (multipart) body
is left to its handler, which reads it as it comes: it checks the file's name with
``check_file_name``. Refused: C0 control characters and DEL; tab, line feed and carriage return
are text (a textarea sends CR LF). The fields themselves decide whether a line break is welcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request

from twitchwise.domain.errors import FieldProblem, InputError

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REASON = "holds a control character (such as a NUL byte); send plain text"
FILE_NAME_REASON = "the file's name holds a control character (such as a NUL byte); rename it"
FORM = "application/x-www-form-urlencoded"


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON value with its dotted path (keys are yielded too), without
    recursion: a body nested thousands deep is walked like a flat one."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, inner in item.items():
                inner_path = f"{where}.{key}" if where else str(key)
                yield inner_path, str(key)
                stack.append((inner, inner_path))
        elif isinstance(item, list):
            stack.extend((inner, f"{where}[{index}]") for index, inner in enumerate(item))


def _refuse(problems: list[FieldProblem]) -> None:
    if problems:
        seen: dict[str, FieldProblem] = {}
        for problem in problems:
            seen.setdefault(problem.field, problem)
        raise InputError.from_problems(list(seen.values()))


async def plain_input(request: Request) -> None:
    """App dependency: InputError (422, the field named) for a control character anywhere in
    what the request sends as text."""
    problems = [
        FieldProblem(str(name), REASON)
        for name, value in [*request.path_params.items(), *request.query_params.multi_items()]
        if has_control(str(name)) or has_control(str(value))
    ]
    content_type = request.headers.get("content-type", "")
    if request.method in {"POST", "PUT", "PATCH"} and content_type.startswith(FORM):
        form = await request.form()  # kept by Starlette: the handler reads the same form
        problems += [
            FieldProblem(name, REASON)
            for name, value in form.multi_items()
            if has_control(name) or has_control(str(value))
        ]
    elif request.method in {"POST", "PUT", "PATCH"} and content_type.startswith("application/json"):
        problems += [
            FieldProblem(where or "(request)", REASON)
            for where, text in _strings(await _json(request), "")
            if has_control(text)
        ]
    _refuse(problems)


def check_file_name(name: str | None, field: str = "file") -> None:
    """InputError on ``field`` when an uploaded file's name holds a control character."""
    if name is not None and has_control(name):
        raise InputError(field, FILE_NAME_REASON)


async def _json(request: Request) -> Any:
    try:
        return await request.json()  # kept by Starlette: FastAPI reads the same body
    except (ValueError, RecursionError):
        return None  # FastAPI answers a body that is not JSON itself, in the error shape
