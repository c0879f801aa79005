"""Aggregating published polls: a documented simple estimator, and the adjustments a
research team argues about (undecided voters, non-response, turnout).

The estimator, per option (each pair, with the undecided left over):

1. every poll's published share y counts with weight ``decay · n_eff``: ``decay`` halves
   every ``half_life`` days before the day asked about, ``n_eff = n / design_effect``
   (``default_n`` where a poll published no n);
2. a *house effect* per pollster is its polls' mean gap to the weighted average of the
   others, shrunk toward 0 by ``shrink`` pseudo-polls (one poll tells little about a house)
   and centred so the houses' effects average 0 — **the industry as a whole is assumed
   unbiased**: the aggregate cannot see an error every pollster shares (a voter-list frame
   that misses movers, a turnout assumption), which is what sank the 2012 round-1 polls;
3. the aggregate is the weighted mean of the house-corrected shares; its interval adds
   the sampling variance, the spread between polls beyond sampling (τ²), and
   ``industry_sd``, a stated allowance for the shared error of step 2, never fitted.

Shares are proportions of all respondents (the undecided included); ``vote_shares`` turns
them into shares of the vote by an allocation of what is left to 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PublishedPoll:
    house: str
    day: int  # an ordinal day (date.toordinal())
    shares: FloatArray  # proportion of all respondents per option, NaN where not published
    n: int | None = None


@dataclass(frozen=True)
class PollAggregate:
    shares: FloatArray  # per option, of all respondents
    sd: FloatArray  # total standard deviation per option (sampling + τ² + industry)
    sampling_sd: FloatArray
    between_sd: FloatArray  # τ per option
    house_effects: dict[str, FloatArray]
    polls_used: int
    industry_sd: float

    def interval(self, z: float = 1.96) -> tuple[FloatArray, FloatArray]:
        return self.shares - z * self.sd, self.shares + z * self.sd


def naive_average(polls: Sequence[PublishedPoll]) -> FloatArray:
    """The plain baseline: each option's unweighted mean over the polls that publish it."""
    table = np.array([p.shares for p in polls], dtype=np.float64)
    if table.size == 0:
        raise ValueError("need at least one poll")
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(np.where(np.isnan(table), np.nan, table), axis=0)
    return np.asarray(mean, dtype=np.float64)


def aggregate_polls(
    polls: Sequence[PublishedPoll],
    *,
    on_day: int,
    half_life: float = 30.0,
    design_effect: float = 1.5,
    default_n: int = 400,
    house_effects: bool = True,
    shrink: float = 1.0,
    industry_sd: float = 0.02,
    iterations: int = 5,
) -> PollAggregate:
    """The aggregate on ``on_day`` of the polls published on or before it (see module)."""
    used = [p for p in polls if p.day <= on_day]
    if not used:
        raise ValueError("no poll published on or before that day")
    table = np.array([p.shares for p in used], dtype=np.float64)
    present = ~np.isnan(table)
    n_eff = np.array([(p.n or default_n) / design_effect for p in used], dtype=np.float64)
    decay = 0.5 ** (np.array([on_day - p.day for p in used], dtype=np.float64) / half_life)
    w = (decay * n_eff)[:, None] * present
    y = np.where(present, table, 0.0)
    houses = sorted({p.house for p in used})
    house_of = np.array([houses.index(p.house) for p in used])
    effects = np.zeros((len(houses), table.shape[1]))
    for _ in range(iterations if house_effects else 0):
        corrected = y - effects[house_of] * present
        mean = _weighted_mean(corrected, w)
        resid = np.where(present, table - mean, 0.0)
        raw = np.zeros_like(effects)
        count = np.zeros_like(effects)
        np.add.at(raw, house_of, resid)
        np.add.at(count, house_of, present.astype(np.float64))
        shrunk = raw / (count + shrink)
        has = count > 0
        centre = np.divide(
            (shrunk * has).sum(axis=0),
            has.sum(axis=0),
            out=np.zeros(table.shape[1]),
            where=has.sum(axis=0) > 0,
        )
        effects = np.where(has, shrunk - centre, 0.0)
    corrected = y - effects[house_of] * present
    mean = _weighted_mean(corrected, w)
    total_w = w.sum(axis=0)
    var_each = np.clip(mean * (1 - mean), 0, None)[None, :] / n_eff[:, None]
    sampling = np.divide(
        (w**2 * var_each).sum(axis=0), total_w**2, out=np.zeros_like(mean), where=total_w > 0
    )
    spread = np.divide(
        (w * (corrected - mean) ** 2 * present).sum(axis=0),
        total_w,
        out=np.zeros_like(mean),
        where=total_w > 0,
    )
    typical_sampling = np.divide(
        (w * var_each).sum(axis=0), total_w, out=np.zeros_like(mean), where=total_w > 0
    )
    tau2 = np.clip(spread - typical_sampling, 0.0, None)
    k_eff = np.divide(total_w**2, (w**2).sum(axis=0), out=np.ones_like(mean), where=total_w > 0)
    sd = np.sqrt(sampling + tau2 / np.maximum(k_eff, 1.0) + industry_sd**2)
    mean = np.where(total_w > 0, mean, np.nan)
    return PollAggregate(
        shares=mean,
        sd=sd,
        sampling_sd=np.sqrt(sampling),
        between_sd=np.sqrt(tau2),
        house_effects={h: effects[i] for i, h in enumerate(houses)},
        polls_used=len(used),
        industry_sd=industry_sd,
    )


