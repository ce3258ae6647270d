"""One error shape for the whole API, and a readable page for the same errors in the browser.

Every API error is ``{"error": {"field": ..., "reason": ..., "problems": [{"field", "reason"}]}}``
with 422 for wrong input, 404 for an id that names nothing, 410 for a share link expired or
revoked, 413 for an upload too large, 503 when
the journal could not save; the first problem is repeated at the top for simple clients.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from twitchwise.domain.errors import (
    ConflictError,
    FieldProblem,
    GoneError,
    InputError,
    NotFoundError,
    StorageError,
    input_error_from_validation,
)
from twitchwise.web.auth import CsrfRefused, SignInNeeded

API_PREFIX = "/api/"
FASTAPI_UNREADABLE_BODY = "There was an error parsing the body"
PATH_REASONS = {404: "there is nothing at this address", 405: "this method is not allowed here"}


class Problem(BaseModel):
    field: str
    reason: str


class ErrorDetail(Problem):
    problems: list[Problem]


class ErrorBody(BaseModel):
    """Every API error: the first problem's field and reason, and all the problems."""

    error: ErrorDetail


# The answers every API route may give besides its own, for the OpenAPI description.
API_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in {
        400: "a body that cannot be read at all",
        401: "accounts mode: no valid session or bearer token",
        403: "a change from another site, or without the CSRF token",
        404: "an id that names nothing of this person's",
        409: "the entry is already in the journal",
        410: "a share link that expired or was revoked",
        422: "wrong input: the field and the reason",
        429: "too many tries from one address",
        503: "the journal could not save; nothing was saved",
    }.items()
}


def error_body(problems: tuple[FieldProblem, ...] | list[FieldProblem]) -> dict[str, Any]:
    first = problems[0]
    return {
        "error": {
            "field": first.field,
            "reason": first.reason,
            "problems": [{"field": p.field, "reason": p.reason} for p in problems],
        }
    }


def _status(error: InputError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, GoneError):
        return 410
    return 409 if isinstance(error, ConflictError) else 422


def _respond(request: Request, status: int, problems: list[FieldProblem]) -> Response:
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse(error_body(problems), status_code=status)
    web = request.app.state.web
    response: Response = web.templates.TemplateResponse(
        request, "error.html", {"status": status, "problems": problems}, status_code=status
    )
    return response


def _from_validation(errors: Any) -> InputError:
    # FastAPI puts the part of the request first ("body", "query"); the field is what follows.
    cleaned = []
    for error in errors:
        location = list(error.get("loc", ()))
        if location and location[0] in {"body", "query", "path", "form"}:
            location = location[1:]
        cleaned.append({**error, "loc": tuple(location)})
    return input_error_from_validation(cleaned)


def methods_at(app: FastAPI, path: str) -> set[str]:
    found: set[str] = set()
    for route in app.routes:
        contexts = (
            route.effective_route_contexts()  # FastAPI's included routers
            if hasattr(route, "effective_route_contexts")
            else [route]
        )
        for context in contexts:
            regex = getattr(context, "path_regex", None)
            if regex is not None and regex.match(path):
                found |= set(getattr(context, "methods", None) or ())
    return found


def _http_problem(error: HTTPException) -> FieldProblem:
    if error.status_code in {404, 405}:
        return FieldProblem("path", PATH_REASONS[error.status_code])
    if str(error.detail) == FASTAPI_UNREADABLE_BODY:  # JSON nested too deeply, for one
        return FieldProblem("request", "the body could not be read as JSON (nested too deeply?)")
    return FieldProblem("request", str(error.detail))


def install(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(request: Request, error: InputError) -> Response:
        return _respond(request, _status(error), list(error.problems))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        found = _from_validation(error.errors())
        return _respond(request, 422, list(found.problems))

    @app.exception_handler(SignInNeeded)
    async def sign_in(request: Request, error: SignInNeeded) -> Response:
        if request.url.path.startswith(API_PREFIX):
            response = JSONResponse(
                error_body([FieldProblem("authorization", error.reason)]), status_code=401
            )
            response.headers["www-authenticate"] = 'Bearer realm="twitchwise"'
            return response
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, error: CsrfRefused) -> Response:
        return _respond(request, 403, [FieldProblem("csrf_token", str(error))])

    @app.exception_handler(StorageError)
    async def storage(request: Request, error: StorageError) -> Response:
        return _respond(request, 503, [FieldProblem("journal", str(error))])

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> Response:
        if error.status_code == 405:
            # Every method the address takes, not only those of the first route that matched.
            allowed = ", ".join(sorted(methods_at(app, request.url.path)))
            error = HTTPException(405, error.detail, headers={"allow": allowed})
        response = _respond(request, error.status_code, [_http_problem(error)])
        if error.headers:
            response.headers.update(error.headers)
        return response
