"""SignInPlaces: where each person signed in from lately (an IPv4 address or an IPv6 /64, kept
as a hash with the person's id, never in clear), so the ceiling of tries per account can spare
the places its person uses (``web/auth.py``). ``note`` writes: it needs
``Store.accounts(write=True)``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from twitchwise.credentials import digest
from twitchwise.storage.tables import AccountRow, PersonRow, SignInPlaceRow

# A place stays known this long after the last sign-in from it.
PLACE_KEPT = timedelta(days=30)


def _place_hash(person_id: int, place: str) -> str:
    return digest(f"twitchwise-place:{person_id}:{place}")


class SignInPlaces:
    def __init__(self, session: Session) -> None:
        self._db = session

    def known(self, name: str, place: str, now: datetime) -> bool:
        """Whether the account called ``name`` signed in from ``place`` within ``PLACE_KEPT``
        (False for a name with no account)."""
        person = self._db.scalar(
            select(PersonRow.id)
            .join(AccountRow, AccountRow.person_id == PersonRow.id)
            .where(func.lower(PersonRow.name) == name.lower())
        )
        if person is None:
            return False
        found = self._db.scalar(
            select(SignInPlaceRow.id)
            .where(SignInPlaceRow.person_id == person)
            .where(SignInPlaceRow.place_hash == _place_hash(person, place))
            .where(SignInPlaceRow.last_at > now - PLACE_KEPT)
        )
        return found is not None

    def note(self, person_id: int, place: str, now: datetime) -> None:
        """``person_id`` gave the right password from ``place`` now; places unused for
        ``PLACE_KEPT`` are forgotten (anyone's, by the index on ``last_at``)."""
        self._db.execute(delete(SignInPlaceRow).where(SignInPlaceRow.last_at <= now - PLACE_KEPT))
        place_hash = _place_hash(person_id, place)
        row = self._db.scalar(
            select(SignInPlaceRow)
            .where(SignInPlaceRow.person_id == person_id)
            .where(SignInPlaceRow.place_hash == place_hash)
        )
        if row is None:
            self._db.add(SignInPlaceRow(person_id=person_id, place_hash=place_hash, last_at=now))
        else:
            row.last_at = now
        self._db.flush()
