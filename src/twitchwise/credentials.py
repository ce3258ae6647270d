"""The secrets of an account, without a database: password hashing and policy, the codes of
two-step sign-in, and the random tokens that stand for a signed-in person (shared/SECURITY.md
sections 2 and 3.1). ``storage.accounts`` and its parts keep the results.

- Passwords are kept as argon2id hashes with OWASP's parameters (m=19 MiB, t=2, p=1) written into
  the hash; ``PasswordHashing.needs_rehash`` says when a stored hash was made with other ones, so
  it is upgraded on the next sign-in.
- Session and API tokens are 256-bit random values; only their SHA-256 is kept (``digest``), so a
  copy of the database cannot be replayed.
- Two-step sign-in is TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what every authenticator app reads
  from the QR code), one step either side for clocks that drift; recovery codes are 80 random
  bits each, kept as the SHA-256 of their normal form.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import ipaddress
import re
import secrets
import threading
from datetime import datetime

import pyotp
from argon2 import PasswordHasher, Type
from argon2.exceptions import VerifyMismatchError

from twitchwise.domain.errors import InputError

PASSWORD_MIN = 8
PASSWORD_MAX = 1024
HASHING_AT_ONCE = 4
RESERVED_NAMES = frozenset({"me"})  # the person of local mode (storage.store.LOCAL_PERSON)
RECOVERY_CODES = 10
TOTP_ISSUER = "twitchwise"

# The hash of a random password nobody knows, with OWASP's parameters: checked for unknown names.
_OWASP_DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$x3GOo5KpQT8FJpBm2e0JgQ$"
    "CggMmeIqo4UbtvIqmanFxk/Vh9GOnnnpciwm1KKk5eo"
)
_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
# Passwords attackers try first (ASVS V6.2.4 asks for the top 3,000 to be refused): the 30,000
# most common in leaked sets, as zxcvbn ships them (Dropbox's list, MIT licence), and a few of
# this app's own. Read on first use: the list is a 400 KB module.
_OWN_COMMON = frozenset({"twitchwise", "twitchwise1", "twitchwise123"})


def owasp_argon2id() -> PasswordHasher:
    """argon2id with OWASP's parameters (m=19 MiB, t=2, p=1): the hasher accounts use."""
    return PasswordHasher(
        time_cost=2, memory_cost=19_456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
    )


class PasswordHashing:
    """Hashes and checks passwords with ``hasher`` (OWASP's argon2id unless another is given,
    such as a cheap one in tests).

    At most ``HASHING_AT_ONCE`` hashes are computed at a time, so a burst of sign-ins cannot
    exhaust memory: the limit holds per instance, and a process has one (its Store's)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or owasp_argon2id()
        self._at_once = threading.BoundedSemaphore(HASHING_AT_ONCE)
        # Checked when a name is unknown: it must cost what a real account's hash costs, so
        # it has the hasher's parameters (OWASP's is ready-made; another one's is made here).
        self._dummy_hash = (
            self._hasher.hash(secrets.token_urlsafe(32))
            if self._hasher.check_needs_rehash(_OWASP_DUMMY_HASH)
            else _OWASP_DUMMY_HASH
        )

    def hash(self, password: str) -> str:
        with self._at_once:
            return self._hasher.hash(password)

    def matches(self, password_hash: str, password: str) -> bool:
        with self._at_once:
            try:
                return self._hasher.verify(password_hash, password)
            except VerifyMismatchError:
                return False

    def matches_nobody(self, password: str) -> None:
        """The work of ``matches`` for a name that has no account, so timing does not tell
        which names have one."""
        self.matches(self._dummy_hash, password)

    def require(self, password_hash: str, password: str, field: str) -> None:
        """InputError on ``field`` unless ``password`` is the one hashed."""
        if not self.matches(password_hash, password):
            raise InputError(field, "is not your current password")

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with parameters other than the hasher's."""
        return self._hasher.check_needs_rehash(password_hash)


# -- the password policy -----------------------------------------------------------------------


@functools.cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | _OWN_COMMON


def check_name(name: str) -> None:
    """InputError on ``name`` unless it is 1 to 100 plain characters and not reserved."""
    if not _NAME.fullmatch(name):
        raise InputError(
            "name", "must be 1 to 100 letters, digits, dots, dashes or underscores, e.g. alice"
        )
    if name.lower() in RESERVED_NAMES:
        raise InputError("name", f"{name!r} is reserved for the journal of local mode")


def check_password(password: str, name: str, field: str) -> None:
    """InputError on ``field`` for a password too short, too long, common, or the name itself.
    Any characters are taken exactly as typed (no composition rules, no truncation)."""
    if len(password) < PASSWORD_MIN:
        raise InputError(field, f"must be at least {PASSWORD_MIN} characters (15 or more is best)")
    if len(password) > PASSWORD_MAX:
        raise InputError(field, f"must be at most {PASSWORD_MAX} characters")
    if password.casefold() in _common() or password.casefold() == name.casefold():
        raise InputError(field, "is one of the first passwords attackers try; choose another")


# -- tokens and digests ------------------------------------------------------------------------


def new_token() -> str:
    """256 random bits, URL-safe: a session cookie's or an API token's value."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is kept of a token or code: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


# -- two-step sign-in --------------------------------------------------------------------------


def new_totp_secret() -> str:
    """A secret for the authenticator app: 160 bits, RFC 4226's recommendation, in base32."""
    return pyotp.random_base32()


def totp_uri(secret: str, name: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=TOTP_ISSUER)


def totp_step(secret: str, code: str, now: datetime, after: int | None) -> int | None:
    """The 30-second step ``code`` is right for (now, or one step either side), when later
    than ``after``; else None. Remembering the step accepted last makes each code work once."""
    if not re.fullmatch(r"[0-9]{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step, step - 1, step + 1):
        if after is not None and candidate <= after:
            continue
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def new_recovery_codes() -> list[str]:
    """``RECOVERY_CODES`` codes of 80 random bits, each as 16 base32 letters in four groups:
    ``abcd-efgh-ijkl-mnop``."""
    return [_recovery_code() for _ in range(RECOVERY_CODES)]


def _recovery_code() -> str:
    letters = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def normal_code(code: str) -> str:
    """A code as typed, without spaces and dashes, lower case (recovery codes are base32)."""
    return re.sub(r"[\s-]", "", code).lower()


# -- places ------------------------------------------------------------------------------------


def address_group(address: str) -> str:
    """The place a limit counts for a client address: the IPv4 address, or the IPv6 /64 (one
    household, phone or server usually holds a whole /64, and can pick any address in it); an
    IPv4 address written as IPv6 (``::ffff:203.0.113.9``) is that IPv4 address."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip().lower()
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
