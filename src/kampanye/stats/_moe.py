"""Margins of error of a sampled proportion (simple random sample with a design effect)."""

from __future__ import annotations

import math


def margin_of_error(share: float, n: int, *, z: float = 1.96, design_effect: float = 1.0) -> float:
    """Half-width of the confidence interval of a proportion, as a proportion (0…1).

    ``share`` is the estimated proportion, ``n`` the number of respondents, ``z`` the normal
    quantile (1.96 for 95 %) and ``design_effect`` the variance inflation of a clustered or
    weighted sample (1 for a simple random sample).
    """
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0.0 <= share <= 1.0:
        raise ValueError("share must lie in 0…1")
    return z * math.sqrt(design_effect * share * (1.0 - share) / n)


def worst_case_margin(n: int, *, z: float = 1.96, design_effect: float = 1.0) -> float:
    """The margin pollsters publish: the one at a share of one half."""
    return margin_of_error(0.5, n, z=z, design_effect=design_effect)
