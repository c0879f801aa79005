"""Response curves: the expected gain of province share from spending on one (channel,
area), concave in the amount. ``response_curves`` reads them off ``SimParams`` to first
order; ``kampanye.sim._search`` fits them to simulator runs instead."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from kampanye.sim._costs import PLAN_CHANNELS, Costs, resource_of
from kampanye.sim._params import AIR, GROUND, ONLINE, SimParams
from kampanye.sim._spec import ElectorateSpec

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ResponseCurve:
    """Expected gain of province share from spending ``x`` of ``resource`` on one option:
    Σⱼ gains[j] · (1 − exp(−x / scales[j])), concave in x.

    A term with a ``pools[j]`` label shares its saturation with every term of that label
    (the unaware voters of one area, whom any channel can inform): together such terms give
    G · (1 − exp(−Σ x/b)), G the largest of their gains. Unlabelled terms stand alone.
    """

    key: tuple[int, int]  # (channel, area index)
    resource: str  # BUDGET or HOURS
    gains: tuple[float, ...]
    scales: tuple[float, ...]
    pools: tuple[str, ...] = ()

    def pool(self, j: int) -> str:
        return self.pools[j] if j < len(self.pools) else ""

    def value(self, x: Any, xp: ModuleType = np) -> Any:
        """The curve on its own (as if no other curve shared its pools)."""
        total = xp.zeros_like(xp.asarray(x, dtype=xp.float64))
        for a, b in zip(self.gains, self.scales, strict=True):
            total = total + a * (1.0 - xp.exp(-xp.asarray(x, dtype=xp.float64) / b))
        return total


def exponential_curve(
    key: tuple[int, int], resource: str, gain: float, scale: float, pool: str = ""
) -> ResponseCurve:
    """The one-term curve a·(1 − exp(−x/b))."""
    return ResponseCurve(key, resource, (gain,), (scale,), (pool,))


def response_curves(
    spec: ElectorateSpec,
    shares: F64,
    turnout: F64,
    contestant: int,
    days: int,
    params: SimParams | None = None,
    costs: Costs | None = None,
) -> list[ResponseCurve]:
    """First-order response of ``contestant``'s province share to each (channel, area).

    ``shares`` (areas × K): valid-vote shares without the plan; ``turnout`` (areas,).
    *Awareness*: a contact informs ``h`` voters who did not know the candidate (ground:
    awareness × (1 + household spill-over); air: awareness × the share of air-only knowledge
    still held on voting day; online: awareness × (1 + peer multiplier × awareness)); an
    informed voter then votes for the candidate as often as those who already knew them
    (share ÷ awareness). Coverage of an area's unaware voters, a pool all channels draw
    on, saturates as 1 − exp(−Σ h·contacts/voters).
    *Persuasion* (air): the decayed stock of exposures moves the log-odds; the gain
    (1 − s)·(1 − exp(−s·Δ)) has slope s(1 − s) at zero, that of the logit. Turnout lifts
    are left out: contacts land on voters at random, so extra ballots split like the rest.
    """
    p, c = params or SimParams(), costs or Costs()
    voters = spec.voters.astype(np.float64)
    valid = voters * turnout
    weight = valid / max(float(valid.sum()), 1e-300)
    aware_by_area = spec.cohort_shares @ spec.initial_awareness[:, contestant]
    retention = (1.0 - (1.0 - p.air_forget_rate) ** days) / (p.air_forget_rate * days)
    decay = 0.5 ** (1.0 / p.air_half_life_days)
    stock_per_exposure = p.air.persuasion * (1.0 - decay**days) / ((1.0 - decay) * days)
    curves = []
    for area in range(spec.n_areas):
        aware = float(aware_by_area[area])
        unaware = 1.0 - aware
        informs = {
            GROUND: p.ground.awareness * (1.0 + p.household_spillover),
            AIR: p.air.awareness * retention,
            ONLINE: p.online.awareness * (1.0 + p.peer_multiplier * aware),
        }
        s = float(shares[area, contestant])
        q = min(s / max(aware, 1e-3), 1.0)
        for channel in PLAN_CHANNELS:
            resource = resource_of(channel)
            per_unit = c.per_unit(channel)
            gains, scales, pools = [], [], []
            if per_unit > 0 and informs[channel] > 0 and unaware * q > 0:
                gains.append(float(weight[area] * unaware * q))
                scales.append(float(voters[area] / (informs[channel] * per_unit)))
                pools.append(f"aware:{area}")
            if channel == AIR and per_unit > 0 and 0.0 < s < 1.0 and stock_per_exposure > 0:
                kappa = stock_per_exposure * per_unit / voters[area]
                gains.append(float(weight[area] * (1.0 - s)))
                scales.append(float(1.0 / (s * kappa)))
                pools.append("")
            curves.append(
                ResponseCurve((channel, area), resource, tuple(gains), tuple(scales), tuple(pools))
            )
    return curves
