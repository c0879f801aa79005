from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest

from kampanye.sim import ElectorateModel, ElectorateSpec, PollDesign, field_poll, monte_carlo, sweep
from kampanye.sim.tests.fixtures import plan


def challenger_race() -> ElectorateModel:
    """An incumbent everyone knows against a challenger movers like and few know yet."""
    spec = ElectorateSpec(
        area_codes=("31.71",),
        voters=np.array([40000]),
        contestants=("Petahana", "Penantang"),
        segments=("menetap", "pindah"),
        segment_shares=np.array([0.7, 0.3]),
        favourability=np.array([[[0.6, 1.0], [-0.5, 2.0]]]),
        initial_awareness=np.array([[0.97, 0.4], [0.97, 0.5]]),
        base_turnout=np.array([[0.75, 0.45]]),
    )
    return ElectorateModel(
        spec, plan(spec, 30, {(1, "ground"): 0.02, (1, "online"): 0.05}), seed=11
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_a_dpt_framed_poll_reproduces_the_2012_miss(seed: int) -> None:
    # given the race before its campaign, and the result after it
    model = challenger_race()
    biased = PollDesign(
        sample_size=1200, frame_coverage=(0.9, 0.3), response_rate=(0.6, 0.4), screen_turnout=False
    )
    early = field_poll(model, biased, seed=seed)
    model.run()
    late_fair = field_poll(model, PollDesign(sample_size=1200), seed=seed)
    result = model.vote().total_shares()
    # then the framed early poll shows the incumbent far ahead with many undecided,
    # while the challenger wins the vote
    lead_in_poll = early.shares[0] - early.shares[1]
    assert result[1] > result[0]
    assert lead_in_poll > 0.15
    assert early.shares[2] > 0.10
    # and a fair poll at the end, screened for turnout, is near the result
    fair = late_fair.decided_shares()
    assert abs(fair[1] - result[1]) < 3 * late_fair.margin


def test_monte_carlo_intervals_widen_with_uncertainty() -> None:
    def noisy(scale: float):
        def simulate(child: np.random.SeedSequence) -> float:
            return float(np.random.default_rng(child).normal(0.5, scale))

        return simulate

    narrow = monte_carlo(noisy(0.01), 400, seed=3).interval
    wide = monte_carlo(noisy(0.05), 400, seed=3).interval
    assert float(wide.width) > 3 * float(narrow.width)
    assert (
        monte_carlo(noisy(0.01), 50, seed=3).samples.tolist()
        == monte_carlo(noisy(0.01), 50, seed=3).samples.tolist()
    )


def test_sweep_runs_every_grid_point_with_common_random_numbers() -> None:
    def simulate(settings: Mapping[str, float], child: np.random.SeedSequence) -> float:
        return settings["a"] + settings["b"] + float(np.random.default_rng(child).random())

    points = sweep(simulate, {"a": [0.0, 1.0], "b": [0.0, 10.0]}, runs=5, seed=1)
    assert [p.settings for p in points] == [
        {"a": 0.0, "b": 0.0},
        {"a": 0.0, "b": 10.0},
        {"a": 1.0, "b": 0.0},
        {"a": 1.0, "b": 10.0},
    ]
    np.testing.assert_allclose(points[3].result.samples - points[0].result.samples, 11.0)


def test_an_engine_that_does_not_exist_is_named() -> None:
    with pytest.raises(NotImplementedError, match="spark"):
        monte_carlo(lambda child: 0.0, 3, seed=0, engine="spark")
