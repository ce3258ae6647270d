"""THE one writer of imported data: a registry of readers, batching, dedupe by natural keys, one
unit of work per file (all of it is saved, or none of it), and one report for every format.

CSV, backup, FHIR and Apple Health all come in through ``import_file``; the command line and the
web app only choose the kind and watch the progress.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from twitchwise.domain.backup import ExperimentRecord
from twitchwise.domain.errors import ConflictError, InputError
from twitchwise.domain.journal import Draft, Entry, entry_as_draft
from twitchwise.domain.measures import DailyMeasure
from twitchwise.domain.time import zone
from twitchwise.imports.report import ImportReport
from twitchwise.storage.journal import Journal, Saved
from twitchwise.storage.store import Store

BATCH = 500
Item = TypeVar("Item", Draft, Entry)
KINDS = ("apple-health", "health-connect", "fitbit", "csv", "backup", "fhir")
KIND_BY_SUFFIX = {
    ".zip": "apple-health",
    ".xml": "apple-health",
    ".db": "health-connect",
    ".csv": "csv",
    ".json": "backup",
}


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    unit: str  # "bytes" or "rows"
    records: int  # records read so far
    kept: int  # entries and measures kept so far


ProgressCallback = Callable[[Progress], None]


def _save(
    journal: Journal, items: Iterable[Draft | DailyMeasure], report: ImportReport, source: str
) -> None:
    drafts: list[Draft] = []
    measures: list[DailyMeasure] = []
    for item in items:
        if isinstance(item, DailyMeasure):
            measures.append(item)
            if len(measures) >= BATCH:
                report.measures += journal.upsert_measures(measures)
                measures = []
            continue
        drafts.append(item)
        if len(drafts) >= BATCH:
            _count(report, journal.insert_batch(drafts, source))
            drafts = []
    if drafts:
        _count(report, journal.insert_batch(drafts, source))
    report.measures += journal.upsert_measures(measures)


def _count(report: ImportReport, saved: Saved) -> None:
    report.added += saved.added
    report.already += saved.already


def _apple_health(
    journal: Journal, path: Path, report: ImportReport, progress: ProgressCallback | None
) -> None:
    from twitchwise.imports.readers.apple_health import Summary, read_apple_health
    from twitchwise.imports.readers.hardened import locate

    export = locate(path)
    summary = Summary(tally=report)
    zone = ZoneInfo(journal.profile().time_zone)

    def on_bytes(done: int) -> None:
        if progress is not None:
            kept = sum(summary.kept.values()) + sum(summary.merged.values())
            read = summary.records + summary.dropped
            progress(Progress(done, export.size, "bytes", read, kept))

    _save(journal, read_apple_health(export, zone, summary, on_bytes), report, "apple_health")
    summary.finish()


def _health_connect(
    journal: Journal, path: Path, report: ImportReport, progress: ProgressCallback | None
) -> None:
    from twitchwise.imports.readers.apple_health import Summary
    from twitchwise.imports.readers.health_connect import read_health_connect

    summary = Summary(tally=report)

    def on_rows(done: int, total: int) -> None:
        if progress is not None:
            kept = sum(summary.kept.values()) + sum(summary.merged.values())
            progress(Progress(done, total, "rows", done, kept))

    _save(journal, read_health_connect(path, summary, on_rows), report, "health_connect")
    summary.finish()


def _fitbit(
    journal: Journal, path: Path, report: ImportReport, progress: ProgressCallback | None
) -> None:
    from twitchwise.imports.readers.apple_health import Summary
    from twitchwise.imports.readers.fitbit import read_fitbit

    summary = Summary(tally=report)
    zone = ZoneInfo(journal.profile().time_zone)

    def on_files(done: int, total: int) -> None:
        if progress is not None:
            kept = sum(summary.kept.values()) + sum(summary.merged.values())
            progress(Progress(done, total, "files", summary.records, kept))

    _save(journal, read_fitbit(path, zone, summary, on_files), report, "fitbit")
    summary.finish()


def _csv(
    journal: Journal, path: Path, report: ImportReport, progress: ProgressCallback | None
) -> None:
    from twitchwise.imports.readers.csv_long import iter_csv
    from twitchwise.imports.readers.csv_rows import RowContext
    from twitchwise.knowledge import load_knowledge

    total = max(1, _lines(path))

    def on_rows(done: int) -> None:
        if progress is not None:
            progress(Progress(done, total, "rows", done, done))

    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            where = zone(journal.profile().time_zone)
            context = RowContext(zone=where, drinks=load_knowledge().drinks)
            records = iter_csv(stream, on_progress=on_rows, tally=report, context=context)
            _save(journal, (record.entry for record in records), report, "csv")
    except UnicodeDecodeError:
        raise InputError(
            "FILE",
            'is not UTF-8 text: save it again as "CSV UTF-8" (a choice in the spreadsheet\'s '
            "Save As)",
        ) from None
    except OSError as error:
        raise InputError("FILE", f"cannot be read ({error.strerror or error})") from None


def _lines(path: Path) -> int:
    """The number of lines, counted in pieces of a megabyte (for the progress bar's total)."""
    count = 0
    try:
        with path.open("rb") as stream:
            while piece := stream.read(1 << 20):
                count += piece.count(b"\n")
    except OSError as error:
        raise InputError("FILE", f"cannot be read ({error.strerror or error})") from None
    return count


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _backup(
    journal: Journal, path: Path, report: ImportReport, progress: ProgressCallback | None
) -> None:
    """Into an empty journal with the backup's own ids and profile; otherwise the entries not
    already there, with new ids (``Journal.restore``), in batches as the file is read."""
    from twitchwise.imports.readers.backup import BackupHead, iter_backup

    exactly = journal.restores_exactly()
    head = BackupHead()
    size = path.stat().st_size
    with path.open("rb") as stream:
        for batch in _batches(iter_backup(stream, head, report), BATCH):
            if exactly:
                _count(report, journal.insert_batch(batch, "backup", keep_ids=True))
            else:
                drafts = [entry_as_draft(entry) for entry in batch]
                _count(report, journal.insert_batch(drafts, "backup"))
            if progress is not None:
                kept = report.added + report.already
                progress(Progress(stream.tell(), size, "bytes", report.records, kept))
    head.check()
    if exactly:
        journal.finish_exact_restore(head.profile())
    _restore_experiments(journal, head.experiments, report)
    if progress is not None:
        progress(Progress(size, size, "bytes", report.records, report.added + report.already))


def _restore_experiments(
    journal: Journal, records: list[ExperimentRecord], report: ImportReport
) -> None:
    """The backup's experiments, after its entries: each one this journal lacks, with its status
    and days. One whose schedule cannot be made is refused (the file was edited or damaged); a
    running one is left out, and said, while another experiment runs here."""
    from twitchwise.experiments import make_schedule

    experiments = journal.experiments()
    restored = 0
    for index, record in enumerate(records):
        try:
            make_schedule(
                record.design,
                record.start,
                record.weeks,
                record.seed,
                record.block_days,
                record.washout_days,
            )
        except ValueError as error:
            raise InputError(f"experiments[{index}]", str(error)) from None
        try:
            restored += experiments.restore(record)
        except ConflictError:
            report.notes.append(
                f"the backup's running experiment ({record.change.value}, from "
                f"{record.start.isoformat()}) was left out: another experiment runs here"
            )
    if restored:
        report.notes.append(f"restored {restored} experiment{'s' if restored > 1 else ''}")


def _fhir(
    journal: Journal, path: Path, report: ImportReport, progress: ProgressCallback | None
) -> None:
    """A FHIR bundle's entries, in batches as the file is read; its sex and birth year only
    where the profile has none, so an import never overwrites what the person set."""
    from twitchwise.imports.readers.fhir import FhirContent, iter_fhir

    content = FhirContent(tally=report)
    size = path.stat().st_size
    with path.open("rb") as stream:
        for batch in _batches(iter_fhir(stream, content), BATCH):
            _count(report, journal.insert_batch(batch, "fhir"))
            if progress is not None:
                kept = report.added + report.already
                progress(Progress(stream.tell(), size, "bytes", report.records, kept))
    profile = journal.profile()
    missing: dict[str, object] = {}
    if profile.sex is None and content.sex is not None:
        missing["sex"] = content.sex.value
    if profile.birth_year is None and content.birth_year is not None:
        missing["birth_year"] = content.birth_year
    if missing:
        journal.set_profile(missing)
        report.notes.append("took " + " and ".join(missing).replace("_", " ") + " from the Patient")
    if progress is not None:
        progress(Progress(size, size, "bytes", report.records, report.added + report.already))


def kind_of_json(head: bytes) -> str:
    """A ``.json`` upload: a FHIR bundle when its top-level resourceType is "Bundle" (``head``
    is the file's first bytes), else a backup."""
    from twitchwise.imports.readers.fhir import looks_like_bundle

    return "fhir" if looks_like_bundle(head) else "backup"


def kind_of_zip(head: bytes) -> str:
    """A ``.zip`` upload by the name of its first member (a zip starts with that member's
    header): Health Connect's database, a Google Takeout folder (Fitbit), else Apple Health."""
    if head[:4] != b"PK\x03\x04" or len(head) < 30:
        return "apple-health"
    length = int.from_bytes(head[26:28], "little")
    first = head[30 : 30 + length].decode("utf-8", "replace").lower()
    if first.endswith(".db"):
        return "health-connect"
    if first.startswith("takeout/") or "fitbit" in first:
        return "fitbit"
    return "apple-health"


def kind_for(filename: str, asked: str | None, head: bytes = b"") -> str:
    """The reader to use: the one asked for, else the one the file name's suffix says; a
    ``.json`` file whose ``head`` (first bytes) is a FHIR Bundle is read as ``fhir``."""
    if asked:
        if asked not in KINDS:
            raise InputError("kind", f"{asked!r} is not one of: {', '.join(KINDS)}")
        return asked
    suffix = Path(filename).suffix.lower()
    if suffix == ".zip" and head:
        return kind_of_zip(head)
    if suffix not in KIND_BY_SUFFIX:
        raise InputError(
            "kind",
            f"cannot tell what {filename!r} is from its name; choose one of: " + ", ".join(KINDS),
        )
    kind = KIND_BY_SUFFIX[suffix]
    return kind_of_json(head) if kind == "backup" else kind


READERS: dict[str, Callable[[Journal, Path, ImportReport, ProgressCallback | None], None]] = {
    "apple-health": _apple_health,
    "health-connect": _health_connect,
    "fitbit": _fitbit,
    "csv": _csv,
    "backup": _backup,
    "fhir": _fhir,
}


def import_file(
    store: Store,
    kind: str,
    path: Path,
    on_progress: ProgressCallback | None = None,
    owner: int | None = None,
) -> ImportReport:
    """Read ``path`` as ``kind`` into ``owner``'s journal (the local person's by default) in one
    unit of work: all of it, or nothing."""
    if kind not in READERS:
        raise InputError("kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
    if not path.exists():
        raise InputError("FILE", f"{path} does not exist")
    report = ImportReport(kind=kind)
    started = time.perf_counter()
    with store.write(owner) as journal:
        READERS[kind](journal, path, report, on_progress)
    report.seconds = time.perf_counter() - started
    return report
