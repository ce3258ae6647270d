"""Shares: read-only links to a person's report for a doctor (issue 19).

A link's token is 256 random bits, seen in clear once, when the link is made; only its SHA-256
is kept (like the API tokens). A link lives one to 31 days, can be revoked, and shows the
diary's free text (episode notes, exposure details, notes) only when made ``with_notes``. Every
opening is written down for the owner: when, what, the network it came from cut to an IPv4 /24
or IPv6 /48 (never the whole address) and the browser's name.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import digest, new_token
from twitchwise.domain.errors import GoneError, InputError, NotFoundError
from twitchwise.storage.sharing_tables import ShareLinkRow, ShareViewRow

SHORTEST_DAYS, LONGEST_DAYS = 1, 31


@dataclass(frozen=True)
class ShareInfo:
    """A share link as its owner sees it: never the token."""

    id: int
    with_notes: bool
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    views: int
    last_view_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if now >= self.expires_at else "active"


@dataclass(frozen=True)
class OpenShare:
    """A link that may be opened now: whose report, and whether with the free text."""

    id: int
    person_id: int
    with_notes: bool
    expires_at: datetime


@dataclass(frozen=True)
class ShareView:
    at: datetime
    what: str
    network: str | None
    device: str | None


def network_of(address: str | None) -> str | None:
    """Where an opening came from, roughly: the IPv4 /24 or IPv6 /48 holding ``address``."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    bits = 24 if isinstance(parsed, ipaddress.IPv4Address) else 48
    return str(ipaddress.ip_network(f"{parsed}/{bits}", strict=False))


class Shares:
    def __init__(self, session: Session) -> None:
        self._db = session

    def create(
        self, person_id: int, days: int, now: datetime, *, with_notes: bool = False
    ) -> tuple[int, str]:
        """A new link for ``days`` days: (its id, its token, the only time it is seen)."""
        if not SHORTEST_DAYS <= days <= LONGEST_DAYS:
            raise InputError(
                "days", f"must be {SHORTEST_DAYS} to {LONGEST_DAYS} (a day to a month)"
            )
        token = new_token()
        row = ShareLinkRow(
            person_id=person_id,
            token_hash=digest(token),
            with_notes=with_notes,
            created_at=now,
            expires_at=now + timedelta(days=days),
            revoked_at=None,
        )
        self._db.add(row)
        self._db.flush()
        return row.id, token

    def of(self, person_id: int) -> list[ShareInfo]:
        """The person's links, newest first, with how often each was opened."""
        views = (
            select(
                ShareViewRow.share_id,
                func.count().label("n"),
                func.max(ShareViewRow.at).label("last"),
            )
            .group_by(ShareViewRow.share_id)
            .subquery()
        )
        found = self._db.execute(
            select(
                ShareLinkRow.id,
                ShareLinkRow.with_notes,
                ShareLinkRow.created_at,
                ShareLinkRow.expires_at,
                ShareLinkRow.revoked_at,
                func.coalesce(views.c.n, 0),
                views.c.last,
            )
            .outerjoin(views, views.c.share_id == ShareLinkRow.id)
            .where(ShareLinkRow.person_id == person_id)
            .order_by(ShareLinkRow.created_at.desc(), ShareLinkRow.id.desc())
        )
        return [ShareInfo(*row) for row in found]

    def views(self, person_id: int, share_id: int) -> list[ShareView]:
        """The openings of one of the person's links, newest first."""
        self._own(person_id, share_id)
        found = self._db.execute(
            select(ShareViewRow.at, ShareViewRow.what, ShareViewRow.network, ShareViewRow.device)
            .where(ShareViewRow.share_id == share_id)
            .order_by(ShareViewRow.at.desc(), ShareViewRow.id.desc())
        )
        return [ShareView(*row) for row in found]

    def _own(self, person_id: int, share_id: int) -> ShareLinkRow:
        row = self._db.scalar(
            select(ShareLinkRow)
            .where(ShareLinkRow.id == share_id)
            .where(ShareLinkRow.person_id == person_id)
        )
        if row is None:
            raise NotFoundError("share", f"there is no share link {share_id}")
        return row

    def revoke(self, person_id: int, share_id: int, now: datetime) -> None:
        """End one of the person's own links; another person's is "not found"."""
        row = self._own(person_id, share_id)
        if row.revoked_at is None:
            row.revoked_at = now
            self._db.flush()

    def opened(self, token: str, now: datetime) -> OpenShare:
        """The link ``token`` names, if it may be opened now. NotFoundError for a token that
        names nothing, GoneError for a link expired or revoked."""
        row = self._db.scalar(select(ShareLinkRow).where(ShareLinkRow.token_hash == digest(token)))
        if row is None:
            raise NotFoundError("share", "this link names no report")
        if row.revoked_at is not None:
            raise GoneError("share", "this link was withdrawn by the person who shared it")
        if now >= row.expires_at:
            raise GoneError("share", f"this link expired on {row.expires_at:%d %b %Y %H:%M} UTC")
        return OpenShare(row.id, row.person_id, row.with_notes, row.expires_at)

    def log_view(
        self,
        share: OpenShare,
        now: datetime,
        what: str,
        address: str | None,
        device: str | None,
    ) -> None:
        self._db.add(
            ShareViewRow(
                share_id=share.id,
                person_id=share.person_id,
                at=now,
                what=what,
                network=network_of(address),
                device=(device or "")[:60] or None,
            )
        )
        self._db.flush()
