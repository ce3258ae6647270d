"""Signing in and out, and one's own account: password, API tokens, erasing everything.

Only with accounts on (``twitchwise serve --accounts``); local mode has no sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from twitchwise.domain.errors import FieldProblem, InputError, NotFoundError
from twitchwise.storage.second_factor import SecondFactor
from twitchwise.web.auth import (
    COOKIE,
    TOO_MANY,
    check_again,
    check_password,
    count_code_try,
    csrf_checked,
    device_of,
    identify,
    log,
    now_utc,
)
from twitchwise.web.forms import RowId, by_field
from twitchwise.web.pages.render import page
from twitchwise.web.state import here, web_of

router = APIRouter()
T = TypeVar("T")
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
            status=429 if error.reason in TOO_MANY else 422,
            target=_next(next),
            errors=by_field(error.problems),
            values={"name": name},
        )
    web = web_of(request)
    old = request.cookies.get(COOKIE)
    with web.store.accounts(write=True) as accounts:
        if old:
            accounts.sessions.end(old)  # a new token at every sign-in
        two_step = accounts.second_factor.is_on(person)
        # With two-step sign-in on, this session opens only the code page until the code comes.
        token, _ = accounts.sessions.start(
            person, now_utc(request), pending=two_step, device=device_of(request)
        )
    target = f"/sign-in/code?next={quote(_next(next))}" if two_step else _next(next)
    return _with_cookie(RedirectResponse(target, status_code=303), token)


def _with_cookie(response: Response, token: str) -> Response:
    response.set_cookie(COOKIE, token, path="/", secure=True, httponly=True, samesite="lax")
    return response


def _pending(request: Request) -> tuple[str, int] | None:
    """The cookie of a session whose password was right and whose code is still to come."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    with web_of(request).store.accounts() as accounts:
        person = accounts.sessions.pending_person(token, now_utc(request))
    return None if person is None else (token, person)


def _start_again(next: str) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={quote(_next(next))}", status_code=303)


@router.get("/sign-in/code", response_model=None)
def code_page(request: Request, next: str = "/") -> Response:
    """The second step: the authenticator's code, after a right password."""
    _accounts_on(request)
    if _pending(request) is None:
        return _start_again(next)
    return page(request, "sign_in_code.html", target=_next(next), errors={})


