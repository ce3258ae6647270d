"""The diary world's scenarios (what is really true in each) and its person's daily life: the
exposures that happen whatever the episodes do (tests/analysis/world.py adds the episodes).

An ``Effect`` is a planted cause in the world's own terms. Its window is a span of real time
measured from the exposure: ``anchor`` says from which end (``start`` for a dose, ``end`` for a
night's sleep or a session of sex), and the window runs from ``window_start_h`` (inclusive) to
``window_end_h`` (exclusive) after it. The hazard is piecewise constant on 5-minute steps, so a
step counts as inside when its start is inside.

* ``aggregation="sum"``: the amounts whose anchor lies in the window behind a moment are added up
  (caffeine: all doses taken from 4 h to 30 min before). With ``threshold`` the ratio applies when
  the sum is at least the threshold; with ``ratio_per_100`` instead, the hazard is multiplied by
  ``ratio_per_100 ** (sum / 100)``, a log-linear dose-response with no threshold.
* ``aggregation="each"``: each exposure that passes the threshold (``comparison``) opens a window;
  overlapping windows do not multiply twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

Rng = np.random.Generator
TIME_ZONE = ZoneInfo("Europe/London")
FIRST_DAY = date(2025, 3, 3)  # a Monday; the clocks go forward on 30 March
START = datetime.combine(FIRST_DAY, time(), TIME_ZONE).astimezone(UTC)
STEP_MIN = 5  # the world's time step; every logged exposure starts on a step

SLEEP_FACTOR = 0.1  # hazard inside logged sleep relative to awake at the same clock hour
EVENING_FACTOR = 1.4  # 19:00-23:00 local, relative to 07:00-19:00
NIGHT_CLOCK_FACTOR = 0.3  # 23:00-07:00 local (awake or not), relative to 07:00-19:00
WEEKDAY_FACTOR = 1.1  # Monday-Friday; the weekend is WEEKEND_FACTOR
WEEKEND_FACTOR = 0.8
DAILY_FRAILTY_VARIANCE = 0.2  # gamma, mean 1, one draw per local calendar day


@dataclass(frozen=True)
class Effect:
    exposure: Literal["caffeine", "sleep", "sexual_activity"]
    rate_ratio: float | None
    window_start_h: float
    window_end_h: float
    anchor: Literal["start", "end"] = "start"
    aggregation: Literal["sum", "each"] = "each"
    threshold: float | None = None
    comparison: Literal["at_least", "below"] = "at_least"
    ratio_per_100: float | None = None

    def describe(self) -> dict[str, object]:
        return {
            "exposure": self.exposure,
            "threshold": self.threshold,
            "comparison": self.comparison if self.threshold is not None else None,
            "aggregation": self.aggregation,
            "anchor": self.anchor,
            "window_start_h": self.window_start_h,
            "window_end_h": self.window_end_h,
            "rate_ratio": self.rate_ratio,
            "ratio_per_100": self.ratio_per_100,
        }


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    effects: tuple[Effect, ...] = ()
    awake_only: bool = False  # no episode at all inside logged sleep
    evening_coffee: bool = True  # an after-dinner cup on some days
    heavy_coffee_share: float = 0.3  # share of days with big cups
    heavy_coffee_run_days: float | None = None  # mean run of heavy days; None: independent days
    bad_day_share: float = 0.0  # days with more coffee and more episodes (never caused)
    bad_day_ratio: float = 2.5
    offspring_per_episode: float = 0.0  # clustering: extra episodes each episode sets off
    offspring_delay_min: tuple[float, float] = (10.0, 90.0)  # minimum, then exponential mean
    logged_response_share: float = 0.0  # water or a stretch logged 2-20 min after an episode
    stress_after_episodes: float = 0.0  # added to the day's stress rating when it had episodes
    drink_response_share: float = 0.0  # alcohol 1-3 h after an episode
    confounders: tuple[str, ...] = field(default=())

    def _sleep_line(self) -> str:
        factor = 0.0 if self.awake_only else SLEEP_FACTOR
        return f"hazard inside logged sleep is x{factor:g} of awake at the same clock hour"

    def describe(self) -> dict[str, object]:
        return {
            "scenario": self.name,
            "summary": self.summary,
            "effects": [effect.describe() for effect in self.effects],
            "confounders": [self._sleep_line(), *COMMON_CONFOUNDERS, *self.confounders],
            "awake_only": self.awake_only,
            "self_excitation": (
                {
                    "extra_episodes_per_episode": self.offspring_per_episode,
                    "delay": "minimum {:g} min, then exponential with mean {:g} min".format(
                        *self.offspring_delay_min
                    ),
                }
                if self.offspring_per_episode
                else None
            ),
        }


COMMON_CONFOUNDERS = (
    f"local clock step: x{NIGHT_CLOCK_FACTOR:g} 23:00-07:00, x1 07:00-19:00, "
    f"x{EVENING_FACTOR:g} 19:00-23:00 (Europe/London, with its DST changes)",
    f"weekly: x{WEEKDAY_FACTOR:g} Monday-Friday, x{WEEKEND_FACTOR:g} at the weekend",
    "slow drift: a yearly wave (amplitude 0.2 on the log scale) and a per-person linear trend",
    f"daily frailty: gamma, mean 1, variance {DAILY_FRAILTY_VARIANCE:g}, independent of exposures",
    "exposures keep the clock: coffee mornings and early afternoons, alcohol and sex evenings",
)

CAFFEINE_200 = Effect(
    "caffeine", 3.0, 0.5, 4.0, aggregation="sum", threshold=200.0, comparison="at_least"
)

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("null", "Nothing has any effect; only the clock-time structure is real."),
        Scenario(
            "null_awake_only",
            "Nothing has any effect; episodes happen only while awake and coffee only by day.",
            awake_only=True,
            evening_coffee=False,
        ),
        Scenario(
            "null_clustered",
            "Nothing has any effect; each episode sets off on average 0.6 more within hours.",
            offspring_per_episode=0.6,
            confounders=("episodes self-excite: clusters within a few hours",),
        ),
        Scenario(
            "caffeine_200",
            "Rate x3 while >= 200 mg caffeine was taken from 4 h to 30 min before.",
            effects=(CAFFEINE_200,),
        ),
        Scenario(
            "caffeine_dose",
            "Rate x1.4 per 100 mg caffeine taken from 4 h to 30 min before; no threshold.",
            effects=(Effect("caffeine", None, 0.5, 4.0, aggregation="sum", ratio_per_100=1.4),),
        ),
        Scenario(
            "short_sleep_6",
            "Rate x2 in the 16 h after waking from a night of less than 6 h.",
            effects=(
                Effect("sleep", 2.0, 0.0, 16.0, anchor="end", threshold=6.0, comparison="below"),
            ),
            confounders=("short nights come in streaks",),
        ),
        Scenario(
            "sex_evening",
            "Rate x2.5 in the 3 h after sex ends; sex is mostly late in the evening.",
            effects=(Effect("sexual_activity", 2.5, 0.0, 3.0, anchor="end"),),
            confounders=("sex is mostly in the evening step and right before sleep",),
        ),
        Scenario(
            "reverse_logged",
            "Nothing has any effect; after half the episodes a glass of water or a calf stretch "
            "is logged 2-20 minutes later.",
            logged_response_share=0.5,
            confounders=("water and stretching logged 2-20 min after episodes",),
        ),
        Scenario(
            "reverse_same_day",
            "Nothing has any effect; the evening stress rating is higher on days with episodes, "
            "and 40% of daytime episodes are followed by a drink 1-3 h later.",
            stress_after_episodes=2.0,
            drink_response_share=0.4,
            confounders=(
                "stress rated 2 higher (3 with two or more) after a day with episodes",
                "alcohol 1-3 h after 40% of episodes between 10:00 and 21:00",
            ),
        ),
        Scenario(
            "bad_day_confounder",
            "Nothing has any effect; on bad days (25%) the rate is x2.5 all day and coffee is "
            "heavy with probability 0.85 (0.15 on other days).",
            bad_day_share=0.25,
            confounders=("unlogged bad days: rate x2.5 and mostly heavy coffee",),
        ),
        Scenario(
            "streaky_trigger",
            "As caffeine_200, but heavy-coffee days come in runs (mean 6 days).",
            effects=(CAFFEINE_200,),
            heavy_coffee_run_days=6.0,
            confounders=("heavy-coffee days come in runs of several days",),
        ),
    )
}


def scenario_named(name: str | Scenario) -> Scenario:
    if isinstance(name, Scenario):
        return name
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; one of {', '.join(SCENARIOS)}")
    return SCENARIOS[name]


@dataclass(frozen=True)
class Person:
    episodes_per_day: float
    wake_min: float  # workday wake-up, local minutes after midnight
    sleep_need_h: float
    cup_mg: float  # a usual cup
    mug_mg: float  # a heavy day's big mug
    drink_p: float  # chance of drinks on a Sunday-Thursday evening (x2.5 Friday and Saturday)
    sex_per_week: float
    exercise_p: float
    stress_mean: float
    trend_per_year: float
    wave_phase: float
    site: str
    magnesium: bool


@dataclass(frozen=True)
class Entry:
    minute: int  # minutes after START
    type: str
    value: float | None = None
    unit: str = ""
    end: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Nights:
    starts: list[int]  # night k ends on the morning of day k, k = 0 .. days
    ends: list[int]

    def bed_after(self, minute: int) -> int | None:
        """When the person next goes to sleep, or None if ``minute`` is inside a night."""
        k = int(np.searchsorted(self.ends, minute, side="right"))
        return self.starts[k] if k < len(self.starts) and minute < self.starts[k] else None


def make_person(rng: Rng) -> Person:
    return Person(
        episodes_per_day=float(np.exp(rng.uniform(np.log(0.12), np.log(0.4)))),
        wake_min=rng.uniform(6.25 * 60, 7.75 * 60),
        sleep_need_h=rng.uniform(6.9, 7.8),
        cup_mg=rng.uniform(60, 110),
        mug_mg=rng.uniform(190, 300),
        drink_p=rng.uniform(0.05, 0.3),
        sex_per_week=rng.uniform(1.0, 3.0),
        exercise_p=rng.uniform(0.25, 0.6),
        stress_mean=rng.uniform(2, 5),
        trend_per_year=rng.uniform(-0.3, 0.3),
        wave_phase=rng.uniform(0, 2 * np.pi),
        site=str(
            rng.choice(["left calf", "right calf", "left thigh", "right foot", "both calves"])
        ),
        magnesium=bool(rng.random() < 0.4),
    )


def on_step(minute: float) -> int:
    return round(minute / STEP_MIN) * STEP_MIN


def _at(day: int, wall_min: float) -> int:
    """The step-aligned minute after START of a local wall-clock time on a diary day."""
    local = datetime.combine(FIRST_DAY + timedelta(days=day), time(), TIME_ZONE)
    local += timedelta(minutes=float(wall_min))  # wall-clock arithmetic: the person's clock
    return on_step((local.astimezone(UTC) - START).total_seconds() / 60)


def _weekday(day: int) -> int:
    return (FIRST_DAY + timedelta(days=day)).weekday()


def _runs(rng: Rng, n: int, share: float, mean_run: float | None) -> NDArray[np.bool_]:
    """Days in a state with the given long-run share, in runs of ``mean_run`` days (None: iid)."""
    stay = share if mean_run is None else 1 - 1 / mean_run
    enter = share if mean_run is None else share * (1 - stay) / (1 - share)
    state = np.zeros(n, dtype=bool)
    for day in range(n):
        state[day] = rng.random() < (stay if day and state[day - 1] else enter)
    return state


def _nights(p: Person, days: int, rng: Rng) -> Nights:
    short = _runs(rng, days + 1, 0.18, 2.2)  # streaks of short sleep
    starts, ends = [], []
    for day in range(days + 1):
        wake = p.wake_min + (rng.normal(75, 40) if _weekday(day) >= 5 else rng.normal(0, 15))
        hours = rng.normal(5.3, 0.5) if short[day] else rng.normal(p.sleep_need_h, 0.7)
        ends.append(_at(day, wake - 20 * short[day]))
        starts.append(on_step(ends[-1] - 60 * float(np.clip(hours, 3.5, 10.5))))
    return Nights(starts, ends)


def _coffee(
    day: int, wake: int, bed: int, heavy: bool, p: Person, s: Scenario, rng: Rng
) -> list[Entry]:
    """Morning and early-afternoon cups; on heavy days big mugs, closer together."""
    times = [on_step(wake + rng.uniform(10, 40))]
    if heavy and rng.random() < 0.85:
        times.append(times[0] + on_step(60 * rng.uniform(1.5, 3)))
    elif rng.random() < 0.55:
        times.append(_at(day, rng.uniform(10 * 60, 11.75 * 60)))
    if rng.random() < (0.6 if heavy else 0.35):
        times.append(_at(day, rng.uniform(13 * 60, 15.5 * 60)))
    cups = [(t, (p.mug_mg if heavy else p.cup_mg) * rng.uniform(0.85, 1.15)) for t in times]
    if s.evening_coffee and rng.random() < 0.08:
        cups.append((_at(day, rng.uniform(18.5 * 60, 20.5 * 60)), p.cup_mg))
    return [
        Entry(t, "caffeine", round(mg), "mg", None, "large coffee" if mg > 160 else "coffee")
        for t, mg in cups
        if wake <= t <= bed - 30
    ]


def _evening(day: int, wake: int, bed: int, p: Person, rng: Rng) -> list[Entry]:
    entries: list[Entry] = []
    friday_saturday = _weekday(day) in (4, 5)
    if rng.random() < min(0.9, p.drink_p * (2.5 if friday_saturday else 1)):
        t = _at(day, rng.uniform(18.5 * 60, 21 * 60))
        for _ in range(1 + rng.binomial(3, 0.35)):
            kind = rng.choice(3, p=[0.45, 0.45, 0.1])
            units, what = [(2.3, "pint of beer"), (2.1, "glass of wine"), (1.0, "whisky")][kind]
            if t < bed - 15:
                entries.append(Entry(t, "alcohol", units, "units", None, what))
            t = on_step(t + rng.uniform(35, 70))
    if rng.random() < p.sex_per_week / 7 * (1.4 if _weekday(day) >= 4 else 0.7):
        length = on_step(rng.uniform(15, 45))
        if rng.random() < 0.85:
            start = _at(day, rng.uniform(20 * 60, 22.5 * 60))
        else:
            start = on_step(wake + rng.uniform(60, 8 * 60))
        start = min(start, bed - 10 - length)
        entries.append(Entry(start, "sexual_activity", length, "min", start + length))
    return entries


def _daytime(day: int, wake: int, bed: int, p: Person, rng: Rng) -> list[Entry]:
    entries = [
        Entry(on_step(rng.uniform(wake + 15, bed - 30)), "water", (200, 250, 500)[glass], "ml")
        for glass in rng.integers(0, 3, 3 + rng.poisson(2))
    ]
    if rng.random() < p.exercise_p:
        slot = rng.choice(3, p=[0.3, 0.25, 0.45])
        if slot == 0:
            start = on_step(wake + rng.uniform(30, 90))
        else:
            low, high = (12, 13.5) if slot == 1 else (17.5, 20)
            start = _at(day, 60 * rng.uniform(low, high))
        end = start + on_step(rng.uniform(20, 75))
        what = str(rng.choice(["run", "cycling", "gym", "swim", "brisk walk"]))
        if wake + 15 <= start and end < bed - 30:
            entries.append(Entry(start, "exercise", int(rng.integers(3, 9)), "rpe", end, what))
    for drug, mg, chance in (("ibuprofen", 400, 0.04), ("paracetamol", 1000, 0.03)):
        if rng.random() < chance:
            t = on_step(rng.uniform(wake + 30, bed - 60))
            entries.append(Entry(t, "medication", mg, "mg", None, drug))
    if p.magnesium and rng.random() < 0.85:
        entries.append(Entry(bed - 30, "supplement", 200, "mg", None, "magnesium glycinate"))
    return entries


def daily_life(
    p: Person, s: Scenario, days: int, rng: Rng
) -> tuple[list[Entry], Nights, NDArray[np.bool_], list[tuple[int, int, float]]]:
    """Exposures that do not answer episodes, the nights, the unlogged bad days, and each
    day's stress rating before any reaction to episodes: (day, minute, rating)."""
    nights = _nights(p, days, rng)
    entries = [
        Entry(a, "sleep", round((b - a) / 60, 2), "h", b)
        for a, b in zip(nights.starts, nights.ends, strict=True)
    ]
    bad = _runs(rng, days + 1, s.bad_day_share, None)
    if s.bad_day_share:
        heavy = rng.random(days + 1) < np.where(bad, 0.85, 0.15)
    else:
        heavy = _runs(rng, days + 1, s.heavy_coffee_share, s.heavy_coffee_run_days)
    stress = []
    for day in range(days):
        wake, bed = nights.ends[day], nights.starts[day + 1]
        entries += _coffee(day, wake, bed, bool(heavy[day]), p, s, rng)
        entries += _evening(day, wake, bed, p, rng) + _daytime(day, wake, bed, p, rng)
        rating = p.stress_mean + 0.8 * (_weekday(day) < 5) + rng.normal(0, 1.2)
        stress.append((day, min(_at(day, 21 * 60), bed - 20), rating))
    return entries, nights, bad, stress
