"""A plan through the simulator: campaign contacts as effort, one Monte Carlo run of the
plan (``PlanSimulation`` → ``PlanDraw``) and the outcome of many (``simulate_plan``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kampanye.sim._calibrate import break_share
from kampanye.sim._costs import PLAN_CHANNELS
from kampanye.sim._model import ElectorateModel
from kampanye.sim._montecarlo import Progress, map_runs
from kampanye.sim._params import SimParams
from kampanye.sim._runoff import TransferRow, runoff, transfer_matrix
from kampanye.sim._spec import Effort, ElectorateSpec
from kampanye.stats import Interval, percentile_interval

F64 = npt.NDArray[np.float64]


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


@dataclass(frozen=True)
class PlanDraw:
    """One Monte Carlo run of a plan, for its contestant: valid-vote share in round 1 and
    two-party share in the runoff, by area with the whole province last; the runoff share
    only when the contestant reached one."""

    round1: F64
    round2: F64 | None
    won_round1: bool  # outright, above the majority
    in_runoff: bool
    won_round2: bool


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

    def __call__(self, child: np.random.SeedSequence) -> PlanDraw:
        model = ElectorateModel(self.spec, self.effort, self.params, seed=child, sample=self.sample)
        model.run()
        count = model.vote()
        k = self.contestant
        round1 = np.append(count.shares()[:, k], count.total_shares()[k])
        totals = count.votes.sum(axis=0)
        outright = float(round1[-1]) > self.majority
        finalists = [int(i) for i in np.argsort(-totals, kind="stable")[:2]]
        if outright or k not in finalists or len(totals) < 2:
            return PlanDraw(round1, None, outright, False, False)
        other = finalists[1] if finalists[0] == k else finalists[0]
        matrix = transfer_matrix(list(self.transfers), len(totals), (k, other))
        shares = runoff(count.votes, matrix, break_share(model, k, other))
        round2 = np.append(shares.share_a, shares.total_share_a)
        return PlanDraw(round1, round2, False, True, bool(shares.total_share_a > 0.5))


def _share_of_runs(flags: list[bool]) -> float:
    return float(np.mean(np.asarray(flags, dtype=np.float64)))


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
    draws = map_runs(simulation, runs, seed, engine=engine, address=address, progress=progress)
    round1 = np.stack([d.round1 for d in draws]).astype(np.float64)
    reached = [d.round2 for d in draws if d.round2 is not None]
    round2 = round2_mean = None
    if reached:
        runoffs = np.stack(reached).astype(np.float64)
        round2 = percentile_interval(runoffs, level)
        round2_mean = np.asarray(runoffs.mean(axis=0), dtype=np.float64)
    return PlanOutcome(
        area_codes=simulation.spec.area_codes,
        runs=runs,
        round1=percentile_interval(round1, level),
        round1_mean=np.asarray(round1.mean(axis=0), dtype=np.float64),
        round2=round2,
        round2_mean=round2_mean,
        p_win_round1=_share_of_runs([d.won_round1 for d in draws]),
        p_runoff=_share_of_runs([d.in_runoff for d in draws]),
        p_win_round2=_share_of_runs([d.won_round2 for d in draws]),
    )
