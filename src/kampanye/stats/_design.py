"""Weighted shares with the uncertainty weighting costs: Kish design effect, effective n,
Wilson intervals at the effective n, and differences between shares.

What the intervals assume, in words (``ASSUMPTION``): respondents are a simple random
sample of the population except for the unequal weights, whose variance inflation is
Kish's approximation ``n·Σw²/(Σw)²``; clustering (kelurahan, RT) and non-response that the
weights do not correct are *not* in the interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
ASSUMPTION = (
    "simple random sample apart from weighting (Kish design effect); "
    "clustering and non-response the weights miss are not included"
)


def design_effect(weights: npt.ArrayLike) -> float:
    """Kish's design effect of unequal weights: n·Σw²/(Σw)² (1 for equal weights)."""
    w = np.asarray(weights, dtype=np.float64)
    if w.size == 0 or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    return float(w.size * np.dot(w, w) / w.sum() ** 2)


def effective_n(weights: npt.ArrayLike) -> float:
    """Kish's effective sample size (Σw)²/Σw²: n divided by the design effect."""
    w = np.asarray(weights, dtype=np.float64)
    if w.size == 0 or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    return float(w.sum() ** 2 / np.dot(w, w))


def wilson_interval(share: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion observed on (effective) sample size n."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0.0 <= share <= 1.0:
        raise ValueError("share must lie in 0…1")
    z2 = z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Estimate:
    """A weighted share with what it rests on."""

    share: float
    respondents: int  # unweighted n of the base
    effective_n: float
    design_effect: float
    lower: float
    upper: float
    margin: float  # normal-approximation half-width at the effective n
    level: float = 0.95
    assumption: str = ASSUMPTION


def weighted_share(
    indicator: npt.ArrayLike, weights: npt.ArrayLike | None = None, *, z: float = 1.96
) -> Estimate:
    """The weighted share of respondents for whom ``indicator`` is true (0/1 per respondent)."""
    x = np.asarray(indicator, dtype=np.float64)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
    if x.shape != w.shape or x.ndim != 1:
        raise ValueError("indicator and weights must be one value per respondent")
    if x.size == 0:
        raise ValueError("need at least one respondent")
    total = w.sum()
    share = float(np.dot(x, w) / total)
    n_eff = effective_n(w)
    lower, upper = wilson_interval(min(max(share, 0.0), 1.0), n_eff, z)
    return Estimate(
        share=share,
        respondents=int(x.size),
        effective_n=n_eff,
        design_effect=x.size / n_eff,
        lower=lower,
        upper=upper,
        margin=z * math.sqrt(share * (1 - share) / n_eff),
        level=_level(z),
    )


@dataclass(frozen=True)
class Difference:
    """A difference of two shares, its margin of error and whether it clears it."""

    difference: float
    margin: float
    z: float  # the difference over its standard error

    @property
    def significant(self) -> bool:
        return abs(self.difference) > self.margin


def difference_between_groups(a: Estimate, b: Estimate, *, z: float = 1.96) -> Difference:
    """Share in group a minus share in group b, two independent samples (effective n each)."""
    se = math.sqrt(
        a.share * (1 - a.share) / a.effective_n + b.share * (1 - b.share) / b.effective_n
    )
    diff = a.share - b.share
    return Difference(diff, z * se, _ratio(diff, se))


def difference_within_sample(
    share_a: float, share_b: float, n: float, *, z: float = 1.96
) -> Difference:
    """Lead of option a over option b of one question in one sample (multinomial
    covariance): var = (a + b − (a − b)²)/n. A lead's margin is nearly twice a share's."""
    if n <= 0:
        raise ValueError("n must be positive")
    diff = share_a - share_b
    se = math.sqrt(max(share_a + share_b - diff * diff, 0.0) / n)
    return Difference(diff, z * se, _ratio(diff, se))


def _ratio(diff: float, se: float) -> float:
    if se > 0:
        return diff / se
    return 0.0 if diff == 0 else math.copysign(math.inf, diff)


def _level(z: float) -> float:
    return math.erf(z / math.sqrt(2))
