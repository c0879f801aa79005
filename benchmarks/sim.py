"""The electorate simulator at Jakarta scale, against Mesa, and the 2012 backtest.

``python -m benchmarks sim [--runs 3] [--voters 6962348] [--mesa-agents 100000]
[--mesa-days 5] [--skip-full] [--markdown FILE]``

1. Agent mode, one agent per registered voter (6,962,348 on the final round-1 DPT) in 267
   kelurahan-sized areas, 60 daily steps of an illustrative campaign plan (below), on one
   core: seconds per run and agent-steps per second (target: 60 steps < 10 s, ≥ 50 M/s).
2. The same model written with Mesa's object-per-agent API (``mesa.Agent``/``mesa.Model``,
   one Python object per voter, ``agents.shuffle_do("step")``), against the numpy model at
   the same 100,000 agents: the ratio of agent-steps per second (target ≥ 60×).
3. The 2012 backtest: calibrated on round 1, round 2 forecast by wilayah (targets: within
   1 point at province level, mean absolute error across the six wilayah under 2 points),
   with one segment per wilayah and with the demo's illustrative voter segments (the
   planner's segment-aware calibration).
``--national RUNS [--engine serial|dask]`` instead times Monte Carlo draws of a national-scale
electorate in cohort mode: 204,807,222 voters (the 2024 DPT) in 83,000 desa-sized areas
× 3 segments, at most 10 agents per cohort, three pairs, a 14-day campaign; the areas are
synthetic (equal expected size), since the project ships no national DPT by desa.

4. The optimiser against the simulator (``--skip-optimiser`` to leave out): Jokowi–Ahok,
   Rp15 miliar and 200,000 volunteer-hours, segment-aware calibration without ledger
   effort; what the fitted curves expect against the simulated share (target: inside the
   Monte Carlo interval), and the proposal against the illustrative and single-channel
   plans in the simulator (target: best mean share).

The plan is illustrative (no ledger behind it): daily reach as a share of each area's
voters, by campaign and front, heavy air war for the incumbent and ground and online war
for the challenger, scaled by the round-1 receipts ranking.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

# one core: numpy's own threads would blur the measurement
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from kampanye.sim import (  # noqa: E402
    CHANNELS,
    Calibrator,
    Costs,
    Effort,
    ElectionData,
    ElectorateModel,
    ElectorateSpec,
    PlanSimulation,
    Round1View,
    SegmentLayout,
    SimParams,
    allocate,
    backtest,
    national_simulation,
    optimise_plan,
    plan_effort,
    proposal_contacts,
    read_election,
    response_curves,
    simulate_plan,
)

DPT_FINAL_ROUND1 = 6_962_348
KELURAHAN = {"31.01": 6, "31.71": 44, "31.72": 31, "31.73": 56, "31.74": 65, "31.75": 65}
DAYS = 60
# daily reach / voters by contestant (ballot order) and front: ground, air, online, vote buying
PLAN = np.array(
    [
        [0.004, 0.30, 0.02, 0.003],  # Foke–Nara
        [0.001, 0.02, 0.005, 0.0],  # Hendardji–Riza
        [0.006, 0.15, 0.08, 0.0],  # Jokowi–Ahok
        [0.002, 0.08, 0.03, 0.0],  # Hidayat–Didik
        [0.001, 0.03, 0.01, 0.0],  # Faisal–Biem
        [0.001, 0.08, 0.01, 0.002],  # Alex–Nono
    ]
)
TARGET_SECONDS, TARGET_RATE, TARGET_RATIO = 10.0, 50e6, 60.0


def data_dir() -> Path:
    here = Path(__file__).resolve().parents[1]
    for d in (
        here / "src/kampanye/elections/data/jakarta_2012",
        here.parent / "shared/data/elections",
        Path("/work/shared/data/elections"),
    ):
        if (d / "jakarta_2012_results_wilayah.csv").exists():
            return d
    raise SystemExit("Jakarta 2012 CSV files not found")


def jakarta_spec(voters: int) -> tuple[ElectorateSpec, Effort]:
    """Kelurahan-sized areas carrying their wilayah's round-1 calibration."""
    data = read_election(data_dir())
    cal = Calibrator(sample=2000, iterations=6).fit(Round1View.from_election(data))
    fav, base = cal.spec_.favourability, cal.spec_.base_turnout
    codes, dpt, fav_rows, base_rows = [], [], [], []
    registered = data.round1.registered
    scale = voters / registered.sum()
    for w, code in enumerate(data.round1.area_codes):
        n = KELURAHAN[code]
        share = np.full(n, registered[w] * scale / n)
        for i in range(n):
            codes.append(f"{code}.k{i:02d}")
            dpt.append(share[i])
            fav_rows.append(fav[w])
            base_rows.append(base[w])
    counts = np.floor(np.array(dpt)).astype(np.int64)
    counts[: voters - counts.sum()] += 1
    spec = ElectorateSpec(
        area_codes=tuple(codes),
        voters=counts,
        contestants=data.contestants,
        segments=cal.spec_.segments,
        segment_shares=cal.spec_.segment_shares,
        favourability=np.array(fav_rows),
        initial_awareness=cal.spec_.initial_awareness,
        base_turnout=np.array(base_rows),
    )
    reach = PLAN[None, :, None, :] * counts[None, None, :, None]
    return spec, Effort(np.broadcast_to(reach, (DAYS, *reach.shape[1:])).copy())


