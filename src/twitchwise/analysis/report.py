"""Run every candidate trigger over one diary and say what was found, plainly and with counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from twitchwise.analysis import clr
from twitchwise.analysis.design import Design
from twitchwise.analysis.fdr import bh_q_values
from twitchwise.analysis.grid import Diary, day_grid, hour_grid, logged_days, onsets
from twitchwise.analysis.series import Candidate, EntryIndex, Series, candidates, daily, hourly
from twitchwise.domain.triggers import (
    Counts,
    DoseResponse,
    TriggerFinding,
    TriggerReport,
    TriggerStatus,
)
from twitchwise.domain.wording import counted
from twitchwise.knowledge.model import TriggerDefinition

MIN_EPISODES = 20
# Profile-likelihood intervals while either side has fewer events than this; beyond it the
# penalised Wald interval agrees with the profile one to the third digit (tested) and costs
# a fraction of the time.
PROFILE_UNTIL = 100
MIN_EXPOSED_EPISODES = 5
MIN_EXPOSED_UNITS = 5
FDR_Q = 0.10
METHOD = (
    "Self-matched, time-stratified case-crossover over the whole diary: conditional Poisson "
    "likelihood with Firth's penalty; hourly exposures within calendar days with two time-of-day "
    "harmonics, daily exposures within 28-day blocks split weekday/weekend; 95% profile-likelihood "
    "intervals; Benjamini-Hochberg at q = 0.10 across the candidates tested."
)


@dataclass
class _Tested:
    candidate: Candidate
    counts: Counts
    fit: clr.Fit | None
    beta: float | None = None
    low: float | None = None
    high: float | None = None
    p: float | None = None
    dose: DoseResponse | None = None
    caution: str | None = None
    reason: str | None = None


def _harmonics(hour_of_day: NDArray[np.float64]) -> NDArray[np.float64]:
    angle = 2 * math.pi * hour_of_day / 24
    return np.column_stack([np.sin(angle), np.cos(angle), np.sin(2 * angle), np.cos(2 * angle)])


def _estimate(
    design: Design,
    exposed_events: float,
    nuisance: NDArray[np.float64] | None = None,
) -> tuple[clr.Fit, float, float | None, float | None, float] | None:
    """Fit, then the exposure's 95% interval and penalised likelihood-ratio p-value."""
    mask = design.estimable()
    if not mask[0]:
        return None
    start = None
    if nuisance is not None and mask.all() and nuisance.shape[0] == mask.shape[0] - 1:
        start = np.concatenate([[0.0], nuisance])  # the time-of-day terms barely move
    result = clr.fit(design.subset(mask), start=start)
    sparse = min(exposed_events, design.events - exposed_events) < PROFILE_UNTIL
    low: float | None
    high: float | None
    if sparse:
        low, high = clr.profile_interval(result, 0)
    else:
        low, high = clr.wald_interval(result, 0)
    p = clr.likelihood_ratio_p(result, 0)
    return result, float(result.beta[0]), low, high, p


def _too_little(
    candidate: Candidate, total_episodes: int, exposed_episodes: int, exposed_units: int
) -> str | None:
    """Why there is too little data to test ``candidate``, or None when there is enough."""
    if total_episodes < MIN_EPISODES:
        return f"{MIN_EPISODES} episodes are needed in all before any trigger is tested"
    lacking = []
    if exposed_episodes < MIN_EXPOSED_EPISODES:
        lacking.append(
            f"{counted(exposed_episodes, 'episode')} began {candidate.phrase} and "
            f"{MIN_EXPOSED_EPISODES} are needed"
        )
    if exposed_units < MIN_EXPOSED_UNITS:
        lacking.append(
            f"it happened on {counted(exposed_units, 'day')} and {MIN_EXPOSED_UNITS} are needed"
        )
    return "; ".join(lacking) or None


