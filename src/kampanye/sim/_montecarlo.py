"""Monte Carlo runs with percentile intervals, batch sweeps over parameter grids, and the
engines they run on: here (``"serial"``) or on a Dask cluster (``"dask"``).

Every run gets its own child of one ``SeedSequence``, so a study is reproduced by its seed,
runs are independent, and both engines give identical samples.
"""

from __future__ import annotations

import importlib
import itertools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from kampanye.stats import Interval, percentile_interval

F64 = npt.NDArray[np.float64]
Simulate = Callable[[np.random.SeedSequence], "F64 | float"]
Progress = Callable[[int, int], None]
ENGINES = ("serial", "dask")
T = TypeVar("T")


@dataclass(frozen=True)
class MonteCarloResult:
    samples: F64  # (runs, …)
    interval: Interval


def map_runs(
    simulate: Callable[[np.random.SeedSequence], T],
    runs: int,
    seed: int,
    *,
    engine: str = "serial",
    address: str | None = None,
    progress: Progress | None = None,
) -> list[T]:
    """``simulate(child)`` for each of ``SeedSequence(seed).spawn(runs)``, in that order.

    ``engine="dask"`` maps the runs over the scheduler at ``address``, or over a two-worker
    in-process ``LocalCluster`` when none is given; ``progress(done, runs)`` after each run.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use 'serial' or 'dask'")
    children = np.random.SeedSequence(seed).spawn(runs)
    if engine == "dask":
        return _on_dask(simulate, children, address, progress)
    results = []
    for i, child in enumerate(children):
        results.append(simulate(child))
        if progress is not None:
            progress(i + 1, runs)
    return results


def _on_dask(
    simulate: Callable[[np.random.SeedSequence], T],
    children: list[np.random.SeedSequence],
    address: str | None,
    progress: Progress | None,
) -> list[T]:
    distributed: Any = importlib.import_module("dask.distributed")
    cluster = None
    if address:
        client = distributed.Client(address)
    else:
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    try:
        futures = client.map(simulate, children, pure=False)
        for done, _future in enumerate(distributed.as_completed(futures), start=1):
            if progress is not None:
                progress(done, len(children))
        return list(client.gather(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_monte_carlo(
    simulate: Simulate,
    runs: int,
    seed: int,
    *,
    level: float = 0.9,
    engine: str = "serial",
    address: str | None = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """``monte_carlo`` with the engine's options (``map_runs``) and progress reports."""
    results = map_runs(simulate, runs, seed, engine=engine, address=address, progress=progress)
    samples = np.asarray([np.asarray(r, dtype=np.float64) for r in results], dtype=np.float64)
    return MonteCarloResult(samples=samples, interval=percentile_interval(samples, level))


def monte_carlo(
    simulate: Simulate, runs: int, seed: int, *, level: float = 0.9, engine: str = "serial"
) -> MonteCarloResult:
    """Call ``simulate(child_seed)`` ``runs`` times; percentile interval of the outputs."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if engine not in ENGINES:
        raise NotImplementedError(f"engine {engine!r} is not available; use 'serial' or 'dask'")
    return run_monte_carlo(simulate, runs, seed, level=level, engine=engine)


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
