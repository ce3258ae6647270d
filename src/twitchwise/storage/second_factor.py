"""SecondFactor: two-step sign-in, which a person may turn on (shared/SECURITY.md section 3.1).

- The second step is TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what every authenticator app reads
  from the QR code), one step either side for clocks that drift. A code is accepted once: the
  step it was for is remembered, and checking it locks the account's row until the unit ends,
  so the same code sent twice at once is accepted once.
- A session started with ``pending=True`` opens nothing until ``finish_sign_in`` has a code.
- Ten recovery codes of 80 random bits each stand in for a lost phone, each once, kept as
  SHA-256.
- Setting it up needs the password; turning it off needs the password and a current code;
  making new recovery codes needs a current code.

Every method but ``is_on``, ``setup`` and ``recovery_codes_left`` may write: they need
``Store.accounts(write=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import (
    PasswordHashing,
    digest,
    new_recovery_codes,
    new_totp_secret,
    normal_code,
    totp_step,
    totp_uri,
)
from twitchwise.domain.errors import InputError
from twitchwise.storage.account_rows import account_of, name_of, person_named
from twitchwise.storage.sessions import Sessions, SignedIn
from twitchwise.storage.tables import AccountRow, RecoveryCodeRow


@dataclass(frozen=True)
class SecondFactorSetup:
    """What the authenticator app needs: the secret, also as the address its QR code holds."""

    secret: str
    uri: str


class SecondFactor:
    def __init__(self, session: Session, passwords: PasswordHashing, sessions: Sessions) -> None:
        self._db = session
        self._passwords = passwords
        self._sessions = sessions

    def is_on(self, person_id: int) -> bool:
        return account_of(self._db, person_id).totp_secret is not None

    def start(self, person_id: int, password: str) -> SecondFactorSetup:
        """A new secret for the authenticator app, kept aside until ``confirm`` sees a code made
        from it (asking again replaces it). Needs the password, so a borrowed session cannot
        tie the account to someone else's phone."""
        account = account_of(self._db, person_id)
        if account.totp_secret is not None:
            raise InputError("code", "two-step sign-in is on already")
        self._passwords.require(account.password_hash, password, "password")
        account.totp_pending = new_totp_secret()
        self._db.flush()
        return self._setup(person_id, account.totp_pending)

    def setup(self, person_id: int) -> SecondFactorSetup | None:
        """The secret being set up, if any."""
        pending = account_of(self._db, person_id).totp_pending
        return None if pending is None else self._setup(person_id, pending)

    def _setup(self, person_id: int, secret: str) -> SecondFactorSetup:
        return SecondFactorSetup(secret, totp_uri(secret, name_of(self._db, person_id)))

    def confirm(self, person_id: int, code: str, now: datetime) -> list[str]:
        """Turn two-step sign-in on once ``code`` comes from the secret being set up; returns
        the recovery codes, in clear this once."""
        account = account_of(self._db, person_id, lock=True)  # a double submit: one set of codes
        if account.totp_pending is None:
            raise InputError("code", "start setting up two-step sign-in first")
        step = totp_step(account.totp_pending, normal_code(code), now, None)
        if step is None:
            raise InputError("code", "is not the code the app shows now; try the next one")
        account.totp_secret, account.totp_pending = account.totp_pending, None
        account.totp_last_step = step
        self._db.flush()
        return self._new_recovery_codes(person_id, now)

    def check_code(self, person_id: int, code: str, now: datetime) -> None:
        """Accept the authenticator's current code, or one unused recovery code (spending it);
        InputError otherwise. A code already accepted once is refused."""
        account = account_of(self._db, person_id, lock=True)
        if account.totp_secret is None:
            raise InputError("code", "two-step sign-in is not on")
        typed = normal_code(code)
        step = totp_step(account.totp_secret, typed, now, account.totp_last_step)
        if step is not None:
            account.totp_last_step = step
            self._db.flush()
            return
        spare = self._db.scalar(
            select(RecoveryCodeRow)
            .where(RecoveryCodeRow.person_id == person_id)
            .where(RecoveryCodeRow.code_hash == digest(typed))
            .where(RecoveryCodeRow.used_at.is_(None))
        )
        if spare is None:
            raise InputError("code", "is wrong, or was used already; type the app's next code")
        spare.used_at = now
        self._db.flush()

    def finish_sign_in(self, token: str, code: str, now: datetime) -> tuple[str, SignedIn]:
        """Trade a pending session and a right code for a full session with a new token."""
        person_id = self._sessions.pending_person(token, now)
        if person_id is None:
            raise InputError("code", "the sign-in took too long; start again with the password")
        self.check_code(person_id, code, now)
        return self._sessions.complete(token, person_id, now)

    def recovery_codes_left(self, person_id: int) -> int:
        return (
            self._db.scalar(
                select(func.count())
                .select_from(RecoveryCodeRow)
                .where(RecoveryCodeRow.person_id == person_id)
                .where(RecoveryCodeRow.used_at.is_(None))
            )
            or 0
        )

    def renew_recovery_codes(self, person_id: int, code: str, now: datetime) -> list[str]:
        """New recovery codes for a current code; the old ones stop working."""
        self.check_code(person_id, code, now)
        return self._new_recovery_codes(person_id, now)

    def _new_recovery_codes(self, person_id: int, now: datetime) -> list[str]:
        self._db.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.person_id == person_id))
        codes = new_recovery_codes()
        self._db.add_all(
            RecoveryCodeRow(person_id=person_id, code_hash=digest(normal_code(c)), created_at=now)
            for c in codes
        )
        self._db.flush()
        return codes

    def turn_off(self, person_id: int, password: str, code: str, now: datetime) -> None:
        """Needs the password and a current code (ASVS V7.5.1: full re-authentication)."""
        account = account_of(self._db, person_id)
        self._passwords.require(account.password_hash, password, "password")
        self.check_code(person_id, code, now)
        self._clear(account)

    def reset(self, name: str) -> bool:
        """For whoever runs the server, when a person lost both the phone and the recovery
        codes: two-step sign-in off, the person's sessions ended. False when it was off."""
        person_id = person_named(self._db, name)
        account = account_of(self._db, person_id)
        was_on = account.totp_secret is not None
        self._clear(account)
        self._sessions.end_all(person_id)
        return was_on

    def _clear(self, account: AccountRow) -> None:
        account.totp_secret = account.totp_pending = None
        account.totp_last_step = None
        self._db.execute(
            delete(RecoveryCodeRow).where(RecoveryCodeRow.person_id == account.person_id)
        )
        self._db.flush()
