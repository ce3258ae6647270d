"""``Idempotency-Key`` (IETF draft-ietf-httpapi-idempotency-key-header) on every POST of the API:
the same key from the same person with the same request is answered as the first time (status,
body, ``Location``) and adds nothing; with another request it is 422; while the first is still
being answered, a second waits for it (up to ``WAIT``), then is 409. Keys are kept 48 hours.

Three parts: ``Idempotency`` (plain ASGI) fingerprints the body as it arrives, holds the answer
back until it is kept, then sends it; ``idempotent`` (a router dependency after ``identify``,
so the person is known) claims the key or raises ``Replayed``; ``install`` answers ``Replayed``.
An upload (``POST /api/v1/imports``) reads its body itself, after the dependency: its
fingerprint is its type and length. ``POST /api/v1/tokens`` claims after the password is checked
(``claim``), and never keeps the token it made: the same key again is 409.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from twitchwise.domain.errors import FieldProblem
from twitchwise.storage.idempotency import Answer
from twitchwise.web.auth import now_utc
from twitchwise.web.errors import error_body
from twitchwise.web.state import here, web_of

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADER = b"idempotency-key"
SCOPE_KEY = "twitchwise.idempotency"
PREFIX = "/api/"
WAIT = 10.0  # seconds a duplicate waits for the first request's answer
STALE = 120.0  # seconds after which an unanswered claim is taken to be a crashed request's
KEY_MOST = 255
REUSED = "this Idempotency-Key was sent before with another request; use a new key"
BUSY = "a request with this Idempotency-Key is still being answered; send it again shortly"
BAD_KEY = f"the Idempotency-Key must be 1 to {KEY_MOST} visible ASCII characters"
ONCE_ONLY = "this Idempotency-Key already made a token, shown once; send a new key for another"

KEY_ERRORS = {
    400: "a malformed Idempotency-Key",
    409: "the Idempotency-Key's first request is still being answered",
    422: "the Idempotency-Key was sent before with another request",
}


def with_key_errors(errors: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """The API's error answers, saying also what an Idempotency-Key may be answered."""
    merged = {status: dict(answer) for status, answer in errors.items()}
    for status, what in KEY_ERRORS.items():
        answer = merged.setdefault(status, {})
        answer["description"] = f"{answer.get('description', '')}; or {what}".lstrip("; or")
    return merged


@dataclass
class Pending:
    """One POST with a key, from its arrival to its answer."""

    key: str
    digest: Any = field(default_factory=hashlib.sha256)
    complete: bool = False
    owner: int | None = None  # set once claimed: the answer is to be kept
    keep_body: bool = True


class Replayed(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def parse_key(raw: str) -> str | None:
    """The key: a Structured Field string (``"..."``); a bare token is taken as well."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not 0 < len(value) <= KEY_MOST or any(not 0x20 < ord(c) < 0x7F for c in value):
        return None
    return value


def _problem(status: int, field_name: str, reason: str) -> JSONResponse:
    return JSONResponse(error_body([FieldProblem(field_name, reason)]), status_code=status)


def _fingerprint(request: Request, pending: Pending) -> str:
    if pending.complete:
        body = pending.digest.hexdigest()
    else:  # a streamed upload, not read yet
        body = f"{request.headers.get('content-type', '')}:{request.headers.get('content-length')}"
    return f"{request.method} {request.url.path} {body}"[:200]


def _earlier(request: Request, owner: int, pending: Pending, fingerprint: str) -> Answer | None:
    """None once the key is this request's; else the earlier request's answer (waiting up to
    ``WAIT`` for it), or ``Replayed`` with 422 (another request) or 409 (still unanswered)."""
    store = web_of(request).store
    deadline = time.monotonic() + WAIT
    while True:
        now = now_utc(request)
        with store.replays(owner) as replays:
            found = replays.claim(pending.key, fingerprint, now)
            stale = found is not None and found.status is None
            if stale and found and (now - found.created_at).total_seconds() > STALE:
                replays.release(pending.key)
                continue
        if found is not None and found.fingerprint != fingerprint:
            raise Replayed(_problem(422, "Idempotency-Key", REUSED))
        if found is None or found.status is not None:
            return found
        if time.monotonic() > deadline:
            raise Replayed(_problem(409, "Idempotency-Key", BUSY))
        time.sleep(0.05)


def claim(request: Request, owner: int, *, keep_body: bool = True) -> None:
    """Take this request's key for ``owner``, or raise ``Replayed`` with the answer to give."""
    pending: Pending | None = request.scope.get(SCOPE_KEY)
    if pending is None:
        return
    found = _earlier(request, owner, pending, _fingerprint(request, pending))
    if found is None:
        pending.owner, pending.keep_body = owner, keep_body
        return
    status = found.status or 500
    if not keep_body and status < 300:
        raise Replayed(_problem(409, "Idempotency-Key", ONCE_ONLY))
    headers = {"idempotent-replayed": "true"}
    if found.location:
        headers["location"] = found.location
    raise Replayed(
        Response(found.body, status, headers=headers, media_type=found.content_type or None)
    )


async def idempotent(request: Request) -> None:
    """Router dependency after ``identify``: a POST's key, claimed for the person."""
    if request.scope.get(SCOPE_KEY) is None:
        return
    owner = here(request).owner
    await run_in_threadpool(claim, request, owner)


class Idempotency:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = None
        if scope["type"] == "http" and scope.get("method") == "POST":
            if str(scope.get("path", "")).startswith(PREFIX):
                raw = next((bytes(v) for k, v in scope.get("headers", ()) if k == HEADER), None)
        if raw is None:
            await self.app(scope, receive, send)
            return
        key = parse_key(raw.decode("latin-1"))
        if key is None:
            await _problem(400, "Idempotency-Key", BAD_KEY)(scope, receive, send)
            return
        pending = Pending(key)
        scope[SCOPE_KEY] = pending

        async def hashing(message: Message | None = None) -> Message:
            got = await receive()
            if got["type"] == "http.request":
                pending.digest.update(got.get("body", b""))
                pending.complete = not got.get("more_body", False)
            return got

        held: list[Message] = []

        async def holding(message: Message) -> None:
            held.append(message)

        try:
            await self.app(scope, hashing, holding)
        except Exception:
            await self._settle(scope, pending, [])
            raise
        await self._settle(scope, pending, held)
        for message in held:
            await send(message)

    async def _settle(self, scope: Scope, pending: Pending, held: list[Message]) -> None:
        if pending.owner is None:
            return
        start = next((m for m in held if m["type"] == "http.response.start"), None)
        status = int(start["status"]) if start is not None else 500
        headers = {bytes(k).lower(): bytes(v) for k, v in (start or {}).get("headers", ())}
        body = b"".join(m.get("body", b"") for m in held if m["type"] == "http.response.body")
        store = scope["app"].state.web.store
        owner, key = pending.owner, pending.key

        def keep() -> None:
            with store.replays(owner) as replays:
                if status >= 500 or status == 429:
                    replays.release(key)
                else:
                    replays.answer(
                        key,
                        status,
                        headers.get(b"content-type", b"").decode("latin-1"),
                        headers.get(b"location", b"").decode("latin-1"),
                        body if pending.keep_body else b"",
                    )

        await run_in_threadpool(keep)


def install(app: FastAPI) -> None:
    @app.exception_handler(Replayed)
    async def replayed(request: Request, error: Replayed) -> Response:
        return error.response

    app.add_middleware(Idempotency)
