"""Small electorates for the tests, and where the Jakarta 2012 facts live."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kampanye.sim import CHANNELS, Effort, ElectorateSpec

SRC = Path(__file__).resolve().parents[2]
JAKARTA_DIRS = (SRC / "elections" / "data" / "jakarta_2012", Path("/work/shared/data/elections"))


def jakarta_dir() -> Path | None:
    return next(
        (d for d in JAKARTA_DIRS if (d / "jakarta_2012_results_wilayah.csv").exists()), None
    )


def small_spec(
    voters: int = 6000,
    areas: int = 2,
    awareness: float = 0.5,
    favourability: tuple[float, ...] = (0.5, 0.5, 0.0),
) -> ElectorateSpec:
    k = len(favourability)
    return ElectorateSpec(
        area_codes=tuple(f"31.7{i + 1}" for i in range(areas)),
        voters=np.full(areas, voters, dtype=np.int64),
        contestants=tuple("ABCDEFGH"[:k]),
        segments=("menetap", "pindah"),
        segment_shares=np.array([0.75, 0.25]),
        favourability=np.broadcast_to(np.asarray(favourability), (areas, 2, k)).copy(),
        initial_awareness=np.full((2, k), awareness),
        base_turnout=np.full((areas, 2), 0.6),
    )


def plan(spec: ElectorateSpec, days: int, per_voter: dict[tuple[int, str], float]) -> Effort:
    """Daily reach as a share of each area's voters, by (contestant, channel)."""
    effort = Effort.none(days, len(spec.contestants), spec.n_areas)
    for (k, channel), share in per_voter.items():
        effort.reach[:, k, :, CHANNELS.index(channel)] = share * spec.voters[None, :]
    return effort
