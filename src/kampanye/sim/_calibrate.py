"""Calibration on round 1: favourability and base turnout by area, given the campaign effort.

The fit is a fixed-point iteration with common random numbers: run the campaign in
cohort mode, vote, and move each area's favourability of each contestant by the log ratio
of the published share to the simulated one, and its base turnout by the ratio of the
published turnout to the simulated one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kampanye.sim._election import Round1View, SegmentLayout, completed_votes
from kampanye.sim._model import ElectorateModel, VoteCount
from kampanye.sim._params import SimParams
from kampanye.sim._spec import Effort, ElectorateSpec

F64 = npt.NDArray[np.float64]


class Calibrator:
    """scikit-learn shaped: settings in the constructor, ``fit(view)`` returns self, the
    fitted state ends in ``_``.

    ``initial_awareness``: share of voters who know an incumbent / a challenger when the
    campaign starts (prior: Foke known to 97 % in LSI–Tempo, September 2012; the challenger
    figure is an assumption). ``days`` of campaign when the view carries no effort.

    With the view's ``segments`` each area is split into the election's voter segments,
    each starting from the area's fit plus its segment's offsets; the fit moves every
    segment of an area together, so round 1 is matched by area, as published.
    """

    def __init__(
        self,
        params: SimParams | None = None,
        *,
        sample: int = 10000,
        iterations: int = 10,
        days: int = 14,
        seed: int = 0,
        initial_awareness: tuple[float, float] = (0.95, 0.6),
    ) -> None:
        self.params = params
        self.sample = sample
        self.iterations = iterations
        self.days = days
        self.seed = seed
        self.initial_awareness = initial_awareness

    def fit(self, view: Round1View) -> Calibrator:
        r1 = view.round1
        votes = completed_votes(r1)
        k, a = len(view.contestants), len(r1.area_codes)
        target = votes / np.maximum(votes.sum(axis=1, keepdims=True), 1e-300)
        target_turnout = np.clip(r1.ballots / np.maximum(r1.registered, 1.0), 0.01, 0.99)
        effort = view.effort or Effort.none(self.days, k, a)
        layout = view.segments or SegmentLayout.neutral(("semua",), np.ones((a, 1)))
        if layout.shares.shape[0] != a:
            raise ValueError(
                f"segment shares are given for {layout.shares.shape[0]} areas, not {a}"
            )
        incumbent = np.asarray(view.incumbent, dtype=bool)
        defaults = np.asarray(self.initial_awareness, dtype=np.float64)
        by_role = np.where(np.isnan(layout.awareness), defaults[None, :], layout.awareness)
        known = np.where(incumbent[None, :], by_role[:, :1], by_role[:, 1:])  # segments × K
        eps = 1e-4
        spec = ElectorateSpec(
            area_codes=r1.area_codes,
            voters=np.maximum(r1.registered, 1.0).astype(np.int64),
            contestants=view.contestants,
            segments=layout.names,
            segment_shares=layout.shares.copy() if view.segments else np.ones(1),
            favourability=np.log(np.maximum(target, eps))[:, None, :]
            + 2.0
            + layout.favourability[None, :, None],
            initial_awareness=np.clip(known, 0.0, 1.0),
            base_turnout=np.clip(target_turnout[:, None] + layout.turnout[None, :], 0.01, 0.99),
        )
        history: list[float] = []
        result = self._simulate(spec, effort)
        for _ in range(self.iterations):
            share = result.shares()
            history.append(float(np.abs(share - target).max()))
            step = np.log(np.maximum(target, eps) / np.maximum(share, eps))
            turnout = np.clip(
                spec.base_turnout * (target_turnout / result.turnout())[:, None], 0.01, 0.99
            )
            spec = spec.with_changes(
                favourability=spec.favourability + step[:, None, :], base_turnout=turnout
            )
            result = self._simulate(spec, effort)
        history.append(float(np.abs(result.shares() - target).max()))
        self.spec_ = spec
        self.effort_ = effort
        self.fitted_votes_ = result
        self.target_shares_ = target
        self.max_error_history_ = history
        return self

    def _simulate(self, spec: ElectorateSpec, effort: Effort) -> VoteCount:
        model = ElectorateModel(spec, effort, self.params, seed=self.seed, sample=self.sample)
        model.run()
        self.model_ = model
        return model.vote()

    def break_share(self, a: int, b: int) -> F64:
        """Per area, the probability that a voter of the calibrated electorate, at the end
        of the round-1 campaign, picks ``a`` when made to choose between ``a`` and ``b``."""
        return break_share(self.model_, a, b)


def break_share(model: ElectorateModel, a: int, b: int) -> F64:
    """Per area, how often a voter of ``model`` picks ``a`` when made to choose between ``a``
    and ``b``: the fitted logit if they know both, the one they know if only one, even odds
    if neither."""
    ag = model.agents
    fav = model.spec.favourability + model.air_stock
    logit = 1.0 / (1.0 + np.exp(-(fav[:, :, a] - fav[:, :, b])))
    knows_a = ((ag.aware >> a) & 1).astype(bool)
    knows_b = ((ag.aware >> b) & 1).astype(bool)
    p = np.where(
        knows_a & knows_b,
        logit[ag.area, ag.segment],
        np.where(knows_a, 1.0, np.where(knows_b, 0.0, 0.5)),
    )
    w = ag.weight.astype(np.float64)
    n = model.spec.n_areas
    total = np.bincount(ag.area, weights=w * p, minlength=n)
    return np.asarray(
        total / np.maximum(np.bincount(ag.area, weights=w, minlength=n), 1e-300), dtype=np.float64
    )
