"""Segments in the simulator: targeted contacts, spreading by size, segment-aware calibration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.sim import (
    CHANNELS,
    Calibrator,
    Effort,
    ElectorateModel,
    ElectorateSpec,
    Round1View,
    SegmentLayout,
    plan_effort,
    read_election,
)
from kampanye.sim.tests.fixtures import jakarta_dir

GROUND = CHANNELS.index("ground")


def two_segments(voters: int = 8000) -> ElectorateSpec:
    """One area; "tetap" knows both pairs and has made up its mind for B; "bimbang" does
    not know A, and a quarter of the area."""
    return ElectorateSpec(
        area_codes=("31.71",),
        voters=np.array([voters]),
        contestants=("A", "B"),
        segments=("tetap", "bimbang"),
        segment_shares=np.array([[0.75, 0.25]]),
        favourability=np.array([[[-1.0, 3.0], [0.5, 0.5]]]),
        initial_awareness=np.array([[1.0, 1.0], [0.0, 1.0]]),
        base_turnout=np.full((1, 2), 0.6),
    )


def targeted(spec: ElectorateSpec, days: int, segment: int | None, contacts: float) -> Effort:
    """A's door-to-door contacts for the whole campaign, on one segment or on everyone."""
    base = Effort.none(days, 2, 1)
    plan = np.zeros((1, 3))
    aimed = np.zeros((1, spec.n_segments, 3))
    if segment is None:
        plan[0, 0] = contacts
    else:
        aimed[0, segment, 0] = contacts
    return plan_effort(base, 0, plan, aimed)


def aware_of_a(model: ElectorateModel) -> np.ndarray:
    ag = model.agents
    knows = (ag.aware & 1).astype(np.float64) * ag.weight
    return np.bincount(ag.segment, weights=knows, minlength=model.spec.n_segments)


@settings(max_examples=5)
@given(seed=st.integers(0, 2**32 - 1))
def test_targeting_the_undecided_segment_gains_more_than_the_decided_one(seed: int) -> None:
    # given the same door-to-door effort for A, aimed at either segment
    spec = two_segments()
    shares = {}
    for segment in (0, 1):
        # when each plan runs with the same seed
        model = ElectorateModel(spec, targeted(spec, 10, segment, 3000), seed=seed)
        model.run()
        shares[segment] = model.vote().total_shares()[0]
    # then A gains more where voters did not know A than where everyone has decided
    assert shares[1] > shares[0] + 0.05


def test_targeted_contacts_reach_only_their_segment() -> None:
    # given both segments unaware of A and contacts aimed at the second
    spec = two_segments().with_changes(initial_awareness=np.array([[0.0, 1.0], [0.0, 1.0]]))
    model = ElectorateModel(spec, targeted(spec, 10, 1, 2000), seed=4)
    # when the campaign runs
    model.run()
    # then only the second segment learns of A (households live within one segment)
    learned = aware_of_a(model)
    assert learned[0] == 0
    assert learned[1] > 500


def test_contacts_without_a_segment_spread_by_segment_size() -> None:
    # given both segments unaware of A and contacts aimed at nobody in particular
    spec = two_segments(voters=40000).with_changes(
        initial_awareness=np.array([[0.0, 1.0], [0.0, 1.0]])
    )
    model = ElectorateModel(spec, targeted(spec, 10, None, 8000), seed=5)
    # when the campaign runs
    model.run()
    # then the voters who learned of A split like the segments, 3 : 1
    learned = aware_of_a(model)
    assert learned[0] / learned.sum() == pytest.approx(0.75, abs=0.03)


def test_targeted_effort_of_the_wrong_shape_is_refused() -> None:
    spec = two_segments()
    with pytest.raises(ValueError, match="segments"):
        ElectorateModel(
            spec, Effort(np.zeros((5, 2, 1, 4)), targeted=np.zeros((5, 2, 1, 3, 4))), seed=0
        )


