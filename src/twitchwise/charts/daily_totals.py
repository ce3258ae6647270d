"""The diary's totals per local day (sleep, caffeine, exertion, episodes), and the timeline's
rows of bars drawn from them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from twitchwise.charts.days import day_label, days, local_date
from twitchwise.charts.spec import Row
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.one_record import nights, one_source_per_day

EXERTION = frozenset({ExposureType.EXERCISE, ExposureType.SEXUAL_ACTIVITY})


def episodes_per_day(episodes: Iterable[LoggedEpisode], zone: ZoneInfo) -> Counter[date]:
    return Counter(local_date(e.started_at, zone) for e in episodes)


def sleep_per_day(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, float]:
    """Hours slept, on the date the person woke up: the bar under a day is the night before it,
    one night however many sources recorded it (domain/one_record.py)."""
    return {day: night.hours for day, night in nights(exposures, zone).items()}


def caffeine_per_day(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, float]:
    totals: dict[date, float] = defaultdict(float)
    for exposure in one_source_per_day(exposures, zone):
        if exposure.type is ExposureType.CAFFEINE and exposure.amount is not None:
            totals[local_date(exposure.started_at, zone)] += exposure.amount
    return dict(totals)


def exertion_per_day(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, float]:
    """Minutes of exercise and sexual activity, on the date they started."""
    totals: dict[date, float] = defaultdict(float)
    for exposure in one_source_per_day(exposures, zone):
        minutes = exposure.duration_amount
        if exposure.type in EXERTION and minutes is not None:
            totals[local_date(exposure.started_at, zone)] += minutes
    return dict(totals)


def daily_rows(totals: dict[date, float], start: date, end: date) -> list[Row]:
    """One row per day that has a total, for a bar from the day's midnight to the next."""
    return [
        {
            "day": day.isoformat(),
            "next": (day + timedelta(days=1)).isoformat(),
            "label": day_label(day),
            "value": round(totals[day], 3),
        }
        for day in days(start, end)
        if day in totals
    ]
