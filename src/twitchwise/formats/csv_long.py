"""The CSV long format of SPEC section 5 (docs/csv-format.md), as its reader and writer share it:
the columns, the row types, how an episode's detail is written, and the guard against cells a
spreadsheet would run as a formula."""

from __future__ import annotations

import re
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

# A cell a spreadsheet would evaluate; the writer puts a ``'`` in front, the reader takes it off.
_FORMULA = re.compile(r"'*[=+\-@]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@]")


def unescape_detail(text: str) -> str:
    """Take off the ``'`` the writer puts before a detail a spreadsheet would run as a formula."""
    return text[1:] if _ESCAPED_FORMULA.match(text) else text


def escape_detail(text: str) -> str:
    """The inverse of ``unescape_detail``: ``=cmd`` is written ``'=cmd``."""
    return "'" + text if _FORMULA.match(text) else text