def _test(
    candidate: Candidate,
    series: Series,
    y: NDArray[np.float64],
    strata: NDArray[np.int64],
    extra: NDArray[np.float64] | None,
    total_episodes: int,
    exposed_units: int,
    nuisance: NDArray[np.float64] | None = None,
) -> _Tested:
    rows = series.observed
    events = y[rows]
    exposed = series.exposed[rows]
    n = int(events.sum())
    a = int(events[exposed].sum())
    share = float(exposed.mean()) if exposed.size else 0.0
    counts = Counts(
        episodes=n,
        episodes_exposed=a,
        exposed_share=round(share, 4),
        expected_exposed=round(n * share, 2),
    )
    tested = _Tested(candidate, counts, None)
    tested.reason = _too_little(candidate, total_episodes, a, exposed_units)
    if tested.reason is not None:
        return tested

    def columns(first: NDArray[np.float64], keep: NDArray[np.bool_]) -> NDArray[np.float64]:
        return first[:, None] if extra is None else np.column_stack([first, extra[keep]])

    main = _estimate(
        Design.build(events, columns(exposed.astype(float), rows), strata[rows]),
        a,
        nuisance=nuisance,
    )
    if main is None:
        tested.reason = "it never differed between comparable times, so it cannot be tested"
        return tested
    tested.fit, tested.beta, tested.low, tested.high, tested.p = main
    per = candidate.definition.dose_per
    if per is not None:
        dosed = _estimate(
            Design.build(events, columns(series.dose[rows] / per, rows), strata[rows]),
            a,
            nuisance=nuisance,
        )
        if dosed is not None:
            _, beta, low, high, p = dosed
            unit = candidate.definition.threshold_text.split()[-1]
            if per == 1 and unit.endswith("s"):
                unit = unit[:-1]  # "per 1 unit", "per 100 units"
            tested.dose = DoseResponse(
                per=f"{per:g} {unit}",
                rate_ratio=round(math.exp(beta), 3),
                ci_low=round(math.exp(low), 3) if low is not None else 0.0,
                ci_high=round(math.exp(high), 3) if high is not None else math.inf,
                p_value=p,
            )
    lead_rows = series.lead_observed
    lead_design = Design.build(
        y[lead_rows],
        columns(series.lead_exposed[lead_rows].astype(float), lead_rows),
        strata[lead_rows],
    )
    lead = None
    if lead_design.estimable().all():
        baseline = nuisance if nuisance is not None and extra is not None else np.zeros(0)
        z, p = clr.score_test(lead_design, 0, baseline)
        lead = (None, z, None, None, p)
    if lead is not None and lead[4] < 0.05 and lead[1] > 0:
        tested.caution = (
            f"Episodes were also more common just before {candidate.label}. Entries may have been "
            f"logged after episodes, or {candidate.label} may follow episodes rather than "
            "cause them; "
            "read this finding with care."
        )
    return tested


def _status(tested: _Tested, q: float | None) -> TriggerStatus:
    if tested.p is None or tested.beta is None or q is None:
        return TriggerStatus.NOT_ENOUGH_DATA
    if tested.p < 0.05 and tested.beta < 0:
        return TriggerStatus.POSSIBLE_PROTECTOR
    if q <= FDR_Q:
        return TriggerStatus.LIKELY_TRIGGER
    if tested.p < 0.05:
        return TriggerStatus.POSSIBLE_TRIGGER
    return TriggerStatus.NO_CLEAR_LINK


