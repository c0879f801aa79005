"""The optimiser that agrees with the simulator: response curves fitted to simulator runs.

The first-order curves of ``response_curves`` overstate what the simulator gives (they add
up effects that the simulator lets overlap). ``search_plan`` starts from their allocation
and then, round by round, fits one curve c + a·(1 − exp(−x/b)) per (channel, area) to
cheap simulator runs (cohort mode, common random numbers) at several amounts of that
option with every other option held where it is, allocates greedily on the fitted curves,
and checks the new allocation in the simulator with the same random numbers (kept only if
it does better). The curves' expectation for the final allocation is what a user is
shown beside the full Monte Carlo of ``optimise_plan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import numpy.typing as npt

from kampanye.sim._allocate import Proposal, allocate, proposal_contacts
from kampanye.sim._costs import BUDGET, HOURS, Costs
from kampanye.sim._model import ElectorateModel
from kampanye.sim._params import SimParams
from kampanye.sim._plan import PlanOutcome, PlanSimulation, plan_effort, simulate_plan
from kampanye.sim._response import ResponseCurve, exponential_curve, response_curves
from kampanye.sim._runoff import TransferRow
from kampanye.sim._spec import Effort, ElectorateSpec

F64 = npt.NDArray[np.float64]
OBJECTIVES = ("share", "win")
LEVELS = (0.0, 0.5, 1.0, 2.0)  # amounts tried per option, in units of its reference amount
STEPS = (1.0, 0.5, 0.25)  # how far toward the fitted optimum a round moves


@dataclass(frozen=True)
class SearchRound:
    """One round: the allocation chosen on the fitted curves, what they expected of it and
    what the quick simulator check gave (province round-1 share)."""

    proposal: Proposal
    expected_share: float
    checked_share: float
    kept: bool


@dataclass(frozen=True)
class PlanSearch:
    proposal: Proposal  # the allocation kept, on the curves it was chosen on
    contacts: F64  # areas × plan channels
    expected_share: float  # what those curves expect of it
    checked_share: float  # the quick simulator check of it
    rounds: tuple[SearchRound, ...]
    # the allocations worth a full Monte Carlo when win counts decide, with what the
    # curves expected of each: the start, every fitted optimum and every allocation kept
    candidates: tuple[tuple[Proposal, float], ...]


def fit_exponential(x: F64, y: F64) -> tuple[float, float, float]:
    """Least-squares c + a·(1 − exp(−x/b)) with a ≥ 0, b on a log grid: (c, a, b)."""
    span = float(x.max()) if x.size and x.max() > 0 else 1.0
    best = (float(y.mean()), 0.0, span, float(((y - y.mean()) ** 2).sum()))
    for b in np.geomspace(span / 50.0, span * 50.0, 60):
        phi = 1.0 - np.exp(-x / b)
        design = np.column_stack([np.ones_like(x), phi])
        (c, a), *_ = np.linalg.lstsq(design, y, rcond=None)
        if a < 0:
            continue
        sse = float(((c + a * phi - y) ** 2).sum())
        if sse < best[3]:
            best = (float(c), float(a), float(b), sse)
    return best[0], best[1], best[2]


class _Sampler:
    """Province round-1 share of ``contestant`` for an allocation, averaged over a fixed
    set of seeds (common random numbers), cohort mode."""

    def __init__(
        self,
        spec: ElectorateSpec,
        base: Effort,
        contestant: int,
        params: SimParams | None,
        costs: Costs,
        keys: Sequence[ResponseCurve],
        sample: int,
        runs: int,
        seed: int,
    ) -> None:
        self.spec, self.base, self.k, self.params, self.costs = (
            spec,
            base,
            contestant,
            params,
            costs,
        )
        self.keys, self.sample = tuple(keys), sample
        self.seeds = np.random.SeedSequence([seed, 7]).spawn(runs)
        self.calls = 0

    def proposal(self, amounts: F64) -> Proposal:
        return Proposal(self.keys, amounts, 0.0, 0.0, 0.0)

    def share(self, amounts: F64) -> float:
        contacts = proposal_contacts(self.proposal(amounts), self.spec.n_areas, self.costs)
        effort = plan_effort(self.base, self.k, contacts)
        total = 0.0
        for child in self.seeds:
            model = ElectorateModel(self.spec, effort, self.params, seed=child, sample=self.sample)
            model.run()
            total += float(model.vote().total_shares()[self.k])
            self.calls += 1
        return total / len(self.seeds)


def _fitted_curves(
    sampler: _Sampler, amounts: F64, totals: dict[str, float]
) -> tuple[list[ResponseCurve], float]:
    """One fitted curve per option around ``amounts``; and the share at ``amounts``."""
    keys = sampler.keys
    here = sampler.share(amounts)
    per_resource = {r: max(sum(1 for c in keys if c.resource == r), 1) for r in (BUDGET, HOURS)}
    curves = []
    for i, key in enumerate(keys):
        total = totals[key.resource]
        if total <= 0 or not key.gains:
            curves.append(ResponseCurve(key.key, key.resource, (), ()))
            continue
        ref = max(float(amounts[i]), total / per_resource[key.resource])
        xs, ys = [float(amounts[i])], [here]
        for level in LEVELS:
            x = min(level * ref, total)
            if any(abs(x - seen) <= 1e-9 * max(total, 1.0) for seen in xs):
                continue
            trial = amounts.copy()
            trial[i] = x
            xs.append(x)
            ys.append(sampler.share(trial))
        _c, a, b = fit_exponential(np.array(xs), np.array(ys))
        curves.append(exponential_curve(key.key, key.resource, a, b))
    return curves, here


def _gain(curves: Sequence[ResponseCurve], amounts: F64) -> float:
    return float(sum(float(c.value(x)) for c, x in zip(curves, amounts, strict=True)))


def search_plan(
    spec: ElectorateSpec,
    base: Effort,
    contestant: int,
    budget: float,
    hours: float,
    *,
    shares: F64,
    turnout: F64,
    params: SimParams | None = None,
    costs: Costs | None = None,
    rounds: int = 2,
    runs: int = 3,
    sample: int = 1000,
    seed: int = 0,
    steps: int = 200,
    xp: ModuleType = np,
) -> PlanSearch:
    """Allocate ``budget`` (Rupiah) and ``hours`` on curves fitted to the simulator.

    ``shares`` and ``turnout``: the calibrated electorate's round-1 figures without the
    plan (for the first-order start). ``rounds`` of fitting, each with ``runs`` simulator
    runs of ``sample`` agents per cohort at every amount tried."""
    costs = costs or Costs()
    first = response_curves(spec, shares, turnout, contestant, base.days, params, costs)
    start = allocate(first, budget, hours, steps=steps, xp=xp)
    sampler = _Sampler(spec, base, contestant, params, costs, first, sample, runs, seed)
    totals = {BUDGET: budget, HOURS: hours}
    amounts = start.amounts.copy()
    kept_curves: list[ResponseCurve] = list(first)
    kept_proposal = start
    expected = checked = float("nan")
    history: list[SearchRound] = []
    candidates: list[tuple[Proposal, float]] = []
    for _ in range(max(rounds, 0)):
        curves, here = _fitted_curves(sampler, amounts, totals)
        if np.isnan(checked):
            checked = expected = here  # the start, before any fitted curve had a say
            candidates.append((start, here))
        target = allocate(curves, budget, hours, steps=steps, xp=xp)
        # the fitted curves hold the other options still, so a long move is tried in full,
        # then halfway and a quarter of the way (a line search checked in the simulator)
        improved = False
        for t in STEPS:
            moved = amounts + t * (target.amounts - amounts)
            proposal = Proposal(
                target.curves,
                moved,
                _gain(curves, moved),
                target.budget_used,
                target.hours_used,
            )
            forecast = here + _gain(curves, moved) - _gain(curves, amounts)
            result = sampler.share(moved)
            keep = result > checked
            history.append(SearchRound(proposal, forecast, result, keep))
            if keep or t == STEPS[0]:
                candidates.append((proposal, forecast))
            if keep:
                amounts, kept_curves, kept_proposal = moved.copy(), curves, proposal
                expected, checked = forecast, result
                improved = True
                break
        if not improved:
            break
    if np.isnan(checked):
        checked = expected = sampler.share(amounts)
        candidates.append((start, expected))
    del kept_curves
    contacts = proposal_contacts(kept_proposal, spec.n_areas, costs)
    return PlanSearch(kept_proposal, contacts, expected, checked, tuple(history), tuple(candidates))


@dataclass(frozen=True)
class OptimalPlan:
    """The optimiser's allocation, the share its fitted curves expect, and the full
    simulator's Monte Carlo at that allocation (where the interval comes from)."""

    proposal: Proposal
    contacts: F64  # areas × plan channels
    expected_share: float  # by the fitted curves
    outcome: PlanOutcome
    search: PlanSearch
    objective: str = "share"


