"""Weighted crosstabs: the share of each answer within each cell of one or more grouping
columns, with Wilson intervals at each cell's effective n, and cells below ``min_n``
respondents marked too few to show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Crosstab:
    """Rows: answer levels; columns: groups (the grouping columns' levels, combined in
    C order, so group ``g`` of sizes (k1, k2) is level ``g // k2`` and ``g % k2``).

    ``share[a, g]`` is the weighted share of answer ``a`` among respondents of group ``g``
    who answered; ``respondents[g]`` their unweighted count; ``effective_n[g]`` Kish's n;
    ``lower``/``upper`` the Wilson interval; ``too_few[g]`` when ``respondents[g] < min_n``.
    """

    share: FloatArray
    lower: FloatArray
    upper: FloatArray
    respondents: IntArray
    effective_n: FloatArray
    too_few: BoolArray
    group_shape: tuple[int, ...]
    min_n: int


def crosstab(
    answer: npt.ArrayLike,
    n_answers: int,
    groups: Sequence[npt.ArrayLike],
    group_sizes: Sequence[int],
    weights: npt.ArrayLike | None = None,
    *,
    z: float = 1.96,
    min_n: int = 30,
) -> Crosstab:
    """Crosstab of ``answer`` (codes 0…n_answers−1, −1 for no answer) by ``groups`` (codes
    0…size−1 each). With no groups the single column is the topline."""
    a = np.asarray(answer, dtype=np.int64)
    n = a.size
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError("weights must be one per respondent")
    if len(groups) != len(group_sizes):
        raise ValueError("one size per grouping column")
    cell = np.zeros(n, dtype=np.int64)
    for codes, size in zip(groups, group_sizes, strict=True):
        g = np.asarray(codes, dtype=np.int64)
        if g.shape != (n,):
            raise ValueError("grouping columns must be one code per respondent")
        cell = cell * size + g
    n_groups = int(np.prod(group_sizes)) if group_sizes else 1
    answered = a >= 0
    if np.any(a >= n_answers):
        raise ValueError(f"answer codes must lie in 0…{n_answers - 1}")
    a, cell, w = a[answered], cell[answered], w[answered]
    flat = cell * n_answers + a
    size = n_groups * n_answers
    weighted = _sums(flat, w, size).reshape(n_groups, n_answers).T
    respondents = np.bincount(cell, minlength=n_groups)
    total_w = _sums(cell, w, n_groups)
    total_w2 = _sums(cell, w * w, n_groups)
    n_eff = np.divide(total_w**2, total_w2, out=np.zeros(n_groups), where=total_w2 > 0)
    share = np.divide(weighted, total_w, out=np.zeros_like(weighted), where=total_w > 0)
    z2 = z * z
    ne = np.maximum(n_eff, 1e-300)
    centre = (share + z2 / (2 * ne)) / (1 + z2 / ne)
    half = z * np.sqrt(share * (1 - share) / ne + z2 / (4 * ne * ne)) / (1 + z2 / ne)
    return Crosstab(
        share=share,
        lower=np.clip(centre - half, 0.0, 1.0),
        upper=np.clip(centre + half, 0.0, 1.0),
        respondents=respondents.astype(np.int64),
        effective_n=n_eff,
        too_few=respondents < min_n,
        group_shape=tuple(int(s) for s in group_sizes),
        min_n=min_n,
    )


def _sums(codes: IntArray, weights: FloatArray, size: int) -> FloatArray:
    # bincount of nothing is an integer array; the divisions after it need floats
    return np.bincount(codes, weights=weights, minlength=size).astype(np.float64)
