"""Judging the trigger analysis on the simulated world (tests/analysis/world.py), whose truth is
written apart from the candidates: its own thresholds, windows measured from the dose to the
minute, a clock-step hazard, streaky sleep, clustered episodes, entries logged because of
episodes and unlogged bad days. Shared by benchmarks/triggers_validity.py and the slow test.

What is counted for one diary (``judge``):

* ``flag``: any finding a person sees as a claim, "likely trigger" or "possible protector"
  (including one raised by a dose-response); ``cannot_tell`` and ``not_clear`` are counted apart.
* per planted trigger: found ("likely trigger" on the candidate, by threshold or dose), and
  whether the 95% interval holds the true ratio (with the matching definition) and the
  pseudo-true ratio (what our model converges to on this diary: the same model fitted to the
  world's expected episode counts per hour instead of the episodes, ``pseudo_true``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tests.analysis.world import World, simulate
from tests.analysis.world_scenarios import STEP_MIN, TIME_ZONE
from twitchwise.analysis import Diary, analyse, clr
from twitchwise.analysis.grid import HOUR, hour_grid, logged_days, onsets
from twitchwise.analysis.series import Candidate, EntryIndex, daily, hourly
from twitchwise.analysis.testing import Model
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.triggers import FLAGS, TriggerReport, TriggerStatus
from twitchwise.imports.readers.csv_long import read_csv
from twitchwise.knowledge import load_knowledge
from twitchwise.knowledge.model import TriggerDefinition

PRODUCT = load_knowledge().triggers
BY_ID = {d.id: d for d in PRODUCT}
# Definitions that match the world's truth as closely as whole hours allow (the benchmark's "with
# a matching threshold"); each replaces the product's own candidate for that exposure.
MATCHING = {
    "caffeine_6h": BY_ID["caffeine_6h"].model_copy(
        update={"id": "caffeine_200_4h", "above": 199.5, "window_hours": 4.0}
    ),
    "short_sleep": BY_ID["short_sleep"].model_copy(
        update={"id": "short_sleep_6_16h", "below": 6.0, "window_hours": 16.0}
    ),
}
NULLS = ("null", "null_awake_only", "null_clustered", "bad_day_confounder")
REVERSE = {  # the candidates the world's entries answer episodes through, never cause them
    "reverse_logged": ("exercise_3h", "low_water_day"),
    "reverse_same_day": ("high_stress_day", "alcohol_12h", "alcohol_day"),
}
PLANTED = {  # scenario: (candidate, the truth's ratio, or None for a dose-response)
    "caffeine_200": ("caffeine_6h", 3.0),
    "streaky_trigger": ("caffeine_6h", 3.0),
    "caffeine_dose": ("caffeine_6h", None),
    "short_sleep_6": ("short_sleep", 2.0),
    "sex_evening": ("sex_3h", 2.5),
}


def diary_of(world: World) -> Diary:
    """The world's CSV read back by the product's own reader."""
    records = read_csv(io.StringIO(world.csv_text))
    episodes = [r.entry for r in records if isinstance(r.entry, LoggedEpisode)]
    exposures = [r.entry for r in records if not isinstance(r.entry, LoggedEpisode)]
    return Diary(episodes, exposures, [], TIME_ZONE)  # type: ignore[arg-type]


def definitions(matching: str | None = None) -> list[TriggerDefinition]:
    if matching is None:
        return list(PRODUCT)
    return [MATCHING[matching] if d.id == matching else d for d in PRODUCT]


def pseudo_true(world: World, diary: Diary, definition: TriggerDefinition) -> float | None:
    """The rate ratio our model converges to for this diary's exposures: the model fitted, without
    the penalty, to the world's expected episodes per hour (baseline x planted effects)."""
    grid = hour_grid(diary, logged_days(diary), onsets(diary.episodes))
    hazard = world.baseline_per_step * np.prod(world.effect_multipliers, axis=0)
    step_hour = (world.start.timestamp() + np.arange(hazard.shape[0]) * STEP_MIN * 60) // HOUR
    hours, inverse = np.unique(step_hour.astype(np.int64), return_inverse=True)
    per_hour = np.bincount(inverse, hazard)
    position = np.clip(np.searchsorted(hours, grid.hour), 0, hours.shape[0] - 1)
    expected = np.where(hours[position] == grid.hour, per_hour[position], 0.0)
    candidate = Candidate(definition)
    index = EntryIndex(diary)
    if definition.scale == "hourly":
        series = hourly(candidate, index, grid)
    else:
        series = daily(candidate, diary, index, grid)
    strata = grid.day if definition.strata == "day" else grid.block
    model = Model(expected, strata, grid.nuisance())
    rows = series.observed & (expected > 0)
    design = model.design(rows, series.exposed.astype(np.float64))
    mask = design.estimable()
    if not mask[0]:
        return None
    try:
        return float(np.exp(clr.fit(design.subset(mask), firth=False).beta[0]))
    except clr.FitError:
        return None