def _weighted_mean(values: FloatArray, weights: FloatArray) -> FloatArray:
    total = weights.sum(axis=0)
    mean = np.divide(
        (values * weights).sum(axis=0), total, out=np.zeros(values.shape[1]), where=total > 0
    )
    return np.asarray(mean, dtype=np.float64)


def vote_shares(shares: npt.ArrayLike, undecided_split: npt.ArrayLike | None = None) -> FloatArray:
    """Shares of the vote from shares of respondents: what is left to 1 (the undecided and
    options not published) goes out by ``undecided_split`` (proportions per option), or in
    proportion to the decided shares when None. Options that are NaN stay out."""
    s = np.asarray(shares, dtype=np.float64)
    known = ~np.isnan(s)
    decided = np.where(known, s, 0.0)
    left = max(0.0, 1.0 - float(decided.sum()))
    if undecided_split is None:
        split = decided / decided.sum()
    else:
        split = np.where(known, np.asarray(undecided_split, dtype=np.float64), 0.0)
        if np.any(split < 0) or split.sum() <= 0:
            raise ValueError("undecided split must be non-negative and not all zero")
        split = split / split.sum()
    votes = decided + left * split
    return np.where(known, votes / votes.sum(), np.nan)


def adjust_for_nonresponse(
    votes: npt.ArrayLike, contact_rate: float, nonrespondent_votes: npt.ArrayLike
) -> FloatArray:
    """The electorate's vote when only ``contact_rate`` of the sampled answered and the rest
    would vote ``nonrespondent_votes``: a mixture, which no weighting of respondents can
    recover when the two groups differ within every weighting cell."""
    if not 0.0 < contact_rate <= 1.0:
        raise ValueError("contact rate must lie in (0, 1]")
    v = np.asarray(votes, dtype=np.float64)
    other = np.asarray(nonrespondent_votes, dtype=np.float64)
    return contact_rate * v + (1.0 - contact_rate) * other


def adjust_for_turnout(votes: npt.ArrayLike, propensity: npt.ArrayLike) -> FloatArray:
    """Likely-voter shares: each option's supporters counted by their chance to vote."""
    v = np.asarray(votes, dtype=np.float64)
    p = np.asarray(propensity, dtype=np.float64)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("turnout propensities must lie in 0…1")
    out = v * p
    total = np.nansum(out)
    if total <= 0 or math.isnan(total):
        raise ValueError("nobody would vote")
    return np.asarray(out / total, dtype=np.float64)
