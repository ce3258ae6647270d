"""Fill a fresh journal with the demo diary."""

from __future__ import annotations

from datetime import datetime

from twitchwise import demo
from twitchwise.domain.errors import InputError
from twitchwise.storage.store import Store


def fill_with_demo(
    store: Store, now: datetime, months: int = 6, seed: int = 7, owner: int | None = None
) -> int:
    """Fill a fresh journal with the demo diary; refuse a journal that has entries."""
    with store.read(owner) as journal:
        if not journal.is_empty():
            raise InputError(
                "journal",
                "is not empty; the demo only fills a fresh journal "
                "(point TWITCHWISE_DATA_DIR at an empty folder to try it)",
            )
    with store.write(owner) as journal:
        journal.set_profile({"sex": "female", "birth_year": now.year - 34})
        report = journal.add_many(demo.generate(now, months=months, seed=seed), source="demo")
    return report.added
