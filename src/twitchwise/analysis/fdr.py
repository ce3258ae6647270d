"""Benjamini-Hochberg: q-values across the family of candidates tested in one analysis."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def bh_q_values(p_values: Sequence[float]) -> list[float]:
    """Adjusted p-values (q): q_(i) = min over j >= i of m/j * p_(j), capped at 1."""
    p = np.asarray(p_values, dtype=np.float64)
    m = p.shape[0]
    if m == 0:
        return []
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    running = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(running, 1.0)
    return [float(value) for value in q]
