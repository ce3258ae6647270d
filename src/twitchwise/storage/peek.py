"""The local journal's time zone read with the standard library's sqlite3: no SQLAlchemy, no
migrations. For commands that only need the person's clock (``check --text --json`` asks the
time to read "since monday"), where opening the store would cost more than the command."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from twitchwise.settings import Settings

LOCAL_PERSON = "me"  # the name Store gives the local journal's owner


def local_zone(settings: Settings) -> str | None:
    """The local journal owner's time zone, or None (a server database, no journal yet, or a
    journal that cannot be read this way: the caller then opens the store as usual)."""
    if settings.database_url:
        return None
    path = settings.data_dir / "journal.db"
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=2)) as db:
            row = db.execute(
                "SELECT time_zone FROM person WHERE name = ?", (LOCAL_PERSON,)
            ).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and row[0] else None
