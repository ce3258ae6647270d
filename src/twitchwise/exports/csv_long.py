"""Diary entries as the CSV long format of SPEC section 5, readable by ``imports.csv_long``.

``read_csv(write_csv(entries))`` gives back equal entries, with the same instants and UTC offsets,
for everything a row can hold:

* an exposure: type, start, end, amount (in the type's internal unit, written exactly), detail, and
  the effort (rpe) of exercise and sexual activity;
* an episode: kind, start, body sites, side, duration, intensity and notes. The detail reads
  ``left calf thigh twitch — notes``; the intensity is the value (unit ``0-10``) and the duration
  then goes into ``end_time``, otherwise the duration is the value (unit ``min``).

Not carried, because a row has no place for them (the JSON backup is the lossless format):

* an episode's ``pain``, ``context``, ``persisting_days``, ``episodes_per_week`` and
  ``symptoms``, and the journal's ids;
* spaces around notes or a detail (cells are trimmed when read);
* for exercise and sexual activity with an effort (rpe): the length is written as
  ``end_time - time``, so an ``ended_at`` that differs from ``started_at + amount`` is replaced by
  it, and an entry with only ``ended_at`` reads back with the amount filled in from it. Lengths sent
  through ``end_time`` keep microsecond precision, as episode durations that share a row with an
  intensity do.

Any cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or a line feed) gets a leading ``'``, which the reader takes off; a cell holding
a comma, a double quote, a carriage return or a line feed is quoted, so no cell can start a row of
its own (``formats.csv_long.csv_line``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TextIO

from twitchwise.domain.exposures import ACTIVE, Exposure
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.formats.csv_long import COLUMNS, NOTES_SEPARATOR, csv_line

Row = tuple[str, str, str, str, str, str]


def write_csv(entries: Iterable[LoggedEpisode | Exposure], stream: TextIO) -> int:
    """Write the header and one row per entry to ``stream``; return the number of rows written."""
    stream.write(csv_line(COLUMNS))
    written = 0
    for entry in entries:
        row = episode_row(entry) if isinstance(entry, LoggedEpisode) else exposure_row(entry)
        stream.write(csv_line(row))
        written += 1
    return written


def episode_row(episode: LoggedEpisode) -> Row:
    words = [episode.sides.value] if episode.sides is not None else []
    words += [site.value for site in episode.body_sites]
    words.append(episode.kind.value)
    detail = " ".join(words)
    if episode.notes:
        detail += NOTES_SEPARATOR + episode.notes
    value = unit = end = ""
    if episode.intensity is not None:
        value, unit = str(episode.intensity), "0-10"
        if episode.duration_minutes is not None:
            end = _time(episode.started_at + timedelta(minutes=episode.duration_minutes))
    elif episode.duration_minutes is not None:
        value, unit = exact_number(episode.duration_minutes), "min"
    return (_time(episode.started_at), "episode", value, unit, end, detail)


def exposure_row(exposure: Exposure) -> Row:
    ended = exposure.ended_at
    value = unit = ""
    if exposure.type in ACTIVE and exposure.effort_rpe is not None:
        value, unit = str(exposure.effort_rpe), "rpe"
        if exposure.amount is not None:
            ended = exposure.started_at + timedelta(minutes=exposure.amount)
    elif exposure.amount is not None:
        value, unit = exact_number(exposure.amount), exposure.unit
    end = _time(ended) if ended is not None else ""
    return (_time(exposure.started_at), exposure.type.value, value, unit, end, exposure.detail)


def exact_number(value: float) -> str:
    """A number that reads back as exactly the same float: ``5`` for 5.0, ``0.1`` for 0.1."""
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _time(moment: datetime) -> str:
    return moment.isoformat()
