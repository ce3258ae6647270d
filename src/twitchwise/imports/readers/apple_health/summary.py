"""What an import did with each HealthKit type, for the person's import report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pydantic import ValidationError

from twitchwise.domain.exposures import Exposure
from twitchwise.imports.report import Tally


@dataclass
class Summary:
    """Apple Health's own counts beside the import report's ``Tally``, which it fills: per
    HealthKit type, records kept, merged into others (sleep pieces, duplicates), skipped."""

    tally: Tally = field(default_factory=Tally)
    records: int = 0  # parsed
    dropped: int = 0  # dropped before the parser (types we do not use)
    repaired: int = 0
    version: int | None = None
    offsets: set[str] = field(default_factory=set)

    @property
    def kept(self) -> Counter[str]:
        return self.tally.kept

    @property
    def merged(self) -> Counter[str]:
        return self.tally.merged

    @property
    def skipped(self) -> Counter[str]:
        return self.tally.skipped

    def problem(self, text: str) -> None:
        self.tally.problem(text)

    def finish(self) -> None:
        """Count every record read into the tally, and note what the person should know."""
        self.tally.records += self.records + self.dropped
        if self.repaired:
            self.tally.notes.append(
                f"repaired {self.repaired} duplicated startDate attributes (iOS 16.0/16.1)"
            )
        if len(self.offsets) == 1:
            offset = next(iter(self.offsets))
            self.tally.notes.append(
                f"every record carried the same UTC offset ({offset}): the phone's at export "
                "time, so local times were taken from HKTimeZone or your profile's zone"
            )

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
