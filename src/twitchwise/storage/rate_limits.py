"""RateLimits: a counter of attempts (sign-ins, codes) that every worker process shares, since it
is kept in the database. It stores only a hash of each key, never a name or an address.
``attempt`` writes: it needs ``Store.accounts(write=True)``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import digest
from twitchwise.storage.tables import RateAttemptRow

# The longest window ``attempt`` accepts; older attempts are deleted by any call.
RATE_WINDOW_MAX = timedelta(days=1)


class RateLimits:
    def __init__(self, session: Session) -> None:
        self._db = session

    def attempt(self, key: str, now: datetime, *, limit: int, window: timedelta) -> bool:
        """Count one attempt under ``key``; False when it would be more than ``limit`` within
        ``window`` (a moving window).

        A refused attempt is not counted: a flood neither grows the table nor stretches the wait,
        so ``key`` is let in again at most ``window`` after its oldest counted attempt. Callers
        key by name *and* by address, and keep windows short, so nobody is locked out for long.
        """
        if limit < 1 or not timedelta(0) < window <= RATE_WINDOW_MAX:
            raise ValueError("limit must be positive and window at most RATE_WINDOW_MAX")
        key_hash = digest(f"twitchwise-rate-limit:{key}")
        self._db.execute(delete(RateAttemptRow).where(RateAttemptRow.at <= now - RATE_WINDOW_MAX))
        row = RateAttemptRow(key_hash=key_hash, at=now)
        self._db.add(row)
        self._db.flush()
        recent = self._db.scalar(
            select(func.count())
            .select_from(RateAttemptRow)
            .where(RateAttemptRow.key_hash == key_hash)
            .where(RateAttemptRow.at > now - window)
        )
        if (recent or 0) <= limit:
            return True
        self._db.execute(delete(RateAttemptRow).where(RateAttemptRow.id == row.id))
        self._db.expunge(row)
        return False
