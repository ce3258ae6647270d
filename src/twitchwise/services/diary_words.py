"""Saving what a person's words proposed: each entry once (one the diary already has is left as
it is and counted), and the profile changes they agreed to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from twitchwise.domain.errors import ConflictError
from twitchwise.domain.journal import Draft, EntryRef, ref_of
from twitchwise.storage.journal import Journal


@dataclass
class SavedWords:
    refs: list[EntryRef] = field(default_factory=list)
    already: int = 0


def save_proposed(
    journal: Journal,
    drafts: Iterable[Draft],
    source: str = "quicklog",
    profile: Mapping[str, Any] | None = None,
) -> SavedWords:
    saved = SavedWords()
    for draft in drafts:
        try:
            saved.refs.append(ref_of(journal.add(draft, source=source)))
        except ConflictError:
            saved.already += 1
    if profile:
        journal.set_profile(profile)
    return saved
