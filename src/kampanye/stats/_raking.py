"""Raking (iterative proportional fitting) of survey weights to population margins.

Each margin is a coded column of the sample (0…k−1 per respondent) and the population
shares of its k levels. One sweep scales the weights so that each margin in turn matches
its targets exactly; sweeps repeat until every margin is within ``tol``. Trimming, when
asked, bounds each weight to ``[lower, upper]`` times the mean weight and rakes again, up
to ``max_trim_rounds`` times: a trimmed solution may then miss the margins by a little,
which the report says (``max_error``) instead of hiding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Margin:
    """A sample column coded 0…k−1 and the population share of each of its k levels."""

    name: str
    codes: IntArray
    targets: FloatArray

    @classmethod
    def of(cls, name: str, codes: npt.ArrayLike, targets: npt.ArrayLike) -> Margin:
        target = np.asarray(targets, dtype=np.float64)
        if target.ndim != 1 or target.size == 0 or np.any(target < 0) or target.sum() <= 0:
            raise ValueError(f"margin {name}: targets must be non-negative and not all zero")
        code = np.asarray(codes, dtype=np.int64)
        if code.size and (code.min() < 0 or code.max() >= target.size):
            raise ValueError(f"margin {name}: codes must lie in 0…{target.size - 1}")
        return cls(name, code, target / target.sum())


class RakingError(ValueError):
    """The margins cannot be reached: a level with a population share has no respondent."""


class Raker:
    """Rake weights to margins, shaped like a scikit-learn estimator.

    ``fit(margins, base_weights=None)`` learns ``weights_`` (mean 1), ``converged_``,
    ``n_iter_``, ``max_error_`` (largest absolute gap between a weighted share and its
    target, after trimming) and ``trimmed_`` (how many weights sit at a bound).
    """

    def __init__(
        self,
        *,
        tol: float = 1e-10,
        max_iter: int = 1000,
        trim: tuple[float, float] | None = None,
        max_trim_rounds: int = 20,
    ) -> None:
        self.tol = tol
        self.max_iter = max_iter
        self.trim = trim
        self.max_trim_rounds = max_trim_rounds

    def fit(self, margins: Sequence[Margin], base_weights: npt.ArrayLike | None = None) -> Raker:
        if not margins:
            raise ValueError("need at least one margin")
        n = margins[0].codes.size
        if any(m.codes.size != n for m in margins):
            raise ValueError("every margin needs one code per respondent")
        if n == 0:
            raise ValueError("need at least one respondent")
        weights = np.ones(n) if base_weights is None else np.array(base_weights, dtype=np.float64)
        if weights.shape != (n,) or np.any(weights <= 0):
            raise ValueError("base weights must be positive, one per respondent")
        for m in margins:
            present = np.bincount(m.codes, minlength=m.targets.size) > 0
            missing = np.flatnonzero((m.targets > 0) & ~present)
            if missing.size:
                raise RakingError(f"margin {m.name}: no respondent in level(s) {missing.tolist()}")
        weights *= n / weights.sum()
        iterations, converged = self._rake_cells(margins, weights)
        trimmed = 0
        if self.trim is not None:
            lower, upper = self.trim
            if not 0 < lower <= 1 <= upper:
                raise ValueError("trim bounds must satisfy 0 < lower ≤ 1 ≤ upper")
            for _ in range(self.max_trim_rounds):
                mean = weights.mean()
                low, high = lower * mean, upper * mean
                outside = (weights < low * (1 - 1e-12)) | (weights > high * (1 + 1e-12))
                if not outside.any():
                    break
                np.clip(weights, low, high, out=weights)
                more, converged = self._rake(margins, weights)
                iterations += more
            weights = _clip_to_mean_one(weights / weights.mean(), lower, upper)
            at_bound = np.isclose(weights, lower) | np.isclose(weights, upper)
            trimmed = int(np.sum(at_bound))
        weights *= n / weights.sum()
        self.weights_: FloatArray = weights
        self.n_iter_ = iterations
        self.max_error_ = max_margin_error(margins, weights)
        self.converged_ = converged  # of the raking; after trimming see max_error_
        self.trimmed_ = trimmed
        return self

    def _rake_cells(self, margins: Sequence[Margin], weights: FloatArray) -> tuple[int, bool]:
        """Rake in place, on the table of cells when it is smaller than the sample: every
        respondent of a cell is scaled by the same factor in every sweep, so raking the
        cells' weight sums and scaling each respondent by its cell's total factor gives the
        same weights, in sweeps over a few hundred cells instead of a million rows."""
        sizes = tuple(m.targets.size for m in margins)
        n_cells = int(np.prod(sizes, dtype=np.float64))
        if n_cells > min(weights.size // 4, 1 << 22):
            return self._rake(margins, weights)
        cell = np.ravel_multi_index(tuple(m.codes for m in margins), sizes)
        sums = np.bincount(cell, weights=weights, minlength=n_cells).astype(np.float64)
        used = np.flatnonzero(sums > 0)
        levels = np.unravel_index(used, sizes)
        cells = [
            Margin(m.name, np.asarray(c, dtype=np.int64), m.targets)
            for m, c in zip(margins, levels, strict=True)
        ]
        fitted = sums[used].copy()
        iterations, converged = self._rake(cells, fitted)
        factor = np.zeros(n_cells)
        factor[used] = fitted / sums[used]
        weights *= factor[cell]
        return iterations, converged

    def _rake(self, margins: Sequence[Margin], weights: FloatArray) -> tuple[int, bool]:
        total = weights.sum()
        for iteration in range(1, self.max_iter + 1):
            worst = 0.0
            for m in margins:
                sums = np.bincount(m.codes, weights=weights, minlength=m.targets.size)
                share = sums / total
                worst = max(worst, float(np.max(np.abs(share - m.targets))))
                factor = np.divide(m.targets * total, sums, out=np.zeros_like(sums), where=sums > 0)
                weights *= factor[m.codes]
            if worst <= self.tol:
                return iteration, True
        return self.max_iter, max_margin_error(margins, weights) <= self.tol


def _clip_to_mean_one(weights: FloatArray, lower: float, upper: float) -> FloatArray:
    """``clip(c·w, lower, upper)`` with the scale c that makes its mean exactly 1 (the mean
    of clipped weights rises with c, so bisection finds it); then every weight is within
    its bounds relative to the mean, exactly."""
    lo, hi = 0.0, upper / max(float(weights.min()), 1e-300)
    for _ in range(200):
        c = (lo + hi) / 2
        if np.clip(c * weights, lower, upper).mean() < 1.0:
            lo = c
        else:
            hi = c
    clipped = np.clip(hi * weights, lower, upper)
    return np.asarray(clipped / clipped.mean(), dtype=np.float64)


def max_margin_error(margins: Sequence[Margin], weights: FloatArray) -> float:
    """The largest absolute gap between a weighted share and its target, over all margins."""
    total = weights.sum()
    return max(
        float(
            np.max(
                np.abs(
                    np.bincount(m.codes, weights=weights, minlength=m.targets.size) / total
                    - m.targets
                )
            )
        )
        for m in margins
    )


def rake(
    margins: Sequence[Margin],
    *,
    base_weights: npt.ArrayLike | None = None,
    trim: tuple[float, float] | None = None,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> Raker:
    """``Raker(...).fit(margins, base_weights)``, for one call."""
    return Raker(tol=tol, max_iter=max_iter, trim=trim).fit(margins, base_weights)
