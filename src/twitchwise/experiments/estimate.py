"""The rate ratio of change days against usual days, within pairs, with a 95% interval that allows
for good and bad spells.

Model: a Poisson rate per pair (stratum) times the ratio on change days, so slow drifts, good and
bad weeks, and anything else shared by a pair's days cancel (a Poisson GLM with a pair effect,
fitted by its conditional likelihood: given a pair's N_s counted episodes, those on its change
days are Binomial(N_s, p_s), p_s = RR d_c / (RR d_c + d_u)). Only pairs with counted days in both
arms and at least one episode inform it.

Interval: quasi-likelihood. Episodes that come in clusters, or days of a pair that differ more
than Poisson allows, make the binomial too narrow; the Pearson dispersion over the pairs,
phi = X^2 / (pairs - 1), never taken below 1, widens the variance to phi / information, and the
interval uses Student's t with pairs - 1 degrees of freedom (few pairs, as in a blocks design,
give a wide interval). Pairs are drawn independently, so their contributions are independent
given the person's days. Coverage is checked by simulation in benchmarks/experiment_designs.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from twitchwise.experiments.randomisation import Floats
from twitchwise.experiments.schedules import Bools

LEVEL = 0.95


@dataclass(frozen=True)
class Pairs:
    """Per informative pair: episodes on change days, on all counted days, and days per arm."""

    change: Floats
    total: Floats
    days_change: Floats
    days_usual: Floats

    @classmethod
    def build(cls, counts: Floats, change: Bools, counted: Bools, strata: np.ndarray) -> Pairs:
        starts = np.flatnonzero(np.r_[True, strata[1:] != strata[:-1]])

        def per_pair(values: np.ndarray) -> Floats:
            summed: Floats = np.add.reduceat(values.astype(np.float64), starts)
            return summed

        on_change = change & counted
        on_usual = ~change & counted
        days_change, days_usual = per_pair(on_change), per_pair(on_usual)
        episodes_change = per_pair(counts * on_change)
        total = episodes_change + per_pair(counts * on_usual)
        keep = (days_change > 0) & (days_usual > 0) & (total > 0)
        return cls(episodes_change[keep], total[keep], days_change[keep], days_usual[keep])

    def share(self, log_ratio: float) -> Floats:
        odds = math.exp(log_ratio) * self.days_change / self.days_usual
        result: Floats = odds / (1 + odds)
        return result

    def score(self, log_ratio: float) -> float:
        return float(np.sum(self.change - self.total * self.share(log_ratio)))


@dataclass(frozen=True)
class RateRatio:
    ratio: float
    low: float
    high: float
    dispersion: float


def rate_ratio(pairs: Pairs) -> RateRatio | None:
    """The estimate and its interval; None when there is nothing to estimate from: no
    informative pair, or no episode at all in one arm of them (the ratio would be 0 or
    infinite)."""
    episodes_change = float(pairs.change.sum())
    if pairs.total.size == 0 or episodes_change in (0.0, float(pairs.total.sum())):
        return None
    # The score falls as the log ratio rises, from +(usual episodes) to -(change episodes).
    log_ratio = optimize.brentq(pairs.score, -30.0, 30.0, xtol=1e-10)
    share = pairs.share(log_ratio)
    variance = pairs.total * share * (1 - share)
    information = float(variance.sum())
    residual = pairs.change - pairs.total * share
    count = pairs.total.size
    dispersion = 1.0
    if count > 1:
        dispersion = max(1.0, float(np.sum(residual**2 / variance)) / (count - 1))
    spread = float(stats.t.ppf(0.5 + LEVEL / 2, max(count - 1, 1)))
    half = spread * math.sqrt(dispersion / information)
    return RateRatio(
        math.exp(log_ratio), math.exp(log_ratio - half), math.exp(log_ratio + half), dispersion
    )
