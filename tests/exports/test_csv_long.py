"""The CSV export as a spreadsheet reads it: no text of a person's starts a row of its own or runs
as a formula, whichever cell it is in, and it still reads back as it was written."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from twitchwise.domain.episodes import EpisodeKind
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.exports.csv_long import write_csv
from twitchwise.formats.csv_long import csv_line
from twitchwise.imports.readers.csv_long import read_csv

T = datetime.fromisoformat("2026-11-20T23:40:00+01:00")
HOSTILE = [
    "\r=1+1",
    "\n=1+1",
    "\t=1+1",
    '=HYPERLINK("http://x")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "'=1+1",
    "tea\r=1+1",
    "tea\n@cmd",
    'a "quoted", detail',
]
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def exported(entries: list[LoggedEpisode | Exposure]) -> str:
    buffer = io.StringIO()
    write_csv(entries, buffer)
    return buffer.getvalue()


def medication(detail: str) -> Exposure:
    return Exposure(type=ExposureType.MEDICATION, started_at=T, amount=50.0, detail=detail)


@pytest.mark.parametrize("detail", HOSTILE)
def test_a_hostile_detail_stays_in_its_own_cell_of_its_own_row_and_is_no_formula(
    detail: str,
) -> None:
    text = exported([medication(detail)])
    # A spreadsheet's reader: a bare carriage return or line feed outside quotes ends the row.
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2, f"{detail!r} started a row of its own: {rows}"
    assert len(rows[1]) == 6
    assert not [cell for cell in rows[1] if cell.startswith(STARTS)], rows[1]
    (entry,) = [record.entry for record in read_csv(io.StringIO(text, newline=""))]
    assert isinstance(entry, Exposure)
    assert entry.detail == medication(detail).detail


def test_an_episode_note_is_guarded_too() -> None:
    episode = LoggedEpisode(
        kind=EpisodeKind.CRAMP, started_at=T, duration_minutes=2.0, notes="x\r=1+1"
    )
    rows = list(csv.reader(io.StringIO(exported([episode]), newline="")))
    assert len(rows) == 2
    assert rows[1][5] == "cramp — x\r=1+1"


@pytest.mark.parametrize("cell", ["-5", "=1", "\r", "@", "'+1"])
def test_the_guard_is_on_every_cell_not_only_the_detail(cell: str) -> None:
    line = csv_line(["2026-11-20T23:40:00+01:00", "caffeine", cell, cell, "", cell])
    (cells,) = list(csv.reader(io.StringIO(line, newline="")))
    assert cells[2] == cells[3] == cells[5] == "'" + cell


@pytest.mark.parametrize(
    ("cells", "line"),
    [
        (["a", "b,c"], 'a,"b,c"\n'),
        (["a\rb"], '"a\rb"\n'),
        (["a\nb"], '"a\nb"\n'),
        (['say "hi"'], '"say ""hi"""\n'),
        (["plain", ""], "plain,\n"),
    ],
)
def test_cells_are_quoted_whenever_they_hold_a_separator_a_quote_or_a_line_break(
    cells: list[str], line: str
) -> None:
    assert csv_line(cells) == line
