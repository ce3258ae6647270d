"""Fill a fresh journal with the demo diary, and take it out again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from twitchwise import demo
from twitchwise.domain.errors import InputError
from twitchwise.storage.journal import Journal
from twitchwise.storage.rows import SAMPLE_SOURCE
from twitchwise.storage.store import Store

SAMPLE_AGE = 34  # the sample diary's person: a woman of 34


def fill_with_demo(
    store: Store, now: datetime, months: int = 6, seed: int = 7, owner: int | None = None
) -> int:
    """Fill a fresh journal with the demo diary; refuse a journal that has entries. Every
    entry is marked as sample (``Journal.sample_count``), so it can be shown and removed."""
    with store.read(owner) as journal:
        if not journal.is_empty():
            raise InputError(
                "journal",
                "is not empty; the demo only fills a fresh journal "
                "(point TWITCHWISE_DATA_DIR at an empty folder to try it)",
            )
    with store.write(owner) as journal:
        journal.set_profile({"sex": "female", "birth_year": now.year - SAMPLE_AGE})
        report = journal.add_many(
            demo.generate(now, months=months, seed=seed), source=SAMPLE_SOURCE
        )
    return report.added


@dataclass(frozen=True)
class Removed:
    entries: int
    kept: int  # the person's own entries, left as they were
    profile_cleared: bool


def _sample_profile(journal: Journal, now: datetime) -> bool:
    """Whether the profile is still the one the demo set (a person who changed it keeps it)."""
    profile = journal.profile()
    return (
        profile.sex is not None
        and profile.sex.value == "female"
        and profile.birth_year in {now.year - SAMPLE_AGE, now.year - SAMPLE_AGE - 1}
        and profile.pregnant is None
        and not profile.conditions
    )


def remove_demo(store: Store, now: datetime, owner: int | None = None) -> Removed:
    """Remove exactly the sample diary's entries, and the demo's profile if it is unchanged;
    the person's own entries stay."""
    with store.write(owner) as journal:
        removed = journal.remove_samples()
        cleared = removed > 0 and _sample_profile(journal, now)
        if cleared:
            journal.set_profile({"sex": None, "birth_year": None})
        kept = sum(journal.counts().values())
    return Removed(removed, kept, cleared)
