"""Percentile intervals of Monte Carlo samples and pooled poll toplines."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    """Median and central percentile interval of samples along the first axis."""

    lower: FloatArray
    median: FloatArray
    upper: FloatArray
    level: float

    @property
    def width(self) -> FloatArray:
        return self.upper - self.lower


def percentile_interval(samples: npt.ArrayLike, level: float = 0.9) -> Interval:
    """The central ``level`` interval of ``samples`` (runs along axis 0)."""
    if not 0.0 < level < 1.0:
        raise ValueError("level must lie strictly between 0 and 1")
    data = np.asarray(samples, dtype=np.float64)
    if data.ndim == 0 or data.shape[0] == 0:
        raise ValueError("need at least one sample")
    tail = (1.0 - level) / 2.0 * 100.0
    lower, median, upper = np.percentile(data, [tail, 50.0, 100.0 - tail], axis=0)
    return Interval(
        lower=np.asarray(lower, dtype=np.float64),
        median=np.asarray(median, dtype=np.float64),
        upper=np.asarray(upper, dtype=np.float64),
        level=level,
    )


def pooled_shares(shares: npt.ArrayLike, sample_sizes: npt.ArrayLike) -> FloatArray:
    """Sample-size-weighted mean of several polls' shares (rows: polls, columns: options).

    Missing figures (NaN) are left out of their column's average.
    """
    table = np.asarray(shares, dtype=np.float64)
    n = np.asarray(sample_sizes, dtype=np.float64)
    if table.ndim != 2 or n.shape != (table.shape[0],):
        raise ValueError("shares must be polls × options and sample_sizes one per poll")
    if np.any(n <= 0):
        raise ValueError("sample sizes must be positive")
    weights = np.where(np.isnan(table), 0.0, n[:, None])
    total = weights.sum(axis=0)
    pooled = np.where(
        total > 0, np.nansum(table * weights, axis=0) / np.maximum(total, 1e-300), np.nan
    )
    return np.asarray(pooled, dtype=np.float64)
