"""The diary cut into bins: UTC hours of the logged days (for transient exposures) and local days
(for daily ones), with the episode onsets counted in each and the hours that are not at risk.

Only logged time counts: a day with no entry at all is missing, not unexposed (STATS.md §6.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse

HOUR = 3600
MERGE_MINUTES = 60  # onsets closer than this are one episode, and the hour after is not at risk


@dataclass(frozen=True)
class Diary:
    episodes: Sequence[LoggedEpisode]
    exposures: Sequence[Exposure]
    courses: Sequence[MedicationCourse]
    zone: ZoneInfo


def hour_of(moment: datetime) -> int:
    """The UTC hour a moment falls in, as an integer count since 1970."""
    return int(moment.astimezone(UTC).timestamp() // HOUR)


def onsets(episodes: Sequence[LoggedEpisode]) -> list[datetime]:
    """Episode onsets with those less than MERGE_MINUTES after the previous one merged away."""
    merged: list[datetime] = []
    for moment in sorted(e.started_at.astimezone(UTC) for e in episodes):
        if merged and moment - merged[-1] < timedelta(minutes=MERGE_MINUTES):
            continue
        merged.append(moment)
    return merged


@dataclass(frozen=True)
class HourGrid:
    """One row per at-risk UTC hour of a logged local day."""

    hour: NDArray[np.int64]  # UTC hour index
    day: NDArray[np.int64]  # stratum: the logged day's number
    hour_of_day: NDArray[np.float64]  # hours since local midnight, for the time-of-day terms
    y: NDArray[np.float64]  # onsets in the hour


@dataclass(frozen=True)
class DayGrid:
    """One row per logged local day."""

    days: tuple[date, ...]
    stratum: NDArray[np.int64]  # 28-day block x weekday/weekend
    y: NDArray[np.float64]


def logged_days(diary: Diary) -> list[date]:
    zone = diary.zone
    seen = {e.started_at.astimezone(zone).date() for e in diary.episodes}
    seen |= {x.started_at.astimezone(zone).date() for x in diary.exposures}
    # A night's sleep is logged on the day you woke as well.
    seen |= {x.ended_at.astimezone(zone).date() for x in diary.exposures if x.ended_at is not None}
    return sorted(seen)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def hour_grid(diary: Diary, days: Sequence[date], starts: Sequence[datetime]) -> HourGrid:
    zone = diary.zone
    hours: list[NDArray[np.int64]] = []
    strata: list[NDArray[np.int64]] = []
    local: list[NDArray[np.float64]] = []
    for number, day in enumerate(days):
        first = hour_of(_midnight(day, zone))
        last = hour_of(_midnight(day + timedelta(days=1), zone))
        span = np.arange(first, last, dtype=np.int64)
        hours.append(span)
        strata.append(np.full(span.shape[0], number, dtype=np.int64))
        local.append((span - first).astype(np.float64))
    hour = np.concatenate(hours) if hours else np.zeros(0, dtype=np.int64)
    day_index = np.concatenate(strata) if strata else np.zeros(0, dtype=np.int64)
    hour_of_day = np.concatenate(local) if local else np.zeros(0)
    onset_hours = np.array([hour_of(moment) for moment in starts], dtype=np.int64)
    y = np.zeros(hour.shape[0])
    position = np.searchsorted(hour, onset_hours)
    inside = (position < hour.shape[0]) & (
        hour[np.minimum(position, hour.shape[0] - 1)] == onset_hours
    )
    np.add.at(y, position[inside], 1.0)
    # The hour after an onset is taken by the episode itself: not at risk of a new one.
    blocked = np.isin(hour, onset_hours + 1) & (y == 0)
    keep = ~blocked
    return HourGrid(hour[keep], day_index[keep], hour_of_day[keep], y[keep])


def day_grid(diary: Diary, days: Sequence[date], starts: Sequence[datetime]) -> DayGrid:
    zone = diary.zone
    index = {day: number for number, day in enumerate(days)}
    y = np.zeros(len(days))
    for moment in starts:
        number = index.get(moment.astimezone(zone).date())
        if number is not None:
            y[number] += 1
    if days:
        first = days[0]
        block = np.array([(day - first).days // 28 for day in days], dtype=np.int64)
        weekend = np.array([day.weekday() >= 5 for day in days], dtype=np.int64)
        stratum = block * 2 + weekend
    else:
        stratum = np.zeros(0, dtype=np.int64)
    return DayGrid(tuple(days), stratum, y)
