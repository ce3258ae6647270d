"""The simulated diary world (tests/analysis/world.py) checked on its own terms: reproducible, a
CSV in the documented long format that the product's reader accepts, and planted truths that
its own event times show. None of this uses twitchwise's analysis."""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from datetime import datetime, timedelta

import numpy as np
import pytest

from tests.analysis.world import HEADER, World, simulate
from tests.analysis.world_scenarios import SCENARIOS, STEP_MIN
from twitchwise.imports.readers.csv_long import read_csv

NAMES = {
    "null",
    "null_awake_only",
    "null_clustered",
    "caffeine_200",
    "caffeine_dose",
    "short_sleep_6",
    "sex_evening",
    "reverse_logged",
    "reverse_same_day",
    "bad_day_confounder",
    "streaky_trigger",
}
DOCUMENTED_TYPES = set(
    "episode caffeine alcohol water sleep sexual_activity exercise stress medication supplement "
    "meal".split()
)


def rows(world: World) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(world.csv_text)))


def minute(world: World, moment: datetime | str) -> int:
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return int((when - world.start) // timedelta(minutes=1))


def test_the_scenarios_are_the_ones_named_in_the_issue() -> None:
    assert set(SCENARIOS) == NAMES


def test_a_seed_gives_the_same_diary_and_another_seed_a_different_one() -> None:
    first, again = simulate("caffeine_200", 60, 3), simulate("caffeine_200", 60, 3)
    assert first.csv_text == again.csv_text
    assert first.episode_times == again.episode_times
    assert simulate("caffeine_200", 60, 4).csv_text != first.csv_text


def test_the_csv_has_the_documented_header_types_and_offsets_across_a_dst_change() -> None:
    world = simulate("null", 90, 1)
    table = list(csv.reader(io.StringIO(world.csv_text)))
    assert tuple(table[0]) == HEADER
    assert all(len(row) == len(HEADER) for row in table)
    offsets = {datetime.fromisoformat(row[0]).utcoffset() for row in table[1:]}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # GMT, then BST from 30 March
    kinds = {row[1] for row in table[1:]}
    assert {"episode", "caffeine", "alcohol", "water", "sleep", "exercise", "stress"} <= kinds
    assert kinds <= DOCUMENTED_TYPES
    sleeps = [row for row in table[1:] if row[1] == "sleep"]
    assert all(row[4] and row[2] and row[3] == "h" for row in sleeps)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_the_products_csv_reader_accepts_every_scenarios_diary(name: str) -> None:
    world = simulate(name, 45, 2)
    records = read_csv(io.StringIO(world.csv_text))
    assert len(records) == len(rows(world))
    assert sum(1 for r in rows(world) if r["type"] == "episode") == len(world.episode_times)


def inside_sleep(world: World) -> list[datetime]:
    nights = sorted(
        (minute(world, r["time"]), minute(world, r["end_time"]))
        for r in rows(world)
        if r["type"] == "sleep"
    )
    starts = [a for a, _ in nights]
    inside = []
    for t in world.episode_times:
        k = bisect_right(starts, minute(world, t)) - 1  # the last night that began before t
        if k >= 0 and minute(world, t) < nights[k][1]:
            inside.append(t)
    return inside


def test_awake_only_episodes_never_fall_inside_logged_sleep_though_they_can_elsewhere() -> None:
    assert inside_sleep(simulate("null_awake_only", 365, 5)) == []
    assert inside_sleep(simulate("null", 365, 5))  # the check sees night episodes when they exist


def test_awake_only_coffee_is_daytime_only() -> None:
    world = simulate("null_awake_only", 365, 6)
    hours = {datetime.fromisoformat(r["time"]).hour for r in rows(world) if r["type"] == "caffeine"}
    assert hours and max(hours) < 17


def caffeine_windows(world: World) -> np.ndarray:
    """Steps whose start has the truth's caffeine sum behind it, computed from the CSV rows."""
    effect = world.truth["effects"][0]  # type: ignore[index]
    summed = np.zeros(len(world.baseline_per_step))
    for r in rows(world):
        if r["type"] == "caffeine":
            dose = minute(world, r["time"])
            first = -(-(dose + effect["window_start_h"] * 60) // STEP_MIN)
            last = -(-(dose + effect["window_end_h"] * 60) // STEP_MIN)
            summed[int(first) : int(last)] += float(r["value"])
    return np.asarray(summed >= effect["threshold"])


def test_caffeine_200_episodes_come_three_times_as_often_inside_the_true_windows() -> None:
    world = simulate("caffeine_200", 1095, 11)
    inside = caffeine_windows(world)
    assert np.array_equal(inside, world.effect_multipliers[0] > 1)  # the truth is the generator's
    steps = np.array([minute(world, t) // STEP_MIN for t in world.episode_times])
    hits = np.bincount(steps, minlength=len(inside))
    baseline = world.baseline_per_step  # the hazard without the effect: adjusts for clock time
    ratio = (hits[inside].sum() / baseline[inside].sum()) / (
        hits[~inside].sum() / baseline[~inside].sum()
    )
    assert hits[inside].sum() >= 30
    assert 2.2 < ratio < 4.1  # about two standard errors of the log ratio either side of 3


def test_reverse_logged_drinks_and_stretches_come_2_to_20_minutes_after_episodes() -> None:
    world = simulate("reverse_logged", 180, 7)
    assert {kind for kind, _, _ in world.responses} == {"water", "exercise"}
    logged = {(r["type"], minute(world, r["time"])) for r in rows(world)}
    for kind, at, episode in world.responses:
        assert episode in world.episode_times
        assert timedelta(minutes=2) <= at - episode <= timedelta(minutes=20)
        assert (kind, minute(world, at)) in logged


def test_reverse_same_day_raises_stress_only_after_episodes_that_day() -> None:
    plain, reverse = simulate("null", 120, 8), simulate("reverse_same_day", 120, 8)
    assert plain.episode_times == reverse.episode_times  # same seed, same person, same episodes
    before, after = (
        [(r["time"], int(r["value"])) for r in rows(world) if r["type"] == "stress"]
        for world in (plain, reverse)
    )
    raised = [(b[0], b[1] - a[1]) for a, b in zip(before, after, strict=True) if b != a]
    assert len(raised) >= 10
    for rated, rise in raised:
        when = datetime.fromisoformat(rated)
        assert rise > 0
        assert any(t.date() == when.date() and t < when for t in reverse.episode_times)


@pytest.mark.parametrize("seed", range(4))
def test_a_year_holds_roughly_a_tenth_to_half_an_episode_a_day(seed: int) -> None:
    world = simulate("null", 365, seed)
    assert 0.08 < len(world.episode_times) / 365 < 0.6
