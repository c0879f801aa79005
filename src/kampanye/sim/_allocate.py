"""The allocator: money and volunteer-hours split over response curves, greedily.

It maximises expected share over *separable concave* response curves, one per (channel,
area), each spending one resource (ground: volunteer-hours; air and online: Rupiah). For
separable concave curves on a grid, giving each grid step to the option with the largest
marginal gain is exact (the chosen steps are the largest marginal gains of all, and
concavity makes them a prefix of each curve). The interval at the optimum comes from the
full simulator (``kampanye.sim._plan.simulate_plan``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from kampanye.sim._costs import BUDGET, HOURS, PLAN_CHANNELS, Costs
from kampanye.sim._gpu import to_numpy
from kampanye.sim._response import ResponseCurve

F64 = npt.NDArray[np.float64]
MAX_GRID = 100_000  # grid steps per resource the optimiser accepts


@dataclass(frozen=True)
class Proposal:
    """The allocation (one amount per curve, in the curve's resource) and its gain."""

    curves: tuple[ResponseCurve, ...]
    amounts: F64
    expected_gain: float
    budget_used: float
    hours_used: float


class _Objective:
    """Σ pooled G·(1 − exp(−S)) + Σ lone a·(1 − exp(−x/b)), kept up to date step by step."""

    def __init__(self, curves: Sequence[ResponseCurve], xp: ModuleType) -> None:
        terms = [
            (i, a, b, c.pool(j))
            for i, c in enumerate(curves)
            for j, (a, b) in enumerate(zip(c.gains, c.scales, strict=True))
        ]
        labels = sorted({t[3] for t in terms if t[3]})
        group = [labels.index(t[3]) if t[3] else -1 for t in terms]
        ceiling = np.zeros(len(labels) + 1)  # the last slot keeps indexing safe
        for (_, a, _, _), g in zip(terms, group, strict=True):
            if g >= 0:
                ceiling[g] = max(ceiling[g], a)
        self.xp, self.n_curves = xp, len(curves)
        self.curve = np.array([t[0] for t in terms], dtype=np.int64)
        self.group = np.array(group, dtype=np.int64)
        pooled = self.group >= 0
        gains = np.array([t[1] for t in terms], dtype=np.float64)
        # a term's ceiling: its pool's, or its own when it stands alone
        self.ceiling = xp.asarray(np.where(pooled, ceiling[np.maximum(self.group, 0)], gains))
        self.scale_host = np.array([t[2] for t in terms], dtype=np.float64)
        self.scale = xp.asarray(self.scale_host)
        self.pooled = xp.asarray(pooled)
        self.gather = xp.asarray(np.maximum(self.group, 0))
        self.exposure = xp.zeros(len(labels) + 1)  # S per pool (last slot unused)
        self.amounts = xp.zeros(len(curves))

    def _used(self) -> Any:
        """Per term, its saturation so far: the pool's S or the lone term's x/b."""
        xp = self.xp
        lone = self.amounts[xp.asarray(self.curve)] / self.scale
        return xp.where(self.pooled, self.exposure[self.gather], lone)

    def marginals(self, step: float) -> F64:
        xp = self.xp
        per_term = self.ceiling * xp.exp(-self._used()) * (1.0 - xp.exp(-step / self.scale))
        weights = to_numpy(per_term)
        return np.asarray(
            np.bincount(self.curve, weights=weights, minlength=self.n_curves), dtype=np.float64
        )

    def add(self, curve: int, step: float) -> None:
        self.amounts[curve] += step
        for t in np.flatnonzero((self.curve == curve) & (self.group >= 0)):
            self.exposure[int(self.group[t])] += step / float(self.scale_host[t])

    def value(self) -> float:
        xp = self.xp
        lone = to_numpy(xp.where(self.pooled, 0.0, self.ceiling * (1.0 - xp.exp(-self._used()))))
        total = float(lone.sum())
        seen: set[int] = set()
        ceiling, exposure = to_numpy(self.ceiling), to_numpy(self.exposure)
        for t, g in enumerate(self.group):
            if g >= 0 and int(g) not in seen:
                seen.add(int(g))
                total += float(ceiling[t] * (1.0 - math.exp(-exposure[g])))
        return total


def allocate(
    curves: Sequence[ResponseCurve],
    budget: float,
    hours: float,
    *,
    steps: int = 200,
    budget_step: float | None = None,
    hours_step: float | None = None,
    xp: ModuleType = np,
) -> Proposal:
    """Split ``budget`` (Rupiah) and ``hours`` over the curves to maximise the total gain.

    Each resource goes in grid steps (``budget / steps`` unless ``budget_step`` is given;
    likewise hours), one step at a time to the curve it gains most on, the two resources
    taking turns; a step goes nowhere when no curve gains from it. Exact on the grid for
    separable concave curves; with shared pools, a greedy heuristic on a concave objective.
    """
    objective = _Objective(curves, xp)
    masks: list[npt.NDArray[np.bool_]] = []
    sizes: list[float] = []
    left: list[int] = []
    for resource, total, step in (
        (BUDGET, budget, budget_step or budget / max(steps, 1)),
        (HOURS, hours, hours_step or hours / max(steps, 1)),
    ):
        mask = np.array([c.resource == resource for c in curves], dtype=bool)
        n = math.floor(total / step + 1e-9) if total > 0 and step > 0 and mask.any() else 0
        if n > MAX_GRID:
            raise ValueError(
                f"{n} grid steps is too fine: use a step of at least {total / MAX_GRID}"
            )
        masks.append(mask)
        sizes.append(float(step))
        left.append(n)
    while any(n > 0 for n in left):
        for r, (mask, step) in enumerate(zip(masks, sizes, strict=True)):
            if left[r] <= 0:
                continue
            gain = np.where(mask, objective.marginals(step), -np.inf)
            best = int(np.argmax(gain))
            if gain[best] <= 1e-15:
                left[r] = 0
                continue
            objective.add(best, step)
            left[r] -= 1
    amounts = to_numpy(objective.amounts)
    resources = np.array([c.resource for c in curves])
    return Proposal(
        tuple(curves),
        amounts,
        objective.value(),
        float(amounts[resources == BUDGET].sum()) if len(curves) else 0.0,
        float(amounts[resources == HOURS].sum()) if len(curves) else 0.0,
    )


def proposal_contacts(proposal: Proposal, n_areas: int, costs: Costs | None = None) -> F64:
    """Campaign-total contacts (areas × plan channels) that a proposal buys."""
    c = costs or Costs()
    contacts = np.zeros((n_areas, len(PLAN_CHANNELS)))
    for curve, amount in zip(proposal.curves, proposal.amounts, strict=True):
        channel, area = curve.key
        spend = (0.0, float(amount)) if curve.resource == HOURS else (float(amount), 0.0)
        contacts[area, PLAN_CHANNELS.index(channel)] += c.contacts(channel, *spend)
    return contacts
