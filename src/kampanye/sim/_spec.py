"""What the simulator takes: the electorate (areas, segments, candidates) and the effort plan.

Agents are a struct of arrays, one entry per simulated voter. In *agent mode* every
registered voter is one agent (weight 1); in *cohort mode* each area × segment cohort is
represented by at most ``sample`` agents whose weights add up to the cohort's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from kampanye.sim._params import CHANNELS

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
MAX_CONTESTANTS = 8  # awareness is a bit mask in one byte
NEVER = np.iinfo(np.int16).max  # a scheduled day that never comes


@dataclass(frozen=True)
class ElectorateSpec:
    """Areas, their registered voters, segments and what voters think at the start.

    ``segment_shares``: each segment's share of every area's voters, ``(s,)``, or of each
    area's voters, ``(a, s)`` (rows sum to one). ``favourability[a, s, k]``: log-odds of
    choosing contestant k over staying undecided, for a voter of segment s in area a who
    knows k. ``initial_awareness[s, k]``: share of segment s that knows k when the campaign
    starts. ``base_turnout[a, s]``: turnout propensity before any contact.
    """

    area_codes: tuple[str, ...]
    voters: I64
    contestants: tuple[str, ...]
    segments: tuple[str, ...]
    segment_shares: F64
    favourability: F64
    initial_awareness: F64
    base_turnout: F64

    def __post_init__(self) -> None:
        a, s, k = len(self.area_codes), len(self.segments), len(self.contestants)
        if not 1 <= k <= MAX_CONTESTANTS:
            raise ValueError(f"between 1 and {MAX_CONTESTANTS} contestants are supported")
        checks = {
            "voters": (self.voters.shape, (a,)),
            "segment_shares": (
                self.segment_shares.shape,
                (a, s) if self.segment_shares.ndim == 2 else (s,),
            ),
            "favourability": (self.favourability.shape, (a, s, k)),
            "initial_awareness": (self.initial_awareness.shape, (s, k)),
            "base_turnout": (self.base_turnout.shape, (a, s)),
        }
        for name, (got, want) in checks.items():
            if got != want:
                raise ValueError(f"{name} has shape {got}, expected {want}")
        if not np.allclose(self.segment_shares.sum(axis=-1), 1.0):
            raise ValueError("segment_shares must sum to one")

    @property
    def n_areas(self) -> int:
        return len(self.area_codes)

    @property
    def n_segments(self) -> int:
        return len(self.segments)

    @property
    def cohort_shares(self) -> F64:
        """Each segment's share of each area's voters, ``(areas, segments)``."""
        shares = np.broadcast_to(self.segment_shares, (self.n_areas, self.n_segments))
        return np.asarray(shares, dtype=np.float64)

    @property
    def cohort_voters(self) -> F64:
        """Registered voters of each area × segment cohort, ``(areas, segments)``."""
        return np.asarray(self.voters[:, None] * self.cohort_shares, dtype=np.float64)

    def with_changes(self, **changes: object) -> ElectorateSpec:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Effort:
    """People reached per day: ``reach[day, contestant, area, channel]``, landing on the
    area's voters at random (so on each segment by its size), and optionally
    ``targeted[day, contestant, area, segment, channel]``, landing only on that segment's
    voters of the area.

    Channels are ``CHANNELS`` (ground, air, online, vote_buying). A contact is one person
    reached once; for the air war it is one exposure (gross impressions).
    """

    reach: F64
    targeted: F64 | None = None

    def __post_init__(self) -> None:
        if self.targeted is not None and (
            self.targeted.ndim != 5
            or self.targeted.shape[:3] != self.reach.shape[:3]
            or self.targeted.shape[4] != self.reach.shape[3]
        ):
            raise ValueError(
                f"targeted has shape {self.targeted.shape}, expected "
                f"{(*self.reach.shape[:3], 'segments', self.reach.shape[3])}"
            )

    @classmethod
    def none(cls, days: int, contestants: int, areas: int) -> Effort:
        return cls(np.zeros((days, contestants, areas, len(CHANNELS))))

    @property
    def days(self) -> int:
        return int(self.reach.shape[0])

    def scaled(
        self, factor: float, contestant: int | None = None, channel: int | None = None
    ) -> Effort:
        """A copy with some of the effort multiplied (for what-if plans and sweeps)."""
        reach = self.reach.copy()
        k = slice(None) if contestant is None else contestant
        c = slice(None) if channel is None else channel
        reach[:, k, :, c] *= factor
        targeted = None if self.targeted is None else self.targeted.copy()
        if targeted is not None:
            targeted[:, k, :, :, c] *= factor
        return Effort(reach, targeted)


@dataclass
class Agents:
    """One entry per simulated voter (struct of arrays)."""

    area: npt.NDArray[np.int32]
    segment: npt.NDArray[np.int8]
    cohort: npt.NDArray[np.int32]
    household_next: npt.NDArray[np.int64]  # another voter of the same household, or -1
    aware: npt.NDArray[np.uint8]  # bit k set: knows contestant k
    air_only: npt.NDArray[np.uint8]  # bit k set: knows k only from the air war
    intent: npt.NDArray[np.int8]  # contestant index, or -1 undecided
    propensity: F32  # turnout propensity 0…1
    weight: F32  # registered voters this agent stands for
    decide_day: npt.NDArray[np.int16]  # the day an undecided voter makes up their mind
    forget_day: npt.NDArray[np.int16]  # the day air-only knowledge fades
    extra: dict[str, npt.NDArray[np.generic]] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.area.shape[0])


def agent_counts(spec: ElectorateSpec, sample: int | None) -> tuple[I64, F64]:
    """Agents per (area, segment) cohort and the weight of each, flattened area-major."""
    sizes = spec.cohort_voters
    exact = np.floor(sizes).astype(np.int64)
    # give the rounding remainder of each area to its largest segment so counts add up
    exact[np.arange(spec.n_areas), np.argmax(sizes, axis=1)] += spec.voters - exact.sum(axis=1)
    counts = exact.ravel()
    if sample is not None:
        counts = np.minimum(counts, sample)
    weights = np.where(counts > 0, exact.ravel() / np.maximum(counts, 1), 0.0)
    return counts, weights


def build_agents(
    spec: ElectorateSpec, sample: int | None, household_size: int, rng: np.random.Generator
) -> Agents:
    """Lay out the agents cohort by cohort; households are runs of consecutive agents."""
    counts, weights = agent_counts(spec, sample)
    n_seg = len(spec.segments)
    cohort = np.repeat(np.arange(counts.size, dtype=np.int32), counts)
    area = (cohort // n_seg).astype(np.int32)
    segment = (cohort % n_seg).astype(np.int8)
    n = cohort.size
    index = np.arange(n, dtype=np.int64)
    start = np.repeat(np.cumsum(counts) - counts, counts)
    pos = index - start
    # the next member of the household, wrapping to the first one; -1 if living alone
    hh_start = start + (pos // household_size) * household_size
    hh_len = np.minimum(household_size, np.repeat(counts, counts) - (hh_start - start))
    nxt = hh_start + (index - hh_start + 1) % np.maximum(hh_len, 1)
    household_next = np.where(hh_len > 1, nxt, -1)
    aware = np.zeros(n, dtype=np.uint8)
    for k in range(len(spec.contestants)):
        knows = rng.random(n, dtype=np.float32) < spec.initial_awareness[segment, k]
        aware |= knows.astype(np.uint8) << np.uint8(k)
    return Agents(
        area=area,
        segment=segment,
        cohort=cohort,
        household_next=household_next,
        aware=aware,
        air_only=np.zeros(n, dtype=np.uint8),
        intent=np.full(n, -1, dtype=np.int8),
        propensity=spec.base_turnout[area, segment].astype(np.float32),
        weight=np.repeat(weights, counts).astype(np.float32),
        decide_day=np.full(n, NEVER, dtype=np.int16),
        forget_day=np.full(n, NEVER, dtype=np.int16),
    )
