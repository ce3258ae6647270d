"""Signing in and out, and one's own account: password, API tokens, erasing everything.

Only with accounts on (``twitchwise serve --accounts``); local mode has no sign-in.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from twitchwise.domain.errors import FieldProblem, InputError, NotFoundError
from twitchwise.web.auth import (
    COOKIE,
    SLOW_DOWN,
    check_password,
    csrf_checked,
    identify,
    now_utc,
)
from twitchwise.web.forms import RowId, by_field
from twitchwise.web.pages.render import page
from twitchwise.web.state import here, web_of

router = APIRouter()
signed_in = [Depends(identify), Depends(csrf_checked)]


def _accounts_on(request: Request) -> None:
    if not web_of(request).settings.accounts:
        raise NotFoundError("path", "there are no accounts in local mode")


def _next(target: str | None) -> str:
    """Only a path on this site (``/log``), never ``//elsewhere`` or a full address."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str = "/") -> HTMLResponse:
    _accounts_on(request)
    return page(request, "sign_in.html", target=_next(next), errors={}, values={})


@router.post("/sign-in", response_model=None)
def sign_in(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    _accounts_on(request)
    try:
        if not name.strip() or not password:
            raise InputError.from_problems(
                [
                    FieldProblem(f, "is required")
                    for f, v in (("name", name), ("password", password))
                    if not v.strip()
                ]
            )
        person = check_password(request, name.strip(), password)
    except InputError as error:
        return page(
            request,
            "sign_in.html",
            status=422 if error.reason != SLOW_DOWN else 429,
            target=_next(next),
            errors=by_field(error.problems),
            values={"name": name},
        )
    web = web_of(request)
    old = request.cookies.get(COOKIE)
    with web.store.accounts(write=True) as accounts:
        if old:
            accounts.end_session(old)  # a new token at every sign-in
        token, _ = accounts.start_session(person, now_utc(request))
    response = RedirectResponse(_next(next), status_code=303)
    response.set_cookie(COOKIE, token, path="/", secure=True, httponly=True, samesite="lax")
    return response


@router.post("/sign-out", response_model=None, dependencies=signed_in)
def sign_out(request: Request) -> Response:
    _accounts_on(request)
    token = request.cookies.get(COOKIE)
    if token:
        with web_of(request).store.accounts(write=True) as accounts:
            accounts.end_session(token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    response.headers["clear-site-data"] = '"cache", "storage"'
    return response


def _account_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    person = here(request)
    with web_of(request).store.accounts() as accounts:
        tokens = accounts.tokens(person.owner)
    context.setdefault("errors", {})
    return page(
        request,
        "account.html",
        active="/account",
        status=status,
        tokens=tokens,
        name=person.profile().name,
        **context,
    )


@router.get("/account", response_class=HTMLResponse, dependencies=signed_in)
def account_page(request: Request) -> HTMLResponse:
    _accounts_on(request)
    return _account_page(request)


@router.post("/account/password", response_model=None, dependencies=signed_in)
def change_password(
    request: Request,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
) -> Response:
    _accounts_on(request)
    person = here(request)
    try:
        with web_of(request).store.accounts(write=True) as accounts:
            # Every session of the person ends with the old password, this one too: a new
            # one (and cookie) for the browser that changed it.
            accounts.change_password(person.owner, current, new, now_utc(request))
            token, _ = accounts.start_session(person.owner, now_utc(request))
    except InputError as error:
        return _account_page(request, 422, errors=by_field(error.problems))
    response = RedirectResponse("/account?saved=password", status_code=303)
    response.set_cookie(COOKIE, token, path="/", secure=True, httponly=True, samesite="lax")
    return response


@router.post("/account/tokens/{token_id}/revoke", response_model=None, dependencies=signed_in)
def revoke_token(token_id: RowId, request: Request) -> Response:
    _accounts_on(request)
    with web_of(request).store.accounts(write=True) as accounts:
        accounts.revoke_token(here(request).owner, token_id)
    return RedirectResponse("/account?saved=token", status_code=303)


@router.post("/account/erase", response_model=None, dependencies=signed_in)
def erase(request: Request, confirm: Annotated[str, Form()] = "") -> Response:
    """Erase the account and every entry of its diary, once its name is typed to confirm."""
    _accounts_on(request)
    person = here(request)
    name = person.profile().name
    if confirm.strip() != name:
        problem = FieldProblem("confirm", f"type your account name, {name}, to erase everything")
        return _account_page(request, 422, errors=by_field([problem]))
    with web_of(request).store.accounts(write=True) as accounts:
        accounts.erase(person.owner)
    response = RedirectResponse("/sign-in?erased=1", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    response.headers["clear-site-data"] = '"cache", "storage", "cookies"'
    return response
