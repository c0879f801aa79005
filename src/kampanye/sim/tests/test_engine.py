"""Monte Carlo of a plan: serial against Dask, response curves, national scale (no Django)."""

from __future__ import annotations

import numpy as np
import pytest

from kampanye.sim import (
    BUDGET,
    CHANNELS,
    HOURS,
    Costs,
    Effort,
    ElectorateSpec,
    PlanSimulation,
    SimParams,
    allocate,
    map_runs,
    monte_carlo,
    national_simulation,
    optimise_plan,
    plan_effort,
    response_curves,
    run_monte_carlo,
    simulate_plan,
)


def small_spec(voters: int = 4000, areas: int = 2) -> ElectorateSpec:
    fav = np.array([0.6, 0.4, 0.0])
    return ElectorateSpec(
        area_codes=tuple(f"31.7{i + 1}" for i in range(areas)),
        voters=np.full(areas, voters, dtype=np.int64),
        contestants=("A", "B", "C"),
        segments=("semua",),
        segment_shares=np.ones(1),
        favourability=np.broadcast_to(fav, (areas, 1, 3)).copy(),
        initial_awareness=np.array([[0.9, 0.5, 0.7]]),
        base_turnout=np.full((areas, 1), 0.6),
    )


def test_dask_engine_gives_the_serial_draws_for_the_same_seed() -> None:
    # given a plan simulation of a small electorate
    spec = small_spec()
    sim = PlanSimulation(spec, Effort.none(5, 3, 2), 1, None, (), sample=300)
    # when it runs on a two-worker LocalCluster and here, with the same seed
    on_dask = map_runs(sim, 6, seed=11, engine="dask")
    here = map_runs(sim, 6, seed=11)
    # then the draws are identical, run by run, field by field
    assert len(on_dask) == len(here) == 6
    for far, near in zip(on_dask, here, strict=True):
        np.testing.assert_array_equal(far.round1, near.round1)
        assert (far.round2 is None) == (near.round2 is None)
        if near.round2 is not None:
            np.testing.assert_array_equal(far.round2, near.round2)
        assert (far.won_round1, far.in_runoff, far.won_round2) == (
            near.won_round1,
            near.in_runoff,
            near.won_round2,
        )
    # and the library's monte_carlo draws the same province shares on either engine
    province = lambda child: sim(child).round1[-1]  # noqa: E731
    serial = monte_carlo(province, 6, seed=11).samples
    np.testing.assert_array_equal(serial, [d.round1[-1] for d in here])
    np.testing.assert_array_equal(run_monte_carlo(province, 6, 11, engine="dask").samples, serial)


def test_progress_is_reported_run_by_run_and_unknown_engines_refused() -> None:
    # given a trivial simulation
    seen: list[tuple[int, int]] = []
    # when it runs three times
    run_monte_carlo(lambda child: np.array([1.0]), 3, 0, progress=lambda d, t: seen.append((d, t)))
    # then progress went 1/3, 2/3, 3/3, and a made-up engine is refused
    assert seen == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(ValueError, match="engine"):
        run_monte_carlo(lambda child: np.array([1.0]), 1, 0, engine="spark")


def test_a_plan_outcome_carries_intervals_and_chances() -> None:
    # given contestant B with an air campaign of one exposure per voter a day
    spec = small_spec()
    contacts = np.zeros((2, 3))
    contacts[:, 1] = 4000 * 5
    effort = plan_effort(Effort.none(5, 3, 2), 1, contacts)
    # when the plan is simulated
    outcome = simulate_plan(PlanSimulation(spec, effort, 1, None, (), sample=400), 20, seed=3)
    # then every share lies inside its interval, chances are probabilities that add up
    r1 = outcome.round1
    assert np.all(r1.lower <= r1.median) and np.all(r1.median <= r1.upper)
    assert r1.lower.shape == (3,)  # two areas and the province
    assert 0.0 <= outcome.p_win <= 1.0
    assert outcome.p_win_round2 <= outcome.p_runoff
    assert effort.reach[0, 1, 0, CHANNELS.index("air")] == pytest.approx(4000.0)


def test_a_plan_outcome_counts_the_draws_that_won_and_reached_the_runoff() -> None:
    # given a three-way race close enough that the runoff is sometimes needed
    spec = small_spec(areas=3).with_changes(
        favourability=np.broadcast_to(np.array([0.6, 0.4, 0.45]), (3, 1, 3)).copy(),
        initial_awareness=np.array([[0.9, 0.6, 0.7]]),
    )
    sim = PlanSimulation(spec, Effort.none(5, 3, 3), 0, None, (), sample=300)
    # when thirty draws are taken one by one and as an outcome, with the same seed
    draws = map_runs(sim, 30, seed=4)
    outcome = simulate_plan(sim, 30, seed=4)
    # then a draw has a runoff share exactly when it reached the runoff, and never both won
    # outright and went to a runoff
    assert all((d.round2 is not None) == d.in_runoff for d in draws)
    assert not any(d.won_round1 and d.in_runoff for d in draws)
    assert 0 < sum(d.in_runoff for d in draws) < 30  # both paths are taken
    # and the outcome's chances are the shares of draws, its runoff mean over those reaching it
    assert outcome.p_win_round1 == sum(d.won_round1 for d in draws) / 30
    assert outcome.p_runoff == sum(d.in_runoff for d in draws) / 30
    assert outcome.p_win_round2 == sum(d.won_round2 for d in draws) / 30
    reached = np.stack([d.round2 for d in draws if d.round2 is not None])
    assert outcome.round2_mean is not None
    np.testing.assert_allclose(outcome.round2_mean, reached.mean(axis=0))
    np.testing.assert_allclose(outcome.round1_mean, np.mean([d.round1 for d in draws], axis=0))