@router.post("/sign-in/code", response_model=None)
def sign_in_code(
    request: Request,
    code: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    _accounts_on(request)
    pending = _pending(request)
    if pending is None:
        return _start_again(next)
    token, person = pending
    try:
        count_code_try(request, person)
        with web_of(request).store.accounts(write=True) as accounts:
            full, _ = accounts.second_factor.finish_sign_in(token, code, now_utc(request))
    except InputError as error:
        log.warning("sign-in code refused for person %d", person)
        return page(
            request,
            "sign_in_code.html",
            status=429 if error.reason in TOO_MANY else 422,
            target=_next(next),
            errors=by_field(error.problems),
        )
    log.info("sign-in completed with a code: person %d", person)
    return _with_cookie(RedirectResponse(_next(next), status_code=303), full)


@router.post("/sign-out", response_model=None, dependencies=signed_in)
def sign_out(request: Request) -> Response:
    _accounts_on(request)
    token = request.cookies.get(COOKIE)
    if token:
        with web_of(request).store.accounts(write=True) as accounts:
            accounts.sessions.end(token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    response.headers["clear-site-data"] = '"cache", "storage"'
    return response


def _qr_code(uri: str) -> Markup:
    """The QR code an authenticator app scans, as inline SVG (dark on white, quiet zone kept,
    whatever the page's colours)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="QR code for your authenticator app"
    )
    return Markup(svg)  # noqa: S704 - segno's own markup, made from our own address


def _account_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    person = here(request)
    with web_of(request).store.accounts() as accounts:
        tokens = accounts.tokens.of(person.owner)
        two_step = accounts.second_factor.is_on(person.owner)
        setup = None if two_step else accounts.second_factor.setup(person.owner)
        codes_left = accounts.second_factor.recovery_codes_left(person.owner) if two_step else 0
        sessions = accounts.sessions.of(person.owner, now_utc(request))
    context.setdefault("errors", {})
    return page(
        request,
        "account.html",
        active="/account",
        status=status,
        tokens=tokens,
        name=person.profile().name,
        two_step=two_step,
        setup=setup,
        qr=_qr_code(setup.uri) if setup else None,
        grouped=" ".join(setup.secret[i : i + 4] for i in range(0, 32, 4)) if setup else "",
        codes_left=codes_left,
        sessions=sessions,
        this_session=getattr(request.state, "session_id", None),
        **context,
    )


def _recovery_codes_page(request: Request, codes: list[str], first: bool) -> HTMLResponse:
    return page(request, "recovery_codes.html", active="/account", codes=codes, first=first)


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
            token, _ = accounts.sessions.start(
                person.owner, now_utc(request), device=device_of(request)
            )
    except InputError as error:
        return _account_page(request, 422, errors=by_field(error.problems))
    return _with_cookie(RedirectResponse("/account?saved=password", status_code=303), token)


@router.post("/account/sessions/end-others", response_model=None, dependencies=signed_in)
def end_other_sessions(request: Request) -> Response:
    """Sign out every other browser (a lost phone, a shared computer); this one stays in."""
    _accounts_on(request)
    person = here(request).owner
    with web_of(request).store.accounts(write=True) as accounts:
        accounts.sessions.end_all(person, keep=getattr(request.state, "session_id", None))
    log.info("other sessions ended: person %d", person)
    return RedirectResponse("/account?saved=sessions#sessions", status_code=303)


@router.post("/account/two-step/start", response_model=None, dependencies=signed_in)
def start_two_step(request: Request, password: Annotated[str, Form()] = "") -> Response:
    """A secret for the authenticator app, shown as a QR code on the account page."""
    _accounts_on(request)
    try:
        with web_of(request).store.accounts(write=True) as accounts:
            accounts.second_factor.start(here(request).owner, password)
    except InputError as error:
        return _account_page(request, 422, errors=by_field(error.problems))
    return RedirectResponse("/account#two-step", status_code=303)


def _with_code(request: Request, act: Callable[[SecondFactor, int, datetime], T]) -> T:
    """``act`` on the caller's two-step sign-in, which checks a code, the try counted first."""
    person = here(request).owner
    count_code_try(request, person)
    with web_of(request).store.accounts(write=True) as accounts:
        return act(accounts.second_factor, person, now_utc(request))


def _show_recovery_codes(
    request: Request,
    make: Callable[[SecondFactor, int, datetime], list[str]],
    done: str,
    first: bool,
) -> Response:
    """Recovery codes made by ``make`` (with a code checked), shown once; or the page again with
    the reason."""
    _accounts_on(request)
    try:
        codes = _with_code(request, make)
    except InputError as error:
        return _account_page(request, 422, errors=by_field(error.problems))
    log.info("%s: person %d", done, here(request).owner)
    return _recovery_codes_page(request, codes, first=first)


@router.post("/account/two-step/confirm", response_model=None, dependencies=signed_in)
def confirm_two_step(request: Request, code: Annotated[str, Form(max_length=64)] = "") -> Response:
    """The app's first code turns two-step sign-in on; the recovery codes are shown once."""
    return _show_recovery_codes(
        request, lambda f, p, now: f.confirm(p, code, now), "two-step sign-in turned on", True
    )


@router.post("/account/two-step/recovery-codes", response_model=None, dependencies=signed_in)
def renew_recovery_codes(
    request: Request, code: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    return _show_recovery_codes(
        request, lambda f, p, now: f.renew_recovery_codes(p, code, now), "new recovery codes", False
    )


@router.post("/account/two-step/off", response_model=None, dependencies=signed_in)
def turn_off_two_step(
    request: Request,
    password: Annotated[str, Form()] = "",
    code: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    _accounts_on(request)
    try:
        _with_code(request, lambda f, p, now: f.turn_off(p, password, code, now))
    except InputError as error:
        return _account_page(request, 422, errors=by_field(error.problems))
    log.info("two-step sign-in turned off: person %d", here(request).owner)
    return RedirectResponse("/account?saved=two-step", status_code=303)


@router.post("/account/tokens/{token_id}/revoke", response_model=None, dependencies=signed_in)
def revoke_token(token_id: RowId, request: Request) -> Response:
    _accounts_on(request)
    with web_of(request).store.accounts(write=True) as accounts:
        accounts.tokens.revoke(here(request).owner, token_id)
    return RedirectResponse("/account?saved=token", status_code=303)


@router.post("/account/erase", response_model=None, dependencies=signed_in)
def erase(
    request: Request,
    confirm: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    code: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Erase the account and every entry of its diary, once its name is typed to confirm and the
    password given (and a code, with two-step sign-in on)."""
    _accounts_on(request)
    person = here(request)
    name = person.profile().name
    if confirm.strip() != name:
        problem = FieldProblem("confirm", f"type your account name, {name}, to erase everything")
        return _account_page(request, 422, errors=by_field([problem]))
    try:
        check_again(request, person.owner, name, password, code)
    except InputError as error:
        status = 429 if error.reason in TOO_MANY else 422
        return _account_page(request, status, errors=by_field(error.problems))
    with web_of(request).store.accounts(write=True) as accounts:
        uploads = accounts.erase(person.owner)
    for upload in uploads:  # an upload still waiting for its import
        upload.unlink(missing_ok=True)
    log.info("account erased: person %d", person.owner)
    response = RedirectResponse("/sign-in?erased=1", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    response.headers["clear-site-data"] = '"cache", "storage", "cookies"'
    return response
