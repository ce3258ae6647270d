"""One candidate fitted: the minimum-data rule on the episodes EXPECTED in its windows, the rate
ratio with an interval and p-value widened for clustered episodes, the dose-response, and the
negative control. Every model carries the time-of-day terms (HourGrid.nuisance)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from twitchwise.analysis import clr
from twitchwise.analysis.design import Design
from twitchwise.analysis.series import Candidate, Series
from twitchwise.domain.triggers import Counts

MIN_EPISODES = 20
MIN_EXPECTED = 5.0  # episodes expected inside the windows, and outside, if it made no difference
MIN_EXPOSED_UNITS = 5  # days on which the exposure happened
# Profile-likelihood intervals while fewer episodes than this are expected on either side; beyond
# it the Wald interval agrees with the profile one to the third digit (tested) for less time.
PROFILE_UNTIL = 100
CONTROL_P = 0.05

Floats = NDArray[np.float64]


@dataclass
class Estimate:
    beta: float
    low: float | None
    high: float | None
    p: float
    design_effect: float
    coefficients: Floats = field(repr=False, default_factory=lambda: np.zeros(0))


@dataclass
class Tested:
    candidate: Candidate
    counts: Counts
    main: Estimate | None = None
    dose: Estimate | None = None
    control_z: float | None = None
    control_p: float | None = None
    reason: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def control_fired(self) -> bool:
        """More episodes in the hours up to the entries than at those clock hours otherwise
        (p < CONTROL_P): what logging after episodes, or an exposure that answers episodes,
        leaves behind. Fewer there is no sign of either and does not fire."""
        return (
            self.control_p is not None
            and self.control_p < CONTROL_P
            and (self.control_z or 0.0) > 0
        )


@dataclass(frozen=True)
class _Base:
    design: Design  # the time-of-day terms alone
    positions: NDArray[np.intp]  # its rows' places in the grid
    strata: NDArray[np.int64]  # its rows' strata and clusters, as the grid numbers them
    cluster: NDArray[np.int64]
    level: NDArray[np.intp]  # its rows' clock-hour codes


class Model:
    """The rows, strata and time-of-day terms shared by the candidates of one scale, with the fit
    of the time-of-day terms alone kept per set of rows (it starts every candidate's fit)."""

    def __init__(
        self,
        y: Floats,
        strata: NDArray[np.int64],
        nuisance: tuple[Floats, NDArray[np.int64]],
        collapse: bool = False,
        cluster: NDArray[np.int64] | None = None,
    ) -> None:
        self.y, self.strata = y, strata
        self.cluster = strata if cluster is None else cluster
        self.dense, self.hour = nuisance
        self.collapse = collapse
        self._null: dict[bytes, Floats | None] = {}
        self._bases: dict[bytes, _Base] = {}

    def design(self, rows: NDArray[np.bool_], *columns: Floats) -> Design:
        """The rows' design; clock hours (and sleep) in which no episode ever began among them
        are left out, as their rate is estimated as zero and they can tell nothing."""
        base = self._base(rows)
        X = np.column_stack([*(c[base.positions] for c in columns), base.design.X])
        if self.collapse and bool(np.all((X == 0) | (X == 1))):
            return _collapsed(base.design.y, X, base.strata, base.level, base.cluster)
        return replace(base.design, X=X)

    def _base(self, rows: NDArray[np.bool_]) -> _Base:
        """What every candidate's design on ``rows`` shares (the rows kept, their strata and
        time-of-day terms), made once per set of rows: a ten-year grid has 90,000 hours."""
        key = np.packbits(rows).tobytes()
        if key not in self._bases:
            y, hour = self.y[rows], self.hour[rows]
            keep = np.bincount(hour, y, minlength=24)[hour] > 0
            asleep = self.dense[rows, 0] > 0
            if not y[asleep].any():
                keep &= ~asleep
            used = np.bincount(hour[keep], minlength=24) > 0
            present = (np.cumsum(used) - 1)[hour[keep]]  # codes 0.. for the clock hours in use
            strata, cluster = self.strata[rows][keep], self.cluster[rows][keep]
            design = Design.build(
                y[keep], self.dense[rows][keep], strata, level=present, cluster=cluster
            )
            # the rows Design.build keeps, in its order: by stratum (stable), those of strata
            # with an episode
            order = np.argsort(strata, kind="stable")
            _, inverse = np.unique(strata[order], return_inverse=True)
            events = np.bincount(inverse, y[keep][order])[inverse] > 0
            chosen = order[events]
            positions = np.flatnonzero(rows)[keep][chosen]
            if design.level is None or not np.array_equal(self.y[positions], design.y):
                raise clr.FitError("the design's rows could not be matched to the grid")
            self._bases[key] = _Base(
                design, positions, strata[chosen], cluster[chosen], design.level
            )
        return self._bases[key]

    def null_beta(self, rows: NDArray[np.bool_], design: Design, first: int) -> Floats | None:
        key = np.packbits(rows).tobytes()
        if key not in self._null:
            try:
                nuisance = design.subset(_tail(design, first))
                firth = nuisance.events < 4 * PROFILE_UNTIL  # an hour with no episode stays finite
                self._null[key] = clr.fit(nuisance, firth=firth).beta
            except clr.FitError:
                self._null[key] = None
        return self._null[key]


def _collapsed(
    y: Floats,
    X: Floats,
    strata: NDArray[np.int64],
    hour: NDArray[np.intp],
    cluster: NDArray[np.int64],
) -> Design:
    """Rows alike in stratum, clock hour and every 0/1 column merged into one that stands for
    them all (its weight the number of hours): the same likelihood, a fraction of the rows."""
    bits = (X.astype(np.int64) << np.arange(X.shape[1], dtype=np.int64)).sum(axis=1)
    key = (strata.astype(np.int64) * 24 + hour) << X.shape[1] | bits
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    counts = np.bincount(inverse).astype(np.float64)
    events = np.bincount(inverse, y, minlength=unique.shape[0])
    return Design.build(
        events, X[first], strata[first], weights=counts, level=hour[first], cluster=cluster[first]
    )


def _tail(design: Design, first: int) -> NDArray[np.bool_]:
    mask = np.zeros(design.k, dtype=bool)
    mask[first:] = True
    return mask


def _start(design: Design, mask: NDArray[np.bool_], first: int, null: Floats | None) -> Floats:
    """Zeros for the terms of interest, the time-of-day fit for the rest (when it still fits)."""
    start = np.zeros(int(mask.sum()))
    if null is not None and mask[first:].all() and null.shape[0] == mask.shape[0] - first:
        start[int(mask[:first].sum()) :] = null
    return start


def _expected(design: Design, start: Floats) -> float:
    """Episodes expected where column 0 is 1 if it made no difference: sum_s n_s mu_s0."""
    current = clr.state(design, start, firth=False)
    return float(np.einsum("i,i->", design.y, design.X[:, 0]) - current.score[0])


def _estimate(design: Design, start: Floats, sparse: bool) -> Estimate:
    """Sparse: Firth's penalty, the profile interval and the likelihood-ratio test. With many
    episodes on both sides the penalty and the profile change nothing measurable (tested), and
    the plain fit with Wald interval and test is what a ten-year diary can afford."""
    result = clr.fit(design, start=start, firth=sparse)
    effect = clr.robust_factor(result, 0)
    # the small-sample reference goes with the sandwich variance: only when it is the one used
    clusters = clr.few_clusters(result) if effect > 1.0 else None
    if sparse:
        low, high = clr.profile_interval(result, 0, effect, clusters)
        p = clr.likelihood_ratio_p(result, 0, effect, clusters)
    else:
        low, high = clr.wald_interval(result, 0, effect, clusters)
        p = clr.wald_p(result, 0, effect, clusters)
    return Estimate(float(result.beta[0]), low, high, p, effect, result.beta)


def test(
    candidate: Candidate,
    series: Series,
    model: Model,
    total_episodes: int,
    control_model: Model | None = None,
) -> Tested:
    """``control_model``: the strata the negative control compares within (28-day blocks)."""
    rows = series.observed
    exposed = series.exposed.astype(np.float64)
    design = model.design(rows, exposed)
    n = design.events
    mask = design.estimable()
    null = model.null_beta(rows, design, 1)
    start = _start(design, mask, 1, null)
    share = float(series.exposed[rows].mean()) if rows.any() else 0.0
    expected = _expected(design.subset(mask), start) if mask[0] else n * share
    a = int(np.einsum("i,i->", design.y, design.X[:, 0])) if n else 0
    counts = Counts(
        episodes=n,
        episodes_exposed=a,
        exposed_share=round(share, 4),
        expected_exposed=round(expected, 2),
    )
    tested = Tested(candidate, counts)
    tested.reason = _too_little(candidate, total_episodes, expected, n, series.units)
    if tested.reason is not None:
        return tested
    if not mask[0]:
        tested.reason = "it never differed between comparable times, so it cannot be tested"
        return tested
    sparse = min(expected, n - expected) < PROFILE_UNTIL
    tested.main = _estimate(design.subset(mask), start, sparse)
    tested.dose = _dose(candidate, series, model)
    same = control_model is None and bool(
        np.array_equal(series.observed & series.lead_observed, rows)
    )
    _control(tested, series, control_model or model, tested.main.coefficients if same else None)
    return tested


def _too_little(
    candidate: Candidate, total: int, expected: float, n: int, units: int
) -> str | None:
    """Why there is too little data to test ``candidate``, or None: judged on the exposure's own
    time (episodes expected inside and outside its windows), never on where episodes fell."""
    if total < MIN_EPISODES:
        return f"{MIN_EPISODES} episodes are needed in all before any trigger is tested"
    lacking = []
    if expected < MIN_EXPECTED:
        lacking.append(
            f"about {expected:.1f} episodes would be expected {candidate.phrase} if it made no "
            f"difference, and {MIN_EXPECTED:g} are needed"
        )
    elif n - expected < MIN_EXPECTED:
        lacking.append("almost all of the time compared was inside its windows")
    if units < MIN_EXPOSED_UNITS:
        lacking.append(f"it happened on {units} days and {MIN_EXPOSED_UNITS} are needed")
    return "; ".join(lacking) or None


def _dose(candidate: Candidate, series: Series, model: Model) -> Estimate | None:
    if candidate.definition.dose_per is None:
        return None
    rows = series.dose_observed
    design = model.design(rows, series.dose)
    mask = design.estimable()
    if not mask[0] or design.events < MIN_EPISODES:
        return None
    nonzero = model.design(rows, (series.dose != 0).astype(np.float64))
    start = _start(design, mask, 1, model.null_beta(rows, design, 1))
    if nonzero.estimable()[0]:
        expected = _expected(nonzero.subset(mask), start)
        if min(expected, design.events - expected) < MIN_EXPECTED:
            return None
    try:
        return _estimate(design.subset(mask), start, design.events < 2 * PROFILE_UNTIL)
    except clr.FitError:
        return None


def _control(tested: Tested, series: Series, model: Model, known: Floats | None) -> None:
    """The negative control: the same definition on the window ending with the entry's hour, in
    a model that also holds the real window (so a trigger that runs in streaks does not set it
    off), tested with a variance that allows for clustered episodes. It compares within 28-day
    blocks, not days: an entry logged because of an episode earlier that day fills most of that
    day with its two windows, so within the day the window before it could only be told from the
    window after it, and an episode before the entry reads as a protector; across days, the
    hours before such entries are compared with the same clock hours of other days."""
    rows = series.observed & series.lead_observed
    design = model.design(
        rows, series.exposed.astype(np.float64), series.lead_exposed.astype(np.float64)
    )
    mask = design.estimable()
    if not (mask[0] and mask[1]):
        return
    reduced = design.subset(mask)
    without = np.ones(reduced.k, dtype=bool)
    without[1] = False
    if known is not None and known.shape[0] == reduced.k - 1 and mask[2:].all():
        others = known  # the main fit on the same rows: exposure and time-of-day terms
    else:
        try:
            others = clr.fit(reduced.subset(without), firth=reduced.events < 4 * PROFILE_UNTIL).beta
        except clr.FitError:
            return
    tested.control_z, tested.control_p = clr.robust_score_test(reduced, 1, others)