def test_response_curves_follow_the_simulator_params() -> None:
    # given an electorate and the default effects
    spec = small_spec()
    shares = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    curves = response_curves(spec, shares, np.full(2, 0.6), contestant=1, days=10)
    # then ground is paid in hours, air and online in Rupiah, one curve per channel and area
    assert [c.resource for c in curves] == [HOURS, BUDGET, BUDGET] * 2
    ground = curves[0]
    # and ground's saturation is all the unaware who would vote B: weight × unaware × share/aware
    assert ground.gains[0] == pytest.approx(0.5 * 0.5 * (0.3 / 0.5))
    # and with no air persuasion in the params, air keeps only its awareness term
    quiet = SimParams().with_changes(air=SimParams().air.__class__(0.3, 0.0, 0.0))
    air = response_curves(spec, shares, np.full(2, 0.6), 1, 10, quiet)[1]
    assert len(air.gains) == 1


def test_costs_turn_money_and_hours_into_contacts() -> None:
    # given the default costs: Rp50.000 and 6 per hour on the ground, Rp30 per TV exposure
    costs = Costs()
    # then the conversions are the documented ones
    assert costs.contacts(0, 100_000.0, 2.0) == pytest.approx(2 + 12)
    assert costs.contacts(1, 300.0, 5.0) == pytest.approx(10.0)


def test_the_optimiser_prefers_the_area_where_the_candidate_is_least_known() -> None:
    # given two areas of equal size; B is little known in the first only
    spec = small_spec().with_changes(initial_awareness=np.array([[0.9, 0.5, 0.7]]))
    shares = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    curves = response_curves(spec, shares, np.array([0.6, 0.6]), 1, 10)
    ground = [c for c in curves if c.resource == HOURS]
    # when hours are allocated between equal areas
    proposal = allocate(ground, 0.0, 1000.0, hours_step=10.0)
    # then equal areas get equal hours
    assert proposal.amounts[0] == pytest.approx(proposal.amounts[1])


@pytest.mark.slow
def test_a_national_cohort_electorate_runs_one_draw() -> None:
    # given 204 million voters in 83,000 desa-sized areas, three segments, three pairs,
    # a 14-day campaign
    sim = national_simulation(204_000_000, 83_000)  # ≤ 10 agents per cohort
    # when one Monte Carlo draw runs in cohort mode (timed by `benchmarks sim --national`)
    outcome = simulate_plan(sim, 1, seed=0)
    # then it gives a share for the whole country and one per area
    assert 0.0 < outcome.round1.median[-1] < 1.0
    assert outcome.round1.median.shape == (83_001,)


def test_a_channel_the_simulator_gives_no_effect_gets_no_hours_or_money() -> None:
    # given effects where the ground war changes nothing and online reaches no one new
    base = SimParams()
    params = base.with_changes(
        ground=base.ground.__class__(0.0, 0.0, 0.0), online=base.online.__class__(0.0, 0.0, 0.0)
    )
    spec = small_spec()
    shares = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    curves = response_curves(spec, shares, np.full(2, 0.6), 1, 10, params)
    # when money and hours are allocated
    proposal = allocate(curves, 10_000_000.0, 5_000.0)
    # then all the money goes to the air war, and no hour is spent
    spent = {c.key[0]: 0.0 for c in curves}
    for curve, amount in zip(curves, proposal.amounts, strict=True):
        spent[curve.key[0]] += amount
    assert spent[CHANNELS.index("air")] == pytest.approx(10_000_000.0)
    assert spent[CHANNELS.index("ground")] == 0.0 and spent[CHANNELS.index("online")] == 0.0


def test_the_optimal_plan_carries_its_simulated_interval() -> None:
    # given a small electorate where B is little known
    spec = small_spec()
    shares = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    # when the optimiser plans B's campaign and the simulator prices it
    plan = optimise_plan(
        spec,
        Effort.none(5, 3, 2),
        1,
        2_000_000.0,
        500.0,
        shares=shares,
        turnout=np.full(2, 0.6),
        runs=8,
        sample=300,
    )
    # then the plan spends within its means, expects more than B's share without it, and the
    # simulated province share comes with an interval
    assert plan.proposal.budget_used <= 2_000_000.0 + 1e-6
    assert plan.expected_share > 0.3
    iv = plan.outcome.round1
    assert iv.lower[-1] <= iv.median[-1] <= iv.upper[-1]
    assert plan.contacts.shape == (2, 3) and plan.contacts.sum() > 0
