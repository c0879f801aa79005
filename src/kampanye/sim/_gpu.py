"""The array-namespace seam for an optional GPU: CuPy where it sees a device, numpy
otherwise. Nothing in the simulator requires a GPU; the optimiser's inner loop can use one."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]


def array_module(prefer_gpu: bool = True) -> ModuleType:
    """CuPy when it is importable and sees a GPU, numpy otherwise (never required)."""
    if prefer_gpu:
        try:
            cupy: Any = importlib.import_module("cupy")
            if int(cupy.cuda.runtime.getDeviceCount()) > 0:
                return cupy  # type: ignore[no-any-return]
        except Exception:  # no cupy, no driver or no device: numpy it is
            pass
    return np


def to_numpy(array: Any) -> F64:
    """A float64 numpy copy of a numpy or CuPy array."""
    get = getattr(array, "get", None)  # cupy arrays copy back to the host with .get()
    return np.asarray(get() if callable(get) else array, dtype=np.float64)