def optimise_plan(
    spec: ElectorateSpec,
    base: Effort,
    contestant: int,
    budget: float,
    hours: float,
    *,
    shares: F64,
    turnout: F64,
    params: SimParams | None = None,
    costs: Costs | None = None,
    transfers: tuple[TransferRow, ...] = (),
    runs: int = 200,
    seed: int = 0,
    sample: int | None = 2000,
    steps: int = 200,
    level: float = 0.9,
    engine: str = "serial",
    objective: str = "share",
    fit_rounds: int = 2,
    fit_runs: int = 3,
    fit_sample: int = 1000,
    xp: ModuleType = np,
) -> OptimalPlan:
    """``search_plan``, then the full Monte Carlo of the allocation it keeps.

    ``objective="share"``: the expected round-1 share, as searched. ``objective="win"``:
    every allocation the search tried is simulated in full with the same seeds, and the one
    winning most often (round 1 or runoff) is kept, ties going to the higher mean share."""
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}: use 'share' or 'win'")
    costs = costs or Costs()
    found = search_plan(
        spec,
        base,
        contestant,
        budget,
        hours,
        shares=shares,
        turnout=turnout,
        params=params,
        costs=costs,
        rounds=fit_rounds,
        runs=fit_runs,
        sample=fit_sample,
        seed=seed,
        steps=steps,
        xp=xp,
    )

    def simulate(proposal: Proposal) -> PlanOutcome:
        contacts = proposal_contacts(proposal, spec.n_areas, costs)
        simulation = PlanSimulation(
            spec, plan_effort(base, contestant, contacts), contestant, params, transfers, sample
        )
        return simulate_plan(simulation, runs, seed, level=level, engine=engine)

    chosen, expected = found.proposal, found.expected_share
    outcome = simulate(chosen)
    if objective == "win":
        for candidate, forecast in found.candidates:
            if candidate is found.proposal:
                continue
            other = simulate(candidate)
            if (other.p_win, other.round1_mean[-1]) > (outcome.p_win, outcome.round1_mean[-1]):
                chosen, outcome, expected = candidate, other, forecast
    return OptimalPlan(
        chosen,
        proposal_contacts(chosen, spec.n_areas, costs),
        expected,
        outcome,
        found,
        objective,
    )
