from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kampanye.sim import (
    Calibrator,
    ElectionData,
    Round1View,
    backtest,
    forecast_runoff,
    read_election,
)
from kampanye.sim.tests.fixtures import jakarta_dir

DIR = jakarta_dir()
needs_data = pytest.mark.skipif(DIR is None, reason="Jakarta 2012 facts not found")


def quick() -> dict[str, object]:
    return {"calibrator": Calibrator(sample=400, iterations=4, seed=1), "runs": 30, "seed": 1}


def test_the_round_1_view_has_no_place_for_round_2() -> None:
    names = {f.name for f in dataclasses.fields(Round1View)}
    assert not any("2" in name for name in names)
    assert "round2" in {f.name for f in dataclasses.fields(ElectionData)}


@needs_data
def test_scrambling_round_2_changes_nothing_in_the_forecast() -> None:
    # given the 2012 election and a copy whose round 2 is noise
    assert DIR is not None
    data = read_election(DIR)
    assert data.round2 is not None
    rng = np.random.default_rng(0)
    noise = dataclasses.replace(
        data.round2, votes=rng.integers(1, 10**6, data.round2.votes.shape).astype(np.float64)
    )
    scrambled = dataclasses.replace(data, round2=noise)
    # when both are backtested
    honest, tampered = backtest(data, **quick()), backtest(scrambled, **quick())
    # then the forecasts are identical; only the comparison changes
    np.testing.assert_array_equal(honest.forecast.share_a, tampered.forecast.share_a)
    np.testing.assert_array_equal(
        honest.forecast.area_interval.lower, tampered.forecast.area_interval.lower
    )
    assert honest.mean_absolute_error_points != tampered.mean_absolute_error_points


@needs_data
def test_jakarta_2012_backtest_meets_its_targets() -> None:
    # given round 1 of 2012 only
    assert DIR is not None
    # when round 2 is forecast and compared
    report = backtest(read_election(DIR))
    # then Jokowi–Ahok is the first finalist and the errors are within target
    assert report.forecast.finalists == (2, 0)
    assert report.actual_province_share_a == pytest.approx(0.5382, abs=1e-4)
    assert abs(report.province_error_points) < 1.0
    assert report.mean_absolute_error_points < 2.0
    lo, hi = report.forecast.province_interval.lower[0], report.forecast.province_interval.upper[0]
    assert lo < report.forecast.province_share_a < hi


@needs_data
def test_an_election_without_round_2_cannot_be_backtested() -> None:
    assert DIR is not None
    data = dataclasses.replace(read_election(DIR), round2=None)
    with pytest.raises(ValueError, match="no round 2"):
        backtest(data)
    # but it can be forecast
    forecast = forecast_runoff(Round1View.from_election(data), **quick())  # type: ignore[arg-type]
    assert 0.0 < forecast.province_share_a < 1.0
