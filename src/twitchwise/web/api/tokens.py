"""``POST /api/v1/tokens``: a name and password traded for a bearer token (accounts mode).

The token is shown once; only its hash is kept. Send it as ``Authorization: Bearer TOKEN``.
With two-step sign-in on, the authenticator's current code (or a recovery code) goes with them
as ``code``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from twitchwise.domain.errors import FieldProblem, InputError, NotFoundError
from twitchwise.web.auth import (
    TOO_MANY,
    SignInNeeded,
    check_code,
    check_password,
    now_utc,
)
from twitchwise.web.errors import error_body
from twitchwise.web.idempotency import claim
from twitchwise.web.state import web_of

router = APIRouter(tags=["tokens"])
TWO_STEP = (
    "this account signs in in two steps: send the authenticator app's code (or a recovery "
    "code) as code"
)


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]
    label: Annotated[str, Field(max_length=100)] = "api"
    code: Annotated[
        str | None,
        Field(
            max_length=64,
            description="with two-step sign-in on: the authenticator app's code, "
            "or one recovery code",
        ),
    ] = None


class TokenOut(BaseModel):
    token: str


@router.post("/tokens", status_code=201, response_model=TokenOut)
def create_token(body: TokenRequest, request: Request) -> object:
    """Trade a name and password for a bearer token (shown once, kept only as a hash)."""
    web = web_of(request)
    if not web.settings.accounts:
        raise NotFoundError("path", "there are no accounts in local mode")
    try:
        person = check_password(request, body.name, body.password)
        with web.store.accounts() as accounts:
            two_step = accounts.second_factor.is_on(person)
        if two_step and not body.code:
            raise InputError("code", TWO_STEP)
        if two_step:
            check_code(request, person, body.code or "")
    except InputError as error:
        if error.reason in TOO_MANY:
            problem = FieldProblem(error.field, error.reason)
            return JSONResponse(error_body([problem]), status_code=429)
        raise SignInNeeded(error.reason) from None
    claim(request, person, keep_body=False)  # the token is never kept: the same key again is 409
    with web.store.accounts(write=True) as accounts:
        token = accounts.tokens.issue(person, body.label, now_utc(request))
    return TokenOut(token=token)
