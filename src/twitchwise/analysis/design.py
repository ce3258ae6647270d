"""The model's data: rows grouped by stratum, with the strata that have no event dropped."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray


@dataclass(frozen=True)
class Design:
    """Rows sorted by stratum. ``starts`` indexes each stratum's first row, ``segment`` gives
    each row's stratum number, ``n_s`` the events per stratum, ``offset`` log(bins per row)."""

    y: NDArray[np.float64]
    X: NDArray[np.float64]
    offset: NDArray[np.float64]
    starts: NDArray[np.intp]
    segment: NDArray[np.intp]
    n_s: NDArray[np.float64]

    @classmethod
    def build(
        cls,
        y: ArrayLike,
        X: ArrayLike,
        strata: ArrayLike,
        weights: ArrayLike | None = None,
    ) -> Design:
        events = np.asarray(y, dtype=np.float64)
        columns = np.asarray(X, dtype=np.float64)
        if columns.ndim == 1:
            columns = columns[:, None]
        groups = np.asarray(strata)
        counts = (
            np.ones(events.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
        )
        if groups.size and not bool(np.all(groups[1:] >= groups[:-1])):  # grids come sorted
            order = np.argsort(groups, kind="stable")
            events, columns = events[order], columns[order]
            groups, counts = groups[order], counts[order]
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
        return cls(
            y=events,
            X=columns,
            offset=np.log(counts),
            starts=starts_kept if events.size else np.zeros(0, dtype=np.intp),
            segment=segment,
            n_s=totals[keep_stratum].astype(np.float64),
        )

    @property
    def events(self) -> int:
        return int(self.y.sum())

    def estimable(self, tolerance: float = 1e-9) -> NDArray[np.bool_]:
        """Columns that vary within strata and are not combinations of earlier ones (like R, the
        later of two aliased columns is the one dropped)."""
        if self.X.shape[0] == 0:
            return np.zeros(self.X.shape[1], dtype=bool)
        means = (
            np.add.reduceat(self.X, self.starts)
            / np.diff(np.append(self.starts, self.X.shape[0]))[:, None]
        )
        centred = self.X - means[self.segment]
        keep: list[int] = []
        basis = np.zeros((centred.shape[0], 0))
        for column in range(centred.shape[1]):
            vector = centred[:, column]
            norm = float(np.linalg.norm(vector))
            if norm < tolerance:
                continue
            if basis.shape[1]:
                vector = vector - basis @ (basis.T @ vector)
            if float(np.linalg.norm(vector)) < tolerance * max(norm, 1.0) * 1e3:
                continue
            basis = np.column_stack([basis, vector / np.linalg.norm(vector)])
            keep.append(column)
        mask = np.zeros(centred.shape[1], dtype=bool)
        mask[keep] = True
        return mask

    def subset(self, columns: NDArray[np.bool_]) -> Design:
        return Design(self.y, self.X[:, columns], self.offset, self.starts, self.segment, self.n_s)
