"""Who a request is for, when accounts are on (SPEC section 7; shared/SECURITY.md 3.2-3.4).

- A page or API call names its person with the session cookie ``__Host-twitchwise`` (an opaque
  256-bit token, kept hashed on the server, ended on sign-out, idle after 30 minutes) or with
  ``Authorization: Bearer TOKEN`` from ``POST /api/v1/tokens``. ``identify`` puts the person's id
  on the request; ``here(request)`` scopes every journal read and write to it.
- Without one, the API answers 401 in the one error shape and a page sends the browser to
  ``/sign-in``.
- A change made with the cookie must carry the session's CSRF token (the ``X-CSRF-Token`` header,
  which every htmx request sends from ``<body hx-headers>``, or the form's ``csrf_token`` field);
  the guard's Origin / Sec-Fetch-Site check stands in front of that. Bearer calls are not
  CSRF-able and need no token.
- Sign-in attempts are counted per name and place, per place, and per account (in the database,
  so all worker processes share them); a place is an IPv4 address or an IPv6 /64. A flood from
  one place slows that place only. The account's ceiling stops guessing spread over many places,
  but spares the places where the person signed in lately (``SignInPlaces``), so strangers
  cannot lock a person out of their usual places, and never for longer than the window.
- A person who turned on two-step sign-in gives the authenticator's code (or a recovery code)
  after the password; code tries are counted per person, so guessing 6 digits is hopeless
  (10 tries a quarter of an hour) and only someone who knows the password can slow them.

In local mode (no accounts) none of this applies: the journal's only person is everyone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import UTC, datetime, timedelta

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from twitchwise.credentials import address_group
from twitchwise.domain.errors import InputError, TwitchwiseError
from twitchwise.storage.rate_limits import Limit
from twitchwise.web.state import web_of

# Who did what, never with a name, a password, a token or any health data (ASVS V16.2.5, V16.3.1):
# people appear by their number, addresses by a hash.
log = logging.getLogger("twitchwise.auth")

COOKIE = "__Host-twitchwise"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SIGN_IN_LIMIT = 10  # tries per name and place in the window
ADDRESS_LIMIT = 60  # tries per place in the window, whatever the names
ACCOUNT_LIMIT = 30  # tries per name in the window from places its person has not signed in from
SIGN_IN_WINDOW = timedelta(minutes=15)


class SignInNeeded(TwitchwiseError):
    """No valid session or token: 401 on the API, the sign-in page for a browser."""

    def __init__(self, reason: str = "sign in first") -> None:
        super().__init__(reason)
        self.reason = reason


class CsrfRefused(TwitchwiseError):
    """A change by cookie without the session's CSRF token: 403."""


def now_utc(request: Request) -> datetime:
    return web_of(request).clock.now(UTC)


def place_of(request: Request) -> str:
    """Where the request comes from, as limits count it: the client's IPv4 address or IPv6 /64
    (the connecting address, unless ``serve --forwarded-allow-ips`` trusts a proxy's header)."""
    return address_group(request.client.host if request.client else "unknown")


def address_key(request: Request) -> str:
    """The client's place, never stored or logged in clear (RateLimits hashes its keys too)."""
    return hashlib.sha256(place_of(request).encode()).hexdigest()[:32]


# The first that matches names the browser, then the system: order matters (Edge's and
# Opera's User-Agents say Chrome too, Chrome's says Safari, Android's says Linux).
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def device_of(request: Request) -> str | None:
    """A few words for the browser a session was started in, such as "Firefox on Linux", from
    its User-Agent (which is not kept); None when it names no browser or system we know."""
    agent = request.headers.get("user-agent", "")
    browser = next((name for mark, name in _BROWSERS if mark in agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in agent), None)
    if browser is None and system is None:
        return None
    return " on ".join(part for part in (browser or "A browser", system) if part)


async def identify(request: Request) -> None:
    """Router dependency: in accounts mode, the person this request is for, or SignInNeeded.

    async, so local mode (nothing to look up) costs no hop to the thread pool; the lookups of
    accounts mode run there."""
    if web_of(request).settings.accounts:
        await run_in_threadpool(_identify, request)


