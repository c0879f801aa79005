"""The optimiser on curves fitted to the simulator: fits, search, objectives."""

from __future__ import annotations

import numpy as np
import pytest

from kampanye.sim import Effort, fit_exponential, optimise_plan, search_plan
from kampanye.sim.tests.fixtures import small_spec


def test_an_exponential_is_recovered_from_four_points() -> None:
    # given points of 0.1 + 0.5·(1 − exp(−x/2)), computed by hand
    x = np.array([0.0, 1.0, 2.0, 4.0])
    y = 0.1 + 0.5 * (1.0 - np.exp(-x / 2.0))
    # when the curve is fitted
    c, a, b = fit_exponential(x, y)
    # then its parameters come back (b to the log grid's step)
    assert c == pytest.approx(0.1, abs=0.01)
    assert a == pytest.approx(0.5, rel=0.1)
    assert b == pytest.approx(2.0, rel=0.1)


def test_a_falling_response_is_fitted_as_no_gain() -> None:
    # given noise around a slight fall
    x = np.array([0.0, 1.0, 2.0])
    y = np.array([0.30, 0.29, 0.28])
    # when fitted
    _c, a, _b = fit_exponential(x, y)
    # then the curve gains nothing (a ≥ 0: money never buys a loss on the curves)
    assert a == 0.0


def little_known_b() -> dict[str, object]:
    spec = small_spec(voters=4000, awareness=0.3)
    return {
        "spec": spec,
        "base": Effort.none(8, 3, 2),
        "contestant": 1,
        "budget": 3_000_000.0,
        "hours": 800.0,
        "shares": np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]]),
        "turnout": np.full(2, 0.6),
    }


def test_the_search_never_keeps_an_allocation_the_simulator_finds_worse() -> None:
    # given a small electorate where B is little known
    # when the search fits curves to the simulator and moves along them
    found = search_plan(**little_known_b(), sample=300, runs=2, seed=1)  # type: ignore[arg-type]
    # then every kept round improved the simulator's check, and the plan stays in its means
    best = found.rounds[0].checked_share if found.rounds else found.checked_share
    for r in found.rounds:
        if r.kept:
            assert r.checked_share >= best - 1e-12
            best = r.checked_share
    assert found.proposal.amounts.sum() <= 3_000_000.0 + 800.0 + 1e-6
    assert found.contacts.shape == (2, 3)


@pytest.mark.slow
def test_the_fitted_curves_agree_with_the_simulator() -> None:
    # given the optimiser's plan for B
    plan = optimise_plan(**little_known_b(), runs=30, sample=1000, seed=2)  # type: ignore[arg-type]
    # then what the fitted curves expect is within 1.5 points of the simulated mean share
    # (the first-order curves of response_curves overshoot by far more)
    simulated = float(plan.outcome.round1_mean[-1])
    assert abs(plan.expected_share - simulated) < 0.015


@pytest.mark.slow
def test_the_win_objective_picks_among_simulated_candidates() -> None:
    # given the same problem, optimised for the chance of winning
    plan = optimise_plan(**little_known_b(), runs=6, sample=300, objective="win")  # type: ignore[arg-type]
    # then the chosen plan is one of the search's candidates and no other candidate wins more
    assert plan.objective == "win"
    assert any(plan.proposal is c for c, _ in plan.search.candidates)
    assert 0.0 <= plan.outcome.p_win <= 1.0


def test_an_unknown_objective_is_named() -> None:
    with pytest.raises(ValueError, match="objective"):
        optimise_plan(**little_known_b(), objective="votes")  # type: ignore[arg-type]
