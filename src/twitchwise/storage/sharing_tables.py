"""The tables of issue 19: share links for a doctor (and who opened them when), reminders, the
browsers' Web Push subscriptions, and the server's own keys (VAPID, the stop links' signing key).

None of them holds diary text. They are read across people by the reminders' sender and by a
share link's first look-up (before anyone is known), so, like ``api_token``, they carry no
row-level security; every method that reaches them by a person's choice is owner-scoped.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from twitchwise.storage.tables import Base


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class ShareLinkRow(Base):
    """A read-only link to the person's report, kept as the SHA-256 of its token."""

    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    with_notes: Mapped[bool]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ShareViewRow(Base):
    """One opening of a share link, for its owner: when, what, and from roughly where (an IPv4
    /24 or IPv6 /48, never the whole address) and which browser (a few words)."""

    __tablename__ = "share_view"
    __table_args__ = (Index("ix_share_view_share_id_at", "share_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share_link.id", ondelete="CASCADE"))
    person_id: Mapped[int] = _owner()
    at: Mapped[datetime]
    what: Mapped[str] = mapped_column(String(10))  # page, pdf
    network: Mapped[str | None] = mapped_column(String(50))
    device: Mapped[str | None] = mapped_column(String(60))


class ReminderRow(Base):
    """A reminder the person chose: its kind, when (a local time, a weekday, or minutes after a
    logged episode), where to (an apprise URL or ``webpush``), quiet hours, and the next time it
    is due. ``due_at`` is also the claim: a sender moves it on in the same statement that checks
    it, so two processes never send the same reminder twice."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("person_id", "name"), Index("ix_reminder_due_at", "due_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(16))  # checkin, sleep, after-episode, digest
    at_minute: Mapped[int | None] = mapped_column(Integer)  # local minutes after midnight
    weekday: Mapped[int | None] = mapped_column(Integer)  # digest: 0 Monday ... 6 Sunday
    after_minutes: Mapped[int | None] = mapped_column(Integer)  # after-episode
    channel: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text, default="")
    quiet_from_minute: Mapped[int | None] = mapped_column(Integer)
    quiet_to_minute: Mapped[int | None] = mapped_column(Integer)
    due_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
    stopped_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class PushSubscriptionRow(Base):
    """A browser's Web Push subscription (its endpoint and keys), for reminders sent by push."""

    __tablename__ = "push_subscription"
    __table_args__ = (UniqueConstraint("person_id", "endpoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    endpoint: Mapped[str] = mapped_column(String(1000))
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class ServerKeyRow(Base):
    """A key the server makes on first use and keeps: ``vapid`` (the Web Push private key, PEM)
    and ``stop-link`` (the HMAC key of reminders' stop links)."""

    __tablename__ = "server_key"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
