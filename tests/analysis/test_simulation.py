"""Tier 2: simulated diaries. Planted rate ratios are recovered with honest intervals, and with no
effect anywhere, diaries rarely show any false "likely trigger" after Benjamini-Hochberg."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binom

from tests.analysis.simulate import diary
from twitchwise.analysis import analyse
from twitchwise.domain.triggers import TriggerStatus
from twitchwise.knowledge import load_knowledge

DEFINITIONS = load_knowledge().triggers
CAFFEINE = [d for d in DEFINITIONS if d.id == "caffeine_6h"]
REPLICATES = 200


@pytest.mark.slow
def test_a_planted_rate_ratio_of_3_is_covered_by_the_95_percent_interval() -> None:
    covered = found = 0
    estimates = []
    for seed in range(REPLICATES):
        report = analyse(diary(180, rate_ratio=3.0, seed=seed), CAFFEINE)
        finding = report.findings[0]
        assert finding.rate_ratio is not None, finding.summary
        assert finding.ci_low is not None and finding.ci_high is not None
        estimates.append(math.log(finding.rate_ratio))
        covered += finding.ci_low <= 3.0 <= finding.ci_high
        found += finding.status is TriggerStatus.LIKELY_TRIGGER
    coverage = covered / REPLICATES
    assert 0.90 <= coverage <= 0.99, coverage
    assert abs(sum(estimates) / REPLICATES - math.log(3)) < 0.1 * math.log(3)  # bias under 10%
    # power: the target stays 0.8 (STATS.md §6.2 measured 0.81 for day strata at 180 days); since
    # issue 17 a flag needs the interval to exclude 1 after a 24-level clock-hour factor and the
    # robust variance (with F(1, G - 1) as its reference since then), and the 200 diaries gave
    # 154 (156 before the F reference; 147 with it applied whatever the design effect, which is
    # why it is not). Fail when they make 0.8 implausible
    # (one-sided binomial p < 0.05), not on a point estimate within its own noise.
    assert binom.cdf(found, REPLICATES, 0.8) >= 0.05, found / REPLICATES


@pytest.mark.slow
def test_with_no_effect_few_diaries_show_any_false_trigger() -> None:
    """STATS.md measured 0.147 for 8 candidates with BH at q = 0.10; ours tests 9."""
    flagged = 0
    for seed in range(REPLICATES):
        report = analyse(diary(180, rate_ratio=1.0, seed=10_000 + seed), DEFINITIONS)
        assert report.enough_data
        flagged += any(f.significant for f in report.findings)
    assert flagged / REPLICATES <= 0.147, flagged / REPLICATES