def test_per_area_segment_shares_lay_out_the_cohorts() -> None:
    # given two areas whose segments differ in size
    spec = ElectorateSpec(
        area_codes=("a", "b"),
        voters=np.array([1000, 2000]),
        contestants=("A",),
        segments=("x", "y"),
        segment_shares=np.array([[0.2, 0.8], [0.5, 0.5]]),
        favourability=np.zeros((2, 2, 1)),
        initial_awareness=np.ones((2, 1)),
        base_turnout=np.full((2, 2), 0.5),
    )
    # when the agents are laid out
    model = ElectorateModel(spec, Effort.none(1, 1, 2), seed=0)
    # then each cohort has its share of its area's voters
    counts = np.bincount(model.agents.cohort, minlength=4)
    np.testing.assert_array_equal(counts, [200, 800, 1000, 1000])


@pytest.mark.skipif(jakarta_dir() is None, reason="Jakarta 2012 facts not found")
def test_a_segmented_calibration_still_reproduces_round_1_by_wilayah() -> None:
    # given Jakarta 2012 with every wilayah split into a swing and a settled segment
    data = read_election(jakarta_dir())  # type: ignore[arg-type]
    a = len(data.round1.area_codes)
    layout = SegmentLayout(
        names=("bergejolak", "lainnya"),
        shares=np.tile([0.3, 0.7], (a, 1)),
        favourability=np.array([-1.0, 0.0]),
        awareness=np.array([[np.nan, 0.4], [np.nan, np.nan]]),
        turnout=np.array([-0.05, 0.0]),
    )
    view = Round1View.from_election(data)
    view = Round1View(
        view.name, view.contestants, view.incumbent, view.round1, view.transfers, None, layout
    )
    # when it is calibrated
    cal = Calibrator(sample=1500, iterations=8).fit(view)
    # then each wilayah's round-1 shares are met as closely as without segments at this
    # sample (the fit is noise-limited at 1–3 points by 1,500 agents a cohort), and the
    # segments keep their offsets
    assert cal.max_error_history_[-1] < 0.03
    assert cal.spec_.segments == ("bergejolak", "lainnya")
    fav = cal.spec_.favourability
    np.testing.assert_allclose(fav[:, 1, :] - fav[:, 0, :], 1.0)


@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1), segment=st.integers(0, 1))
def test_with_targeted_effort_tallies_match_a_recount_and_shares_sum_to_one(
    seed: int, segment: int
) -> None:
    # given two areas, every channel aimed at one segment, and some effort for everyone
    spec = ElectorateSpec(
        area_codes=("a", "b"),
        voters=np.array([1500, 2500]),
        contestants=("A", "B", "C"),
        segments=("x", "y"),
        segment_shares=np.array([[0.3, 0.7], [0.6, 0.4]]),
        favourability=np.zeros((2, 2, 3)),
        initial_awareness=np.full((2, 3), 0.4),
        base_turnout=np.full((2, 2), 0.6),
    )
    aimed = np.zeros((2, 2, 3))
    aimed[:, segment, :] = [[300.0, 2000.0, 500.0], [600.0, 4000.0, 900.0]]
    effort = plan_effort(Effort.none(12, 3, 2), 1, np.full((2, 3), 200.0), aimed)
    # when it runs and votes
    model = ElectorateModel(spec, effort, seed=seed)
    model.run()
    votes = model.vote()
    # then the counts kept day by day equal a recount, and shares sum to one
    ag = model.agents
    for k in range(3):
        recount = np.bincount(ag.area, weights=(ag.aware >> k) & 1, minlength=2)
        np.testing.assert_allclose(model.aware_count[:, k], recount)
    slot = ag.intent.astype(np.int64) % 4
    for j in range(4):
        recount = np.bincount(ag.area, weights=slot == j, minlength=2)
        np.testing.assert_allclose(model.intent_count[:, j], recount)
    np.testing.assert_allclose(
        model.propensity_sum, np.bincount(ag.area, weights=ag.propensity, minlength=2), rtol=1e-5
    )
    np.testing.assert_allclose(votes.shares().sum(axis=1), 1.0)
    # and the aimed-at segment's air persuasion is the only one that grew
    assert (model.air_stock[:, 1 - segment, 1] < model.air_stock[:, segment, 1]).all()
