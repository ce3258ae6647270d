"""Finding an account: its row by the person's id, its person by name, a person's name. Shared
by the parts of ``Store.accounts`` (passwords, two-step sign-in) that start from either."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from twitchwise.domain.errors import NotFoundError
from twitchwise.storage.tables import AccountRow, PersonRow


def account_of(db: Session, person_id: int, *, lock: bool = False) -> AccountRow:
    """NotFoundError when the person has no account. ``lock``: held until the unit ends
    (PostgreSQL's FOR UPDATE; SQLite's one writer does the same), so two requests with the same
    code cannot both see it unused."""
    query = select(AccountRow).where(AccountRow.person_id == person_id)
    account = db.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if account is None:
        raise NotFoundError("person", f"there is no account for person {person_id}")
    return account


def person_named(db: Session, name: str) -> int:
    """The id of the person whose account is called ``name`` (the name as it was given: no
    case folding); NotFoundError on the field ``name`` when there is none."""
    found = db.scalar(
        select(PersonRow.id)
        .join(AccountRow, AccountRow.person_id == PersonRow.id)
        .where(PersonRow.name == name)
    )
    if found is None:
        raise NotFoundError("name", f"there is no account named {name!r}")
    return found


def name_of(db: Session, person_id: int) -> str:
    """The person's name, or "" for no such person."""
    return db.scalar(select(PersonRow.name).where(PersonRow.id == person_id)) or ""
