"""A simulated person's symptom diary, written independently of twitchwise's trigger analysis.

The world runs in real time on 5-minute steps, in Europe/London (so diaries cross DST changes),
from local midnight of Monday 3 March 2025. Its person sleeps in nights with streaks of short
sleep, drinks coffee in the morning and early afternoon (60-110 mg cups; 190-300 mg mugs on the
30% "heavy" days), drinks alcohol and has sex mostly in the evening, exercises at varying hours,
drinks water, rates stress each evening and takes the odd tablet. A seed fixes the person, their
baseline and their days wherever a scenario does not change them (reverse_same_day has the
episodes of null, for one). Episodes arrive with a baseline hazard that has a local clock step
(x0.3 at 23-07, x1.4 at 19-23), is x0.1 inside logged sleep, has a weekly rhythm, a slow drift
and a daily frailty, and is scaled per person to 0.12-0.4 episodes a day. Planted effects
multiply it in windows that open after the exposure. What is true in each scenario:

* ``null``: nothing has any effect; only the clock-time structure above.
* ``null_awake_only``: nothing has any effect; no episode inside logged sleep, no evening coffee.
* ``null_clustered``: nothing has any effect; each episode sets off on average 0.6 more (10 min
  plus an exponential delay with mean 90 min, not inside sleep).
* ``caffeine_200``: rate x3 while the caffeine taken 4 h to 30 min before adds up to >= 200 mg.
* ``caffeine_dose``: rate x1.4 per 100 mg taken 4 h to 30 min before, no threshold.
* ``short_sleep_6``: rate x2 in the 16 h after waking from a night shorter than 6 h.
* ``sex_evening``: rate x2.5 in the 3 h after sex ends; sex is mostly late in the evening.
* ``reverse_logged``: nothing has any effect; half the episodes while awake are followed 2-20
  min later by a logged glass of water (two in three) or a 5-minute calf stretch as exercise.
* ``reverse_same_day``: nothing has any effect; the evening stress rating is 2 higher (3 with two
  or more episodes) on days with episodes, and 40% of daytime episodes get a drink 1-3 h later.
* ``bad_day_confounder``: nothing has any effect; on unlogged bad days (25%) the rate is x2.5
  all day and coffee is heavy with probability 0.85 instead of 0.15.
* ``streaky_trigger``: caffeine_200 with heavy-coffee days in runs (mean 6 days).

``python -m tests.analysis.world caffeine_200 1095 7``, run from the checkout, prints a summary.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from tests.analysis.world_scenarios import (
    DAILY_FRAILTY_VARIANCE,
    EVENING_FACTOR,
    FIRST_DAY,
    NIGHT_CLOCK_FACTOR,
    SLEEP_FACTOR,
    START,
    STEP_MIN,
    TIME_ZONE,
    WEEKDAY_FACTOR,
    WEEKEND_FACTOR,
    Effect,
    Entry,
    Nights,
    Person,
    Rng,
    Scenario,
    daily_life,
    make_person,
    on_step,
    scenario_named,
)

Floats = NDArray[np.float64]
HEADER = ("time", "type", "value", "unit", "end_time", "detail")


@dataclass(frozen=True)
class World:
    scenario: Scenario
    days: int
    seed: int
    csv_text: str
    truth: dict[str, object]
    episode_times: tuple[datetime, ...]
    start: datetime  # the UTC instant of step 0, local midnight of FIRST_DAY
    baseline_per_step: Floats  # expected episodes per step without planted effects or clusters
    effect_multipliers: tuple[Floats, ...]  # per planted effect, its factor on each step
    responses: tuple[tuple[str, datetime, datetime], ...]  # (type, logged at, episode answered)


def _offset_min(hour: int) -> int:
    offset = (START + timedelta(hours=hour)).astimezone(TIME_ZONE).utcoffset()
    return 0 if offset is None else offset // timedelta(minutes=1)


def _wall_minutes(steps: int) -> NDArray[np.int64]:
    """Local wall-clock minutes since FIRST_DAY 00:00 at each step (offsets change on the hour)."""
    offsets = np.array([_offset_min(h) for h in range(steps * STEP_MIN // 60 + 1)])
    minute = np.arange(steps, dtype=np.int64) * STEP_MIN
    return np.asarray(minute + offsets[minute // 60] - offsets[0], dtype=np.int64)


def _asleep(nights: Nights, steps: int) -> NDArray[np.bool_]:
    """Steps whose start lies inside a logged night."""
    edges = np.zeros(steps + 1)
    for start, end in zip(nights.starts, nights.ends, strict=True):
        edges[min(steps, max(0, -(-start // STEP_MIN)))] += 1
        edges[min(steps, max(0, -(-end // STEP_MIN)))] -= 1
    return np.asarray(np.cumsum(edges)[:steps] > 0)


def _baseline(
    p: Person, s: Scenario, asleep: NDArray[np.bool_], bad: NDArray[np.bool_], rng: Rng
) -> Floats:
    steps = len(asleep)
    wall = _wall_minutes(steps)
    day, hour = wall // 1440, (wall % 1440) / 60
    clock = np.where((hour < 7) | (hour >= 23), NIGHT_CLOCK_FACTOR, 1.0)
    clock = np.where((hour >= 19) & (hour < 23), EVENING_FACTOR, clock)
    weekly = np.where((FIRST_DAY.weekday() + day) % 7 >= 5, WEEKEND_FACTOR, WEEKDAY_FACTOR)
    shape = 1 / DAILY_FRAILTY_VARIANCE
    frailty = rng.gamma(shape, 1 / shape, int(day.max()) + 1)[day]
    years = np.arange(steps) * STEP_MIN / (365.25 * 1440)
    drift = np.exp(0.2 * np.sin(2 * np.pi * years + p.wave_phase) + p.trend_per_year * years)
    sleep = np.where(asleep, 0.0 if s.awake_only else SLEEP_FACTOR, 1.0)
    hazard = clock * weekly * frailty * drift * sleep * np.where(bad[day], s.bad_day_ratio, 1.0)
    # Clusters add about offspring_per_episode / (1 - it) per episode; scale so totals stay.
    per_day = p.episodes_per_day * (1 - s.offspring_per_episode)
    return np.asarray(hazard * per_day * STEP_MIN / 1440 / hazard.mean(), dtype=np.float64)


def _multiplier(effect: Effect, entries: list[Entry], steps: int) -> Floats:
    chosen = [e for e in entries if e.type == effect.exposure]
    lo = round(effect.window_start_h * 60 / STEP_MIN)
    hi = round(effect.window_end_h * 60 / STEP_MIN)
    ratio = effect.rate_ratio or 1.0
    if effect.aggregation == "sum":  # doses sit on step starts
        doses = np.zeros(steps)
        for e in chosen:
            if e.minute // STEP_MIN < steps:
                doses[e.minute // STEP_MIN] += e.value or 0.0
        summed = np.zeros(steps)
        summed[lo:] = np.convolve(doses, np.ones(hi - lo))[: steps - lo]
        if effect.ratio_per_100 is not None:
            return np.asarray(effect.ratio_per_100 ** (summed / 100), dtype=np.float64)
        return np.where(summed >= (effect.threshold or 0.0) - 1e-9, ratio, 1.0)
    edges = np.zeros(steps + 1)
    for e in chosen:
        if effect.threshold is not None:
            below = (e.value or 0.0) < effect.threshold
            if below != (effect.comparison == "below"):
                continue
        anchor = -(-(e.minute if effect.anchor == "start" else e.end or e.minute) // STEP_MIN)
        edges[min(steps, max(0, anchor + lo))] += 1
        edges[min(steps, max(0, anchor + hi))] -= 1
    return np.where(np.cumsum(edges)[:steps] > 0, ratio, 1.0)


def _episodes(s: Scenario, hazard: Floats, asleep: NDArray[np.bool_], rng: Rng) -> list[int]:
    steps = len(hazard)
    hit = np.flatnonzero(rng.random(steps) < -np.expm1(-hazard))
    times = [int(t) for t in hit * STEP_MIN + rng.integers(0, STEP_MIN, len(hit))]
    parents = list(times)
    while parents and s.offspring_per_episode:  # a branching process: clusters within hours
        parent = parents.pop()
        for _ in range(rng.poisson(s.offspring_per_episode)):
            low, mean = s.offspring_delay_min
            child = int(parent + low + rng.exponential(mean))
            if child < steps * STEP_MIN and not asleep[child // STEP_MIN]:
                times.append(child)
                parents.append(child)
    return sorted(times)


def _responses(
    s: Scenario, episodes: list[int], nights: Nights, rng: Rng
) -> list[tuple[Entry, int]]:
    """Entries the person logs because of an episode, with that episode; none causes anything."""
    answers: list[tuple[Entry, int]] = []
    for t in episodes:
        bed = nights.bed_after(t)
        if bed is None:
            continue
        if rng.random() < s.logged_response_share:
            later = t + int(rng.integers(2, 21))
            if rng.random() < 0.67:
                answers.append((Entry(later, "water", 250, "ml"), t))
            else:
                answers.append((Entry(later, "exercise", 5, "min", later + 5, "calf stretch"), t))
        hour = (START + timedelta(minutes=t)).astimezone(TIME_ZONE).hour
        if 10 <= hour < 21 and rng.random() < s.drink_response_share:
            later = on_step(t + rng.uniform(60, 180))
            if later < bed - 15:
                answers.append((Entry(later, "alcohol", 2.1, "units", None, "glass of wine"), t))
    return answers


def _stress(
    s: Scenario, ratings: list[tuple[int, int, float]], episodes: list[int], nights: Nights
) -> list[Entry]:
    """The evening rating; under reverse causation it rises with the day's episodes so far."""
    entries = []
    for day, minute, rating in ratings:
        seen = bisect_left(episodes, minute) - bisect_left(episodes, nights.ends[day])
        if seen and s.stress_after_episodes:
            rating += s.stress_after_episodes + (seen >= 2)
        entries.append(Entry(minute, "stress", int(np.clip(round(rating), 0, 10)), "0-10"))
    return entries


