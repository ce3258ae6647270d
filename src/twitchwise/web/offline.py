"""The rule for the pages a phone keeps to read offline (``static/sw.js`` follows it):

- only a full page (``200``, ``text/html``, fetched by a ``GET``) answered to a known person is
  kept, and only when it carries ``Twitchwise-Offline-Scope``: a name for that person *and* that
  sign-in (a hash of the person's id and the session cookie; ``local`` in local mode). The worker
  keeps each page under its scope's own cache, never under a key shared between people or
  sign-ins; JSON (the API) and anything a stranger is answered (the sign-in page, the guide
  signed out) is never kept;
- a page answered with no scope, or with another scope, makes the worker drop every page it kept
  (someone signed out, or someone else signed in);
- signing out clears every cache and the outbox: the page's script does before it posts the form,
  and the answer carries ``Clear-Site-Data: "cache", "storage"`` for browsers without it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from fastapi import FastAPI

from twitchwise.web.auth import COOKIE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADER = b"twitchwise-offline-scope"


def offline_scope(scope: Scope) -> str | None:
    """The name of the cache this request's pages may be kept in, or None (keep nothing)."""
    web = scope["app"].state.web
    if not web.settings.accounts:
        return "local"
    owner = (scope.get("state") or {}).get("owner_id")
    if owner is None:
        return None
    cookies: SimpleCookie = SimpleCookie()
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            cookies.load(bytes(value).decode("latin-1"))
    session = cookies.get(COOKIE)
    if session is None:
        return None  # a bearer token: an API client, not a browser
    return hashlib.sha256(f"twitchwise-offline:{owner}:{session.value}".encode()).hexdigest()[:32]


class OfflineScope:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return

        async def marking(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = list(message.get("headers", ()))
                kind = next(
                    (bytes(v) for k, v in headers if bytes(k).lower() == b"content-type"), b""
                )
                tag = offline_scope(scope) if kind.startswith(b"text/html") else None
                if tag is not None:
                    message["headers"] = [*headers, (HEADER, tag.encode())]
            await send(message)

        await self.app(scope, receive, marking)


def install(app: FastAPI) -> None:
    app.add_middleware(OfflineScope)
