from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.stats import (
    crosstab,
    difference_between_groups,
    difference_within_sample,
    weighted_share,
    wilson_interval,
)


def test_wilson_interval_by_hand() -> None:
    # 20 of 100: centre (0.2 + 1.96²/200)/(1 + 1.96²/100) = 0.2214, half-width 0.0784
    lower, upper = wilson_interval(0.2, 100)
    assert lower == pytest.approx(0.1333, abs=1e-4)
    assert upper == pytest.approx(0.2888, abs=1e-4)


def test_weighting_widens_the_interval_by_the_design_effect() -> None:
    # given 4 respondents, two for and two against, weighted 1, 1, 2, 4 (for: the last two)
    est = weighted_share([0, 0, 1, 1], [1, 1, 2, 4])
    # then the share is 6/8, the design effect 1.375 and the margin uses n_eff = 64/22
    assert est.share == pytest.approx(0.75)
    assert est.design_effect == pytest.approx(1.375)
    assert est.margin == pytest.approx(1.96 * math.sqrt(0.75 * 0.25 / (64 / 22)))
    assert "Kish" in est.assumption


def test_lead_margin_in_one_sample_is_near_twice_a_share_margin() -> None:
    # 45 % against 40 % of 1000: var = (0.85 − 0.05²)/1000
    lead = difference_within_sample(0.45, 0.40, 1000)
    assert lead.margin == pytest.approx(1.96 * math.sqrt((0.85 - 0.0025) / 1000))
    assert not lead.significant  # a 5-point lead with n = 1000 is inside 5.7 points


def test_difference_between_two_groups() -> None:
    a = weighted_share([1] * 60 + [0] * 40)
    b = weighted_share([1] * 40 + [0] * 60)
    diff = difference_between_groups(a, b)
    assert diff.difference == pytest.approx(0.2)
    assert diff.margin == pytest.approx(1.96 * math.sqrt(2 * 0.24 / 100))
    assert diff.significant


def test_crosstab_by_hand_with_too_few() -> None:
    # given answers 0/1 for two groups: group 0 has 40 people (30 say 1), group 1 has 5
    answer = np.array([1] * 30 + [0] * 10 + [1] * 5)
    group = np.array([0] * 40 + [1] * 5)
    table = crosstab(answer, 2, [group], [2], min_n=30)
    assert table.share[:, 0] == pytest.approx([0.25, 0.75])
    assert table.respondents.tolist() == [40, 5]
    assert table.too_few.tolist() == [False, True]
    assert table.lower[1, 0] == pytest.approx(wilson_interval(0.75, 40)[0])


def test_crosstab_leaves_out_who_did_not_answer_and_combines_groups() -> None:
    answer = np.array([0, 1, -1, 1])
    g1, g2 = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    table = crosstab(answer, 2, [g1, g2], [2, 2], min_n=1)
    assert table.respondents.tolist() == [1, 1, 0, 1]
    assert table.share[:, 3].tolist() == [0.0, 1.0]


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.floats(0.1, 5)), min_size=1))
def test_crosstab_column_shares_sum_to_one(rows) -> None:
    a, g, w = (np.array(x) for x in zip(*rows, strict=True))
    table = crosstab(a, 3, [g], [2], w, min_n=1)
    for col in range(2):
        if table.respondents[col]:
            assert table.share[:, col].sum() == pytest.approx(1.0)
            assert np.all(table.lower[:, col] <= table.share[:, col] + 1e-12)
            assert np.all(table.share[:, col] <= table.upper[:, col] + 1e-12)


def test_crosstab_of_nobody_is_all_too_few() -> None:
    table = crosstab(np.array([], dtype=np.int64), 2, [], [], np.array([]))
    assert table.respondents.tolist() == [0] and table.too_few.tolist() == [True]