@dataclass
class Judged:
    scenario: str
    days: int
    seed: int
    episodes: int
    flag: bool
    cannot_tell: bool
    not_clear: bool
    flagged_ids: list[str] = field(default_factory=list)
    found: bool | None = None  # the planted trigger, our definitions
    found_matching: bool | None = None  # the planted trigger, the matching definition
    covers_true: bool | None = None  # matching definition's interval holds the planted ratio
    covers_pseudo: bool | None = None  # our definition's interval holds its pseudo-true ratio
    covers_pseudo_matching: bool | None = None
    reverse_flagged: bool | None = None


def _flags(report: TriggerReport) -> tuple[bool, bool, bool, list[str]]:
    flagged = [f.id for f in report.findings if f.status in FLAGS]
    cannot = any(f.status is TriggerStatus.CANNOT_TELL for f in report.findings)
    unclear = any(f.summary.startswith("Not clear after checking") for f in report.findings)
    return bool(flagged), cannot, unclear, flagged


def _covers(report: TriggerReport, candidate: str, value: float | None) -> bool | None:
    finding = next((f for f in report.findings if f.id == candidate), None)
    if finding is None or finding.rate_ratio is None or value is None:
        return None
    low = finding.ci_low if finding.ci_low is not None else 0.0
    high = finding.ci_high if finding.ci_high is not None else float("inf")
    return bool(low <= value <= high)


def _found(report: TriggerReport, candidate: str) -> bool:
    return any(
        f.id == candidate and f.status is TriggerStatus.LIKELY_TRIGGER for f in report.findings
    )


def judge(scenario: str, days: int, seed: int) -> Judged:
    world = simulate(scenario, days, seed)
    diary = diary_of(world)
    report = analyse(diary, PRODUCT)
    flag, cannot, unclear, flagged = _flags(report)
    judged = Judged(scenario, days, seed, report.episodes, flag, cannot, unclear, flagged)
    if scenario in REVERSE:
        judged.reverse_flagged = any(i in REVERSE[scenario] for i in flagged)
    if scenario in PLANTED:
        candidate, ratio = PLANTED[scenario]
        judged.found = _found(report, candidate)
        judged.covers_pseudo = _covers(
            report, candidate, pseudo_true(world, diary, BY_ID[candidate])
        )
        if candidate in MATCHING:
            matching = MATCHING[candidate]
            other = analyse(diary, definitions(candidate))
            judged.found_matching = _found(other, matching.id)
            judged.covers_true = _covers(other, matching.id, ratio)
            judged.covers_pseudo_matching = _covers(
                other, matching.id, pseudo_true(world, diary, matching)
            )
    return judged


def share(values: Sequence[bool | None]) -> tuple[float, int]:
    """The share of True among the judged (None: not applicable, e.g. no interval), and how many."""
    known = [v for v in values if v is not None]
    return (sum(known) / len(known) if known else float("nan")), len(known)
