"""The CSV long format of SPEC section 5: one row per entry, header
``time,type,value,unit,end_time,detail``.

``read_csv`` checks every row before it returns anything: a file with one bad row gives back no
entries and an ``InputError`` listing each bad row as ``line N`` with the column and the reason, so
the caller can save all of a file or none of it. Amounts are converted to each type's internal unit
(``domain.exposures.UNIT``) here, at the edge. The columns may come in any order; only ``time`` and
``type`` are required. Blank lines are skipped; a UTF-8 byte order mark is accepted.

Rows by type:

* ``episode``: ``detail`` holds the side, the body sites and the kind (``left calf twitch``); words
  it does not know, and anything after a dash (``calf twitch — after the run``), become the notes.
  ``value`` with unit ``min`` (or ``s``, ``h``) is the duration, with unit ``0-10`` the intensity;
  ``end_time`` gives the duration when the value does not.
* ``exercise`` and ``sexual_activity``: unit ``min`` or ``h`` is the length in minutes; unit
  ``rpe`` makes ``value`` the effort (0-10), and the length then comes from ``end_time``.
* ``meal``: ``detail`` starts with the nutrient (``magnesium``, ``vitamin d``); vitamin D is kept
  in IU, the others in mg.
* ``medication`` and ``supplement``: ``detail`` is the name (required), ``value`` the dose in mg.
* ``stress``: ``value`` is the 0-10 rating. Everything else: ``value`` in any unit of the same kind.

A ``detail`` that a spreadsheet would run as a formula is written with a leading ``'``
(``'=cmd``); the reader takes that quote off again.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from twitchwise.domain.errors import FieldProblem, InputError
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.wording import counted
from twitchwise.formats.csv_long import COLUMNS, EPISODE, HEADER, REQUIRED_COLUMNS
from twitchwise.imports.readers.csv_rows import RowContext, RowError, entry_of_row
from twitchwise.imports.report import Tally

MAX_PROBLEMS = 50
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class CsvRecord:
    """One good row: its 1-based line in the file (the header is line 1) and the entry it holds."""

    line: int
    entry: LoggedEpisode | Exposure

    @property
    def type(self) -> str:
        """The row's ``type`` column: ``episode`` or the exposure's type."""
        return EPISODE if isinstance(self.entry, LoggedEpisode) else self.entry.type.value


def read_csv(
    stream: TextIO,
    on_progress: Callable[[int], None] | None = None,
    tally: Tally | None = None,
    context: RowContext | None = None,
) -> list[CsvRecord]:
    """Every entry of a CSV file in the long format, or an ``InputError`` naming each bad line.

    ``on_progress`` is called with the number of rows read every 1,000 rows and once at the end;
    ``tally`` counts the rows read and the entries kept by type.
    """
    return list(iter_csv(stream, on_progress, tally, context))


def iter_csv(
    stream: TextIO,
    on_progress: Callable[[int], None] | None = None,
    tally: Tally | None = None,
    context: RowContext | None = None,
) -> Iterator[CsvRecord]:
    """The entries of a CSV file as they are read, in bounded memory. After the first bad row
    nothing more is yielded, the rest is still checked, and an ``InputError`` naming every bad
    line (up to 50) ends the iteration: a caller saves inside one unit of work, so a bad file
    leaves nothing behind. ``context`` gives the zone for times without an offset (the import's
    notes then say so) and the drinks a detail may count."""
    context = context or RowContext()
    reader = csv.reader(stream)
    columns = _columns(_header(reader))
    problems = _Problems()
    done = 0
    for line, cells in _data_rows(reader, problems):
        done += 1
        try:
            entry = entry_of_row(columns, cells, context)
        except RowError as error:
            problems.add(line, error.reason)
        else:
            if not problems.bad:
                record = CsvRecord(line, entry)
                if tally is not None:
                    tally.kept[record.type] += 1
                yield record
        if on_progress is not None and done % PROGRESS_EVERY == 0:
            on_progress(done)
    if on_progress is not None and (done == 0 or done % PROGRESS_EVERY):
        on_progress(done)
    if tally is not None:
        tally.records += done
        if context.local_times:
            tally.notes.append(
                f"{counted(context.local_times, 'time')} without a UTC offset "
                f"{'was' if context.local_times == 1 else 'were'} read in {context.zone}, "
                "the profile's time zone"
            )
    problems.raise_if_any()


def _header(reader: Iterator[list[str]]) -> list[str]:
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InputError("line 1", _unreadable(error)) from None
    if header is None:
        raise InputError("line 1", f"the file is empty; the first line must be {HEADER}")
    if not any(cell.strip() for cell in header):
        raise InputError("line 1", f"is blank; the first line must be the header {HEADER}")
    return header


def _unreadable(error: csv.Error) -> str:
    """Why a line is not CSV, in the person's words rather than the csv module's."""
    said = str(error)
    if "field larger than field limit" in said:
        return (
            f"is not readable as CSV: a cell is longer than {csv.field_size_limit():,} characters"
        )
    if "NUL" in said:
        return "is not readable as CSV: it holds a NUL byte (a spreadsheet's own file, not CSV?)"
    return "is not readable as CSV (a quote that is never closed?)"


def _data_rows(reader: Any, problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row that is not blank; a row the csv module cannot read
    ends the file, as a problem."""
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as error:
            problems.add(line, _unreadable(error))
            return
        if cells is None:
            return
        if any(cell.strip() for cell in cells):
            yield line, cells


class _Problems:
    """The bad rows seen so far: all counted, the first ``MAX_PROBLEMS`` kept with their reason."""

    def __init__(self) -> None:
        self.bad = 0
        self.kept: list[FieldProblem] = []

    def add(self, line: int, reason: str) -> None:
        self.bad += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(FieldProblem(f"line {line}", reason))

    def raise_if_any(self) -> None:
        if not self.bad:
            return
        problems = list(self.kept)
        if self.bad > len(problems):
            more = self.bad - len(problems)
            problems.append(FieldProblem("", f"and {more} more bad row{'s' * (more > 1)}"))
        raise InputError.from_problems(problems)


def _columns(header: Sequence[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    names[0] = names[0].lstrip("\ufeff").strip()
    known = [name for name in names if name in COLUMNS]
    if not known:
        raise InputError("line 1", f"the first line must be the header {HEADER}")
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        raise InputError("line 1", f"unknown column {listed}; the columns are {HEADER}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError("line 1", f"column {', '.join(repeated)} appears more than once")
    if missing := sorted(REQUIRED_COLUMNS.difference(names)):
        raise InputError("line 1", f"missing column {', '.join(missing)}; the header is {HEADER}")
    return {name: index for index, name in enumerate(names)}
