"""Conditional Poisson / conditional logistic regression with Firth's penalty (STATS.md §6.3).

For strata s with n_s events, the conditional log-likelihood is

    l(b) = sum_s [ sum_t y_t x_t'b - n_s log sum_t w_t exp(x_t'b) ]

(w_t the number of bins a row stands for). With one event per stratum this is exactly conditional
logistic regression (R's clogit); with several it is the conditional Poisson model (R's gnm with
eliminate). Firth's penalty adds 1/2 log det I(b), which keeps estimates finite under separation
and removes most small-sample bias; intervals come from the profile of the penalised likelihood.
All arithmetic is vectorised over rows sorted by stratum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from twitchwise.analysis.design import Design

Vector = NDArray[np.float64]
CHI2_95 = 3.841458820694124  # chi-square quantile, 1 df, 0.95
SEPARATION_BOUND = 10.0  # |b| beyond this without the penalty means the data are separated
OPEN_BOUND = 20.0  # a profile interval that has not closed by b +/- 20 is reported open-ended


class FitError(RuntimeError):
    """Newton-Raphson did not converge; never silently ignored."""


@dataclass(frozen=True)
class State:
    """Everything the likelihood needs at one value of b."""

    loglik: float
    score: Vector
    information: NDArray[np.float64]
    penalised: float
    penalised_score: Vector


def _within(design: Design, beta: Vector) -> tuple[Vector, NDArray[np.float64], float]:
    """Each row's share of its stratum's rate (p), the strata's means of x under it (mu), and the
    log-likelihood."""
    eta = design.linear(beta)
    top = np.maximum.reduceat(eta, design.starts)
    e = np.exp(eta - top[design.segment])
    denom = np.add.reduceat(e, design.starts)
    p = e / denom[design.segment]
    # einsum, not @: BLAS threads for a vector product cost more than the product on a busy
    # machine, and these run hundreds of times per diary
    loglik = float(
        np.einsum("i,i->", design.y, eta) - np.einsum("s,s->", design.n_s, np.log(denom) + top)
    )
    mu = design.by_stratum(p)
    return p, mu, loglik


def state(design: Design, beta: Vector, firth: bool) -> State:
    p, mu, loglik = _within(design, beta)
    score = design.total(design.y) - np.einsum("s,sk->k", design.n_s, mu)
    weight = design.n_s[design.segment] * p
    information = design.gram(weight) - np.einsum("sj,sk->jk", mu * design.n_s[:, None], mu)
    if not firth:
        return State(loglik, score, information, loglik, score)
    sign, logdet = np.linalg.slogdet(information)
    if sign <= 0:
        return State(loglik, score, information, -np.inf, score)
    inverse = np.asarray(np.linalg.inv(information), dtype=np.float64)
    leverage = design.quadratic(inverse, mu)
    # dI/db_l = sum_t w_t c_t c_t' c_tl, so tr(I^-1 dI/db_l) = sum_t w_t (c_t' I^-1 c_t) c_tl,
    # with c_t = x_t - mu_s: sum_t v_t x_tl - sum_s mu_sl sum_{t in s} v_t, v = w x leverage.
    v = weight * leverage
    correction = 0.5 * (
        design.total(v) - np.einsum("s,sk->k", np.add.reduceat(v, design.starts), mu)
    )
    return State(loglik, score, information, loglik + 0.5 * logdet, score + correction)


def _maximise(
    design: Design, beta: Vector, free: NDArray[np.bool_], firth: bool, tolerance: float = 1e-10
) -> tuple[Vector, State, int]:
    """Newton-Raphson with step-halving on the (penalised) likelihood over the ``free`` entries."""
    beta = beta.astype(np.float64, copy=True)
    current = state(design, beta, firth)
    for iteration in range(1, 301):
        if not free.any():
            return beta, current, iteration
        everything = bool(free.all())
        info = current.information if everything else current.information[np.ix_(free, free)]
        score = current.penalised_score if everything else current.penalised_score[free]
        try:
            step = np.linalg.solve(info, score)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(info, score, rcond=None)[0]
        largest = float(np.max(np.abs(step)))
        if largest < tolerance:
            # already there: a step this small changes the objective by less than its rounding,
            # and a line search would only halve it against that noise (dozens of evaluations)
            return beta, current, iteration
        if largest > 5.0:
            step *= 5.0 / largest  # no leaps into overflow
        # rounding in a sum over tens of thousands of rows: "no worse" up to it
        slack = 1e-12 * max(1.0, abs(current.penalised))
        for _ in range(40):
            trial = beta.copy()
            trial[free] += step
            candidate = state(design, trial, firth)
            better = candidate.penalised >= current.penalised - slack
            if np.isfinite(candidate.penalised) and better:
                break
            step /= 2
        gain = candidate.penalised - current.penalised
        beta, current = trial, candidate
        moved = float(np.max(np.abs(step)))
        # Newton with the expected information converges only linearly near separation (the
        # penalty's curvature is left out); a flat objective with tiny steps is converged too.
        if moved < tolerance or (abs(gain) < 1e-14 and moved < 1e-8):
            return beta, current, iteration
    raise FitError("Newton-Raphson did not converge in 300 iterations")


@dataclass(frozen=True)
class Fit:
    beta: Vector
    se: Vector
    loglik: float
    penalised: float
    iterations: int
    firth: bool
    separated: bool
    design: Design = field(repr=False)

    def covariance(self) -> NDArray[np.float64]:
        info = state(self.design, self.beta, self.firth).information
        return np.asarray(np.linalg.inv(info))


def fit(design: Design, firth: bool = True, start: Vector | None = None) -> Fit:
    """Maximise the (penalised) conditional likelihood; ``separated`` flags an unpenalised fit
    that ran off towards infinity (it is never silent)."""
    k = design.k
    beta0 = np.zeros(k) if start is None else start
    free = np.ones(k, dtype=bool)
    try:
        beta, final, iterations = _maximise(design, beta0, free, firth)
        converged = True
    except FitError:
        if firth:
            raise
        converged = False
        beta, final, iterations = beta0, state(design, beta0, firth), 100
    separated = not converged or (not firth and bool(np.any(np.abs(beta) > SEPARATION_BOUND)))
    with np.errstate(all="ignore"):
        try:
            se = np.sqrt(np.diag(np.linalg.inv(final.information)))
        except np.linalg.LinAlgError:
            se = np.full(k, np.inf)
    return Fit(beta, se, final.loglik, final.penalised, iterations, firth, separated, design)


def profile(
    result: Fit, index: int, value: float, start: Vector | None = None
) -> tuple[float, Vector, float]:
    """The highest (penalised) log-likelihood with coefficient ``index`` held at ``value``, the
    coefficients that reach it, and the slope of that profile (the score of ``index`` there)."""
    beta = (result.beta if start is None else start).copy()
    beta[index] = value
    free = np.ones(beta.shape[0], dtype=bool)
    free[index] = False
    beta, final, _ = _maximise(result.design, beta, free, result.firth, tolerance=1e-6)
    return final.penalised, beta, float(final.penalised_score[index])


def _bound(
    result: Fit, index: int, direction: float, scale: float = 1.0, cutoff: float = CHI2_95
) -> float | None:
    """Where the profile deviance reaches the chi-square cut-off on one side of the estimate.

    Newton's method on the deviance, whose slope comes free (-2 x the profile's score), kept
    inside the bracket found so far, with bisection as the fallback; None if the deviance stays
    under the cut-off out to OPEN_BOUND (an open-ended interval).
    """
    estimate = float(result.beta[index])
    se = float(result.se[index])
    spread = se if np.isfinite(se) and se > 1e-6 else 1.0
    near, far = estimate, math.nan  # the deviance is under the cut-off at near, over it at far
    value = estimate + direction * 1.96 * spread
    warm = result.beta
    for _ in range(80):
        height, warm, slope = profile(result, index, value, warm)
        excess = (2 * (result.penalised - height)) / scale - cutoff
        if abs(excess) < 1e-8:
            return value
        if excess < 0:
            near = value
        else:
            far = value
        derivative = -2 * slope / scale
        guess = value - excess / derivative if derivative * direction > 0 else math.nan
        if not math.isnan(far):
            low, high = sorted((near, far))
            if high - low < 1e-10:
                return value
            value = guess if low < guess < high else (near + far) / 2
            continue
        if abs(near - estimate) >= OPEN_BOUND:
            return None
        reach = max(2 * abs(near - estimate), spread)
        if not math.isnan(guess) and direction * (guess - near) > 0:
            reach = abs(guess - estimate)
        value = estimate + direction * min(OPEN_BOUND, reach)
    raise FitError("the profile-likelihood bound did not converge")


def profile_interval(
    result: Fit, index: int, scale: float = 1.0, clusters: int | None = None
) -> tuple[float | None, float | None]:
    """95% profile-(penalised-)likelihood interval for coefficient ``index``; a None bound is
    open-ended (the likelihood stays flat out to +/- OPEN_BOUND). ``scale`` divides the deviance:
    the design effect of clustered events (robust_factor), which widens the interval; with
    ``clusters`` the cut-off is F(1, clusters - 1)'s, not chi-square's (few_clusters)."""
    cutoff = _cutoff(clusters)
    return (
        _bound(result, index, -1.0, scale, cutoff),
        _bound(result, index, 1.0, scale, cutoff),
    )


def _cutoff(clusters: int | None) -> float:
    """The 95% cut-off of the scaled deviance: chi-square with 1 df, or F(1, G - 1) with G
    clusters (few_clusters)."""
    if clusters is None or clusters < 2:
        return CHI2_95
    from scipy.stats import f

    return float(f.ppf(0.95, 1, clusters - 1))


def few_clusters(result: Fit) -> int | None:
    """How many independent clusters the design effect was estimated from (weeks of days, or
    the 28-day blocks), for the reference distribution of the scaled tests: a sandwich variance
    from G clusters is itself uncertain, and with tens of them too small on average, so the
    statistic is compared with F(1, G - 1) (t with G - 1 df for Wald), the usual small-sample
    remedy for cluster-robust inference. None when there are no clusters."""
    design = result.design
    if design.cluster is None or design.y.size == 0:
        return None
    return int(design.cluster.max()) + 1


def wald_interval(
    result: Fit, index: int, scale: float = 1.0, clusters: int | None = None
) -> tuple[float, float]:
    """estimate +/- 1.96 SE (x sqrt(scale); t's quantile with ``clusters`` - 1 df when given):
    with many events on both sides it agrees with the profile interval."""
    half = math.sqrt(_cutoff(clusters)) * float(result.se[index]) * math.sqrt(scale)
    estimate = float(result.beta[index])
    return estimate - half, estimate + half


def likelihood_ratio_p(
    result: Fit, index: int, scale: float = 1.0, clusters: int | None = None
) -> float:
    """Two-sided p-value of the (penalised) likelihood-ratio test of coefficient ``index`` = 0,
    the statistic divided by ``scale`` (the design effect of clustered events), against
    chi-square with 1 df or, with ``clusters``, F(1, clusters - 1)."""
    from scipy.stats import chi2, f

    height, _, _ = profile(result, index, 0.0)
    statistic = max(0.0, 2 * (result.penalised - height)) / scale
    if clusters is None or clusters < 2:
        return float(chi2.sf(statistic, 1))
    return float(f.sf(statistic, 1, clusters - 1))


def wald_p(result: Fit, index: int, scale: float = 1.0, clusters: int | None = None) -> float:
    """Two-sided p-value of the Wald test of coefficient ``index`` = 0 (variance x ``scale``),
    against the normal or, with ``clusters``, t with clusters - 1 df."""
    from scipy.stats import norm, t

    z = float(result.beta[index]) / (float(result.se[index]) * math.sqrt(scale))
    if clusters is None or clusters < 2:
        return float(2 * norm.sf(abs(z)))
    return float(2 * t.sf(abs(z), clusters - 1))


def stratum_scores(design: Design, beta: Vector) -> NDArray[np.float64]:
    """Each stratum's contribution to the (unpenalised) score, sum_t y_t x_t - n_s mu_s, summed
    within the design's clusters when it has them."""
    _, mu, _ = _within(design, beta)
    scores = design.by_stratum(design.y) - design.n_s[:, None] * mu
    if design.cluster is not None:  # summed within clusters of strata (weeks of days)
        summed = np.zeros((int(design.cluster.max()) + 1, scores.shape[1]))
        np.add.at(summed, design.cluster, scores)
        scores = summed
    return np.asarray(scores, dtype=np.float64)


def robust_factor(result: Fit, index: int) -> float:
    """The design effect of coefficient ``index``: its sandwich variance with the design's clusters
    (strata, or weeks of days) as the units (I^-1 [S/(S-1) sum_s U_s U_s'] I^-1) over its model
    variance, never below 1. The model treats the episodes in a stratum as independent given their
    number; episodes that set off others within hours, and windows that reach from one day into
    the next, break that, and this is how much wider the interval must be."""
    scores = stratum_scores(result.design, result.beta)
    strata = scores.shape[0]
    if strata < 2:
        return 1.0
    inverse = result.covariance()
    meat = np.einsum("sj,sk->jk", scores, scores) * strata / (strata - 1)
    robust = float((inverse @ meat @ inverse)[index, index])
    model = float(inverse[index, index])
    return max(1.0, robust / model) if model > 0 and np.isfinite(robust) else 1.0


def robust_score_test(design: Design, index: int, others: Vector) -> tuple[float, float]:
    """The score test of coefficient ``index`` = 0 with the others at ``others``, its variance the
    larger of the model's and the strata's empirical one (robust to clustered events). Returns
    (z, two-sided p); a positive z means more events where the covariate is higher."""
    from scipy.stats import norm

    beta = np.insert(others, index, 0.0)
    info = state(design, beta, firth=False).information
    scores = stratum_scores(design, beta)
    rest = np.delete(np.arange(beta.shape[0]), index)
    efficient = scores[:, index].copy()
    variance = float(info[index, index])
    if rest.size:
        cross = info[index, rest]
        weights = np.linalg.lstsq(info[np.ix_(rest, rest)], cross, rcond=None)[0]
        efficient -= np.einsum("sk,k->s", scores[:, rest], weights)
        variance -= float(cross @ weights)
    strata = scores.shape[0]
    empirical = float(np.einsum("s,s->", efficient, efficient)) * strata / max(strata - 1, 1)
    variance = max(variance, empirical)
    if variance <= 0:
        return 0.0, 1.0
    z = float(efficient.sum()) / math.sqrt(variance)
    return z, float(2 * norm.sf(abs(z)))
