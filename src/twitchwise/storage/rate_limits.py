"""RateLimits: a counter of attempts (sign-ins, codes) that every worker process shares, since it
is kept in the database. It stores only a hash of each key, never a name or an address.
``attempt`` writes: it needs ``Store.accounts(write=True)``.

Atomic under bursts: the count and the insert of one key happen while that key is held. SQLite's
``BEGIN IMMEDIATE`` (every unit that may write) holds the whole database; on PostgreSQL a
transaction-scoped advisory lock per key does, taken in one order so two callers never wait for
each other in a circle (``hold``). Without it, 40 tries at once against a limit of 10 each saw the
others' rows uncommitted, and 15 got through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import digest
from twitchwise.storage.tables import RateAttemptRow

# The longest window ``attempt`` accepts; older attempts are deleted by any call (by the index on
# ``at``, so the clean-up costs the rows it deletes, not the table's size).
RATE_WINDOW_MAX = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most ``most`` attempts under ``key`` in any ``window``."""

    key: str
    most: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.most < 1 or not timedelta(0) < self.window <= RATE_WINDOW_MAX:
            raise ValueError("most must be positive and window at most RATE_WINDOW_MAX")


def hold(session: Session, keys: Iterable[str]) -> None:
    """Hold ``keys`` until the transaction ends, so a count and the write that follows it are
    one step for everyone else. PostgreSQL: advisory locks, in sorted order. SQLite: nothing to
    do, the unit's ``BEGIN IMMEDIATE`` already holds the database."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        number = int(digest(f"twitchwise-lock:{key}")[:15], 16)  # 60 bits: a positive bigint
        session.execute(select(func.pg_advisory_xact_lock(number)))


class RateLimits:
    def __init__(self, session: Session) -> None:
        self._db = session

    def attempt(self, key: str, now: datetime, *, limit: int, window: timedelta) -> bool:
        """Count one attempt under ``key``; False when it would be more than ``limit`` within
        ``window`` (a moving window)."""
        return self.attempt_all([Limit(key, limit, window)], now) is None

    def attempt_all(self, limits: Sequence[Limit], now: datetime) -> Limit | None:
        """Count one attempt under every key of ``limits``, or under none: the first limit it
        would pass, or None when it is counted.

        A refused attempt is not counted: a flood neither grows the table nor stretches the wait,
        so a key is let in again at most its window after its oldest counted attempt. Callers
        key by name *and* by address, and keep windows short, so nobody is locked out for long.
        """
        hashes = [digest(f"twitchwise-rate-limit:{limit.key}") for limit in limits]
        hold(self._db, hashes)
        self._db.execute(delete(RateAttemptRow).where(RateAttemptRow.at <= now - RATE_WINDOW_MAX))
        for limit, key_hash in zip(limits, hashes, strict=True):
            recent = self._db.scalar(
                select(func.count())
                .select_from(RateAttemptRow)
                .where(RateAttemptRow.key_hash == key_hash)
                .where(RateAttemptRow.at > now - limit.window)
            )
            if (recent or 0) >= limit.most:
                return limit
        self._db.add_all(RateAttemptRow(key_hash=key_hash, at=now) for key_hash in hashes)
        self._db.flush()
        return None
