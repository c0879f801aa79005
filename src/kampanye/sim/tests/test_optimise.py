"""The allocator on cases with known answers (kampanye.sim._allocate, no Django)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.sim import (
    BUDGET,
    HOURS,
    allocate,
    array_module,
    exponential_curve,
)


def test_two_identical_channels_split_the_budget_evenly() -> None:
    # given two channels with the same concave curve
    curves = [
        exponential_curve((1, 0), BUDGET, 0.05, 100.0),
        exponential_curve((1, 1), BUDGET, 0.05, 100.0),
    ]
    # when 400 is allocated in steps of 2
    proposal = allocate(curves, 400.0, 0.0, budget_step=2.0)
    # then each gets half, and the gain is twice one curve's at 200
    assert proposal.amounts.tolist() == [200.0, 200.0]
    assert proposal.expected_gain == pytest.approx(2 * 0.05 * (1 - math.exp(-2.0)))


def test_a_channel_with_no_effect_gets_nothing() -> None:
    # given one useful channel and one without any effect
    curves = [
        exponential_curve((1, 0), BUDGET, 0.0, 100.0),
        exponential_curve((2, 0), BUDGET, 0.02, 50.0),
    ]
    # when the budget is allocated
    proposal = allocate(curves, 1000.0, 0.0, steps=100)
    # then the useless one gets nothing and the useful one everything
    assert proposal.amounts[0] == 0.0
    assert proposal.amounts[1] == pytest.approx(1000.0)


def test_saturated_curves_leave_money_unspent() -> None:
    # given a curve that stops gaining (its marginal gain falls below anything measurable)
    curves = [exponential_curve((1, 0), BUDGET, 0.01, 1.0)]
    # when a budget far past saturation is allocated
    proposal = allocate(curves, 10_000.0, 0.0, budget_step=1.0)
    # then only the steps that still gain are spent
    assert 0 < proposal.budget_used < 10_000.0


def test_greedy_matches_the_water_filling_optimum() -> None:
    # given curves a·(1 − exp(−x/b)) with the known continuous optimum: every funded curve
    # has the same marginal gain λ, so x = b·ln(a / (b·λ)), with Σx = budget
    a = np.array([0.04, 0.02, 0.03])
    b = np.array([100.0, 50.0, 300.0])
    budget = 400.0

    def spend(lam: float) -> np.ndarray:
        spent: np.ndarray = np.maximum(b * np.log(a / (b * lam)), 0.0)
        return spent

    lo, hi = 1e-9, float((a / b).max())
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if spend(mid).sum() > budget else (lo, mid)
    exact = spend(hi)
    curves = [exponential_curve((1, i), BUDGET, a[i], b[i]) for i in range(3)]
    # when the greedy optimiser allocates on a grid of 0.5
    proposal = allocate(curves, budget, 0.0, budget_step=0.5)
    # then it lands within a grid step of the exact answer on every curve
    assert np.abs(proposal.amounts - exact).max() <= 0.5 + 1e-6
    assert proposal.amounts.sum() == pytest.approx(budget)


def test_budget_and_hours_are_separate_constraints() -> None:
    # given a ground curve paid in hours and an air curve paid in Rupiah
    curves = [
        exponential_curve((0, 0), HOURS, 0.02, 10.0),
        exponential_curve((1, 0), BUDGET, 0.02, 1000.0),
    ]
    # when both resources are allocated
    proposal = allocate(curves, 500.0, 20.0, steps=50)
    # then each curve spends only its own resource, all of it
    assert proposal.amounts.tolist() == pytest.approx([20.0, 500.0])
    assert (proposal.budget_used, proposal.hours_used) == pytest.approx((500.0, 20.0))


@settings(max_examples=40)
@given(
    gains=st.lists(st.floats(0.0, 0.1), min_size=1, max_size=5),
    scales=st.lists(st.floats(1.0, 500.0), min_size=5, max_size=5),
    budget=st.integers(0, 300),
    extra=st.integers(1, 100),
)
def test_more_budget_never_lowers_the_optimum(
    gains: list[float], scales: list[float], budget: int, extra: int
) -> None:
    # given any set of concave curves and a fixed grid
    curves = [exponential_curve((1, i), BUDGET, g, scales[i]) for i, g in enumerate(gains)]
    # when the budget grows
    small = allocate(curves, float(budget), 0.0, budget_step=1.0)
    large = allocate(curves, float(budget + extra), 0.0, budget_step=1.0)
    # then the optimum does not fall, and no allocation exceeds its budget
    assert large.expected_gain >= small.expected_gain - 1e-12
    assert small.budget_used <= budget + 1e-9


@settings(max_examples=30)
@given(
    gains=st.lists(st.floats(0.001, 0.1), min_size=2, max_size=4),
    scales=st.lists(st.floats(1.0, 200.0), min_size=4, max_size=4),
    budget=st.integers(1, 60),
)
def test_greedy_beats_every_other_split_on_the_grid(
    gains: list[float], scales: list[float], budget: int
) -> None:
    # given concave curves and a small grid, small enough to enumerate every split of two
    curves = [exponential_curve((1, i), BUDGET, g, scales[i]) for i, g in enumerate(gains)]
    best = allocate(curves, float(budget), 0.0, budget_step=1.0)
    # when any split between the first two curves is tried
    for x in range(budget + 1):
        value = float(curves[0].value(float(x)) + curves[1].value(float(budget - x)))
        # then none beats the greedy optimum
        assert value <= best.expected_gain + 1e-12


def test_the_array_namespace_is_numpy_without_a_gpu() -> None:
    # given this machine (cupy absent or no device) — when the namespace is chosen
    xp = array_module()
    # then numpy is used, and numpy is what the tests always get when GPU is not wanted
    assert array_module(prefer_gpu=False) is np
    assert xp.__name__ in {"numpy", "cupy"}


def test_channels_drawing_on_one_pool_never_count_a_voter_twice() -> None:
    # given two channels that inform the same unaware voters (ceiling 0.1), one twice as
    # cheap per voter informed
    curves = [
        exponential_curve((1, 0), BUDGET, 0.1, 100.0, pool="aware:0"),
        exponential_curve((2, 0), BUDGET, 0.1, 200.0, pool="aware:0"),
    ]
    # when a budget that saturates the pool is allocated
    proposal = allocate(curves, 2000.0, 0.0, budget_step=10.0)
    # then the gain stays under the pool's ceiling, and the cheaper channel takes the money:
    # with one pool, a unit informs more voters there whatever was spent before
    assert proposal.expected_gain <= 0.1
    assert proposal.expected_gain == pytest.approx(0.1 * (1 - math.exp(-proposal.amounts[0] / 100)))
    assert proposal.amounts[1] == 0.0


def test_a_pooled_and_a_lone_curve_share_the_budget_by_marginal_gain() -> None:
    # given a pooled awareness curve and a lone persuasion curve with the same shape
    curves = [
        exponential_curve((1, 0), BUDGET, 0.05, 100.0, pool="aware:0"),
        exponential_curve((1, 1), BUDGET, 0.05, 100.0),
    ]
    # when the budget is allocated, then it splits evenly as for two lone curves
    assert allocate(curves, 400.0, 0.0, budget_step=2.0).amounts.tolist() == [200.0, 200.0]
