"""The CSV long format of SPEC section 5 (docs/csv-format.md), as its reader and writer share it:
the columns, the row types, how an episode's detail is written, how a row is quoted, and the
guard against cells a spreadsheet would run as a formula."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from twitchwise.domain.exposures import ExposureType

COLUMNS: tuple[str, ...] = ("time", "type", "value", "unit", "end_time", "detail")
REQUIRED_COLUMNS = frozenset({"time", "type"})
HEADER = ",".join(COLUMNS)
EPISODE: Literal["episode"] = "episode"
TYPES: tuple[str, ...] = (EPISODE, *(kind.value for kind in ExposureType))
# Between an episode's description and its notes: ``left calf twitch — after the run``.
NOTES_SEPARATOR = " — "
EXAMPLE_TIME = "2026-11-20T23:40:00+01:00"

# A cell a spreadsheet would evaluate: OWASP's "CSV injection" list (= + - @, tab, carriage
# return) and a line feed. The writer puts a ``'`` in front of such a cell, any cell, and in
# front of one that already starts with quotes before such a character; the reader takes one off.
_FORMULA = re.compile(r"'*[=+\-@\t\r\n]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@\t\r\n]")
# A cell holding one of these is written in double quotes. Python's csv writer quotes a carriage
# return only when it is part of the line terminator, which would let a bare ``\r`` start a new
# row in a spreadsheet.
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def unescape_cell(text: str) -> str:
    """Take off the ``'`` the writer puts before a cell a spreadsheet would run as a formula."""
    return text[1:] if _ESCAPED_FORMULA.match(text) else text


def escape_cell(text: str) -> str:
    """The inverse of ``unescape_cell``: ``=cmd`` is written ``'=cmd``, ``\r=1`` ``'\r=1``."""
    return "'" + text if _FORMULA.match(text) else text


def csv_line(cells: Iterable[str]) -> str:
    """One row of the file: every cell guarded by ``escape_cell``, quoted when it holds a
    separator, a double quote, a carriage return or a line feed; ended by a line feed."""
    written = []
    for cell in cells:
        guarded = escape_cell(cell)
        if _NEEDS_QUOTES.search(guarded):
            guarded = '"' + guarded.replace('"', '""') + '"'
        written.append(guarded)
    return ",".join(written) + "\n"
