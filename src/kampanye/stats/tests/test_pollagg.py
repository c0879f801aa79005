from __future__ import annotations

import numpy as np
import pytest

from kampanye.stats import (
    PublishedPoll,
    adjust_for_nonresponse,
    adjust_for_turnout,
    aggregate_polls,
    naive_average,
    vote_shares,
)

NAN = float("nan")


def poll(house: str, day: int, a: float, b: float, n: int | None = 1000) -> PublishedPoll:
    return PublishedPoll(house, day, np.array([a, b]), n)


def test_naive_average_skips_what_a_poll_did_not_publish() -> None:
    polls = [poll("x", 1, 0.5, 0.2), PublishedPoll("y", 2, np.array([0.4, NAN]))]
    assert naive_average(polls).tolist() == pytest.approx([0.45, 0.2])


def test_a_house_that_always_reads_high_is_corrected_and_the_rest_unmoved() -> None:
    # given two honest houses at 40 % and one that reads 10 points high, three polls each
    polls = [
        poll(h, d, 0.40 + (0.10 if h == "high" else 0.0), 0.3) for h in "ab" for d in (1, 2, 3)
    ]
    polls += [poll("high", d, 0.50, 0.3) for d in (1, 2, 3)]
    agg = aggregate_polls(polls, on_day=3, half_life=1000, shrink=0.0)
    # then the houses' effects average zero and the outlier's is +10 × 2/3 points
    effects = np.array(list(agg.house_effects.values()))[:, 0]
    assert effects.sum() == pytest.approx(0.0, abs=1e-12)
    assert agg.house_effects["high"][0] == pytest.approx(0.0667, abs=1e-3)
    # and the aggregate is the industry average (a shared bias stays invisible)
    assert agg.shares[0] == pytest.approx(0.4333, abs=1e-3)


def test_polls_after_the_day_are_not_used_and_old_polls_count_less() -> None:
    polls = [poll("a", 0, 0.30, 0.3), poll("b", 30, 0.50, 0.3), poll("c", 99, 0.9, 0.0)]
    agg = aggregate_polls(polls, on_day=30, half_life=30, house_effects=False)
    # weights 1/2 and 1: (0.15 + 0.5)/1.5
    assert agg.polls_used == 2
    assert agg.shares[0] == pytest.approx(0.65 / 1.5)


def test_interval_carries_the_industry_allowance() -> None:
    polls = [poll("a", 1, 0.4, 0.3, n=10**7)]
    agg = aggregate_polls(polls, on_day=1, industry_sd=0.02, house_effects=False)
    assert agg.sd[0] == pytest.approx(0.02, abs=1e-4)


def test_undecided_allocation_by_hand() -> None:
    # 45 / 35 / 20 undecided: proportional gives 56.25 / 43.75; all to b gives 45 / 55
    assert vote_shares([0.45, 0.35]).tolist() == pytest.approx([0.5625, 0.4375])
    assert vote_shares([0.45, 0.35], [0, 1]).tolist() == pytest.approx([0.45, 0.55])


def test_nonresponse_and_turnout_adjustments_by_hand() -> None:
    mixed = adjust_for_nonresponse([0.6, 0.4], 0.5, [0.3, 0.7])
    assert mixed.tolist() == pytest.approx([0.45, 0.55])
    likely = adjust_for_turnout([0.5, 0.5], [0.6, 0.9])
    assert likely.tolist() == pytest.approx([0.4, 0.6])
