"""Share links for a doctor: make one, and what an opened link shows (the report of the last 90
days, the free text only when chosen). The storage part is ``storage/shares.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.report import DoctorReport
from twitchwise.knowledge import Knowledge
from twitchwise.services.report import diary_words, doctor_report, report_period
from twitchwise.storage.shares import OpenShare
from twitchwise.storage.store import Store


def share_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/shared/{token}"


def create_share(
    store: Store, owner: int, days: int, now: datetime, *, with_notes: bool = False
) -> tuple[int, str]:
    """A new link's id and token (the token is seen this once)."""
    with store.shares() as shares:
        return shares.create(owner, days, now.astimezone(UTC), with_notes=with_notes)


def open_share(
    store: Store, token: str, now: datetime, what: str, address: str | None, device: str | None
) -> OpenShare:
    """The link ``token`` names, its opening written down for its owner; NotFoundError or
    GoneError (expired, revoked) otherwise."""
    with store.shares() as shares:
        share = shares.opened(token, now.astimezone(UTC))
        shares.log_view(share, now.astimezone(UTC), what, address, device)
    return share


def shared_period(store: Store, share: OpenShare, now: datetime) -> tuple[ZoneInfo, date, date]:
    with store.read(share.person_id) as journal:
        zone = ZoneInfo(journal.profile().time_zone)
    first, last = report_period(None, None, now.astimezone(zone).date())
    return zone, first, last


def shared_report(
    store: Store, knowledge: Knowledge, share: OpenShare, now: datetime
) -> DoctorReport:
    """What the shared page shows: the report of the last 90 days, with the free text only
    when the link was made with it."""
    zone, first, last = shared_period(store, share, now)
    with store.read(share.person_id) as journal:
        report = doctor_report(journal, knowledge, zone, first, last, now.astimezone(zone))
        if share.with_notes:
            since = datetime.combine(first, time.min, zone)
            until = datetime.combine(last + timedelta(days=1), time.min, zone)
            report = replace(report, words=diary_words(journal, since, until))
    return report
