"""Survey statistics of ``kampanye.stats`` beside the established package, in one run.

``python -m benchmarks survey_stats [--respondents 1000000] [--runs 3] [--json]``

1. Raking 1,000,000 respondents on 5 margins (2 × 5 × 6 × 4 × 3 levels, a sample skewed
   against the targets), one core, best of ``--runs``; target under 2 s.
2. The same problem fitted by ipfn (``ipfn.ipfn``, numpy mode) on the 720-cell table of
   counts, which is how an established IPF is run on respondent data (every respondent of a
   cell shares its weight). Reported: the largest difference between our respondent weights
   and ipfn's cell weights (target ≤ 1e-9) and the speed ratio. ipfn's pandas mode on the
   respondent rows themselves is also timed, at ``--ipfn-rows`` respondents (it is far
   slower; the ratio is given per respondent).
3. A weighted crosstab of the 1,000,000 respondents by 3 variables with Wilson intervals;
   target under 500 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

LEVELS = (2, 5, 6, 4, 3)


def _sample(n: int, seed: int = 12) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    columns, targets = [], []
    for k in LEVELS:
        skew = rng.dirichlet(np.ones(k) * 2)
        columns.append(rng.choice(k, size=n, p=skew).astype(np.int64))
        targets.append(rng.dirichlet(np.ones(k) * 5))
    return columns, targets


def _best(fn, runs: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks survey_stats")
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ipfn-rows", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from ipfn import ipfn

    from kampanye.stats import Margin, Raker, crosstab

    columns, targets = _sample(args.respondents)
    margins = [
        Margin.of(f"m{i}", c, t) for i, (c, t) in enumerate(zip(columns, targets, strict=True))
    ]
    ours_s, raker = _best(lambda: Raker(tol=1e-12).fit(margins), args.runs)

    cell = np.ravel_multi_index(columns, LEVELS)
    counts = np.bincount(cell, minlength=int(np.prod(LEVELS))).reshape(LEVELS).astype(np.float64)
    n = float(args.respondents)
    aggregates = [t * n for t in targets]
    dims = [[i] for i in range(len(LEVELS))]

    def fit_ipfn() -> np.ndarray:
        return ipfn.ipfn(
            counts.copy(), aggregates, dims, convergence_rate=1e-14, max_iteration=5000
        ).iteration()

    ipfn_s, fitted = _best(fit_ipfn, args.runs)
    per_cell = np.divide(fitted, counts, out=np.zeros_like(counts), where=counts > 0).ravel()
    difference = float(np.max(np.abs(raker.weights_ - per_cell[cell])))

    import pandas as pd

    m = args.ipfn_rows
    frame = pd.DataFrame({f"m{i}": c[:m] for i, c in enumerate(columns)})
    frame["total"] = 1.0
    series = [pd.Series(t * m, index=range(k)) for t, k in zip(targets, LEVELS, strict=True)]
    start = time.perf_counter()
    ipfn.ipfn(
        frame,
        series,
        [[f"m{i}"] for i in range(len(LEVELS))],
        convergence_rate=1e-10,
        max_iteration=500,
    ).iteration()
    pandas_s = time.perf_counter() - start
    ours_small_s, _ = _best(
        lambda: Raker(tol=1e-10).fit([Margin.of(x.name, x.codes[:m], x.targets) for x in margins]),
        args.runs,
    )

    answer = columns[1]
    crosstab_s, table = _best(
        lambda: crosstab(
            answer,
            LEVELS[1],
            [columns[0], columns[2], columns[3]],
            [LEVELS[0], LEVELS[2], LEVELS[3]],
            raker.weights_,
        ),
        args.runs,
    )
    report = {
        "respondents": args.respondents,
        "margins": len(LEVELS),
        "rake_s": round(ours_s, 4),
        "rake_iterations": raker.n_iter_,
        "rake_max_margin_error": raker.max_error_,
        "ipfn_table_s": round(ipfn_s, 4),
        "max_weight_difference_vs_ipfn": difference,
        "speed_ratio_ipfn_table_over_ours": round(ipfn_s / ours_s, 3),
        "ipfn_pandas_rows": m,
        "ipfn_pandas_s": round(pandas_s, 3),
        "ours_same_rows_s": round(ours_small_s, 4),
        "speed_ratio_ipfn_pandas_over_ours": round(pandas_s / ours_small_s, 1),
        "crosstab_3_variables_s": round(crosstab_s, 4),
        "crosstab_groups": int(table.respondents.size),
        "load_average": os.getloadavg(),
        "targets_met": {
            "rake_under_2s": ours_s < 2,
            "equal_to_ipfn_1e-9": difference <= 1e-9,
            "crosstab_under_500ms": crosstab_s < 0.5,
        },
    }
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0