def time_numpy(spec: ElectorateSpec, effort: Effort, seed: int) -> dict[str, float]:
    t0 = time.perf_counter()
    model = ElectorateModel(spec, effort, seed=seed)
    t1, c1 = time.perf_counter(), time.process_time()
    model.run()
    t2, c2 = time.perf_counter(), time.process_time()
    model.vote()
    t3 = time.perf_counter()
    n = len(model.agents)
    return {
        "agents": n,
        "init_s": t1 - t0,
        "steps_s": t2 - t1,
        "steps_cpu_s": c2 - c1,
        "vote_s": t3 - t2,
        "rate": n * DAYS / (t2 - t1),
        "cpu_rate": n * DAYS / (c2 - c1),
    }


# --- the same model, one Python object per voter (Mesa 3) --------------------------------
def mesa_rate(spec: ElectorateSpec, effort: Effort, days: int, seed: int) -> dict[str, float]:
    import mesa

    params = SimParams()
    k, n_ch = len(spec.contestants), len(CHANNELS)
    quantum = max(params.channel(c).turnout for c in range(n_ch))
    shadow = ElectorateModel(spec, effort, params, seed=seed, sample=1)  # rates formula only
    fav = spec.favourability[:, 0, :].tolist()

    class Voter(mesa.Agent):
        def __init__(self, model: mesa.Model, area: int) -> None:
            super().__init__(model)
            r = model.random
            self.area = area
            self.aware = {j for j in range(k) if r.random() < spec.initial_awareness[0, j]}
            self.air_only: set[int] = set()
            self.forget_day = 10**6
            self.decide_day = model.decide_day()
            self.propensity = float(spec.base_turnout[area, 0])
            self.intent = self.choose(undecided=True)

        def choose(self, undecided: bool) -> int:
            weights = [(j, math.exp(fav[self.area][j])) for j in sorted(self.aware)]
            total = sum(w for _, w in weights) + (1.0 if undecided else 0.0)
            if total == 0:
                return -1
            u = self.model.random.random() * total
            for j, w in weights:
                u -= w
                if u < 0:
                    return j
            return -1

        def step(self) -> None:
            m, r = self.model, self.model.random
            if self.forget_day == m.day:
                self.aware -= self.air_only
                self.air_only.clear()
                if self.intent not in self.aware:
                    self.intent = -1
            if self.decide_day == m.day and self.intent == -1 and self.aware:
                self.intent = self.choose(undecided=False)
            rates = m.rates[self.area]
            for ev in range(k * n_ch):
                if r.random() >= rates[ev]:
                    continue
                who, channel = divmod(ev, n_ch)
                learn = who not in self.aware and r.random() < m.teach[ev]
                if learn:
                    self.aware.add(who)
                    if channel == 1:
                        self.air_only.add(who)
                        self.forget_day = min(
                            self.forget_day,
                            m.day
                            + 1
                            + int(math.log(1 - r.random()) / math.log(1 - params.air_forget_rate)),
                        )
                    else:
                        self.air_only.discard(who)
                if r.random() < m.lift[ev]:
                    self.propensity = min(1.0, self.propensity + quantum)
                if r.random() < m.decides[ev]:
                    self.intent = who
                elif learn:
                    self.intent = self.choose(undecided=True)
                if channel == 0 and r.random() < params.household_spillover:
                    pass  # the mate's contact is what the numpy model adds; cost alike

    class Electorate(mesa.Model):
        def __init__(self) -> None:
            super().__init__(seed=seed)
            self.day = 0
            for area, n in enumerate(spec.voters):
                for _ in range(int(n)):
                    Voter(self, area)

        def decide_day(self) -> int:
            return int(self.random.random() * DAYS)

        def step(self) -> None:
            shadow.day = self.day
            rates, self.teach, self.lift, self.decides = shadow.event_rates()
            self.rates = rates.tolist()
            self.agents.shuffle_do("step")
            self.day += 1

    t0 = time.perf_counter()
    model = Electorate()
    t1, c1 = time.perf_counter(), time.process_time()
    for _ in range(days):
        model.step()
    t2, c2 = time.perf_counter(), time.process_time()
    n = len(model.agents)
    return {
        "agents": n,
        "init_s": t1 - t0,
        "steps_s": t2 - t1,
        "rate": n * days / (t2 - t1),
        "cpu_rate": n * days / (c2 - c1),
    }


