"""The schedules an experiment can draw, and whether a design can give a verdict at all.

Both designs are made of *pairs*: two units side by side, one on the change and one as usual, the
order of each pair drawn by a fair coin. The pairs are the strata of the analysis, and re-drawing
the coins is the randomisation test (``randomisation.py``).

- **Days** (``DesignKind.DAYS``): a unit is one day. Days 1-2 are a pair, days 3-4 the next, and
  so on, so every two days hold one change day and one usual day, and no arm runs for more than
  two days (nof1kit's "max run 2", balanced in every pair). A length with an odd number of days
  (an odd number of weeks) ends with one day drawn alone; it is followed and counted, but as it
  has no partner it adds nothing to the comparison.
- **Blocks** (``DesignKind.BLOCKS``): a unit is ``block_days`` days, so a pair is
  ``2 * block_days`` days and the length must be a whole number of pairs. The first
  ``washout_days`` of a block are a washout (followed, not counted) when the block's arm differs
  from the one before it; the days before the start count as usual, so a first block on the
  change starts with a washout and a first block as usual does not. Which days are washout thus
  depends on the draw, and the test re-draws it with them.

The draw: ``random.Random(seed).random() < 0.5`` for each pair in turn puts the change first.
``random()`` on an integer seed is the one part of Python's ``random`` guaranteed to give the same
sequence across versions, so a schedule is re-made exactly, on any machine, from its design,
start, length and seed.

A design can reach p < alpha only if its smallest possible two-sided p-value, 2 / 2^pairs, is
below alpha: at a 5% level 6 pairs are needed, so "2 weeks each, ABAB" (2 pairs) never can.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from twitchwise.domain.experiments import Arm, DesignKind, Schedule, ScheduledDay

Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Layout:
    """The shape of a design's schedules: ``pairs`` pairs of two units of ``unit_days`` days,
    then ``tail_days`` days drawn alone (days design, odd length)."""

    design: DesignKind
    unit_days: int
    washout_days: int
    pairs: int
    tail_days: int

    @property
    def days(self) -> int:
        return 2 * self.pairs * self.unit_days + self.tail_days

    @property
    def coins(self) -> int:
        """Fair coins drawn: one per pair, one for the lone day at the end."""
        return self.pairs + (1 if self.tail_days else 0)

    def stratum(self) -> NDArray[np.intp]:
        """Each day's pair number; the lone end day is a stratum of its own."""
        return (np.arange(self.days) // (2 * self.unit_days)).astype(np.intp)

    def arms(self, coins: Bools) -> tuple[Bools, Bools]:
        """For each row of coins (True: the pair starts with the change), each day's arm
        (True: change) and whether it is counted (False: a washout day)."""
        coins = np.atleast_2d(coins)
        first = np.repeat(coins[:, : self.pairs], 2, axis=1)
        first[:, 1::2] = ~first[:, 1::2]  # the second unit of a pair takes the other arm
        units = np.concatenate([first, coins[:, self.pairs :]], axis=1)
        change = np.repeat(units, self.unit_days, axis=1)[:, : self.days]
        counted = np.ones_like(change)
        if self.washout_days:
            before = np.concatenate([np.zeros_like(units[:, :1]), units[:, :-1]], axis=1)
            switched = units != before
            for offset in range(self.washout_days):
                counted[:, offset :: self.unit_days] &= ~switched
        return change, counted


def layout(design: DesignKind, weeks: int, block_days: int = 7, washout_days: int = 2) -> Layout:
    """The design's layout, or ValueError in plain words if this length cannot be made."""
    if weeks < 1:
        raise ValueError("an experiment needs at least one week")
    days = 7 * weeks
    if design is DesignKind.DAYS:
        return Layout(design, 1, 0, days // 2, days % 2)
    if block_days < 1 or not 0 <= washout_days < block_days:
        raise ValueError("a block must be longer than its washout")
    if days % (2 * block_days):
        raise ValueError(
            f"blocks of {block_days} days come in pairs: the length must be a multiple of "
            f"{2 * block_days} days"
        )
    return Layout(design, block_days, washout_days, days // (2 * block_days), 0)


def draw_coins(seed: int, count: int) -> Bools:
    # Not a secret: the seed is chosen by the app and kept with the experiment; this replays it.
    rng = random.Random(seed)  # noqa: S311
    return np.array([rng.random() < 0.5 for _ in range(count)], dtype=np.bool_)


def make_schedule(
    design: DesignKind,
    start: date,
    weeks: int,
    seed: int,
    block_days: int = 7,
    washout_days: int = 2,
) -> Schedule:
    """The schedule drawn by ``seed`` (see the module docstring); ValueError if the length does
    not split into whole pairs of blocks."""
    shape = layout(design, weeks, block_days, washout_days)
    change, counted = shape.arms(draw_coins(seed, shape.coins))
    days = tuple(
        ScheduledDay(
            start + timedelta(days=index),
            Arm.CHANGE if change[0, index] else Arm.USUAL,
            washout=not counted[0, index],
        )
        for index in range(shape.days)
    )
    return Schedule(
        design=design,
        start=start,
        weeks=weeks,
        seed=seed,
        block_days=shape.unit_days,
        washout_days=shape.washout_days,
        days=days,
    )


def smallest_p(pairs: int) -> float:
    """The smallest two-sided p-value a randomisation test over ``pairs`` coins can give."""
    return 1.0 if pairs < 1 else 2.0 ** (1 - pairs)


def can_reach(
    design: DesignKind,
    weeks: int,
    block_days: int = 7,
    washout_days: int = 2,
    alpha: float = 0.05,
) -> bool:
    """Whether this design at this length can give p < alpha at all (False too if the length
    cannot be made: blocks that do not fill whole pairs)."""
    try:
        shape = layout(design, weeks, block_days, washout_days)
    except ValueError:
        return False
    return smallest_p(shape.pairs) < alpha