def _ratio(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _finding(tested: _Tested, q: float | None, m: int) -> TriggerFinding:
    candidate, counts = tested.candidate, tested.counts
    status = _status(tested, q)
    rr = math.exp(tested.beta) if tested.beta is not None else None
    low = (
        math.exp(tested.low)
        if tested.low is not None
        else (0.0 if tested.beta is not None else None)
    )
    high = math.exp(tested.high) if tested.high is not None else None
    open_ended = tested.beta is not None and (tested.low is None or tested.high is None)
    details = (
        f"{counts.episodes_exposed} of your {counted(counts.episodes, 'episode')} began "
        f"{candidate.phrase}; "
        f"that was {counts.exposed_share:.0%} of the time compared, so about "
        f"{counts.expected_exposed:.1f} would be expected if it made no difference."
    )
    interval = f"95% CI {_ratio(low)}–{_ratio(high) if high is not None else 'open-ended'}"
    if status is TriggerStatus.NOT_ENOUGH_DATA:
        summary = f"Not enough data yet for {candidate.label}: {tested.reason}."
    elif status is TriggerStatus.NO_CLEAR_LINK:
        summary = (
            f"No clear link with {candidate.label}: episodes were {_ratio(rr)} times as likely "
            f"{candidate.phrase} ({interval}; {counted(counts.episodes_exposed, 'episode')})."
        )
    else:
        word = {
            TriggerStatus.LIKELY_TRIGGER: "Likely trigger",
            TriggerStatus.POSSIBLE_TRIGGER: "Possible trigger",
            TriggerStatus.POSSIBLE_PROTECTOR: "Possible protector",
        }[status]
        summary = (
            f"{word}: episodes were {_ratio(rr)} times as likely {candidate.phrase} as at "
            f"comparable times ({interval}; {counted(counts.episodes_exposed, 'episode')})"
        )
        summary += (
            f", after allowing for the {m} things checked."
            if status is TriggerStatus.LIKELY_TRIGGER
            else "."
        )
    definition: TriggerDefinition = candidate.definition
    return TriggerFinding(
        id=candidate.id,
        exposure=candidate.exposure,
        label=candidate.label,
        window_hours=definition.window_hours,
        threshold=definition.threshold_text,
        odds_ratio=None if rr is None else round(rr, 3),
        ci_low=None if low is None else round(low, 3),
        ci_high=None if high is None else round(high, 3),
        ci_open_ended=open_ended,
        p_value=tested.p,
        q_value=q,
        significant=status is TriggerStatus.LIKELY_TRIGGER,
        status=status,
        n_episodes_exposed=counts.episodes_exposed,
        counts=counts,
        dose_response=tested.dose,
        caution=tested.caution,
        summary=summary,
        details=details,
    )


def _unfitted(candidate: Candidate, total: int) -> _Tested:
    """Never a crash and never a silent number: say the model could not be fitted."""
    counts = Counts(episodes=total, episodes_exposed=0, exposed_share=0.0, expected_exposed=0.0)
    failed = _Tested(candidate, counts, None)
    failed.reason = "the model could not be fitted to these data"
    return failed


def analyse(diary: Diary, definitions: Sequence[TriggerDefinition]) -> TriggerReport:
    """Test every candidate trigger of ``definitions`` on ``diary``."""
    days = logged_days(diary)
    starts = onsets(diary.episodes)
    total = len(starts)
    hours = hour_grid(diary, days, starts)
    daygrid = day_grid(diary, days, starts)
    harmonics = _harmonics(hours.hour_of_day)
    index = EntryIndex(diary)
    nuisance = None
    if total >= MIN_EPISODES:
        try:
            nuisance = clr.fit(Design.build(hours.y, harmonics, hours.day)).beta
        except clr.FitError:
            nuisance = None
    tested: list[_Tested] = []
    for candidate in candidates(definitions, diary):
        try:
            if candidate.definition.scale == "hourly":
                series = hourly(candidate, index, hours)
                units = len(set(hours.day[series.exposed & series.observed].tolist()))
                result = _test(
                    candidate, series, hours.y, hours.day, harmonics, total, units, nuisance
                )
            else:
                series = daily(candidate, diary, index, daygrid)
                units = int((series.exposed & series.observed).sum())
                result = _test(candidate, series, daygrid.y, daygrid.stratum, None, total, units)
        except clr.FitError:
            result = _unfitted(candidate, total)
        tested.append(result)
    fitted = [t for t in tested if t.p is not None]
    p_values = [t.p if t.p is not None else 1.0 for t in fitted]
    q_values = dict(zip([t.candidate.id for t in fitted], bh_q_values(p_values), strict=True))
    findings = [_finding(t, q_values.get(t.candidate.id), len(fitted)) for t in tested]
    order = {status: rank for rank, status in enumerate(TriggerStatus)}
    findings.sort(key=lambda f: (order[f.status], f.p_value if f.p_value is not None else 2.0))
    return TriggerReport(
        episodes=total,
        enough_data=total >= MIN_EPISODES,
        needed_episodes=max(0, MIN_EPISODES - total),
        days_logged=len(days),
        candidates_tested=len(fitted),
        fdr_q=FDR_Q,
        findings=tuple(findings),
        method=METHOD,
    )
