"""The model's data: rows grouped by stratum, with the strata that have no event dropped.

Columns come in two kinds: dense ones (``X``, the exposures and any numeric term) and, optionally,
one factor (``level``: a code per row, level 0 the reference), whose indicator columns follow the
dense ones in the coefficient vector without ever being stored. A 24-level clock-hour factor over
a ten-year diary would otherwise be a 90,000 x 23 matrix in every product; kept as codes, each
product costs what the few dense columns cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Design:
    """Rows sorted by stratum. ``starts`` indexes each stratum's first row, ``segment`` gives
    each row's stratum number, ``n_s`` the events per stratum, ``offset`` log(bins per row)."""

    y: Floats
    X: Floats
    offset: Floats
    starts: NDArray[np.intp]
    segment: NDArray[np.intp]
    n_s: Floats
    level: NDArray[np.intp] | None = None
    levels: int = 1  # the factor's number of levels, the reference included
    cluster: NDArray[np.int64] | None = None  # per stratum: the cluster of the robust variance

    @classmethod
    def build(
        cls,
        y: ArrayLike,
        X: ArrayLike,
        strata: ArrayLike,
        weights: ArrayLike | None = None,
        level: ArrayLike | None = None,
        cluster: ArrayLike | None = None,
    ) -> Design:
        events = np.asarray(y, dtype=np.float64)
        columns = np.asarray(X, dtype=np.float64)
        if columns.ndim == 1:
            columns = columns[:, None]
        groups = np.asarray(strata)
        counts = (
            np.ones(events.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
        )
        codes = np.zeros(events.shape[0], dtype=np.intp) if level is None else np.asarray(level)
        clusters = groups if cluster is None else np.asarray(cluster)
        if groups.size and not bool(np.all(groups[1:] >= groups[:-1])):  # grids come sorted
            order = np.argsort(groups, kind="stable")
            events, columns = events[order], columns[order]
            groups, counts, codes = groups[order], counts[order], codes[order]
            clusters = clusters[order]
        keys, starts = np.unique(groups, return_index=True)
        totals = np.add.reduceat(events, starts) if events.size else np.zeros(0)
        keep_stratum = totals > 0
        segment_all = np.repeat(
            np.arange(keys.shape[0]), np.diff(np.append(starts, events.shape[0]))
        )
        keep_row = keep_stratum[segment_all] & (counts > 0)
        events, columns, counts = events[keep_row], columns[keep_row], counts[keep_row]
        renumbered = np.cumsum(keep_stratum) - 1
        segment = renumbered[segment_all[keep_row]].astype(np.intp)
        starts_kept = np.flatnonzero(np.r_[True, segment[1:] != segment[:-1]]).astype(np.intp)
        kept_codes = codes[keep_row].astype(np.intp)
        levels = int(kept_codes.max()) + 1 if level is not None and kept_codes.size else 1
        return cls(
            y=events,
            X=columns,
            offset=np.log(counts),
            starts=starts_kept if events.size else np.zeros(0, dtype=np.intp),
            segment=segment,
            n_s=totals[keep_stratum].astype(np.float64),
            level=kept_codes if level is not None else None,
            levels=levels if level is not None else 1,
            cluster=(
                np.unique(clusters[starts][keep_stratum], return_inverse=True)[1].astype(np.int64)
                if cluster is not None and events.size
                else None
            ),
        )

    @property
    def events(self) -> int:
        return int(self.y.sum())

    @property
    def dense(self) -> int:
        return int(self.X.shape[1])

    @property
    def k(self) -> int:
        return self.dense + self.levels - 1

    @property
    def strata(self) -> int:
        return int(self.n_s.shape[0])

    # -- products with the full (dense + factor) columns, never forming the indicators --------
    # The dense columns are few (the exposure, sleep, perhaps a second exposure) and the rows
    # many, so the products go a column at a time over contiguous copies: numpy's row-wise
    # products and gathers over an n x q block cost several times the same arithmetic on q
    # vectors. Nothing here uses BLAS (see clr._within).

    @cached_property
    def columns(self) -> tuple[Floats, ...]:
        """The dense columns as contiguous vectors (made once per design)."""
        return tuple(np.ascontiguousarray(self.X[:, j]) for j in range(self.dense))

    @cached_property
    def _places(self) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
        """For ``quadratic``: where A's rows go in A widened by the reference level (at q), each
        row's place r_t = q + level_t in it, and its cell in an S x (k + 1) table."""
        q, k = self.dense, self.k
        widen = np.r_[np.arange(q), np.arange(q + 1, k + 1)].astype(np.intp)
        level = self.level if self.level is not None else np.zeros(self.y.shape[0], np.intp)
        place = (q + level).astype(np.intp)
        return widen, place, (self.segment * (k + 1) + place).astype(np.intp)

    def linear(self, beta: Floats) -> Floats:
        eta = self.offset.copy()
        for j, column in enumerate(self.columns):
            eta += beta[j] * column
        if self.level is not None and self.levels > 1:
            eta += np.r_[0.0, beta[self.dense :]][self.level]
        return eta

    def total(self, v: Floats) -> Floats:
        """sum_t v_t x_t."""
        dense = [float(np.einsum("i,i->", v, column)) for column in self.columns]
        if self.level is None or self.levels == 1:
            return np.asarray(dense, dtype=np.float64)
        return np.asarray(
            np.r_[dense, np.bincount(self.level, v, minlength=self.levels)[1:]], dtype=np.float64
        )

    def by_stratum(self, v: Floats) -> Floats:
        """S x k: sum over each stratum's rows of v_t x_t."""
        out = np.zeros((self.strata, self.k))
        if not self.y.size:
            return out
        for j, column in enumerate(self.columns):
            out[:, j] = np.add.reduceat(v * column, self.starts)
        if self.level is not None and self.levels > 1:
            cell = self.segment * self.levels + self.level
            factor = np.bincount(cell, v, minlength=self.strata * self.levels)
            out[:, self.dense :] = factor.reshape(self.strata, self.levels)[:, 1:]
        return out

    def gram(self, w: Floats) -> Floats:
        """sum_t w_t x_t x_t'."""
        q, k = self.dense, self.k
        out = np.zeros((k, k))
        weighted = [w * column for column in self.columns]
        for i in range(q):
            for j in range(i, q):
                out[i, j] = out[j, i] = float(np.einsum("i,i->", weighted[i], self.columns[j]))
        if self.level is not None and self.levels > 1:
            for j in range(q):
                out[j, q:] = out[q:, j] = np.bincount(self.level, weighted[j], self.levels)[1:]
            out[q:, q:] = np.diag(np.bincount(self.level, w, self.levels)[1:])
        return out

    def quadratic(self, A: Floats, mu: Floats) -> Floats:
        """(x_t - mu_s)' A (x_t - mu_s) for every row t (mu per stratum, S x k).

        The factor's part of x_t is one indicator, so with A widened by a zero row and column
        for the reference level (at ``q``) every factor term is a look-up at the row's place
        r_t = q + level_t: x'Ax = X_t'A_dd X_t + 2 X_t'A[:q, r_t] + A[r_t, r_t], and
        x'A mu = X_t'(A mu)[:q] + (A mu)[r_t]. Worked a dense column at a time (there are a
        few), as whole-row gathers of an n x q block cost more than the arithmetic."""
        q, k = self.dense, self.k
        columns = self.columns
        B = np.asarray(mu @ A, dtype=np.float64)  # S x k
        xx = np.zeros(self.y.shape[0])
        xm = np.zeros(self.y.shape[0])
        for j in range(q):
            xm += columns[j] * B[:, j][self.segment]
            for i in range(q):
                xx += A[i, j] * columns[i] * columns[j]
        if self.level is not None and self.levels > 1:
            widen, place, cell = self._places
            wide = np.zeros((k + 1, k + 1))
            wide[np.ix_(widen, widen)] = A
            for j in range(q):
                xx += 2 * columns[j] * wide[:, j][place]
            xx += np.diagonal(wide)[place]
            B_wide = np.zeros((B.shape[0], k + 1))
            B_wide[:, widen] = B
            xm += B_wide.ravel()[cell]
        mm = np.einsum("sk,sk->s", B, mu)
        return np.asarray(xx - 2 * xm + mm[self.segment], dtype=np.float64)

    # -- which columns can be estimated -------------------------------------------------------

    def estimable(self, tolerance: float = 1e-9) -> NDArray[np.bool_]:
        """Columns that vary within strata and are not combinations of earlier ones (like R, the
        later of two aliased columns is the one dropped): a pivoted elimination on the
        within-stratum Gram matrix (the information at b = 0)."""
        k = self.k
        if self.y.size == 0:
            return np.zeros(k, dtype=bool)
        size = np.diff(np.append(self.starts, self.y.shape[0])).astype(np.float64)
        w = (self.n_s / size)[self.segment]
        mu = self.by_stratum(w) / self.n_s[:, None]
        G = self.gram(w) - np.einsum("sj,sk->jk", mu * self.n_s[:, None], mu)
        keep: list[int] = []
        for j in range(k):
            scale = max(float(G[j, j]), 0.0)
            if scale < tolerance:
                continue
            if keep:
                sub = G[np.ix_(keep, keep)]
                cross = G[keep, j]
                residual = scale - float(cross @ np.linalg.solve(sub, cross))
            else:
                residual = scale
            if residual < tolerance * max(scale, 1.0) * 1e3:
                continue
            keep.append(j)
        mask = np.zeros(k, dtype=bool)
        mask[keep] = True
        return mask

    def subset(self, columns: NDArray[np.bool_]) -> Design:
        """The design with only ``columns``; a dropped factor level joins the reference."""
        q = self.dense
        dense = self.X[:, columns[:q]]
        if self.level is None or self.levels == 1:
            return Design(
                self.y,
                dense,
                self.offset,
                self.starts,
                self.segment,
                self.n_s,
                cluster=self.cluster,
            )
        kept = np.r_[True, columns[q:]]
        code = np.cumsum(kept) - 1
        code[~kept] = 0
        return Design(
            self.y,
            dense,
            self.offset,
            self.starts,
            self.segment,
            self.n_s,
            code[self.level].astype(np.intp),
            int(kept.sum()),
            self.cluster,
        )
