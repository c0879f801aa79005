"""Synthetic polls of a simulated electorate, with the errors that sank the 2012 polls.

Three switches, each off by default (a perfect poll):
- ``frame_coverage`` (voter-list framing): per segment, the share of sampled DPT entries
  still found at their address — movers drawn from the list cannot be interviewed;
- ``response_rate`` (non-response): per segment, the share of those found who answer;
- ``screen_turnout=False`` (turnout misestimation): every respondent is counted as a voter,
  instead of weighting answers by turnout propensity as a likely-voter screen does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kampanye.sim._model import ElectorateModel
from kampanye.stats import margin_of_error

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PollDesign:
    sample_size: int = 1000
    frame_coverage: tuple[float, ...] | None = None
    response_rate: tuple[float, ...] | None = None
    screen_turnout: bool = True
    max_attempts: int = 50


@dataclass(frozen=True)
class SyntheticPoll:
    """Shares of respondents (last entry: undecided), respondents, and attempts made."""

    shares: F64
    respondents: int
    attempts: int

    @property
    def margin(self) -> float:
        """Worst-case 95 % margin of error, as a proportion."""
        return margin_of_error(0.5, max(self.respondents, 1))

    def decided_shares(self) -> F64:
        """Shares among respondents who named a contestant."""
        decided = self.shares[:-1]
        return np.asarray(decided / max(float(decided.sum()), 1e-300), dtype=np.float64)


def field_poll(
    model: ElectorateModel, design: PollDesign, seed: int | np.random.SeedSequence = 0
) -> SyntheticPoll:
    """Interview ``design.sample_size`` voters of ``model`` as they stand today."""
    rng = np.random.Generator(np.random.PCG64(seed))
    ag = model.agents
    n_seg = len(model.spec.segments)
    coverage = (
        np.ones(n_seg)
        if design.frame_coverage is None
        else np.asarray(design.frame_coverage, dtype=np.float64)
    )
    response = (
        np.ones(n_seg)
        if design.response_rate is None
        else np.asarray(design.response_rate, dtype=np.float64)
    )
    if coverage.shape != (n_seg,) or response.shape != (n_seg,):
        raise ValueError("frame_coverage and response_rate need one figure per segment")
    reach = coverage * response
    weights = ag.weight.astype(np.float64)
    cum = np.cumsum(weights)
    chosen: list[npt.NDArray[np.int64]] = []
    got, attempts = 0, 0
    batch = max(design.sample_size, 64)
    while got < design.sample_size and attempts < design.max_attempts * design.sample_size:
        draw = np.searchsorted(cum, rng.random(batch) * cum[-1], side="right")
        draw = np.minimum(draw, len(ag) - 1)
        answered = draw[rng.random(batch) < reach[ag.segment[draw]]]
        take = answered[: design.sample_size - got]
        chosen.append(take)
        got += take.size
        attempts += batch
    people = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    k = len(model.spec.contestants)
    answer = ag.intent[people].astype(np.int64) % (k + 1)
    w = ag.propensity[people].astype(np.float64) if design.screen_turnout else np.ones(people.size)
    counts = np.bincount(answer, weights=w, minlength=k + 1)
    return SyntheticPoll(
        shares=counts / max(float(counts.sum()), 1e-300),
        respondents=int(people.size),
        attempts=attempts,
    )
