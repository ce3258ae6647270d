"""Realistic sample data for `twitchwise demo`, tests and screenshots: several months of diary
with two patterns planted (episodes follow more than 300 mg of caffeine, and follow exertion),
so every command has something to show. Pure and seeded: the same seed gives the same diary.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import (
    CourseKind,
    LoggedEpisode,
    MedicationCourse,
    Note,
)

Draft = LoggedEpisode | Exposure | MedicationCourse | Note

BASE_RATE_PER_HOUR = 0.018
CAFFEINE_RATE_RATIO = 5.0  # planted: episodes in the 6 h after more than 300 mg of caffeine
EXERTION_RATE_RATIO = 5.0  # planted: episodes in the 3 h after exercise or sex
SHORT_SLEEP_RATE_RATIO = 1.5


@dataclass
class _Day:
    day: date
    exposures: list[Exposure] = field(default_factory=list)
    caffeine_at: list[tuple[datetime, float]] = field(default_factory=list)
    active_until: list[datetime] = field(default_factory=list)
    short_sleep: bool = False


def _at(day: date, hour: float, where: ZoneInfo) -> datetime:
    """A local wall time, normalised through UTC so daylight-saving gaps get a real offset."""
    naive_minutes = round(hour * 60)
    local = datetime.combine(day, time(0), tzinfo=where) + timedelta(minutes=naive_minutes)
    return local.astimezone(UTC).astimezone(where)


def _day(rng: random.Random, day: date, where: ZoneInfo) -> _Day:
    today = _Day(day)
    add = today.exposures.append
    hours = rng.choice([5.0, 5.5, 6.0, 6.5, 7.0, 7.0, 7.5, 7.5, 8.0, 8.0])
    woke = _at(day, 7 + rng.uniform(-0.5, 1.0), where)
    add(Exposure(type=ExposureType.SLEEP, started_at=woke - timedelta(hours=hours), ended_at=woke))
    today.short_sleep = hours < 6.5
    coffees = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 3, 3, 2])[0]
    for index in range(coffees):
        moment = _at(day, 8 + index * 1.0 + rng.uniform(0, 0.4), where)
        add(
            Exposure(
                type=ExposureType.CAFFEINE, started_at=moment, amount=96.0, detail="1 × coffee"
            )
        )
        today.caffeine_at.append((moment, 96.0))
    add(
        Exposure(
            type=ExposureType.WATER,
            started_at=_at(day, 20, where),
            amount=float(rng.choice([900, 1200, 1500, 1800, 2100])),
        )
    )
    if day.weekday() >= 4 and rng.random() < 0.7:
        units = rng.choice([2.0, 2.1, 4.0, 4.2, 6.0])
        add(Exposure(type=ExposureType.ALCOHOL, started_at=_at(day, 20.5, where), amount=units))
    if rng.random() < 0.4:
        start = _at(day, rng.choice([7.0, 12.5, 18.0]), where)
        minutes = float(rng.choice([30, 45, 60, 75]))
        activity = rng.choice(["running", "running", "gym", "cycling"])
        add(
            Exposure(
                type=ExposureType.EXERCISE,
                started_at=start,
                ended_at=start + timedelta(minutes=minutes),
                amount=minutes,
                effort_rpe=rng.choice([4, 5, 6, 7, 8]),
                detail=activity,
            )
        )
        today.active_until.append(start + timedelta(minutes=minutes))
    if rng.random() < 0.22:
        start = _at(day, rng.uniform(21.5, 23.0), where)
        minutes = float(rng.choice([15, 20, 30, 40]))
        add(
            Exposure(
                type=ExposureType.SEXUAL_ACTIVITY,
                started_at=start,
                ended_at=start + timedelta(minutes=minutes),
                amount=minutes,
                effort_rpe=rng.choice([4, 5, 6, 7]),
            )
        )
        today.active_until.append(start + timedelta(minutes=minutes))
    if rng.random() < 0.6:
        stress = float(rng.choices(range(11), weights=[1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 1])[0])
        add(Exposure(type=ExposureType.STRESS, started_at=_at(day, 21.5, where), amount=stress))
    if rng.random() < 0.3:
        moment = _at(day, 19, where)
        add(
            Exposure(
                type=ExposureType.MEAL,
                started_at=moment,
                amount=float(rng.choice([120, 180, 260])),
                detail="magnesium",
            )
        )
        add(
            Exposure(
                type=ExposureType.MEAL,
                started_at=moment,
                amount=float(rng.choice([1500, 2200, 3000])),
                detail="potassium",
            )
        )
    return today


def _rate(moment: datetime, recent: list[_Day]) -> tuple[float, str | None]:
    rate, cause = BASE_RATE_PER_HOUR, None
    # The same definition the analysis tests (triggers.toml): more than 300 mg in the last 6 h.
    caffeine = sum(
        mg
        for day in recent
        for at, mg in day.caffeine_at
        if timedelta(0) <= moment - at <= timedelta(hours=6)
    )
    if caffeine > 300:
        rate, cause = rate * CAFFEINE_RATE_RATIO, "caffeine"
    if any(
        timedelta(0) <= moment - end <= timedelta(hours=3)
        for day in recent
        for end in day.active_until
    ):
        rate, cause = rate * EXERTION_RATE_RATIO, "exertion"
    if recent and recent[-1].short_sleep:
        rate *= SHORT_SLEEP_RATE_RATIO
    return rate, cause


def _episode(
    rng: random.Random, moment: datetime, cause: str | None, recent: list[_Day]
) -> LoggedEpisode:
    after_sex = any(
        e.type is ExposureType.SEXUAL_ACTIVITY
        and e.ended_at
        and timedelta(0) <= moment - e.ended_at <= timedelta(hours=3)
        for day in recent
        for e in day.exposures
    )
    if cause == "exertion":
        context = "after_sex" if after_sex else "after_exercise"
        sites = rng.choice([["calf"], ["calf", "thigh"], ["thigh"], ["foot"]])
    else:
        evening = moment.hour >= 21
        context = rng.choice(
            ["falling_asleep"] * 3 + ["at_rest"] if evening else ["at_rest"] * 3 + ["other"]
        )
        sites = rng.choice([["eyelid"], ["calf"], ["calf"], ["thigh"], ["foot"]])
    kind = "cramp" if context == "falling_asleep" and rng.random() < 0.6 else "twitch"
    return LoggedEpisode.model_validate(
        {
            "kind": kind,
            "started_at": moment,
            "body_sites": sites,
            "sides": rng.choice(["left", "right", "both"]),
            "duration_minutes": float(rng.choice([1, 2, 3, 5])),
            "intensity": rng.randint(2, 6),
            "pain": 0 if kind == "twitch" else rng.randint(2, 5),
            "context": context,
        }
    )


def generate(now: datetime, months: int = 6, seed: int = 7) -> Iterator[Draft]:
    """The diary of the ``months`` before ``now`` (aware, in the person's zone)."""
    if now.tzinfo is None or not isinstance(now.tzinfo, ZoneInfo):
        raise ValueError("generate() needs now with a ZoneInfo")
    where = now.tzinfo
    rng = random.Random(seed)  # noqa: S311 - sample data, not a secret
    first = now.date() - timedelta(days=30 * months)
    yield MedicationCourse(
        name="omeprazole", dose_mg_per_day=20.0, started_on=first - timedelta(days=200)
    )
    yield MedicationCourse(
        name="magnesium citrate",
        kind=CourseKind.SUPPLEMENT,
        dose_mg_per_day=150.0,
        started_on=first + timedelta(days=40),
    )
    recent: list[_Day] = []
    day = first
    while day < now.date():
        today = _day(rng, day, where)
        recent = [*recent[-1:], today]
        yield from today.exposures
        for hour in range(7, 24):
            moment = _at(day, hour + rng.random(), where)
            rate, cause = _rate(moment, recent)
            if moment < now and rng.random() < rate:
                yield _episode(rng, moment, cause, recent)
        day += timedelta(days=1)
    long_cramp = _at(now.date() - timedelta(days=20), 23.4, where)
    yield LoggedEpisode.model_validate(
        {
            "kind": "cramp",
            "started_at": long_cramp,
            "body_sites": ["calf"],
            "sides": "left",
            "duration_minutes": 12.0,
            "intensity": 8,
            "pain": 8,
            "context": "falling_asleep",
            "notes": "woke me up; hard to stretch out",
        }
    )
    yield Note(at=_at(first + timedelta(days=3), 21, where), text="Started keeping this diary.")
    yield Note(at=_at(first + timedelta(days=40), 9, where), text="Pharmacist suggested magnesium.")
