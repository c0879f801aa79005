"""Vote choice among the candidates a voter knows: a multinomial logit over the known ones.

A voter of cohort c who knows the contestants in its awareness mask (bit k: knows k)
chooses k with weight exp(favourability[c, k]) among those it knows; in an *open* choice
staying undecided has weight 1 (favourability is log-odds against staying undecided); in a
*forced* choice (an undecided voter breaking) there is no such option, and a voter who
knows nobody cannot choose.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]


def choice_probabilities(
    exp_favourability: F64, aware: npt.NDArray[np.uint8], *, forced: bool
) -> F64:
    """(voters, K + 1): probability of each contestant, last column undecided / none."""
    k = exp_favourability.shape[1]
    bits = (aware[:, None] >> np.arange(k, dtype=np.uint8)[None, :]) & 1
    weight = exp_favourability * bits
    rest = weight.sum(axis=1) == 0 if forced else np.ones(aware.size, dtype=bool)
    full = np.concatenate([weight, rest[:, None].astype(np.float64)], axis=1)
    return np.asarray(full / full.sum(axis=1, keepdims=True), dtype=np.float64)


def choose(
    exp_favourability: F64,
    aware: npt.NDArray[np.uint8],
    uniform: npt.NDArray[np.floating[Any]],
    *,
    forced: bool,
) -> npt.NDArray[np.int8]:
    """One choice per voter: a contestant index, or −1 (undecided, or knows nobody).

    ``exp_favourability``: (voters, K) exp(favourability) of each voter's cohort;
    ``uniform``: one draw in [0, 1) per voter.
    """
    k = exp_favourability.shape[1]
    bits = (aware[:, None] >> np.arange(k, dtype=np.uint8)[None, :]) & 1
    cum = np.cumsum(exp_favourability * bits, axis=1)
    total = cum[:, -1] + (0.0 if forced else 1.0)
    target = uniform * total
    choice = (cum <= target[:, None]).sum(axis=1)
    return np.where(choice >= k, -1, choice).astype(np.int8)
