"""Simulated diaries with a known truth (STATS.md §6.5-6.6): caffeine above 300 mg taken in the 6
clock hours before the current one multiplies the hourly episode rate by ``rate_ratio`` (the
analysis's own definition; tests/analysis/world.py is the simulator written apart from it);
everything else is noise, with a time-of-day effect that confounds morning coffee and a slow
trend, as in the reference study."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from twitchwise.analysis.grid import Diary
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode

ZONE = UTC
START = datetime(2026, 1, 5, tzinfo=UTC)
BASE_PER_DAY = 0.17


def _at(day: int, hour: float) -> datetime:
    return START + timedelta(days=day, hours=hour)


def diary(days: int, rate_ratio: float, seed: int) -> Diary:
    rng = random.Random(seed)  # noqa: S311 - simulation, not a secret
    exposures: list[Exposure] = []
    caffeine_by_hour: dict[int, float] = {}
    for day in range(days):
        if rng.random() < 0.4:
            first = rng.uniform(7, 12)
            doses = [(first, 175.0), (first + rng.uniform(0.5, 1.5), 175.0)]
        else:
            doses = [(rng.uniform(7, 10), 100.0)]
        for hour, mg in doses:
            exposures.append(Exposure(type="caffeine", started_at=_at(day, hour), amount=mg))
            caffeine_by_hour[day * 24 + int(hour)] = (
                caffeine_by_hour.get(day * 24 + int(hour), 0.0) + mg
            )
        if rng.random() < 0.3:
            exposures.append(Exposure(type="alcohol", started_at=_at(day, 20), amount=3.0))
        if rng.random() < 0.3:
            start = _at(day, rng.uniform(7, 18))
            exposures.append(
                Exposure(type="exercise", started_at=start, ended_at=start + timedelta(minutes=45))
            )
        if rng.random() < 0.15:
            start = _at(day, 22)
            exposures.append(
                Exposure(
                    type="sexual_activity", started_at=start, ended_at=start + timedelta(minutes=20)
                )
            )
        slept = rng.uniform(5, 8.5)
        exposures.append(
            Exposure(type="sleep", started_at=_at(day, 7 - slept), ended_at=_at(day, 7))
        )
        exposures.append(
            Exposure(type="stress", started_at=_at(day, 21), amount=float(rng.randint(0, 10)))
        )
        exposures.append(
            Exposure(type="water", started_at=_at(day, 20), amount=rng.uniform(800, 2500))
        )
    episodes: list[LoggedEpisode] = []
    for hour in range(days * 24):
        window = sum(caffeine_by_hour.get(hour - lag, 0.0) for lag in range(1, 7))
        rate = BASE_PER_DAY / 24
        rate *= 2.0 if 8 <= hour % 24 < 16 else 1.0  # more episodes by day: confounds coffee
        rate *= 1.0 + hour / (days * 24)  # a slow trend over the diary
        if window > 300:
            rate *= rate_ratio
        if rng.random() < rate:
            moment = _at(0, hour + rng.random())
            episodes.append(LoggedEpisode(kind="twitch", started_at=moment))
    return Diary(episodes, exposures, [], ZONE)