def _identify(request: Request) -> None:
    # Read first, on the read-only connection: most requests need no write, and on SQLite a
    # write unit would take the journal's one write lock (which a long import holds). A write
    # follows at most once a minute per session or token, to note that it was used.
    web = web_of(request)
    now = now_utc(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        with web.store.accounts() as accounts:
            owner = accounts.tokens.owner(token, now, write=False)
            due = owner is not None and accounts.tokens.touch_due(token, now)
        if owner is None:
            log.warning("bearer token refused from address %s", address_key(request)[:12])
            raise SignInNeeded("the bearer token is unknown or revoked")
        if due:
            with web.store.accounts(write=True) as accounts:
                accounts.tokens.owner(token, now)
        request.state.owner_id = owner
        request.state.by_cookie = False
        return
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise SignInNeeded()
    with web.store.accounts() as accounts:
        signed_in = accounts.sessions.signed_in(cookie, now, write=False)
    if signed_in is None:
        raise SignInNeeded("the session has ended; sign in again")
    if signed_in.touch_due:
        with web.store.accounts(write=True) as accounts:
            signed_in = accounts.sessions.signed_in(cookie, now)
        if signed_in is None:
            raise SignInNeeded("the session has ended; sign in again")
    request.state.owner_id = signed_in.person_id
    request.state.csrf_token = signed_in.csrf_token
    request.state.session_id = signed_in.session_id
    request.state.by_cookie = True


async def identify_if_signed_in(request: Request) -> None:
    """For pages open to everyone (the guide): who it is, when someone is signed in."""
    try:
        await identify(request)
    except SignInNeeded:
        return


async def csrf_checked(request: Request) -> None:
    """Router dependency after ``identify``: a change by cookie carries the CSRF token."""
    if request.method not in UNSAFE or not getattr(request.state, "by_cookie", False):
        return
    expected: str = request.state.csrf_token
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # Starlette keeps it: the handler reads the same form
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if sent is None or not hmac.compare_digest(sent, expected):
        log.warning("CSRF token missing or wrong: person %d", request.state.owner_id)
        raise CsrfRefused("the form is out of date or came from elsewhere; reload the page")


WRONG = "the name or the password is wrong"
SLOW_DOWN = "too many tries from here; wait a quarter of an hour and try again"
ACCOUNT_SLOW_DOWN = (
    "too many tries for this account from new places; sign in from a place you used before, "
    "or wait a quarter of an hour and try again"
)
CODE_LIMIT = 10  # authenticator or recovery codes per person in SIGN_IN_WINDOW
CODE_SLOW_DOWN = "too many wrong codes; wait a quarter of an hour and try again"
TOO_MANY = frozenset({SLOW_DOWN, ACCOUNT_SLOW_DOWN, CODE_SLOW_DOWN})  # the reasons answered 429


def _sign_in_limits(name: str, place: str, known: bool) -> list[Limit]:
    limits = [
        Limit(f"signin:{name.lower()}:{place}", SIGN_IN_LIMIT, SIGN_IN_WINDOW),
        Limit(f"signin-address:{place}", ADDRESS_LIMIT, SIGN_IN_WINDOW),
    ]
    if not known:  # the person's own places are spared the account's ceiling
        limits.append(Limit(f"signin-account:{name.lower()}", ACCOUNT_LIMIT, SIGN_IN_WINDOW))
    return limits


def check_password(request: Request, name: str, password: str) -> int:
    """The person ``name`` and ``password`` open, counting the try first (before any hashing)
    per name and place, per place, and per account unless its person signed in from here
    lately; a right password makes (or keeps) this place theirs."""
    web = web_of(request)
    now = now_utc(request)
    place = place_of(request)
    where = address_key(request)
    with web.store.accounts(write=True) as accounts:
        known = accounts.places.known(name, place, now)
        refused = accounts.rate_limits.attempt_all(_sign_in_limits(name, place, known), now)
    if refused is not None and refused.most == ACCOUNT_LIMIT:
        log.warning("sign-in refused: too many tries for one account from new places")
        raise InputError("name", ACCOUNT_SLOW_DOWN)
    if refused is not None:
        log.warning("sign-in refused: too many tries from address %s", where[:12])
        raise InputError("name", SLOW_DOWN)
    with web.store.accounts(write=True) as accounts:
        person = accounts.verify(name, password)
        if person is not None:
            accounts.places.note(person, place, now)
    if person is None:
        log.warning("sign-in failed from address %s", where[:12])
        raise InputError("password", WRONG)
    log.info("sign-in: person %d from address %s", person, where[:12])
    return person


def count_code_try(request: Request, person: int) -> None:
    """Count one try of an authenticator or recovery code for ``person``; InputError on the
    field ``code`` for one too many. Before any code is checked, whoever checks it."""
    with web_of(request).store.accounts(write=True) as accounts:
        allowed = accounts.rate_limits.attempt(
            f"code:{person}", now_utc(request), limit=CODE_LIMIT, window=SIGN_IN_WINDOW
        )
    if not allowed:
        log.warning("code refused: too many tries for person %d", person)
        raise InputError("code", CODE_SLOW_DOWN)


def check_code(request: Request, person: int, code: str) -> None:
    """The person's authenticator code (or a recovery code, which it spends), the try counted
    first: InputError on the field ``code`` when it is wrong, used, or one try too many."""
    count_code_try(request, person)
    try:
        with web_of(request).store.accounts(write=True) as accounts:
            accounts.second_factor.check_code(person, code, now_utc(request))
    except InputError:
        log.warning("wrong code for person %d from address %s", person, address_key(request)[:12])
        raise
    log.info("code accepted: person %d", person)


CODE_NEEDED = "two-step sign-in is on: give a code from the authenticator app (or a recovery code)"


def check_again(request: Request, person: int, name: str, password: str, code: str) -> None:
    """The signed-in ``person`` (called ``name``) shows it is still them before something that
    cannot be undone: the password, and with two-step sign-in on a code too, each try counted
    as a sign-in's. InputError on the field ``password`` or ``code``."""
    if check_password(request, name, password) != person:
        raise InputError("password", WRONG)
    with web_of(request).store.accounts() as accounts:
        two_step = accounts.second_factor.is_on(person)
    if two_step and not code.strip():
        raise InputError("code", CODE_NEEDED)
    if two_step:
        check_code(request, person, code)
