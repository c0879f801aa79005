"""Monte Carlo runs with percentile intervals, and batch sweeps over parameter grids.

Every run gets its own child of one ``SeedSequence``, so a study is reproduced by its seed
and runs are independent. ``engine`` is the seam for running elsewhere: only ``"serial"``
exists; a Dask engine would map the same ``simulate`` over the same child seeds.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kampanye.stats import Interval, percentile_interval

F64 = npt.NDArray[np.float64]
Simulate = Callable[[np.random.SeedSequence], "F64 | float"]


@dataclass(frozen=True)
class MonteCarloResult:
    samples: F64  # (runs, …)
    interval: Interval


def monte_carlo(
    simulate: Simulate, runs: int, seed: int, *, level: float = 0.9, engine: str = "serial"
) -> MonteCarloResult:
    """Call ``simulate(child_seed)`` ``runs`` times; percentile interval of the outputs."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if engine == "dask":
        from kampanye.sim._optimise import run_monte_carlo

        return run_monte_carlo(simulate, runs, seed, level=level, engine="dask")
    if engine != "serial":
        raise NotImplementedError(f"engine {engine!r} is not available; use 'serial'")
    children = np.random.SeedSequence(seed).spawn(runs)
    samples = np.asarray([np.asarray(simulate(child), dtype=np.float64) for child in children])
    return MonteCarloResult(samples=samples, interval=percentile_interval(samples, level))


@dataclass(frozen=True)
class SweepPoint:
    settings: dict[str, float]
    result: MonteCarloResult


def sweep(
    simulate: Callable[[Mapping[str, float], np.random.SeedSequence], F64 | float],
    grid: Mapping[str, Sequence[float]],
    runs: int,
    seed: int,
    *,
    level: float = 0.9,
    engine: str = "serial",
) -> list[SweepPoint]:
    """Monte Carlo at every point of the grid (the product of its values), with common
    random numbers: every point uses the same child seeds, so differences between points
    are the settings', not the dice's."""
    names = list(grid)
    points = []
    for values in itertools.product(*(grid[name] for name in names)):
        settings = dict(zip(names, (float(v) for v in values), strict=True))

        def one(child: np.random.SeedSequence, settings: dict[str, float] = settings) -> F64:
            return np.asarray(simulate(settings, child), dtype=np.float64)

        points.append(
            SweepPoint(settings, monte_carlo(one, runs, seed, level=level, engine=engine))
        )
    return points
