"""The runoff: round-1 votes × a transfer matrix × turnout.

A transfer row says where 100 round-1 voters of one contestant (or of the eliminated
contestants pooled) went in round 2: to finalist A, to finalist B, or undecided. Survey
rows are averaged per contestant and shrunk toward the pooled row; undecided voters then
break between the finalists with a per-area probability that the calibrated model gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
POOLED = -1  # ``TransferRow.source`` of a row about the eliminated contestants pooled


@dataclass(frozen=True)
class TransferRow:
    """One survey row: of 100 round-1 voters of ``source``, how many went where.

    ``source`` is a contestant index or ``POOLED``. A destination missing from ``to``, or
    ``undecided`` None, means the survey published only part of the row (e.g. a stay rate).
    """

    survey: str
    source: int
    to: tuple[tuple[int, float], ...]  # (destination contestant, voters per 100)
    undecided: float | None
    sample_size: int | None = None

    def towards(self, contestant: int) -> float | None:
        return next((share for k, share in self.to if k == contestant), None)

    def is_complete(self, finalists: tuple[int, int]) -> bool:
        return None not in (self.towards(finalists[0]), self.towards(finalists[1]), self.undecided)


def _complete(row: TransferRow, finalists: tuple[int, int], reference: F64) -> F64:
    """(to_a, to_b, undecided) as proportions; a partial row's missing figures share the
    remainder in the proportions of ``reference``."""
    figures = (row.towards(finalists[0]), row.towards(finalists[1]), row.undecided)
    given = np.array([np.nan if x is None else x for x in figures], dtype=np.float64)
    known = ~np.isnan(given)
    rest = max(100.0 - float(given[known].sum()), 0.0)
    ref = reference[~known]
    fill = ref / ref.sum() * rest if ref.sum() > 0 else np.full(ref.size, rest / max(ref.size, 1))
    given[~known] = fill
    return np.asarray(given / given.sum(), dtype=np.float64)


def transfer_matrix(
    rows: list[TransferRow],
    n_contestants: int,
    finalists: tuple[int, int],
    *,
    shrinkage: float = 0.5,
) -> F64:
    """(K, 3) proportions: each round-1 contestant's voters to finalist A, B, undecided.

    Finalists: the mean of the rows naming them (no pooled row applies); a finalist with
    no row keeps its voters. Eliminated contestants: ``shrinkage`` × the pooled row +
    (1 − ``shrinkage``) × the mean of their own rows (their own rows are small sub-samples
    and surveys disagree); the pooled row alone where a contestant has none; an even
    three-way split where there is no row at all.
    """
    a = finalists[0]
    pooled_rows = [r for r in rows if r.source == POOLED]
    even = np.full(3, 1.0 / 3.0)
    complete_pooled = [_complete(r, finalists, even) for r in pooled_rows]
    pooled = np.mean(complete_pooled, axis=0) if complete_pooled else None
    matrix = np.zeros((n_contestants, 3))
    for k in range(n_contestants):
        own_rows = [r for r in rows if r.source == k]
        if k in finalists:
            stay = np.array([1.0, 0.0, 0.0]) if k == a else np.array([0.0, 1.0, 0.0])
            full = [r for r in own_rows if r.is_complete(finalists)]
            reference = (
                np.mean([_complete(r, finalists, even) for r in full], axis=0) if full else stay
            )
            matrix[k] = (
                np.mean([_complete(r, finalists, reference) for r in own_rows], axis=0)
                if own_rows
                else stay
            )
            continue
        reference = pooled if pooled is not None else even
        own = (
            np.mean([_complete(r, finalists, reference) for r in own_rows], axis=0)
            if own_rows
            else None
        )
        if own is not None and pooled is not None:
            matrix[k] = shrinkage * pooled + (1.0 - shrinkage) * own
        elif own is not None:
            matrix[k] = own
        else:
            matrix[k] = reference
    return matrix


@dataclass(frozen=True)
class RunoffShares:
    """Predicted round-2 votes for the two finalists by area (and their sum)."""

    votes_a: F64
    votes_b: F64

    @property
    def share_a(self) -> F64:
        """Finalist A's share of the two-party vote by area."""
        return np.asarray(
            self.votes_a / np.maximum(self.votes_a + self.votes_b, 1e-300), dtype=np.float64
        )

    @property
    def total_share_a(self) -> float:
        return float(self.votes_a.sum() / max(float((self.votes_a + self.votes_b).sum()), 1e-300))


def runoff(
    round1_votes: F64, transfers: F64, break_to_a: F64, turnout_change: F64 | None = None
) -> RunoffShares:
    """Round-2 votes by area: ``round1_votes`` (areas, K) × ``transfers`` (K, 3), the
    undecided column split by ``break_to_a`` (areas,), scaled by ``turnout_change`` (areas,)
    — ballots in round 2 over round 1, default 1 (the new voters break like the undecided).
    """
    moved = round1_votes @ transfers  # (areas, 3)
    undecided = moved[:, 2]
    a = moved[:, 0] + undecided * break_to_a
    b = moved[:, 1] + undecided * (1.0 - break_to_a)
    if turnout_change is not None:
        extra = (a + b) * (turnout_change - 1.0)
        a = a + extra * break_to_a
        b = b + extra * (1.0 - break_to_a)
    return RunoffShares(
        votes_a=np.asarray(a, dtype=np.float64), votes_b=np.asarray(b, dtype=np.float64)
    )
