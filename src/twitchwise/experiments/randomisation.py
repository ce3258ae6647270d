"""The randomisation test: the observed statistic against the same statistic under every schedule
the design could have drawn (the coins of ``schedules.py`` re-drawn, washout days re-made with
them), with the day counts as observed. Under "the change makes no difference" every such
schedule was as likely as the one drawn, so the share at least as extreme is an exact p-value,
whatever the day-to-day correlation or weekly rhythm of the counts.

The statistic is a sum over pairs (strata) of each pair's log rate ratio, change days against
usual days. For a pair with C counted episodes on d_c counted change days and U on d_u usual
days, w = d_c / (d_c + d_u) its change days' share:

    log((C + w) / (U + 1 - w)) - log(w / (1 - w)),

the log of the pair's observed odds of an episode falling on a change day over the odds its days
give, with one episode's worth of pseudo-count split between the arms by their days (so a pair of
single days with counts C and U adds log((C + 1/2) / (U + 1/2)), and a pair without an episode adds
0). Pairs without counted days in both arms add 0.

Why not the score (the sum of C - (C + U) w, linear in the counts, the statistic first used): the
counts are small whole numbers, so the score ties across many schedules, and an exact test of a
statistic with many ties rejects less often than its level: 1.8-4.7% at a 5% level across the
offered designs in ``benchmarks/experiment_designs.py``, with power lost with it. Pairs with the
same difference but different totals ((3, 2) and (1, 0)) give different log ratios, so the
statistic's reference distribution has far fewer ties and the test comes closer to its level
(2.4-5.6%, 13 of 18 cells within 4-6% against 4 for the score), with power for a halving within
-7 to +3 points; a pair with many episodes on a bad day also counts for less than with the
score. Any statistic chosen before the data keeps the test
exact; this one was chosen in that benchmark, on simulated diaries, before it was used on any
person's.

Two-sided by doubling the smaller one-sided p-value (at most 1): with a blocks design the washout
days move with the draw, so the mirror image of a schedule need not give exactly -T; doubled, the
smallest p is 2/2^pairs for every design (``schedules.smallest_p``).

Exact when the design has at most ``EXACT_COINS`` coins (every schedule enumerated: p = share of
all 2^coins); otherwise ``DRAWS`` schedules drawn with a fixed seed (p = (1 + hits) / (1 +
draws)), so the same data always give the same p-value.

Computing it: a pair's term depends on the counts of its own days and on how the schedule lays
them (which are change days, which are counted), and a design lays a pair's days in only a few
ways (two for randomised days; up to four for blocks, whose first block's washout depends on the
pair before). ``Laid`` keeps those ways and which one each schedule used, so the terms are
worked out once per way and every schedule's statistic is one matrix product.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

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


@dataclass(frozen=True)
class Laid:
    """How rows of coins lay each pair's days. Every distinct way a pair's days are laid is one
    *laying* (a row of ``change`` and of ``usual``: the pair's counted change days and counted
    usual days, over all the design's days); ``used`` has a 1 where a row of coins uses a laying,
    one per pair in each row."""

    change: Floats
    usual: Floats
    used: Floats

    @classmethod
    def of(cls, shape: Layout, coins: Bools, observed: Bools) -> Laid:
        """``observed`` marks the days that may be counted at all (adherence recorded, within
        the records)."""
        change, counted = shape.arms(coins)
        counted = counted & observed[None, :]
        strata = shape.stratum()
        edges = [*np.flatnonzero(np.r_[True, strata[1:] != strata[:-1]]), shape.days]
        changes, usuals, used = [], [], []
        for start, end in pairwise(edges):
            both = np.concatenate([change[:, start:end], counted[:, start:end]], axis=1)
            packed = np.ascontiguousarray(np.packbits(both, axis=1))
            keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
            _, first, which = np.unique(keys, return_index=True, return_inverse=True)
            on_change = np.zeros((first.size, shape.days), dtype=np.bool_)
            on_usual = np.zeros_like(on_change)
            on_change[:, start:end] = change[first, start:end] & counted[first, start:end]
            on_usual[:, start:end] = ~change[first, start:end] & counted[first, start:end]
            changes.append(on_change)
            usuals.append(on_usual)
            used.append(np.eye(first.size, dtype=np.float64)[which.ravel()])
        return cls(
            np.concatenate(changes).astype(np.float64),
            np.concatenate(usuals).astype(np.float64),
            np.concatenate(used, axis=1),
        )

    def terms(self, counts: Floats) -> Floats:
        """Each laying's term, for each row of counts (count rows x layings)."""
        episodes_change = counts @ self.change.T
        episodes_usual = counts @ self.usual.T
        days_change = self.change.sum(axis=1)
        days_usual = self.usual.sum(axis=1)
        informative = (days_change > 0) & (days_usual > 0)
        share = np.where(informative, days_change / np.maximum(days_change + days_usual, 1), 0.5)
        odds = (episodes_change + share) / (episodes_usual + 1 - share) * ((1 - share) / share)
        result: Floats = np.log(np.where(informative, odds, 1.0))  # one log: the costly part
        return result

    def statistics(self, counts: Floats) -> Floats:
        """The statistic of every row of coins for every row of counts (coin rows x count
        rows)."""
        result: Floats = self.used @ self.terms(counts).T
        return result

    def own_statistics(self, counts: Floats) -> Floats:
        """Row i's statistic on row i of counts (each simulated data set on its own schedule)."""
        result: Floats = np.sum(self.used * self.terms(counts), axis=1)
        return result


@lru_cache(maxsize=64)
def _reference(shape: Layout, observed_bits: bytes, draws: int, seed: int) -> tuple[Laid, bool]:
    observed = np.frombuffer(observed_bits, dtype=np.bool_)
    coins, exact = reference_coins(shape, draws, seed)
    return Laid.of(shape, coins, observed), exact


def p_value(
    shape: Layout,
    coins: Bools,
    observed: Bools,
    counts: Floats,
    draws: int = DRAWS,
    seed: int = DRAW_SEED,
) -> tuple[float, float]:
    """The two-sided randomisation p-value and the observed statistic (its sign: the direction,
    negative when change days had fewer episodes than their pairs' usual days)."""
    reference, exact = _reference(shape, observed.tobytes(), draws, seed)
    rows = counts[None, :]
    statistic = float(Laid.of(shape, coins[None, :], observed).statistics(rows)[0, 0])
    scores = reference.statistics(rows)
    return float(two_sided(scores, np.array([statistic]), exact)[0]), statistic


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
