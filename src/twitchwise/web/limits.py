"""How large a request body may be, counted as it arrives: a body past its limit is answered
413, in the API's error shape, before it is read whole, written anywhere, or anyone is signed in
(a declared ``Content-Length`` past the limit is refused before a byte is read).

- an upload (``POST /api/v1/imports``, ``POST /import``): ``upload_max_bytes`` for the file, and
  no more than the person's share left of ``upload_max_bytes_per_person`` (their uploads still
  waiting for their import count against it). The person is known when the body starts to
  arrive: the upload routes read their body themselves, after ``identify``;
- the requests anyone may send without signing in (tokens, sign-in): ``sign_in_body_max_bytes``;
- everything else: ``body_max_bytes``.

Plain ASGI, like ``guard.py``: the app's receive is wrapped, and when the count passes the limit
the 413 is sent and the app is told the client left (its own answer, if any, is dropped).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from twitchwise.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOADS = frozenset({"/api/v1/imports", "/import"})
BEFORE_SIGN_IN = frozenset({"/api/v1/tokens", "/sign-in", "/sign-in/code"})
MULTIPART_SLACK = 8 * 1024  # the form's boundaries, headers and small fields around the file
WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Limit:
    bytes: int
    field: str
    reason: str


def _size(count: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= size:
            return f"{count / size:g} {unit}"
    return f"{count} bytes"


def limit_for(settings: Settings, path: str) -> Limit:
    if path in UPLOADS:
        cap = settings.upload_max_bytes
        return Limit(cap + MULTIPART_SLACK, "file", f"a file may be at most {_size(cap)}")
    if path in BEFORE_SIGN_IN:
        cap = settings.sign_in_body_max_bytes
        return Limit(cap, "body", f"this request's body may be at most {_size(cap)}")
    cap = settings.body_max_bytes
    return Limit(cap, "body", f"a request's body may be at most {_size(cap)}")


def person_share(scope: Scope) -> Limit | None:
    """What is left of the person's upload allowance, when the upload's body starts to arrive
    (``identify`` has named the person by then); None when more than a file may hold."""
    web = scope["app"].state.web
    settings: Settings = web.settings
    owner = scope.get("state", {}).get("owner_id")
    if owner is None:
        owner = web.store.owner_id()
    with web.store.jobs() as jobs:
        waiting = jobs.pending_bytes(owner)
    left = settings.upload_max_bytes_per_person - waiting
    if left >= settings.upload_max_bytes:
        return None
    reason = (
        f"your uploads waiting for their import already take {_size(waiting)} of "
        f"{_size(settings.upload_max_bytes_per_person)}; wait for them to finish"
    )
    return Limit(max(0, left) + MULTIPART_SLACK, "file", reason)


def _answer(limit: Limit) -> tuple[Message, Message]:
    problem = {"field": limit.field, "reason": limit.reason}
    body = json.dumps({"error": {**problem, "problems": [problem]}}).encode()
    start = {
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class BodyLimits:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limited = _Limited(scope, receive, send, limit_for(self.settings, path), path in UPLOADS)
        if limited.declared is not None and limited.declared > limited.limit.bytes:
            await limited.answer()
            return
        try:
            await self.app(scope, limited.receive, limited.send)
        except Exception:
            if not limited.refused:
                raise


class _Limited:
    """One request's body, counted as the app reads it."""

    def __init__(
        self, scope: Scope, receive: Receive, send: Send, limit: Limit, upload: bool
    ) -> None:
        self.scope, self._receive, self._send = scope, receive, send
        self.limit = limit
        self.declared = _declared_length(scope)
        self.received = 0
        self.refused = False
        self.started = False
        self._share_due = upload  # the person's share is asked when the body starts

    async def answer(self) -> None:
        self.started = True
        for message in _answer(self.limit):
            await self._send(message)

    async def receive(self) -> Message:
        if self._share_due:
            self._share_due = False
            share = await run_in_threadpool(person_share, self.scope)
            if share is not None and share.bytes < self.limit.bytes:
                self.limit = share
                if self.declared is not None and self.declared > share.bytes:
                    return await self._refuse()
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit.bytes:
                return await self._refuse()
        return message

    async def _refuse(self) -> Message:
        self.refused = True
        if not self.started:
            await self.answer()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self.refused:
            return  # the 413 went out; the app's own answer is dropped
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def _declared_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(BodyLimits, settings=settings)
