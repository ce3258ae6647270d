"""What an import did with each HealthKit type, for the person's import report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pydantic import ValidationError

from twitchwise.domain.exposures import Exposure


@dataclass
class Summary:
    """Per HealthKit type: records kept, merged into others (sleep pieces, duplicates), skipped."""

    kept: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    records: int = 0  # parsed
    dropped: int = 0  # dropped before the parser (types we do not use)
    repaired: int = 0
    version: int | None = None
    offsets: set[str] = field(default_factory=set)

    def problem(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)

    def skip(self, kind: str, why: str | None = None) -> None:
        """One record of ``kind`` skipped; ``why`` goes to the problems when there is one."""
        self.skipped[kind] += 1
        if why is not None:
            self.problem(f"{kind}: {why}")


def counted_entry(summary: Summary, kind: str, **fields: object) -> Exposure | None:
    """``fields`` as a diary entry, counted kept for ``kind``; None, counted skipped, when they
    make no valid entry."""
    try:
        exposure = Exposure.model_validate(fields)
    except ValidationError as error:
        summary.skip(kind, error.errors()[0]["msg"])
        return None
    summary.kept[kind] += 1
    return exposure