def _episode_entries(
    p: Person, episodes: list[int], asleep: NDArray[np.bool_], rng: Rng
) -> list[Entry]:
    entries = []
    for t in episodes:
        cramp = asleep[t // STEP_MIN] or rng.random() < 0.15  # cramps wake people at night
        minutes = int(rng.integers(1, 5)) if cramp else int(rng.integers(1, 9))
        entries.append(
            Entry(t, "episode", minutes, "min", None, f"{p.site} {'cramp' if cramp else 'twitch'}")
        )
    return entries


def _local(minute: int) -> datetime:
    return (START + timedelta(minutes=minute)).astimezone(TIME_ZONE)


def _csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for e in sorted(entries, key=lambda e: (e.minute, e.type, e.detail)):
        end = "" if e.end is None else _local(e.end).isoformat(timespec="seconds")
        value = "" if e.value is None else f"{e.value:g}"
        writer.writerow(
            [_local(e.minute).isoformat(timespec="seconds"), e.type, value, e.unit, end, e.detail]
        )
    return out.getvalue()


def simulate(scenario: str | Scenario, days: int, seed: int) -> World:
    """``days`` days of one person's diary; a seed gives the same person in every scenario."""
    s = scenario_named(scenario)
    person = make_person(np.random.default_rng([seed, 0]))
    entries, nights, bad, ratings = daily_life(person, s, days, np.random.default_rng([seed, 1]))
    asleep = _asleep(nights, nights.ends[-1] // STEP_MIN)  # the diary ends at the last wake-up
    baseline = _baseline(person, s, asleep, bad, np.random.default_rng([seed, 2]))
    multipliers = tuple(_multiplier(effect, entries, len(asleep)) for effect in s.effects)
    hazard = baseline * np.prod(multipliers, axis=0) if multipliers else baseline
    episodes = _episodes(s, hazard, asleep, np.random.default_rng([seed, 3]))
    answers = _responses(s, episodes, nights, np.random.default_rng([seed, 4]))
    entries += [e for e, _ in answers] + _stress(s, ratings, episodes, nights)
    entries += _episode_entries(person, episodes, asleep, np.random.default_rng([seed, 5]))
    truth = s.describe() | {
        "time_zone": str(TIME_ZONE),
        "step_minutes": STEP_MIN,
        "window_rule": "a moment is inside when anchor + window_start_h <= it < anchor + "
        "window_end_h; the hazard is constant on steps, judged at each step's start",
        "diary_start": START.astimezone(TIME_ZONE).isoformat(),
        "baseline_episodes_per_day": round(person.episodes_per_day, 3),
    }
    return World(
        scenario=s,
        days=days,
        seed=seed,
        csv_text=_csv(entries),
        truth=truth,
        episode_times=tuple(_local(t) for t in episodes),
        start=START,
        baseline_per_step=baseline,
        effect_multipliers=multipliers,
        responses=tuple((e.type, _local(e.minute), _local(t)) for e, t in answers),
    )


def realised_ratio(world: World, effect: int) -> float:
    """The rate ratio this world's episodes show for a planted effect, against the true baseline:
    per 100 mg for a dose-response, inside against outside the windows otherwise (Poisson fit)."""
    factor = world.effect_multipliers[effect]
    ratio = (
        world.scenario.effects[effect].ratio_per_100 or world.scenario.effects[effect].rate_ratio
    )
    x = np.log(factor) / np.log(ratio or 2.0)
    y = np.zeros(len(factor))
    for t in world.episode_times:
        step = int((t - world.start).total_seconds() // 60) // STEP_MIN
        y[step] += 1
    beta = np.zeros(2)
    design = np.column_stack([np.ones(len(x)), x])
    for _ in range(50):  # Newton on the Poisson log-likelihood with log(baseline) as offset
        mu = world.baseline_per_step * np.exp(design @ beta)
        beta += np.linalg.solve(design.T @ (design * mu[:, None]), design.T @ (y - mu))
    return float(np.exp(beta[1]))


def summary(world: World) -> str:
    """Episodes, entries by type, responses, realised ratios and the truth, for reading."""
    count = len(world.episode_times)
    types = Counter(row["type"] for row in csv.DictReader(io.StringIO(world.csv_text)))
    gaps = np.diff([t.timestamp() for t in world.episode_times]) / 3600
    lines = [
        f"{world.scenario.name}: {world.days} days, seed {world.seed}",
        f"episodes: {count} ({count / world.days:.3f} a day), "
        f"{np.mean(gaps < 3) if count > 1 else 0:.0%} within 3 h of the one before",
        f"entries by type: {dict(sorted(types.items()))}",
        f"logged because of episodes: {dict(Counter(r[0] for r in world.responses))}",
    ]
    for index, effect in enumerate(world.scenario.effects):
        how = "per 100 mg" if effect.ratio_per_100 else "inside vs outside the windows"
        lines.append(f"realised ratio, {effect.exposure} {how}: {realised_ratio(world, index):.2f}")
    return "\n".join([*lines, json.dumps(world.truth, indent=2), ""])


if __name__ == "__main__":
    given = sys.argv[1:4]
    name, days, seed = given + ["caffeine_200", "1095", "1"][len(given) :]
    sys.stdout.write(summary(simulate(name, int(days), int(seed))))
