"""The medical knowledge of twitchwise as versioned, sourced data files, and their loader.

``load_knowledge()`` reads the files bundled with the package once and checks them: every item
cites a known source, ids are unique, every medicine name points at one drug.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from twitchwise.knowledge.catalogue import Knowledge, MedicationMatch, ResolvedThreshold
from twitchwise.knowledge.loader import build, read_raw

__all__ = [
    "Knowledge",
    "MedicationMatch",
    "ResolvedThreshold",
    "load_knowledge",
    "load_knowledge_from",
]


@cache
def load_knowledge() -> Knowledge:
    """The bundled knowledge, loaded and validated on first use."""
    return build(read_raw())


def load_knowledge_from(directory: Path) -> Knowledge:
    """Knowledge from a directory holding the same files (for tests and for reviewing edits)."""
    return build(read_raw(directory))
