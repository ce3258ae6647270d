"""Discussion(session): the replies readers leave under the guide pages, and their moderation.

What it promises, whoever calls it:

- a reply needs a name, an email and a comment; every problem is reported at once, per field;
- the email is stored and never handed back: ``Reply``, the only thing this module returns, has
  no field for it (nor for the address);
- a reply is public only once approved; rejecting deletes it;
- at most ``RATE_LIMIT`` replies per ``RATE_WINDOW`` from one address or one email, counted from
  the stored rows so a restart forgets nothing. The address is kept only as a keyed hash
  (HMAC-SHA256), and only for as long as the window needs it.

Like ``Journal`` it never commits: ``Store.discussion()`` is the unit of work.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from twitchwise.credentials import address_group
from twitchwise.domain.errors import FieldProblem, InputError, NotFoundError
from twitchwise.domain.wording import counted
from twitchwise.storage.rate_limits import hold
from twitchwise.storage.tables import GuideReplyRow, GuideSecretRow

NAME_MAX = 80
EMAIL_MAX = 254
COMMENT_MAX = 5000
RATE_LIMIT = 3
RATE_WINDOW = timedelta(minutes=10)

_TOPIC = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PUBLIC = (
    GuideReplyRow.id,
    GuideReplyRow.topic,
    GuideReplyRow.name,
    GuideReplyRow.comment,
    GuideReplyRow.created_at,
    GuideReplyRow.approved_at,
)


@dataclass(frozen=True)
class Reply:
    """A reply as a page may show it. Deliberately without the email or the address."""

    id: int
    topic: str
    name: str
    comment: str
    at: datetime
    approved: bool


def _control(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def _name_problem(name: str) -> str | None:
    if not name:
        return "is required"
    if len(name) > NAME_MAX:
        return f"must be at most {NAME_MAX} characters"
    if _control(name):
        return "must be one line of plain text"
    return None


def _email_problem(email: str) -> str | None:
    if not email:
        return "is required (it is never shown to anyone)"
    if len(email) > EMAIL_MAX:
        return f"must be at most {EMAIL_MAX} characters"
    if _control(email) or not _EMAIL.fullmatch(email):
        return "does not look like an email address, for example you@example.org"
    return None


def _comment_problem(comment: str) -> str | None:
    if not comment:
        return "is required"
    if len(comment) > COMMENT_MAX:
        return f"must be at most {COMMENT_MAX} characters (it has {len(comment)})"
    if _control(comment, allowed="\n\t"):
        return "contains characters that cannot be shown; paste it as plain text"
    return None


class Discussion:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_reply(
        self, topic: str, name: str, email: str, comment: str, at: datetime, client_address: str
    ) -> Reply:
        """Keep a reply for moderation; ``InputError`` lists every field's problem at once."""
        name, email = name.strip(), email.strip()
        comment = comment.replace("\r\n", "\n").replace("\r", "\n").strip()
        checks = {
            "name": _name_problem(name),
            "email": _email_problem(email),
            "comment": _comment_problem(comment),
        }
        problems = [FieldProblem(field, reason) for field, reason in checks.items() if reason]
        if not _TOPIC.fullmatch(topic):
            problems.insert(0, FieldProblem("topic", "is not a guide topic"))
        if problems:
            raise InputError.from_problems(problems)
        self._forget_addresses(at)
        client_key = self._client_key(client_address)
        # The count and the insert below are one step for every other sender (atomic under a
        # burst): hold the address and the email until this unit ends.
        hold(self.session, [f"reply-address:{client_key}", f"reply-email:{email.lower()}"])
        self._check_rate(client_key, email, at)
        row = GuideReplyRow(
            topic=topic,
            name=name,
            email=email,
            comment=comment,
            created_at=at,
            approved_at=None,
            client_key=client_key,
        )
        self.session.add(row)
        self.session.flush()
        return Reply(row.id, topic, name, comment, at, approved=False)

    def approved(self, topic: str) -> list[Reply]:
        """The replies shown under ``topic``, oldest first."""
        return self._replies(GuideReplyRow.topic == topic, GuideReplyRow.approved_at.is_not(None))

    def pending(self) -> list[Reply]:
        """The moderation queue, oldest first."""
        return self._replies(GuideReplyRow.approved_at.is_(None))

    def approve(self, reply_id: int, at: datetime) -> Reply:
        """Publish a reply (approving it twice keeps the first approval)."""
        row = self._row(reply_id)
        if row.approved_at is None:
            row.approved_at = at
        return Reply(row.id, row.topic, row.name, row.comment, row.created_at, approved=True)

    def reject(self, reply_id: int) -> None:
        """Delete a reply, email and all."""
        self.session.delete(self._row(reply_id))

    def _replies(self, *where: ColumnElement[bool]) -> list[Reply]:
        found = self.session.execute(
            select(*_PUBLIC).where(*where).order_by(GuideReplyRow.created_at, GuideReplyRow.id)
        )
        return [
            Reply(reply_id, topic, name, comment, at, approved_at is not None)
            for reply_id, topic, name, comment, at, approved_at in found
        ]

    def _row(self, reply_id: int) -> GuideReplyRow:
        row = self.session.get(GuideReplyRow, reply_id)
        if row is None:
            raise NotFoundError("reply", f"there is no reply {reply_id}; it may be gone already")
        return row

    def _secret(self) -> bytes | None:
        return self.session.scalar(select(GuideSecretRow.key).order_by(GuideSecretRow.id).limit(1))

    def _client_key(self, client_address: str) -> str:
        key = self._secret()
        if key is None:
            # The first replies ever, at once, must agree on one key, or each would count alone.
            hold(self.session, ["guide-secret"])
            key = self._secret()
        if key is None:
            key = secrets.token_bytes(32)
            self.session.add(GuideSecretRow(key=key))
            self.session.flush()
        return hmac.new(key, address_group(client_address).encode(), hashlib.sha256).hexdigest()

    def _forget_addresses(self, now: datetime) -> None:
        """An address hash is needed only inside the window: erase the older ones."""
        self.session.execute(
            update(GuideReplyRow)
            .where(GuideReplyRow.created_at <= now - RATE_WINDOW)
            .where(GuideReplyRow.client_key.is_not(None))
            .values(client_key=None)
        )

    def _check_rate(self, client_key: str, email: str, now: datetime) -> None:
        recent = select(func.count()).select_from(GuideReplyRow)
        recent = recent.where(GuideReplyRow.created_at > now - RATE_WINDOW)
        from_address = recent.where(GuideReplyRow.client_key == client_key)
        from_email = recent.where(func.lower(GuideReplyRow.email) == email.lower())
        counts = (self.session.scalar(query) or 0 for query in (from_address, from_email))
        if any(count >= RATE_LIMIT for count in counts):
            minutes = int(RATE_WINDOW.total_seconds() // 60)
            raise InputError(
                "reply",
                f"only {RATE_LIMIT} replies are taken from one address or email in "
                f"{counted(minutes, 'minute')}; please wait a few minutes and send this one again",
            )
