"""kampanye.sim: an electorate simulator in numpy (no Django).

Shaped like a Mesa model (``ElectorateModel`` with ``step``/``run``, ``Agents``, a
``DataCollector``), run as arrays; calibration on round 1, runoff forecasts and their
backtest, synthetic polls, Monte Carlo and sweeps. See ``docs/planner.md``.
"""

from kampanye.sim._allocate import Proposal, allocate, proposal_contacts
from kampanye.sim._calibrate import Calibrator, break_share
from kampanye.sim._choice import choice_probabilities, choose
from kampanye.sim._costs import BUDGET, HOURS, PLAN_CHANNELS, Costs
from kampanye.sim._election import (
    ElectionData,
    Round1View,
    RoundResults,
    SegmentLayout,
    completed_votes,
)
from kampanye.sim._files import read_election
from kampanye.sim._forecast import BacktestReport, RunoffForecast, backtest, forecast_runoff
from kampanye.sim._gpu import array_module
from kampanye.sim._model import DataCollector, ElectorateModel, VoteCount
from kampanye.sim._montecarlo import (
    MonteCarloResult,
    SweepPoint,
    map_runs,
    monte_carlo,
    run_monte_carlo,
    sweep,
)
from kampanye.sim._national import national_simulation
from kampanye.sim._params import CHANNELS, ChannelEffect, SimParams
from kampanye.sim._plan import PlanDraw, PlanOutcome, PlanSimulation, plan_effort, simulate_plan
from kampanye.sim._polls import PollDesign, SyntheticPoll, field_poll
from kampanye.sim._response import ResponseCurve, exponential_curve, response_curves
from kampanye.sim._runoff import POOLED, RunoffShares, TransferRow, runoff, transfer_matrix
from kampanye.sim._search import (
    OBJECTIVES,
    OptimalPlan,
    PlanSearch,
    SearchRound,
    fit_exponential,
    optimise_plan,
    search_plan,
)
from kampanye.sim._spec import Agents, Effort, ElectorateSpec, build_agents

__all__ = [
    "BUDGET",
    "CHANNELS",
    "HOURS",
    "OBJECTIVES",
    "PLAN_CHANNELS",
    "POOLED",
    "Agents",
    "BacktestReport",
    "Calibrator",
    "ChannelEffect",
    "Costs",
    "DataCollector",
    "Effort",
    "ElectionData",
    "ElectorateModel",
    "ElectorateSpec",
    "MonteCarloResult",
    "OptimalPlan",
    "PlanDraw",
    "PlanOutcome",
    "PlanSearch",
    "PlanSimulation",
    "PollDesign",
    "Proposal",
    "ResponseCurve",
    "Round1View",
    "RoundResults",
    "RunoffForecast",
    "RunoffShares",
    "SearchRound",
    "SegmentLayout",
    "SimParams",
    "SweepPoint",
    "SyntheticPoll",
    "TransferRow",
    "VoteCount",
    "allocate",
    "array_module",
    "backtest",
    "break_share",
    "build_agents",
    "choice_probabilities",
    "choose",
    "completed_votes",
    "exponential_curve",
    "field_poll",
    "fit_exponential",
    "forecast_runoff",
    "map_runs",
    "monte_carlo",
    "national_simulation",
    "optimise_plan",
    "plan_effort",
    "proposal_contacts",
    "read_election",
    "response_curves",
    "run_monte_carlo",
    "runoff",
    "search_plan",
    "simulate_plan",
    "sweep",
    "transfer_matrix",
]
