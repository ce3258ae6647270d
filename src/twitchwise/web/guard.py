"""Security headers on every response (``Cache-Control: no-store`` but on the vendored files; HSTS
with accounts), and two checks that stop a web page in the person's own browser from reaching
the journal (the first in local mode only):

- the Host header must be a loopback name (a DNS-rebinding page arrives with its own host name),
  but on the addresses a token in the path opens (``TOKEN_PATHS``);
- a request that changes something must come from this app's own pages: a browser sends
  ``Origin`` (or ``Sec-Fetch-Site``) with every cross-site POST, and such a request is refused,
  as is ``Origin: null`` (an opaque origin) unless ``Sec-Fetch-Site`` says same-origin.

Written as plain ASGI rather than Starlette's BaseHTTPMiddleware, which costs every request a
task and a queue.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "testserver"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Never a Referer to another site; to itself, yes: under "no-referrer" a browser sends
    # "Origin: null" with this app's own form posts, which could then not be told apart from a
    # sandboxed page's or a data: URL's (a login CSRF's) "null".
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# Addresses whose token in the path is the whole permission (a share link for a doctor, a
# reminder's stop link): they answer under any host name, also in local mode behind a tunnel. A
# page from another site cannot read them without the token, which is the secret.
TOKEN_PATHS = ("/shared/", "/api/v1/shared/", "/remind/stop/")


def refusal(scope: Scope, *, check_host: bool = True) -> str | None:
    """Why this request must not reach the app, or None."""
    host = _header(scope, b"host")
    if str(scope.get("path", "")).startswith(TOKEN_PATHS):
        check_host = False
    if check_host and host is not None and _host_name(host).lower() not in LOOPBACK:
        return "this journal answers only on localhost in local mode"
    if scope.get("method", "GET") in SAFE_METHODS:
        return None
    site = _header(scope, b"sec-fetch-site")
    if site is not None and site not in {"same-origin", "none"}:
        return "a change must come from twitchwise's own pages"
    origin = _header(scope, b"origin")
    if origin == "null" and site != "same-origin":
        # An opaque origin: a sandboxed frame, a data: or file: page, a redirect from another
        # site. Old browsers send no Sec-Fetch-Site, so this is how a login CSRF looks there.
        return "a change must come from twitchwise's own pages"
    if origin not in {None, "null"} and host is not None:
        if urlsplit(origin).netloc.lower() != host.lower():
            return "a change must come from twitchwise's own pages"
    return None


NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class Guard:
    def __init__(self, app: ASGIApp, local: bool) -> None:
        self.app = app
        self.local = local

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reason = refusal(scope, check_host=self.local)
        if reason is not None:
            problem = {"field": "request", "reason": reason}
            body = json.dumps({"error": {**problem, "problems": [problem]}}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [(b"content-type", b"application/json"), *HEADERS],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return

        # Health data must not stay in caches (ASVS V14.3.2); the vendored files may.
        extra = [*HEADERS]
        if not str(scope.get("path", "")).startswith("/static/"):
            extra.append(NO_STORE)
        if not self.local:
            extra.append(HSTS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def install(app: FastAPI, *, accounts: bool = False) -> None:
    """Local mode checks the Host too; with accounts the server has a real name (and sessions)."""
    app.add_middleware(Guard, local=not accounts)
