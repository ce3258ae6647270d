"""The randomisation test: the observed statistic against the same statistic under every schedule
the design could have drawn (the coins of ``schedules.py`` re-drawn, washout days re-made with
them), with the day counts as observed. Under "the change makes no difference" every such
schedule was as likely as the one drawn, so the share at least as extreme is an exact p-value,
whatever the day-to-day correlation or weekly rhythm of the counts.

The statistic is the score of the rate ratio within pairs: for each pair (stratum) s with counted
days in both arms, C_s - N_s * d_change,s / (d_change,s + d_usual,s), summed (C_s the counted
episodes on change days, N_s on all counted days, d the counted days). It is linear in the
counts, U = K @ y, so all re-drawn schedules are one matrix product. Two-sided by doubling the
smaller one-sided p-value (at most 1): with a blocks design the washout days move with the draw, so
the mirror image of a schedule need not give exactly -U, and |U| against |U| could then reach
1/2^pairs; doubled, the smallest p is 2/2^pairs for every design (``schedules.smallest_p``).

Exact when the design has at most ``EXACT_COINS`` coins (every schedule enumerated: p =
share of all 2^coins); otherwise ``DRAWS`` schedules drawn with a fixed seed (p = (1 + hits) /
(1 + draws)), so the same data always give the same p-value.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from twitchwise.experiments.schedules import Bools, Layout

Floats = NDArray[np.float64]

EXACT_COINS = 14
DRAWS = 20_000
DRAW_SEED = 20_260_321


def all_coins(count: int) -> Bools:
    """Every row of ``count`` coins (2^count rows)."""
    rows = np.arange(2**count, dtype=np.int64)[:, None]
    return ((rows >> np.arange(count, dtype=np.int64)) & 1).astype(np.bool_)


def reference_coins(
    shape: Layout, draws: int = DRAWS, seed: int = DRAW_SEED, exact_coins: int = EXACT_COINS
) -> tuple[Bools, bool]:
    """The schedules to compare against, and whether they are all of them (exact)."""
    if shape.coins <= exact_coins or 2**shape.coins <= draws:
        return all_coins(shape.coins), True
    rng = np.random.default_rng(seed)
    return rng.random((draws, shape.coins)) < 0.5, False


def score_weights(shape: Layout, coins: Bools, observed: Bools) -> Floats:
    """K with U = K @ counts, one row per row of coins; ``observed`` marks the days that may be
    counted at all (adherence recorded, within the records)."""
    change, counted = shape.arms(coins)
    counted = counted & observed[None, :]
    on_change = change & counted
    strata = shape.stratum()
    starts = np.flatnonzero(np.r_[True, strata[1:] != strata[:-1]])
    days_change = np.add.reduceat(on_change.astype(np.float64), starts, axis=1)
    days_all = np.add.reduceat(counted.astype(np.float64), starts, axis=1)
    share = np.divide(days_change, days_all, out=np.zeros_like(days_all), where=days_all > 0)
    weights: Floats = on_change - share[:, strata] * counted
    return weights


@lru_cache(maxsize=64)
def _reference(shape: Layout, observed_bits: bytes, draws: int, seed: int) -> tuple[Floats, bool]:
    observed = np.frombuffer(observed_bits, dtype=np.bool_)
    coins, exact = reference_coins(shape, draws, seed)
    return score_weights(shape, coins, observed), exact


def p_value(
    shape: Layout,
    coins: Bools,
    observed: Bools,
    counts: Floats,
    draws: int = DRAWS,
    seed: int = DRAW_SEED,
) -> tuple[float, float]:
    """The two-sided randomisation p-value and the observed score (its sign: the direction,
    negative when change days had fewer episodes than their pairs' usual days)."""
    weights, exact = _reference(shape, observed.tobytes(), draws, seed)
    score = float(score_weights(shape, coins, observed)[0] @ counts)
    scores = weights @ counts
    return float(two_sided(scores[:, None], np.array([score]), exact)[0]), score


def two_sided(scores: Floats, observed_scores: Floats, exact: bool) -> Floats:
    """Per column: twice the smaller share of re-drawn scores at or beyond the observed one."""
    tolerance = 1e-9
    above = np.count_nonzero(scores >= observed_scores[None, :] - tolerance, axis=0)
    below = np.count_nonzero(scores <= observed_scores[None, :] + tolerance, axis=0)
    hits = np.minimum(above, below)
    total = scores.shape[0]
    one_sided = hits / total if exact else (1 + hits) / (1 + total)
    result: Floats = np.minimum(1.0, 2 * one_sided)
    return result


def p_values(weights: Floats, exact: bool, observed_scores: Floats, counts: Floats) -> Floats:
    """Many data sets at once (the power simulation): ``counts`` one row per data set,
    ``observed_scores`` each one's score under its own drawn schedule."""
    return two_sided(weights @ counts.T, observed_scores, exact)  # schedules x data sets
