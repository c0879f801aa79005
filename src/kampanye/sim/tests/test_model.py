from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.sim import ElectorateModel, SimParams
from kampanye.sim.tests.fixtures import plan, small_spec


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1))
def test_shares_and_daily_tallies_sum_to_one(seed: int) -> None:
    # given a small campaign with every channel active
    spec = small_spec(voters=2000)
    effort = plan(
        spec,
        10,
        {(0, "ground"): 0.02, (1, "air"): 0.3, (2, "online"): 0.05, (2, "vote_buying"): 0.01},
    )
    # when it runs and votes
    model = ElectorateModel(spec, effort, seed=seed)
    model.run()
    votes = model.vote()
    # then vote shares and the daily intention tallies each sum to one
    np.testing.assert_allclose(votes.shares().sum(axis=1), 1.0)
    intent = model.datacollector.get_model_vars()["intent"]
    np.testing.assert_allclose(intent.sum(axis=2), 1.0, atol=1e-9)
    assert intent.shape == (11, 2, 4)


def test_incremental_tallies_match_a_recount() -> None:
    # given a run with contacts, forgetting and late breaks
    spec = small_spec(voters=3000)
    model = ElectorateModel(spec, plan(spec, 15, {(0, "ground"): 0.05, (1, "air"): 0.4}), seed=3)
    # when it runs
    model.run()
    # then the counts kept day by day equal a recount of the agents
    ag = model.agents
    for k in range(3):
        recount = np.bincount(ag.area, weights=(ag.aware >> k) & 1, minlength=2)
        np.testing.assert_allclose(model.aware_count[:, k], recount)
    recount = np.bincount(ag.area, weights=(ag.intent == -1), minlength=2)
    np.testing.assert_allclose(model.intent_count[:, 3], recount)
    np.testing.assert_allclose(
        model.propensity_sum, np.bincount(ag.area, weights=ag.propensity, minlength=2), rtol=1e-5
    )


def test_the_same_seed_reproduces_a_run_and_another_seed_does_not() -> None:
    # given one plan
    spec = small_spec()
    effort = plan(spec, 10, {(0, "ground"): 0.02, (1, "air"): 0.2})

    def votes(seed: int) -> np.ndarray:
        model = ElectorateModel(spec, effort, seed=seed)
        model.run()
        return model.vote().votes

    # when run twice with seed 7 and once with seed 8
    # then the first two agree exactly and the third differs
    np.testing.assert_array_equal(votes(7), votes(7))
    assert not np.array_equal(votes(7), votes(8))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ground_contact_lifts_awareness_and_turnout(seed: int) -> None:
    # given a challenger few voters know, with and without door-to-door canvassing
    spec = small_spec(voters=10000, awareness=0.2)
    quiet = ElectorateModel(spec, plan(spec, 20, {}), seed=seed)
    canvass = ElectorateModel(spec, plan(spec, 20, {(1, "ground"): 0.02}), seed=seed)
    # when both campaigns run
    quiet.run()
    canvass.run()
    # then canvassing made the challenger better known and voters likelier to turn out
    assert canvass.aware_count[:, 1].sum() > quiet.aware_count[:, 1].sum() + 2000
    assert canvass.propensity_sum.sum() > quiet.propensity_sum.sum() + 500


def test_household_spillover_reaches_more_voters() -> None:
    # given the same canvassing with and without household spillover
    spec = small_spec(voters=10000, awareness=0.0)
    effort = plan(spec, 10, {(1, "ground"): 0.01})
    alone = ElectorateModel(spec, effort, SimParams(household_spillover=0.0), seed=1)
    shared = ElectorateModel(spec, effort, SimParams(household_spillover=0.6), seed=1)
    # when both run
    alone.run()
    shared.run()
    # then about 60 % more voters learn of the candidate with spillover
    ratio = shared.aware_count[:, 1].sum() / alone.aware_count[:, 1].sum()
    assert 1.35 < ratio < 1.75


