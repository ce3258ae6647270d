"""The diary cut into hours: the UTC hours of the logged local days, with the episode onsets
counted in each, the hours that are not at risk taken out, the local wall-clock hour, whether
the hour lay inside logged sleep, and the two kinds of strata (the calendar day for exposures
that come and go within a day, 28-day blocks split weekday/weekend for day-level ones).

Only logged time counts: a day with no entry at all is missing, not unexposed (STATS.md §6.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse

HOUR = 3600
# Episodes less than BOUT_HOURS after the one before are one bout (an episode and any it sets off
# at once); only a bout's first episode counts, and the hours until BOUT_HOURS after its last
# episode are not at risk of a new one.
BOUT_HOURS = 1
BLOCK_DAYS = 28


@dataclass(frozen=True)
class Diary:
    episodes: Sequence[LoggedEpisode]
    exposures: Sequence[Exposure]
    courses: Sequence[MedicationCourse]
    zone: ZoneInfo


def hour_of(moment: datetime) -> int:
    """The UTC hour a moment falls in, as an integer count since 1970."""
    return int(moment.astimezone(UTC).timestamp() // HOUR)


def bouts(episodes: Sequence[LoggedEpisode]) -> list[tuple[datetime, datetime]]:
    """(first, last) episode of each bout: a bout goes on while each episode comes less than
    BOUT_HOURS after the one before."""
    found: list[tuple[datetime, datetime]] = []
    for moment in sorted(e.started_at.astimezone(UTC) for e in episodes):
        if found and moment - found[-1][1] < timedelta(hours=BOUT_HOURS):
            found[-1] = (found[-1][0], moment)
        else:
            found.append((moment, moment))
    return found


def onsets(episodes: Sequence[LoggedEpisode]) -> list[datetime]:
    """The first episode of each bout: the events the analysis counts."""
    return [first for first, _ in bouts(episodes)]


@dataclass(frozen=True)
class HourGrid:
    """One row per at-risk UTC hour of a logged local day."""

    hour: NDArray[np.int64]  # UTC hour index
    day: NDArray[np.int64]  # the logged day's number: the stratum of hourly exposures
    block: NDArray[np.int64]  # 28-day block x weekday/weekend: the stratum of daily exposures
    wall_hour: NDArray[np.int64]  # the local clock hour, 0-23 (a clock change repeats or skips)
    asleep: NDArray[np.bool_]  # the middle of the hour lay inside a logged sleep
    y: NDArray[np.float64]  # onsets in the hour
    days: tuple[date, ...]  # the logged days, by number
    midnight: NDArray[np.int64]  # each logged day's first UTC hour (its local midnight), by number

    def nuisance(self) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """The time-of-day terms every model carries: logged sleep (a column) and a 24-level
        factor of the clock hour (its codes; midnight-1am the reference). A step in the hazard at
        any clock hour, or at falling asleep, is followed exactly."""
        return self.asleep.astype(np.float64)[:, None], self.wall_hour


def logged_days(diary: Diary) -> list[date]:
    zone = diary.zone
    seen = {e.started_at.astimezone(zone).date() for e in diary.episodes}
    seen |= {x.started_at.astimezone(zone).date() for x in diary.exposures}
    # A night's sleep is logged on the day you woke as well.
    seen |= {x.ended_at.astimezone(zone).date() for x in diary.exposures if x.ended_at is not None}
    return sorted(seen)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _offset_hours(hour: int, zone: ZoneInfo) -> float:
    offset = datetime.fromtimestamp(hour * HOUR, UTC).astimezone(zone).utcoffset()
    return 0.0 if offset is None else offset.total_seconds() / HOUR


def _day_spans(
    days: Sequence[date], zone: ZoneInfo
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Per logged day: its first UTC hour, its number of hours (23 or 25 across a clock change)
    and the local clock hour's offset at its first and its last hour."""
    midnight: dict[date, int] = {}
    for day in days:
        for moment in (day, day + timedelta(days=1)):
            if moment not in midnight:
                midnight[moment] = hour_of(_midnight(moment, zone))
    first = np.array([midnight[day] for day in days], dtype=np.int64)
    last = np.array([midnight[day + timedelta(days=1)] for day in days], dtype=np.int64)
    starts = np.array([_offset_hours(int(h), zone) for h in first], dtype=np.float64)
    ends = np.array([_offset_hours(int(h) - 1, zone) for h in last], dtype=np.float64)
    return first, last - first, starts, ends


