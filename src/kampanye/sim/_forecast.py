"""Forecast a runoff from round 1 only, and backtest the forecast against round 2."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kampanye.sim._calibrate import Calibrator
from kampanye.sim._election import ElectionData, Round1View, completed_votes
from kampanye.sim._montecarlo import monte_carlo
from kampanye.sim._runoff import TransferRow, runoff, transfer_matrix
from kampanye.stats import Interval

F64 = npt.NDArray[np.float64]
DEFAULT_ROW_SIZE = 100  # effective sample of a transfer row whose survey size is unknown


@dataclass(frozen=True)
class RunoffForecast:
    """Finalist A's predicted two-party share by area and province, with intervals."""

    finalists: tuple[int, int]
    area_codes: tuple[str, ...]
    share_a: F64
    province_share_a: float
    area_interval: Interval
    province_interval: Interval
    transfers: F64
    break_to_a: F64
    round1_fit_error: float  # largest |simulated − published| round-1 share after calibration


def _perturbed(rows: tuple[TransferRow, ...], rng: np.random.Generator) -> list[TransferRow]:
    """Each row redrawn from its survey's sampling error (Dirichlet around the figures)."""
    out = []
    for row in rows:
        figures = [share for _, share in row.to] + (
            [] if row.undecided is None else [row.undecided]
        )
        total = sum(figures)
        n = row.sample_size or DEFAULT_ROW_SIZE
        if total <= 0 or total > 100.0 + 1e-9:
            out.append(row)
            continue
        alpha = np.array([*figures, max(100.0 - total, 0.0)]) / 100.0 * n + 0.5
        draw = rng.dirichlet(alpha) * 100.0
        to = tuple((k, float(draw[i])) for i, (k, _) in enumerate(row.to))
        undecided = None if row.undecided is None else float(draw[len(row.to)])
        out.append(TransferRow(row.survey, row.source, to, undecided, row.sample_size))
    return out


def forecast_runoff(
    view: Round1View,
    *,
    calibrator: Calibrator | None = None,
    shrinkage: float = 0.5,
    runs: int = 400,
    seed: int = 0,
    level: float = 0.9,
) -> RunoffForecast:
    """Calibrate on round 1, then apply the transfer surveys to the round-1 votes.

    Undecided voters break between the finalists by the calibrated per-area logit. The
    interval carries the transfer surveys' sampling error.
    """
    finalists = view.finalists()
    cal = (calibrator or Calibrator(seed=seed)).fit(view)
    votes = completed_votes(view.round1)
    breaks = cal.break_share(*finalists)
    k = len(view.contestants)
    matrix = transfer_matrix(list(view.transfers), k, finalists, shrinkage=shrinkage)
    point = runoff(votes, matrix, breaks)

    def one(child: np.random.SeedSequence) -> F64:
        rng = np.random.Generator(np.random.PCG64(child))
        rows = _perturbed(view.transfers, rng)
        m = transfer_matrix(rows, k, finalists, shrinkage=shrinkage)
        shares = runoff(votes, m, breaks)
        return np.append(shares.share_a, shares.total_share_a)

    mc = monte_carlo(one, runs, seed, level=level)
    iv = mc.interval
    return RunoffForecast(
        finalists=finalists,
        area_codes=view.round1.area_codes,
        share_a=point.share_a,
        province_share_a=point.total_share_a,
        area_interval=Interval(iv.lower[:-1], iv.median[:-1], iv.upper[:-1], level),
        province_interval=Interval(iv.lower[-1:], iv.median[-1:], iv.upper[-1:], level),
        transfers=matrix,
        break_to_a=breaks,
        round1_fit_error=cal.max_error_history_[-1],
    )


@dataclass(frozen=True)
class BacktestReport:
    forecast: RunoffForecast
    actual_share_a: F64  # by area
    actual_province_share_a: float

    @property
    def area_error_points(self) -> F64:
        return np.asarray((self.forecast.share_a - self.actual_share_a) * 100.0, dtype=np.float64)

    @property
    def mean_absolute_error_points(self) -> float:
        return float(np.abs(self.area_error_points).mean())

    @property
    def province_error_points(self) -> float:
        return (self.forecast.province_share_a - self.actual_province_share_a) * 100.0


def backtest(data: ElectionData, **options: object) -> BacktestReport:
    """Forecast round 2 from a ``Round1View`` of ``data``, then compare with round 2."""
    if data.round2 is None:
        raise ValueError("this election has no round 2 to check the forecast against")
    if np.isnan(data.round1.votes).all():
        raise ValueError("this election has no round-1 results")
    forecast = forecast_runoff(Round1View.from_election(data), **options)  # type: ignore[arg-type]
    a, b = forecast.finalists
    r2 = data.round2
    if r2.area_codes != data.round1.area_codes:
        raise ValueError("round 1 and round 2 are reported for different areas")
    va, vb = r2.votes[:, a], r2.votes[:, b]
    if np.isnan(va).any() or np.isnan(vb).any():
        raise ValueError("round 2 lacks the finalists' votes in some area")
    return BacktestReport(
        forecast=forecast,
        actual_share_a=np.asarray(va / (va + vb), dtype=np.float64),
        actual_province_share_a=float(va.sum() / (va + vb).sum()),
    )
