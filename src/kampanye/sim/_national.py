"""A synthetic national-scale plan simulation (cohort mode), for the scale test and the
``benchmarks sim --national`` timing: equal-sized desa, three segments, three pairs."""

from __future__ import annotations

import numpy as np

from kampanye.sim._plan import PlanSimulation, plan_effort
from kampanye.sim._spec import Effort, ElectorateSpec

__all__ = ["national_simulation"]


def national_simulation(
    voters: int, areas: int, *, days: int = 14, sample: int = 10, seed: int = 0
) -> PlanSimulation:
    """``voters`` spread at random over ``areas`` desa × 3 segments, three pairs with random
    favourability, pair 01 knocking on one door in twenty and buying two TV exposures per
    voter over ``days``; at most ``sample`` agents per area × segment cohort."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(voters, np.full(areas, 1 / areas)).astype(np.int64)
    spec = ElectorateSpec(
        area_codes=tuple(f"d{i}" for i in range(areas)),
        voters=counts,
        contestants=("01", "02", "03"),
        segments=("muda", "dewasa", "tua"),
        segment_shares=np.array([0.3, 0.5, 0.2]),
        favourability=rng.normal(0.0, 0.3, (areas, 3, 3)),
        initial_awareness=np.full((3, 3), 0.9),
        base_turnout=np.full((areas, 3), 0.8),
    )
    contacts = np.zeros((areas, 3))
    contacts[:, 0] = counts * 0.05  # door to door: one voter in twenty
    contacts[:, 1] = counts * 2.0  # television: two exposures per voter
    effort = plan_effort(Effort.none(days, 3, areas), 0, contacts)
    return PlanSimulation(spec, effort, 0, None, (), sample=sample)