def test_air_war_awareness_and_persuasion_fade_after_the_ads_stop() -> None:
    # given five days of heavy air war, then five quiet days
    spec = small_spec(voters=10000, awareness=0.0)
    effort = plan(spec, 10, {(0, "air"): 1.0})
    effort.reach[5:] = 0.0
    model = ElectorateModel(spec, effort, seed=2)
    # when it runs
    model.run(5)
    peak_aware, peak_stock = model.aware_count[:, 0].sum(), model.air_stock[0, 0]
    model.run(5)
    # then the air-taught awareness and the persuasion stock both decay
    assert model.aware_count[:, 0].sum() < 0.7 * peak_aware
    assert model.air_stock[0, 0] == pytest.approx(peak_stock * 0.5 ** (5 / 3.0))


def test_peer_effects_multiply_online_reach() -> None:
    # given an online campaign with and without peer effects
    spec = small_spec(voters=10000, awareness=0.3)
    effort = plan(spec, 10, {(2, "online"): 0.1})
    lone = ElectorateModel(spec, effort, SimParams(peer_multiplier=0.0), seed=4)
    peers = ElectorateModel(spec, effort, SimParams(peer_multiplier=4.0), seed=4)
    # when both run
    lone.run()
    peers.run()
    # then friends spread the name further
    assert peers.aware_count[:, 2].sum() > lone.aware_count[:, 2].sum() + 1000


def test_vote_buying_money_kept_by_brokers_buys_nothing() -> None:
    # given vote buying whose money brokers keep entirely, and a campaign where it arrives
    spec = small_spec(voters=10000, awareness=1.0)
    effort = plan(spec, 10, {(2, "vote_buying"): 0.1})
    kept = ElectorateModel(spec, effort, SimParams(broker_leakage=1.0), seed=5)
    paid = ElectorateModel(spec, effort, SimParams(broker_leakage=0.0), seed=5)
    quiet = ElectorateModel(spec, plan(spec, 10, {}), seed=5)
    # when all three run
    for model in (kept, paid, quiet):
        model.run()
    # then only the money that arrives moves votes to the buyer
    assert paid.intent_count[:, 2].sum() > kept.intent_count[:, 2].sum() + 300
    np.testing.assert_array_equal(kept.intent_count, quiet.intent_count)


def test_cohort_mode_weights_add_up_to_the_registered_voters() -> None:
    # given 50,000 voters represented by at most 500 agents per cohort
    spec = small_spec(voters=25000)
    model = ElectorateModel(spec, plan(spec, 3, {}), seed=0, sample=500)
    # then there are 2 areas × 2 segments × 500 agents weighing 25,000 per area
    assert len(model.agents) == 2000
    np.testing.assert_allclose(model.registered, [25000, 25000])


def test_undecided_voters_break_before_voting_day() -> None:
    # given an electorate that starts with undecided voters
    spec = small_spec(voters=5000, favourability=(0.0, 0.0, 0.0))
    model = ElectorateModel(spec, plan(spec, 30, {}), seed=6)
    start = model.intent_count[:, 3].sum()
    # when the campaign runs to its end
    model.run()
    # then most undecided voters who know a candidate have made up their minds
    knows_nobody = ((model.agents.aware == 0) & (model.agents.intent == -1)).sum()
    assert model.intent_count[:, 3].sum() - knows_nobody < 0.3 * start


def test_effort_of_the_wrong_shape_is_refused() -> None:
    spec = small_spec()
    with pytest.raises(ValueError, match="effort has shape"):
        ElectorateModel(spec, plan(small_spec(areas=3), 3, {}))


def test_an_agent_whose_air_knowledge_became_lasting_can_still_forget_later() -> None:
    # given an agent due to forget today whose air-only knowledge was made lasting meanwhile
    spec = small_spec(voters=500)
    model = ElectorateModel(spec, plan(spec, 5, {}), seed=1)
    ag = model.agents
    ag.air_only[7] = 0
    ag.forget_day[7] = model.day
    # when the day passes
    model.step()
    # then the agent is off the schedule, so a later air-only contact can set a new date
    assert ag.forget_day[7] > model.day
    model._schedule_forgetting(np.array([7], dtype=np.intp), np.array([model.day + 2]))
    assert ag.forget_day[7] == model.day + 2
