"""Run every candidate trigger over one diary and say what was found, plainly and with counts."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from twitchwise.analysis import clr
from twitchwise.analysis.fdr import bh_q_values
from twitchwise.analysis.grid import Diary, hour_grid, logged_days, onsets
from twitchwise.analysis.series import Candidate, EntryIndex, candidates, daily, hourly
from twitchwise.analysis.testing import MIN_EPISODES, Estimate, Model, Tested, test
from twitchwise.domain.triggers import (
    FLAGS,
    Counts,
    DoseResponse,
    TriggerFinding,
    TriggerReport,
    TriggerStatus,
)
from twitchwise.domain.wording import counted
from twitchwise.knowledge.model import TriggerDefinition

FDR_Q = 0.10
THREADS_FROM_HOURS = 40_000  # grid hours (about 4.5 years of logged days)
METHOD = (
    "Self-matched, time-stratified case-crossover over the logged hours: conditional Poisson "
    "likelihood with Firth's penalty; every exposure counts from the hour after its entry; "
    "compared within calendar days (a night's sleep and medicine courses within 28-day blocks "
    "split weekday/weekend), with a 24-level clock-hour factor and logged sleep as terms; 95% "
    "profile-likelihood intervals and likelihood-ratio p-values widened by the design effect of "
    "clustered episodes "
    "(weeks or 28-day blocks as clusters; against F(1, clusters - 1) when the sandwich variance "
    "is the one used); Benjamini-Hochberg at q = 0.10 across every threshold and "
    "dose-response test; a status needs q <= 0.10 and a 95% interval that excludes 1; a "
    "negative control (the same definition on the window ending with the entry) turns a "
    "finding into 'cannot tell'."
)
# Measured by benchmarks/triggers_validity.py (see the README's triggers table): the share of
# simulated diaries with no real effect (the four no-effect worlds and the two where entries
# answered episodes) that showed any "likely trigger" or "possible protector".
NULL_FLAG_SHARE = "about 1 in 13 (79 of 1,040, from 90 days to ten years of diary)"
WORDS = {
    TriggerStatus.LIKELY_TRIGGER: "Likely trigger",
    TriggerStatus.POSSIBLE_PROTECTOR: "Possible protector",
    TriggerStatus.CANNOT_TELL: "Cannot tell",
}


def _status(estimate: Estimate | None, q: float | None) -> TriggerStatus:
    """A flag needs all three: q at most FDR_Q, the direction, and an interval that excludes 1."""
    if estimate is None or q is None:
        return TriggerStatus.NOT_ENOUGH_DATA
    if q <= FDR_Q and estimate.beta > 0 and estimate.low is not None and estimate.low > 0:
        return TriggerStatus.LIKELY_TRIGGER
    if q <= FDR_Q and estimate.beta < 0 and estimate.high is not None and estimate.high < 0:
        return TriggerStatus.POSSIBLE_PROTECTOR
    return TriggerStatus.NO_CLEAR_LINK


def _ratio(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _exp(value: float | None, open_value: float | None) -> float | None:
    return open_value if value is None else math.exp(value)


def _dose_response(
    candidate: Candidate, estimate: Estimate | None, q: float | None
) -> DoseResponse | None:
    definition = candidate.definition
    if estimate is None or definition.dose_per is None:
        return None
    per = definition.dose_label or f"{definition.dose_per:g}"
    return DoseResponse(
        per=per,
        rate_ratio=round(math.exp(estimate.beta), 3),
        ci_low=round(math.exp(estimate.low), 3) if estimate.low is not None else 0.0,
        ci_high=round(math.exp(estimate.high), 3) if estimate.high is not None else math.inf,
        p_value=estimate.p,
        q_value=q,
        status=_status(estimate, q),
    )


def _finding(tested: Tested, q: float | None, dose_q: float | None, m: int) -> TriggerFinding:
    candidate, counts, main = tested.candidate, tested.counts, tested.main
    status = _status(main, q)
    dose = _dose_response(candidate, tested.dose, dose_q)
    if status not in FLAGS and dose is not None and dose.status in FLAGS:
        status = dose.status  # the dose-response found it where our threshold did not
    if status in FLAGS and tested.control_fired:
        status = TriggerStatus.CANNOT_TELL
    rr = math.exp(main.beta) if main is not None else None
    low = _exp(main.low, 0.0) if main is not None else None
    high = _exp(main.high, None) if main is not None else None
    open_ended = main is not None and (main.low is None or main.high is None)
    details = (
        f"{counts.episodes_exposed} of your {counted(counts.episodes, 'episode')} began "
        f"{candidate.phrase}; those windows were {counts.exposed_share:.0%} of the hours "
        "compared, and allowing for the time of day and sleep about "
        f"{counts.expected_exposed:.1f} would be expected there if it made no difference."
    )
    interval = f"95% CI {_ratio(low)}–{_ratio(high) if high is not None else 'open-ended'}"
    numbers = f"{_ratio(rr)} times as likely {candidate.phrase} ({interval}; " + (
        f"{counted(counts.episodes_exposed, 'episode')})"
    )
    if status is TriggerStatus.NOT_ENOUGH_DATA:
        summary = f"Not enough data yet for {candidate.label}: {tested.reason}."
    elif status is TriggerStatus.NO_CLEAR_LINK:
        raw = (main is not None and main.p < 0.05) or (dose is not None and dose.p_value < 0.05)
        opening = f"Not clear after checking {m} things" if raw else "No clear link"
        summary = f"{opening} for {candidate.label}: episodes were {numbers}."
    elif status is TriggerStatus.CANNOT_TELL:
        summary = (
            f"Cannot tell for {candidate.label}: episodes were {numbers}, but they were just as "
            f"clearly linked to {candidate.label} logged after them, so the diary cannot tell "
            "whether it came before the episodes or followed them."
        )
    else:
        summary = f"{WORDS[status]}: episodes were {numbers}, after allowing for the {m} things "
        summary += "checked."
        if _status(main, q) not in FLAGS and dose is not None:
            summary = (
                f"{WORDS[status]}: episodes were {dose.rate_ratio:.2f} times as likely per "
                f"{dose.per} (95% CI {dose.ci_low:.2f}–{dose.ci_high:.2f}), after allowing for "
                f"the {m} things checked; above our threshold alone: {numbers}."
            )
    caution = None
    if tested.control_fired:
        caution = (
            f"Episodes were also linked to {candidate.label} in the hours up to and including "
            "the entry. Entries may have been logged after episodes, or it may follow episodes "
            "rather than cause them."
        )
    definition: TriggerDefinition = candidate.definition
    ratio = None if rr is None else round(rr, 3)
    return TriggerFinding(
        id=candidate.id,
        exposure=candidate.exposure,
        label=candidate.label,
        window_hours=definition.window_hours,
        threshold=definition.threshold_text,
        rate_ratio=ratio,
        odds_ratio=ratio,
        ci_low=None if low is None else round(low, 3),
        ci_high=None if high is None else round(high, 3),
        ci_open_ended=open_ended,
        p_value=main.p if main is not None else None,
        q_value=q,
        significant=status in FLAGS,
        status=status,
        n_episodes_exposed=counts.episodes_exposed,
        counts=counts,
        dose_response=dose,
        caution=caution,
        summary=summary,
        details=details,
    )


def _unfitted(candidate: Candidate, total: int) -> Tested:
    """Never a crash and never a silent number: say the model could not be fitted."""
    counts = Counts(episodes=total, episodes_exposed=0, exposed_share=0.0, expected_exposed=0.0)
    failed = Tested(candidate, counts)
    failed.reason = "the model could not be fitted to these data"
    return failed


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _q_values(tested: Sequence[Tested]) -> tuple[dict[tuple[str, str], float], int]:
    """Benjamini-Hochberg q-values over every threshold and dose-response test, and how many.

    A candidate whose negative control fired is counted in the family but never as a discovery
    when the others' q-values are worked out (its p-values taken as 1): an entry logged because
    of episodes gives a tiny p-value, and counted as a discovery it would loosen the bar for
    every other candidate (in simulated diaries where drinks and stress answered episodes,
    unrelated coffee was flagged in diaries where the same episodes alone flagged nothing).
    Raising p-values only raises the others' q-values, so the false discovery rate stays
    controlled. Its own q-value, which decides whether it reads "cannot tell", is the plain one.
    """
    family = [(t, "main", t.main) for t in tested if t.main is not None]
    family += [(t, "dose", t.dose) for t in tested if t.dose is not None]
    plain = bh_q_values([e.p for _, _, e in family if e is not None])
    guarded = bh_q_values([1.0 if t.control_fired else e.p for t, _, e in family if e is not None])
    q_values = {
        (t.candidate.id, kind): mine if t.control_fired else theirs
        for (t, kind, _), mine, theirs in zip(family, plain, guarded, strict=True)
    }
    return q_values, len(family)


def analyse(diary: Diary, definitions: Sequence[TriggerDefinition]) -> TriggerReport:
    """Test every candidate trigger of ``definitions`` on ``diary``."""
    days = logged_days(diary)
    starts = onsets(diary.episodes)
    total = len(starts)
    grid = hour_grid(diary, days, starts)
    nuisance = grid.nuisance()
    models = {
        "day": Model(grid.y, grid.day, nuisance, cluster=grid.day // 7),
        "block": Model(grid.y, grid.block, nuisance, collapse=True),
    }
    index = EntryIndex(diary)

    def one(candidate: Candidate) -> Tested:
        try:
            if candidate.definition.scale == "hourly":
                series = hourly(candidate, index, grid)
            else:
                series = daily(candidate, diary, index, grid)
            model = models[candidate.definition.strata]
            return test(candidate, series, model, total, models["block"])
        except clr.FitError:
            return _unfitted(candidate, total)

    # Candidates are independent: each is fitted on the shared grid and models, whose caches
    # (the time-of-day fit per set of rows, each entry type's arrays) hold values that depend on
    # nothing but the diary, so the order they are filled in changes no result. numpy releases
    # the interpreter lock in its array loops, so on a long diary the fits of two candidates
    # overlap on two cores (a ten-year diary: 1.26 s alone, 1.03 s in two threads); on a short
    # one the Python between the loops holds the lock most of the time and threads only add
    # their switching (180 days: 0.44 s alone, 0.6 s in two).
    found = candidates(definitions, diary)
    workers = min(len(found), _cores()) if grid.y.shape[0] >= THREADS_FROM_HOURS else 1
    if workers > 1:
        with ThreadPoolExecutor(workers, thread_name_prefix="triggers") as pool:
            tested = list(pool.map(one, found))
    else:
        tested = [one(candidate) for candidate in found]
    q_values, m = _q_values(tested)
    findings = [
        _finding(
            t, q_values.get((t.candidate.id, "main")), q_values.get((t.candidate.id, "dose")), m
        )
        for t in tested
    ]
    order = {status: rank for rank, status in enumerate(TriggerStatus)}
    findings.sort(key=lambda f: (order[f.status], f.p_value if f.p_value is not None else 2.0))
    return TriggerReport(
        episodes=total,
        enough_data=total >= MIN_EPISODES,
        needed_episodes=max(0, MIN_EPISODES - total),
        days_logged=len(days),
        candidates_tested=sum(t.main is not None for t in tested),
        tests_counted=m,
        fdr_q=FDR_Q,
        findings=tuple(findings),
        method=METHOD,
    )
