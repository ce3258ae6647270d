"""The case-crossover rows of one candidate, as CSV, for anyone who wants to refit them elsewhere
(tests/analysis/test_r_crosscheck.py fits them with R's survival::clogit): one row per at-risk
hour that the model uses, with its stratum, clock hour, logged sleep, exposure and episodes."""

from __future__ import annotations

import csv
import io

import numpy as np

from twitchwise.analysis.grid import Diary, hour_grid, logged_days, onsets
from twitchwise.analysis.series import Candidate, EntryIndex, daily, hourly
from twitchwise.analysis.testing import Model
from twitchwise.knowledge.model import TriggerDefinition

COLUMNS = ("stratum", "clock_hour", "asleep", "exposed", "episodes")


def case_crossover_rows(diary: Diary, definition: TriggerDefinition) -> str:
    """CSV of the rows the threshold model of ``definition`` is fitted on (strata with no episode
    and clock hours with none are left out, as in the analysis); never merged, one per hour."""
    grid = hour_grid(diary, logged_days(diary), onsets(diary.episodes))
    candidate = Candidate(definition)
    index = EntryIndex(diary)
    if definition.scale == "hourly":
        series = hourly(candidate, index, grid)
    else:
        series = daily(candidate, diary, index, grid)
    strata = grid.day if definition.strata == "day" else grid.block
    design = Model(grid.y, strata, grid.nuisance()).design(
        series.observed, series.exposed.astype(np.float64)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    level = design.level if design.level is not None else np.zeros(design.y.shape[0], np.intp)
    for row in range(design.y.shape[0]):
        writer.writerow(
            [
                int(design.segment[row]),
                int(level[row]),
                int(design.X[row, 1]),
                int(design.X[row, 0]),
                int(design.y[row]),
            ]
        )
    return out.getvalue()
