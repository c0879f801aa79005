"""What a scenario becomes in the simulator: the calibrated electorate, the plan's effort,
response curves for the optimiser, and the result JSON a run stores.

Allocations name channels of the touchpoint ledger; each lands on its front's simulator
channel (ground, air, online), priced by ``Costs``. An allocation's area lands on the
simulator area (the wilayah the results are published for) that contains it; an area above
them (the province) or none is spread over them by registered voters. A row for a voter
segment reaches only that segment's voters (the calibrated electorate splits each wilayah
into the segments whose sizes are stored); a row without one reaches voters at random.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from kampanye.areas.models import Area
from kampanye.planner.models import Scenario
from kampanye.planner.sources import election_data
from kampanye.sim import (
    CHANNELS,
    PLAN_CHANNELS,
    Calibrator,
    Costs,
    ElectionData,
    PlanOutcome,
    PlanSimulation,
    Round1View,
    array_module,
    optimise_plan,
    plan_effort,
    search_plan,
)

CALIBRATION_SAMPLE = 2000  # agents per area × segment cohort while calibrating
RUN_SAMPLE = 2000  # and in each Monte Carlo run
PROPOSAL_RUNS = 40  # runs per candidate when the optimiser weighs chances of winning
# the optimiser's search: fitting rounds, runs per amount tried, agents per cohort
SEARCH = {"rounds": 2, "runs": 3, "sample": 1000}


@dataclass(frozen=True)
class Electorate:
    """An election calibrated on round 1, ready to take plans."""

    data: ElectionData
    calibrator: Calibrator
    contestant: int

    @property
    def area_codes(self) -> tuple[str, ...]:
        return self.data.round1.area_codes


def calibrate(scenario: Scenario, seed: int = 0) -> Electorate:
    """Calibrate the scenario's election on round 1 (raises ``SourceError``)."""
    data = election_data(scenario.election.slug)
    shorts = list(data.contestants)
    if scenario.contestant.short not in shorts:
        raise ValueError(_("Pasangan calon skenario tidak ada di data pemilihan."))
    cal = Calibrator(sample=CALIBRATION_SAMPLE, iterations=8, seed=seed)
    cal.fit(Round1View.from_election(data))
    return Electorate(data, cal, shorts.index(scenario.contestant.short))


def _area_weights(codes: tuple[str, ...], registered: np.ndarray, code: str | None) -> np.ndarray:
    """How an allocation in area ``code`` spreads over the simulator's areas."""
    weights = np.nan_to_num(registered.astype(np.float64))
    if code:
        inside = np.array([code == a or code.startswith(a + ".") for a in codes])
        if inside.any():
            return inside / inside.sum()
        below = np.array([a.startswith(code + ".") for a in codes])
        if below.any():
            weights = weights * below
    return weights / max(float(weights.sum()), 1e-300)


def plan_contacts(
    scenario: Scenario, electorate: Electorate, costs: Costs | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Campaign-total contacts: rows without a segment (areas × plan channels: ground, air,
    online; they land on each area's voters at random, so on each segment by its size) and
    rows for a segment (areas × segments × plan channels; only that segment's voters).
    A segment the calibrated electorate does not split out is treated as no segment."""
    costs = costs or Costs()
    codes = electorate.area_codes
    registered = electorate.data.round1.registered
    segments = electorate.calibrator.spec_.segments
    contacts = np.zeros((len(codes), len(PLAN_CHANNELS)))
    targeted = np.zeros((len(codes), len(segments), len(PLAN_CHANNELS)))
    for row in scenario.allocations.select_related("area", "segment"):
        channel = CHANNELS.index(row.front)
        j = PLAN_CHANNELS.index(channel)
        people = costs.contacts(channel, float(row.budget_idr), float(row.volunteer_hours))
        spread = people * _area_weights(codes, registered, row.area.code if row.area else None)
        slug = row.segment.slug if row.segment else None
        if slug in segments:
            targeted[:, segments.index(slug), j] += spread
        else:
            contacts[:, j] += spread
    return contacts, targeted


def simulation(scenario: Scenario, electorate: Electorate) -> PlanSimulation:
    cal = electorate.calibrator
    effort = plan_effort(cal.effort_, electorate.contestant, *plan_contacts(scenario, electorate))
    return PlanSimulation(
        spec=cal.spec_,
        effort=effort,
        contestant=electorate.contestant,
        params=cal.params,
        transfers=electorate.data.transfers,
        sample=RUN_SAMPLE,
    )


def optimise(electorate: Electorate, scenario: Scenario, objective: str = "share") -> Any:
    """The optimiser's allocation of the scenario's budget and hours (``PlanSearch`` for
    the expected share; ``OptimalPlan`` for the chance of winning, which simulates every
    candidate ``PROPOSAL_RUNS`` times). Both carry ``proposal`` and ``expected_share``."""
    cal = electorate.calibrator
    fitted = cal.fitted_votes_
    common: dict[str, Any] = {
        "shares": fitted.shares(),
        "turnout": fitted.turnout(),
        "params": cal.params,
        "seed": 0,
    }
    args = (
        cal.spec_,
        cal.effort_,
        electorate.contestant,
        float(scenario.budget_idr),
        float(scenario.volunteer_hours),
    )
    if objective == "win":
        return optimise_plan(
            *args,
            **common,
            fit_rounds=SEARCH["rounds"],
            fit_runs=SEARCH["runs"],
            fit_sample=SEARCH["sample"],
            transfers=electorate.data.transfers,
            runs=PROPOSAL_RUNS,
            sample=RUN_SAMPLE,
            objective="win",
            xp=array_module(),
        )
    return search_plan(
        *args,
        **common,
        rounds=SEARCH["rounds"],
        runs=SEARCH["runs"],
        sample=SEARCH["sample"],
        xp=array_module(),
    )


def baseline_share(electorate: Electorate) -> float:
    """The contestant's calibrated round-1 share of valid votes, without any plan (with
    the contestant's own ledger effort, or none if the ledger has none)."""
    return float(electorate.calibrator.fitted_votes_.total_shares()[electorate.contestant])


def _interval(iv: Any, mean: np.ndarray) -> dict[str, list[float]]:
    return {
        "lower": iv.lower.tolist(),
        "median": iv.median.tolist(),
        "upper": iv.upper.tolist(),
        "mean": mean.tolist(),
    }


def result_json(scenario: Scenario, outcome: PlanOutcome, electorate: Electorate) -> dict[str, Any]:
    """The stored result: shares by round and area (the last entry is the whole region)
    with percentile intervals, and the counts of runs won (numerator and denominator)."""
    codes = list(outcome.area_codes)
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    rounds = [{"number": 1, **_interval(outcome.round1, outcome.round1_mean)}]
    if outcome.round2 is not None and outcome.round2_mean is not None:
        rounds.append({"number": 2, **_interval(outcome.round2, outcome.round2_mean)})
    runs = outcome.runs
    return {
        "contestant": scenario.contestant.short,
        "area_codes": [*codes, scenario.election.region.code],
        "area_names": [*(names.get(c, c) for c in codes), scenario.election.region.name],
        "level": outcome.round1.level,
        "runs": runs,
        "rounds": rounds,
        "wins_round1": round(outcome.p_win_round1 * runs),
        "runoffs": round(outcome.p_runoff * runs),
        "wins_round2": round(outcome.p_win_round2 * runs),
        "calibration_error": electorate.calibrator.max_error_history_[-1],
    }