def illustrative_layout(codes: tuple[str, ...]) -> SegmentLayout:
    """The demo's illustrative segment sizes (``areas/illustrative.py``) with the planner's
    assumed segment priors (``planner/sources.py``), built without a database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampanye.settings")
    django.setup()
    from kampanye.areas.illustrative import ISLANDS, PER_1000
    from kampanye.planner.sources import layout_from_shares

    slugs = tuple(sorted(PER_1000))
    shares = np.array(
        [[{**PER_1000, **ISLANDS.get(c, {})}[s] / 1000 for s in slugs] for c in codes]
    )
    return layout_from_shares(slugs, shares)


def report_backtest(data: ElectionData, label: str, say: Callable[[str], None]) -> bool:
    report = backtest(data)
    f = report.forecast
    say(f"2012 backtest ({label}), Jokowi–Ahok two-party share in round 2 (from round 1 only):")
    say("| wilayah | forecast % | 90 % interval | actual % | error (points) |")
    say("|---|---:|---:|---:|---:|")
    for i, code in enumerate(f.area_codes):
        say(
            f"| {code} | {f.share_a[i] * 100:.2f} | {f.area_interval.lower[i] * 100:.1f}–"
            f"{f.area_interval.upper[i] * 100:.1f} | {report.actual_share_a[i] * 100:.2f} | "
            f"{report.area_error_points[i]:+.2f} |"
        )
    say(
        f"| province | {f.province_share_a * 100:.2f} | {f.province_interval.lower[0] * 100:.1f}"
        f"–{f.province_interval.upper[0] * 100:.1f} | {report.actual_province_share_a * 100:.2f}"
        f" | {report.province_error_points:+.2f} |"
    )
    say(
        f"mean absolute error across wilayah {report.mean_absolute_error_points:.2f} points "
        f"(target < 2); province error {report.province_error_points:+.2f} points (target "
        f"within 1); round-1 fit error at most {f.round1_fit_error * 100:.2f} points."
    )
    return abs(report.province_error_points) < 1 and report.mean_absolute_error_points < 2


def optimiser_check(data: ElectionData, say: Callable[[str], None], runs: int = 60) -> bool:
    """The optimiser's proposal against the simulator and against other plans."""
    budget, hours = 15e9, 200_000.0
    t0 = time.perf_counter()
    cal = Calibrator(sample=2000, iterations=8).fit(Round1View.from_election(data))
    k = data.contestants.index("Jokowi–Ahok")
    spec, base, fitted = cal.spec_, cal.effort_, cal.fitted_votes_
    t1 = time.perf_counter()
    opt = optimise_plan(
        spec, base, k, budget, hours, shares=fitted.shares(), turnout=fitted.turnout(),
        transfers=data.transfers, runs=runs, seed=0,
    )  # fmt: skip
    t2 = time.perf_counter()
    first = allocate(
        response_curves(spec, fitted.shares(), fitted.turnout(), k, base.days), budget, hours
    )
    valid = spec.voters * fitted.turnout()
    before = float((fitted.shares()[:, k] * valid).sum() / valid.sum())
    costs, a = Costs(), spec.n_areas
    by_dpt = spec.voters / spec.voters.sum()

    def spread(ground_h: float = 0, ground_rp: float = 0, air: float = 0, online: float = 0,
               online_h: float = 0) -> np.ndarray:  # fmt: skip
        return np.column_stack(
            [
                costs.contacts(0, ground_rp, ground_h) * by_dpt,
                costs.contacts(1, air, 0) * by_dpt,
                costs.contacts(2, online, online_h) * by_dpt,
            ]
        )

    blusukan = spread(ground_rp=4e9, air=5e9, online=2e9, online_h=30_000)
    blusukan[1:, 0] += costs.contacts(0, 0, 34_000)  # 34,000 hours in each of the five kota
    plans = {
        "no plan": np.zeros((a, 3)),
        "Blusukan dulu (illustrative)": blusukan,
        "Udara dulu (illustrative)": spread(air=12e9, online=2e9, ground_h=20_000),
        "all money on TV": spread(air=budget, ground_h=hours),
        "all money on online ads": spread(online=budget, ground_h=hours),
        "all money on paid canvassing": spread(ground_rp=budget, ground_h=hours),
        "first-order curves' plan": proposal_contacts(first, a),
    }
    say(
        f"optimiser, Jokowi–Ahok, Rp15 miliar and 200,000 hours, {len(spec.segments)} segments, "
        f"no ledger effort ({runs} runs, 2,000 agents per cohort; calibration "
        f"{t1 - t0:.1f} s, search and simulation {t2 - t1:.1f} s):"
    )
    say("| plan | simulated mean % | 90 % interval | chance of winning |")
    say("|---|---:|---:|---:|")
    means = {}
    for name, contacts in plans.items():
        out = simulate_plan(
            PlanSimulation(spec, plan_effort(base, k, contacts), k, None, data.transfers, 2000),
            runs,
            0,
        )
        means[name] = float(out.round1_mean[-1])
        say(
            f"| {name} | {means[name] * 100:.2f} | {out.round1.lower[-1] * 100:.2f}–"
            f"{out.round1.upper[-1] * 100:.2f} | {out.p_win:.2f} |"
        )
    o = opt.outcome
    mean, lo, hi = float(o.round1_mean[-1]), float(o.round1.lower[-1]), float(o.round1.upper[-1])
    say(f"| **optimiser** | **{mean * 100:.2f}** | {lo * 100:.2f}–{hi * 100:.2f} | {o.p_win:.2f} |")
    gap_first = (before + first.expected_gain - means["first-order curves' plan"]) * 100
    say(
        f"fitted curves expect {opt.expected_share * 100:.2f} % (quick check "
        f"{opt.search.checked_share * 100:.2f} %), simulated {mean * 100:.2f} %: gap "
        f"{(opt.expected_share - mean) * 100:+.2f} points (target: inside {lo * 100:.2f}–"
        f"{hi * 100:.2f}); the first-order curves expected "
        f"{(before + first.expected_gain) * 100:.2f} % of their own plan, gap "
        f"{gap_first:+.2f} points."
    )
    inside = lo <= opt.expected_share <= hi
    best = all(mean >= m for m in means.values())
    return inside and best


