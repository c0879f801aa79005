"""What-if planning on the simulator: effort plans from money and volunteer-hours, concave
response curves, the greedy optimiser, Monte Carlo of a plan (serial or on Dask) and the
array-namespace seam for an optional GPU.

The optimiser maximises expected share over *separable concave* response curves, one per
(channel, area), each spending one resource (ground: volunteer-hours; air and online:
Rupiah). For separable concave curves on a grid, giving each grid step to the option with
the largest marginal gain is exact (the chosen steps are the largest marginal gains of all,
and concavity makes them a prefix of each curve). The curves are first-order readings of
``SimParams`` (see ``response_curves``); the interval at the optimum comes from the full
simulator (``simulate_plan``).
"""

from __future__ import annotations

import importlib
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from kampanye.sim._calibrate import break_share
from kampanye.sim._model import ElectorateModel
from kampanye.sim._montecarlo import MonteCarloResult
from kampanye.sim._params import AIR, GROUND, ONLINE, SimParams
from kampanye.sim._runoff import TransferRow, runoff, transfer_matrix
from kampanye.sim._spec import Effort, ElectorateSpec
from kampanye.stats import Interval, percentile_interval

F64 = npt.NDArray[np.float64]
PLAN_CHANNELS: tuple[int, ...] = (GROUND, AIR, ONLINE)  # vote buying is never planned
BUDGET, HOURS = "budget", "hours"
Progress = Callable[[int, int], None]
MAX_GRID = 100_000  # grid steps per resource the optimiser accepts


# -- the GPU seam -------------------------------------------------------------------------
def array_module(prefer_gpu: bool = True) -> ModuleType:
    """CuPy when it is importable and sees a GPU, numpy otherwise (never required)."""
    if prefer_gpu:
        try:
            cupy: Any = importlib.import_module("cupy")
            if int(cupy.cuda.runtime.getDeviceCount()) > 0:
                return cupy  # type: ignore[no-any-return]
        except Exception:  # no cupy, no driver or no device: numpy it is
            pass
    return np


def _to_numpy(array: Any) -> F64:
    get = getattr(array, "get", None)  # cupy arrays copy back to the host with .get()
    return np.asarray(get() if callable(get) else array, dtype=np.float64)


# -- what money and hours buy --------------------------------------------------------------
@dataclass(frozen=True)
class Costs:
    """Contacts bought per Rupiah and per volunteer-hour, by plan channel (ground, air,
    online). All assumptions, no published Indonesian figure: paid canvassing Rp50.000 per
    contact (transport, material, honorarium); TV at a CPM of Rp30.000 (Rp30 per exposure);
    online ads at a CPM of Rp10.000; a volunteer makes 6 door-to-door contacts an hour and
    reaches 50 people an hour sharing messages online."""

    idr_per_contact: tuple[float, float, float] = (50_000.0, 30.0, 10.0)
    contacts_per_hour: tuple[float, float, float] = (6.0, 0.0, 50.0)

    def contacts(self, channel: int, budget_idr: float, hours: float) -> float:
        """People reached (air: exposures) by ``budget_idr`` and ``hours`` on ``channel``."""
        i = PLAN_CHANNELS.index(channel)
        return budget_idr / self.idr_per_contact[i] + hours * self.contacts_per_hour[i]


def plan_effort(
    base: Effort, contestant: int, contacts: F64, targeted: F64 | None = None
) -> Effort:
    """``base`` with the contestant's ground, air and online effort replaced by ``contacts``
    (areas × plan channels, campaign totals, landing on each area's voters at random) and
    ``targeted`` (areas × segments × plan channels, landing only on that segment), spread
    evenly over the campaign days."""
    reach = base.reach.copy()
    days = base.days
    out = base.targeted.copy() if base.targeted is not None else None
    if targeted is not None and targeted.any() and out is None:
        k, a, c = reach.shape[1:]
        out = np.zeros((days, k, a, targeted.shape[1], c))
    for j, channel in enumerate(PLAN_CHANNELS):
        reach[:, contestant, :, channel] = contacts[None, :, j] / days
        if out is not None:
            plan = 0.0 if targeted is None else targeted[None, :, :, j] / days
            out[:, contestant, :, :, channel] = plan
    return Effort(reach, out)


# -- response curves -----------------------------------------------------------------------
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
        for j, channel in enumerate(PLAN_CHANNELS):
            resource = HOURS if channel == GROUND else BUDGET
            per_unit = c.contacts_per_hour[j] if resource == HOURS else 1.0 / c.idr_per_contact[j]
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


# -- the optimiser -------------------------------------------------------------------------
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
        weights = _to_numpy(per_term)
        return np.asarray(
            np.bincount(self.curve, weights=weights, minlength=self.n_curves), dtype=np.float64
        )

    def add(self, curve: int, step: float) -> None:
        self.amounts[curve] += step
        for t in np.flatnonzero((self.curve == curve) & (self.group >= 0)):
            self.exposure[int(self.group[t])] += step / float(self.scale_host[t])

    def value(self) -> float:
        xp = self.xp
        lone = _to_numpy(xp.where(self.pooled, 0.0, self.ceiling * (1.0 - xp.exp(-self._used()))))
        total = float(lone.sum())
        seen: set[int] = set()
        ceiling, exposure = _to_numpy(self.ceiling), _to_numpy(self.exposure)
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
    amounts = _to_numpy(objective.amounts)
    resources = np.array([c.resource for c in curves])
    return Proposal(
        tuple(curves),
        amounts,
        objective.value(),
        float(amounts[resources == BUDGET].sum()) if len(curves) else 0.0,
        float(amounts[resources == HOURS].sum()) if len(curves) else 0.0,
    )


