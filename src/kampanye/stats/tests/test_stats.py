from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.stats import margin_of_error, percentile_interval, pooled_shares, worst_case_margin


def test_published_margin_of_a_1000_person_poll() -> None:
    # 1.96 × √(0.25 / 1000) = 0.03099
    assert worst_case_margin(1000) == pytest.approx(0.030990, abs=1e-6)
    # JSI 2012: n = 1200, published ± 2.9 points
    assert round(worst_case_margin(1200) * 100, 1) == 2.8


@given(share=st.floats(0.0, 1.0), n=st.integers(1, 10**6))
def test_margin_shrinks_with_sample_size_and_peaks_at_one_half(share: float, n: int) -> None:
    assert margin_of_error(share, n * 4) == pytest.approx(margin_of_error(share, n) / 2)
    assert margin_of_error(share, n) <= worst_case_margin(n) + 1e-12


def test_design_effect_inflates_the_margin() -> None:
    assert margin_of_error(0.3, 500, design_effect=2.0) == pytest.approx(
        math.sqrt(2.0) * margin_of_error(0.3, 500)
    )


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        margin_of_error(0.5, 0)
    with pytest.raises(ValueError):
        margin_of_error(1.5, 10)
    with pytest.raises(ValueError):
        percentile_interval([1.0, 2.0], level=1.0)


def test_percentile_interval_of_0_to_100() -> None:
    interval = percentile_interval(np.arange(101.0), level=0.9)
    got = (float(interval.lower), float(interval.median), float(interval.upper))
    assert got == pytest.approx((5.0, 50.0, 95.0))
    assert float(interval.width) == pytest.approx(90.0)


def test_pooled_shares_weight_by_sample_and_skip_missing() -> None:
    # two polls: 40 % and 50 % for A (n 100 and 300); only the first asked about B
    pooled = pooled_shares([[40.0, 10.0], [50.0, np.nan]], [100, 300])
    np.testing.assert_allclose(pooled, [47.5, 10.0])
