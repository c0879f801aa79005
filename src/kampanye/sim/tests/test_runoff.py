from __future__ import annotations

import numpy as np
import pytest

from kampanye.sim import POOLED, RoundResults, TransferRow, completed_votes, runoff, transfer_matrix


def test_transfer_matrix_averages_rows_and_shrinks_eliminated_ones_to_the_pool() -> None:
    # given contestants 0 and 1 in the runoff, 2 eliminated, and three surveys' rows
    rows = [
        TransferRow("S1", 0, ((0, 90.0), (1, 10.0)), 0.0),
        TransferRow("S1", 1, ((0, 10.0), (1, 80.0)), 10.0),
        TransferRow("S2", 1, ((1, 90.0),), None),  # a stay rate only
        TransferRow("S1", POOLED, ((0, 40.0), (1, 40.0)), 20.0),
        TransferRow("S1", 2, ((0, 60.0), (1, 20.0)), 20.0),
    ]
    # when the matrix is built with even shrinkage
    m = transfer_matrix(rows, 3, (0, 1), shrinkage=0.5)
    # then finalists average their rows (the partial row's remainder split like the full
    # row: 10 points as 5 to A and 5 undecided) and the eliminated row meets the pool
    np.testing.assert_allclose(m[0], [0.9, 0.1, 0.0])
    np.testing.assert_allclose(m[1], [(0.10 + 0.05) / 2, (0.80 + 0.90) / 2, (0.10 + 0.05) / 2])
    np.testing.assert_allclose(m[2], [0.5, 0.3, 0.2])
    np.testing.assert_allclose(m.sum(axis=1), 1.0)


def test_runoff_with_loyal_voters_and_even_undecided() -> None:
    # given 60 and 30 votes for the finalists and 10 eliminated votes, all undecided
    votes = np.array([[60.0, 30.0, 10.0]])
    transfers = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    # when the undecided break 3 to 1 for A
    result = runoff(votes, transfers, np.array([0.75]))
    # then A has 67.5 of 100
    assert result.share_a[0] == pytest.approx(0.675)
    assert result.total_share_a == pytest.approx(0.675)


def test_new_voters_break_like_the_undecided() -> None:
    votes = np.array([[50.0, 50.0]])
    transfers = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    # when turnout grows by a fifth and newcomers break all for A
    result = runoff(votes, transfers, np.array([1.0]), turnout_change=np.array([1.2]))
    # then A has 70 of 120
    assert result.votes_a[0] == pytest.approx(70.0)
    assert result.share_a[0] == pytest.approx(70 / 120)


def test_unpublished_area_votes_come_from_the_province_residual() -> None:
    # given two areas, contestant 2 published only in the second, 2 % invalid ballots
    results = RoundResults(
        area_codes=("a", "b"),
        votes=np.array([[40.0, 30.0, np.nan], [20.0, 20.0, 8.0]]),
        ballots=np.array([100.0, 50.0]),
        registered=np.array([200.0, 100.0]),
        province_votes=np.array([60.0, 50.0, 35.0]),
        province_valid=147.0,
    )
    # when completed
    votes = completed_votes(results)
    # then area a's missing votes are its 98 valid less the 70 published
    np.testing.assert_allclose(votes[0], [40.0, 30.0, 28.0])
    np.testing.assert_allclose(votes[1], [20.0, 20.0, 8.0])