NATIONAL_VOTERS, NATIONAL_AREAS = 204_807_222, 83_000


def national(runs: int, engine: str, say: Callable[[str], None]) -> None:
    """Monte Carlo draws of a national cohort electorate: seconds per draw and memory."""
    import resource

    areas = NATIONAL_AREAS
    simulation = national_simulation(NATIONAL_VOTERS, areas)
    start, cpu = time.perf_counter(), time.process_time()
    outcome = simulate_plan(simulation, runs, seed=0, engine=engine)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(
        f"national cohort electorate: {NATIONAL_VOTERS:,} voters, {areas:,} areas × 3 "
        f"segments, ≤ 10 agents per cohort, 14 days; {runs} draws on engine {engine}: "
        f"{wall:.1f} s wall ({wall / runs:.1f} s per draw; this process {cpu:.1f} s CPU), "
        f"peak memory of this process {peak:,.0f} MB; pair 01's national share "
        f"{100 * outcome.round1.median[-1]:.2f} % "
        f"[{100 * outcome.round1.lower[-1]:.2f}, {100 * outcome.round1.upper[-1]:.2f}]"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks sim")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--voters", type=int, default=DPT_FINAL_ROUND1)
    parser.add_argument("--mesa-agents", type=int, default=100_000)
    parser.add_argument("--mesa-days", type=int, default=5)
    parser.add_argument("--skip-full", action="store_true")
    parser.add_argument("--skip-optimiser", action="store_true")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--national", type=int, metavar="RUNS", default=0)
    parser.add_argument("--engine", choices=("serial", "dask"), default="serial")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {load:.1f} at start, Python {platform.python_version()}, "
        f"numpy {np.__version__}"
    ]

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    say(lines[0])
    if args.national:
        national(args.national, args.engine, say)
        return 0
    ok = True
    if not args.skip_full:
        spec, effort = jakarta_spec(args.voters)
        runs = [time_numpy(spec, effort, seed) for seed in range(args.runs)]
        steps = statistics.median(r["steps_s"] for r in runs)
        cpu = statistics.median(r["steps_cpu_s"] for r in runs)
        rate = args.voters * DAYS / steps
        say(
            f"full electorate: {args.voters:,} agents × {DAYS} days, median of {args.runs}: "
            f"steps {steps:.2f} s wall ({cpu:.2f} s CPU), "
            f"init {statistics.median(r['init_s'] for r in runs):.2f} s, "
            f"vote {statistics.median(r['vote_s'] for r in runs):.2f} s; "
            f"{rate / 1e6:.1f} M agent-steps/s (target < {TARGET_SECONDS:.0f} s, "
            f"≥ {TARGET_RATE / 1e6:.0f} M/s)"
        )
        ok &= steps < TARGET_SECONDS and rate >= TARGET_RATE
    spec, effort = jakarta_spec(args.mesa_agents)
    # CPU time on both sides: on a shared machine wall time measures the neighbours too
    fast = statistics.median(
        time_numpy(spec, effort, s)["cpu_rate"] for s in range(max(args.runs, 5))
    )
    slow = mesa_rate(spec, effort, args.mesa_days, seed=0)
    ratio = fast / slow["cpu_rate"]
    say(
        f"at {args.mesa_agents:,} agents (CPU time): numpy {fast / 1e6:.2f} M agent-steps/s, "
        f"Mesa {slow['cpu_rate'] / 1e6:.3f} M agent-steps/s ({args.mesa_days} days, init "
        f"{slow['init_s']:.1f} s): ratio {ratio:.0f}× (target ≥ {TARGET_RATIO:.0f}×)"
    )
    ok &= ratio >= TARGET_RATIO
    data = read_election(data_dir())
    ok &= report_backtest(data, "one segment per wilayah", say)
    layout = illustrative_layout(data.round1.area_codes)
    segmented = ElectionData(**{**data.__dict__, "segments": layout})
    ok &= report_backtest(segmented, "the demo's illustrative segments", say)
    say(
        "Anchors: September polls' toplines about 3 points off; survey transfer tables on "
        "round 1: 53.3–55.0 % against 53.82 %."
    )
    if not args.skip_optimiser:
        ok &= optimiser_check(segmented, say)
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    say("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