def _wall(hour: NDArray[np.int64], offsets: NDArray[np.float64]) -> NDArray[np.int64]:
    return np.asarray(np.floor(hour + offsets).astype(np.int64) % 24, dtype=np.int64)


def sleep_intervals(diary: Diary) -> NDArray[np.float64]:
    """Logged sleeps as (start, end) POSIX seconds, sorted, overlaps merged."""
    spans = []
    for x in diary.exposures:
        if x.type is not ExposureType.SLEEP:
            continue
        start = x.started_at.timestamp()
        if x.ended_at is not None:
            end = x.ended_at.timestamp()
        elif x.amount is not None:
            end = start + x.amount * HOUR
        else:
            continue
        spans.append((start, end))
    merged: list[list[float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return np.array(merged, dtype=np.float64).reshape(-1, 2)


def _inside(moments: NDArray[np.float64], intervals: NDArray[np.float64]) -> NDArray[np.bool_]:
    if intervals.shape[0] == 0:
        return np.zeros(moments.shape[0], dtype=bool)
    k = np.searchsorted(intervals[:, 0], moments, side="right") - 1
    ok = k >= 0
    result = np.zeros(moments.shape[0], dtype=bool)
    result[ok] = moments[ok] < intervals[k[ok], 1]
    return result


def hour_grid(diary: Diary, days: Sequence[date], starts: Sequence[datetime]) -> HourGrid:
    zone = diary.zone
    first_day = days[0] if days else date(1970, 1, 1)
    first, length, offset_first, offset_last = _day_spans(days, zone)
    day_index = np.repeat(np.arange(len(days), dtype=np.int64), length)
    day_start = np.cumsum(length) - length  # each day's first row
    hour = np.repeat(first, length) + (np.arange(day_index.shape[0]) - day_start[day_index])
    block_of_day = np.array(
        [((day - first_day).days // BLOCK_DAYS) * 2 + (day.weekday() >= 5) for day in days],
        dtype=np.int64,
    )
    block_index = np.repeat(block_of_day, length)
    offsets = np.repeat(offset_first, length)
    for number in np.flatnonzero(offset_first != offset_last):  # a clock change that day
        rows = slice(int(day_start[number]), int(day_start[number] + length[number]))
        offsets[rows] = [_offset_hours(int(h), zone) for h in hour[rows]]
    wall = _wall(hour, offsets)
    onset_hours = np.array([hour_of(moment) for moment in starts], dtype=np.int64)
    y = np.zeros(hour.shape[0])
    position = np.searchsorted(hour, onset_hours)
    inside = (position < hour.shape[0]) & (
        hour[np.minimum(position, hour.shape[0] - 1)] == onset_hours
    )
    np.add.at(y, position[inside], 1.0)
    asleep = _inside(hour.astype(np.float64) * HOUR + HOUR / 2, sleep_intervals(diary))
    # The hours wholly inside a bout (after its first hour, up to BOUT_HOURS after its last
    # episode) are not at risk of a new bout.
    change = np.zeros(hour.shape[0] + 1)
    for opened, closed in bouts(diary.episodes):
        lo = np.searchsorted(hour, hour_of(opened) + 1)
        hi = np.searchsorted(hour, int((closed.timestamp() + BOUT_HOURS * HOUR) // HOUR))
        if lo < hi:
            change[lo] += 1
            change[hi] -= 1
    keep = ~((np.cumsum(change)[:-1] > 0) & (y == 0))
    return HourGrid(
        hour[keep],
        day_index[keep],
        block_index[keep],
        wall[keep],
        asleep[keep],
        y[keep],
        tuple(days),
        first,
    )
