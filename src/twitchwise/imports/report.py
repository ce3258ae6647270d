"""The one report of an import: what the reader saw (per type: kept, merged into other records,
skipped; problems and notes) and what the journal did with it (added, already there).

A reader fills the counting part (``Tally``) of the report the pipeline hands it; the pipeline
adds what the journal saved. The API and the import page show ``as_json()``; the terminal draws
the same numbers (``cli/transfer.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS = 20


@dataclass
class Tally:
    """What a reader saw, per record type."""

    kept: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)  # folded into another record
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0  # records read

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    def types(self) -> list[str]:
        return sorted(set(self.kept) | set(self.merged) | set(self.skipped))


@dataclass
class ImportReport(Tally):
    kind: str = ""
    file: str = ""  # the file as the person knows it (not part of as_json)
    added: int = 0
    already: int = 0  # entries the journal already had (re-importing adds nothing)
    measures: int = 0  # daily measures written (a later import of a day replaces it)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """What the API's import job answers under ``report`` (docs/api.md)."""
        return {
            "kind": self.kind,
            "added": self.added,
            "already": self.already,
            "measures": self.measures,
            "records": self.records,
            "seconds": round(self.seconds, 2),
            "types": [
                {
                    "type": plain_type(name),
                    "kept": self.kept.get(name, 0),
                    "merged": self.merged.get(name, 0),
                    "skipped": self.skipped.get(name, 0),
                }
                for name in self.types()
            ],
            "problems": self.problems[:MAX_PROBLEMS],
            "notes": self.notes,
        }


_HK_PREFIXES = (
    "HKCategoryTypeIdentifier",
    "HKQuantityTypeIdentifier",
    "HKWorkoutActivityType",
    "HKDataType",
    "HK",
)


def plain_type(name: str) -> str:
    """``HKQuantityTypeIdentifierDietaryCaffeine`` -> ``dietary caffeine``; others as they are."""
    for prefix in _HK_PREFIXES:
        if name.startswith(prefix):
            words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name.removeprefix(prefix))
            return words.lower() or name
    return name.lower()