# -- Monte Carlo, here or on a Dask cluster ------------------------------------------------
def run_monte_carlo(
    simulate: Callable[[np.random.SeedSequence], Any],
    runs: int,
    seed: int,
    *,
    level: float = 0.9,
    engine: str = "serial",
    address: str | None = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """``kampanye.sim.monte_carlo`` with a Dask engine and progress reports.

    The same child seeds as ``monte_carlo`` (``SeedSequence(seed).spawn(runs)``), so both
    engines give identical samples. ``engine="dask"`` maps the runs over the scheduler at
    ``address``, or over a two-worker in-process ``LocalCluster`` when none is given.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    children = np.random.SeedSequence(seed).spawn(runs)
    if engine == "serial":
        samples = []
        for i, child in enumerate(children):
            samples.append(np.asarray(simulate(child), dtype=np.float64))
            if progress is not None:
                progress(i + 1, runs)
    elif engine == "dask":
        samples = _on_dask(simulate, children, address, progress)
    else:
        raise ValueError(f"unknown engine {engine!r}: use 'serial' or 'dask'")
    data = np.asarray(samples, dtype=np.float64)
    return MonteCarloResult(samples=data, interval=percentile_interval(data, level))


def _on_dask(
    simulate: Callable[[np.random.SeedSequence], Any],
    children: list[np.random.SeedSequence],
    address: str | None,
    progress: Progress | None,
) -> list[F64]:
    distributed: Any = importlib.import_module("dask.distributed")
    cluster = None
    if address:
        client = distributed.Client(address)
    else:
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    try:
        futures = client.map(simulate, children, pure=False)
        for done, _future in enumerate(distributed.as_completed(futures), start=1):
            if progress is not None:
                progress(done, len(children))
        return [np.asarray(r, dtype=np.float64) for r in client.gather(futures)]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- a plan through the simulator ----------------------------------------------------------
@dataclass(frozen=True)
class PlanOutcome:
    """What a plan gives ``contestant``: valid-vote share in round 1 and two-party share in
    a runoff, by area (the last entry: the whole province), with percentile intervals over
    the Monte Carlo runs; the runoff interval only over the runs where it reaches one."""

    area_codes: tuple[str, ...]
    runs: int
    round1: Interval
    round1_mean: F64
    round2: Interval | None
    round2_mean: F64 | None
    p_win_round1: float
    p_runoff: float
    p_win_round2: float

    @property
    def p_win(self) -> float:
        return self.p_win_round1 + self.p_win_round2


@dataclass(frozen=True)
class PlanSimulation:
    """One Monte Carlo run of a plan (picklable, so Dask workers can take it)."""

    spec: ElectorateSpec
    effort: Effort
    contestant: int
    params: SimParams | None
    transfers: tuple[TransferRow, ...]
    sample: int | None
    majority: float = 0.5

    def __call__(self, child: np.random.SeedSequence) -> F64:
        model = ElectorateModel(self.spec, self.effort, self.params, seed=child, sample=self.sample)
        model.run()
        count = model.vote()
        k, n = self.contestant, self.spec.n_areas
        r1 = np.append(count.shares()[:, k], count.total_shares()[k])
        r2 = np.full(n + 1, np.nan)
        totals = count.votes.sum(axis=0)
        outright = float(r1[-1]) > self.majority
        finalists = [int(i) for i in np.argsort(-totals, kind="stable")[:2]]
        in_runoff = not outright and k in finalists and len(totals) > 1
        won2 = False
        if in_runoff:
            other = finalists[1] if finalists[0] == k else finalists[0]
            matrix = transfer_matrix(list(self.transfers), len(totals), (k, other))
            shares = runoff(count.votes, matrix, break_share(model, k, other))
            r2 = np.append(shares.share_a, shares.total_share_a)
            won2 = shares.total_share_a > 0.5
        return np.concatenate([r1, r2, [float(outright), float(in_runoff), float(won2)]])


def simulate_plan(
    simulation: PlanSimulation,
    runs: int,
    seed: int,
    *,
    level: float = 0.9,
    engine: str = "serial",
    address: str | None = None,
    progress: Progress | None = None,
) -> PlanOutcome:
    """Monte Carlo of ``simulation``: round-1 and runoff shares with intervals, chances."""
    mc = run_monte_carlo(
        simulation, runs, seed, level=level, engine=engine, address=address, progress=progress
    )
    n = simulation.spec.n_areas + 1
    data = mc.samples
    r1, r2, flags = data[:, :n], data[:, n : 2 * n], data[:, 2 * n :]
    reached = ~np.isnan(r2[:, -1])
    round2 = round2_mean = None
    if reached.any():
        round2 = percentile_interval(r2[reached], level)
        round2_mean = np.asarray(r2[reached].mean(axis=0), dtype=np.float64)
    return PlanOutcome(
        area_codes=simulation.spec.area_codes,
        runs=runs,
        round1=percentile_interval(r1, level),
        round1_mean=np.asarray(r1.mean(axis=0), dtype=np.float64),
        round2=round2,
        round2_mean=round2_mean,
        p_win_round1=float(flags[:, 0].mean()),
        p_runoff=float(flags[:, 1].mean()),
        p_win_round2=float(flags[:, 2].mean()),
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
