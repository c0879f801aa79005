"""An election's data as the library takes it, and the round-1-only view of it.

``Round1View`` is what calibration and forecasting receive. It has no field for round 2,
so no code path behind it can read a round-2 figure: the backtest builds the view, lets
the forecast run, and only then looks at round 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kampanye.sim._runoff import TransferRow
from kampanye.sim._spec import Effort

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RoundResults:
    """Votes (areas × contestants; NaN where not published), ballots and registered voters
    by area, and the province totals where they are known."""

    area_codes: tuple[str, ...]
    votes: F64
    ballots: F64
    registered: F64
    province_votes: F64 | None = None
    province_valid: float | None = None


@dataclass(frozen=True)
class ElectionData:
    name: str
    contestants: tuple[str, ...]
    incumbent: tuple[bool, ...]
    round1: RoundResults
    round2: RoundResults | None
    transfers: tuple[TransferRow, ...] = ()
    effort: Effort | None = None  # the round-1 campaign, days × K × areas × channels


@dataclass(frozen=True)
class Round1View:
    """Everything known before round 2: round 1, the effort of its campaign, and the
    transfer surveys published before the runoff. Structurally without round 2."""

    name: str
    contestants: tuple[str, ...]
    incumbent: tuple[bool, ...]
    round1: RoundResults
    transfers: tuple[TransferRow, ...]
    effort: Effort | None

    @classmethod
    def from_election(cls, data: ElectionData) -> Round1View:
        return cls(
            name=data.name,
            contestants=data.contestants,
            incumbent=data.incumbent,
            round1=data.round1,
            transfers=data.transfers,
            effort=data.effort,
        )

    def finalists(self) -> tuple[int, int]:
        """The two contestants with the most round-1 votes province-wide."""
        totals = completed_votes(self.round1).sum(axis=0)
        first, second = (int(i) for i in np.argsort(-totals, kind="stable")[:2])
        return first, second


def completed_votes(results: RoundResults) -> F64:
    """Votes by area with the unpublished figures estimated.

    An area's valid votes are its ballots less the province's invalid rate (province valid
    votes over all areas' ballots; none if unknown). What the published columns leave of
    them goes to the unpublished contestants, in proportion to what each has left of its
    province total after the areas where it was published.
    """
    votes = results.votes.astype(np.float64).copy()
    missing = np.isnan(votes)
    if not missing.any():
        return votes
    if results.province_votes is None:
        raise ValueError("area results are incomplete and the province totals are unknown")
    invalid_rate = 0.0
    if results.province_valid is not None and results.ballots.sum() > 0:
        invalid_rate = max(0.0, 1.0 - results.province_valid / float(results.ballots.sum()))
    valid = results.ballots * (1.0 - invalid_rate)
    known_sum = np.where(missing, 0.0, votes).sum(axis=1)
    left_over = np.maximum(valid - known_sum, 0.0)
    residual = np.maximum(results.province_votes - np.where(missing, 0.0, votes).sum(axis=0), 0.0)
    weight = np.where(missing, residual[None, :], 0.0)
    weight /= np.maximum(weight.sum(axis=1, keepdims=True), 1e-300)
    filled = np.where(missing, weight * left_over[:, None], votes)
    return np.asarray(filled, dtype=np.float64)
