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
class SegmentLayout:
    """The election's voter segments, their sizes by area, and what each segment is assumed
    to think at the start *relative to its area's fit* (calibration fits areas, not
    segments: round-1 results have no segment split).

    ``shares`` (areas × segments, rows sum to one); ``favourability`` (segments,): log-odds
    added for every contestant (negative: more voters undecided, i.e. weaker attachment);
    ``awareness`` (segments × 2): share knowing an incumbent / a challenger at the start,
    NaN for the calibrator's default; ``turnout`` (segments,): added to the area's base
    turnout.
    """

    names: tuple[str, ...]
    shares: F64
    favourability: F64
    awareness: F64
    turnout: F64

    def __post_init__(self) -> None:
        s = len(self.names)
        if self.shares.ndim != 2 or self.shares.shape[1] != s:
            raise ValueError(f"shares has shape {self.shares.shape}, expected (areas, {s})")
        if not np.allclose(self.shares.sum(axis=1), 1.0) or (self.shares < 0).any():
            raise ValueError("segment shares of each area must be ≥ 0 and sum to one")
        for name, got, want in (
            ("favourability", self.favourability.shape, (s,)),
            ("awareness", self.awareness.shape, (s, 2)),
            ("turnout", self.turnout.shape, (s,)),
        ):
            if got != want:
                raise ValueError(f"{name} has shape {got}, expected {want}")

    @classmethod
    def neutral(cls, names: tuple[str, ...], shares: F64) -> SegmentLayout:
        """Segments that differ only in size (no offsets)."""
        s = len(names)
        return cls(names, shares, np.zeros(s), np.full((s, 2), np.nan), np.zeros(s))


@dataclass(frozen=True)
class ElectionData:
    name: str
    contestants: tuple[str, ...]
    incumbent: tuple[bool, ...]
    round1: RoundResults
    round2: RoundResults | None
    transfers: tuple[TransferRow, ...] = ()
    effort: Effort | None = None  # the round-1 campaign, days × K × areas × channels
    segments: SegmentLayout | None = None  # voter segments by area (known before round 1)


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
    segments: SegmentLayout | None = None

    @classmethod
    def from_election(cls, data: ElectionData) -> Round1View:
        return cls(
            name=data.name,
            contestants=data.contestants,
            incumbent=data.incumbent,
            round1=data.round1,
            transfers=data.transfers,
            effort=data.effort,
            segments=data.segments,
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
