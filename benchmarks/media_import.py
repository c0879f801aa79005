"""The media front's coverage import, end to end: ``kampanye import media_coverage``.

``python -m benchmarks media_import [--items 100000] [--untoned 0.1] [--runs 5]``

In a throw-away SQLite data folder: one election with six pairs and 24 outlets, then a
CSV of ``--items`` coverage rows as a monitoring service exports them (about a third are
the same story re-published by a second outlet; ``--untoned`` of them carry no tone, so the
shared sentiment model reads them) goes through the import framework: every row checked,
stored once with its mentions and ledger touchpoints. Reported: rows per second, CPU
seconds per row, and the dashboard's three queries (median and p95 of ``--runs``) over
what was stored. Target (issue 19): 100,000 articles in under 60 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import time

from benchmarks._children import run_children
from benchmarks._measure import timings

TARGET_S = 60.0
TOPICS = ["banjir", "macet", "kampung", "pasar", "kesehatan", "pendidikan", "debat"]


def _world() -> tuple[str, list[str], list[str]]:
    from kampanye.areas.models import Area, Level
    from kampanye.elections.models import Contestant, Election
    from kampanye.media.actions import save_outlet

    dki = Area.objects.create(code="31", name="DKI Jakarta", level=Level.PROVINCE)
    election = Election.objects.create(slug="bench", name="Bench", office="Gubernur", region=dki)
    shorts = []
    for n in range(1, 7):
        c = Contestant.objects.create(
            election=election, ballot_no=n, name=f"P{n}", short=f"P{n}", head="a", deputy="b"
        )
        shorts.append(c.short)
    outlets = []
    for i in range(24):
        kind = ("tv", "radio", "print", "online")[i % 4]
        save_outlet(
            {"name": f"Media {i}", "kind": kind, "reach": "national", "owner": f"Grup {i % 6}",
             "audience": 100_000, "audience_basis": "bench"}, audited=False,
        )  # fmt: skip
        outlets.append(f"Media {i}")
    return election.slug, shorts, outlets


def _csv(n: int, untoned: float, shorts: list[str], outlets: list[str]) -> bytes:
    rng = random.Random(19)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["election", "outlet", "published_on", "title", "contestants", "tones", "paid"])
    i = 0
    while i < n:
        day = f"{rng.randint(1, 28)} Juni 2012"
        pairs = rng.sample(shorts, k=rng.choice((1, 1, 2)))
        tones = (
            ""
            if rng.random() < untoned
            else "|".join(rng.choice(("positif", "netral", "negatif")) for _ in pairs)
        )
        title = f"{pairs[0]} soal {rng.choice(TOPICS)} nomor {i}"
        for outlet in rng.sample(outlets, k=rng.choice((1, 1, 2)))[: n - i]:
            w.writerow(["bench", outlet, day, title, "|".join(pairs), tones, "tidak"])
            i += 1
    return out.getvalue().encode()


def child(items: int, untoned: float, runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kampanye.core.exchange import import_file
    from kampanye.elections.models import Election
    from kampanye.media import queries
    from kampanye.media.models import CoverageItem

    slug, shorts, outlets = _world()
    body = _csv(items, untoned, shorts, outlets)
    wall, cpu = time.perf_counter(), time.process_time()
    report = import_file("media_coverage", body, name="bench.csv")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    f = queries.Filters(Election.objects.get(slug=slug))
    dashboard = {
        name: timings(fn, runs)
        for name, fn in (
            ("pair_figures", lambda: queries.pair_figures(f)),
            ("darling_trend", lambda: queries.darling_trend(f)),
            ("by_owner_group", lambda: queries.by_owner_group(f)),
        )
    }
    return {
        "items": items,
        "stored": CoverageItem.objects.count(),
        "rejected": report.rejected,
        "wall_s": wall,
        "rows_per_s": items / wall,
        "cpu_ms_per_row": 1000 * cpu / items,
        "queries": dashboard,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks media_import")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--untoned", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help="(internal)")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.items, args.untoned, args.runs)))
        return 0
    [rep] = run_children(
        "media_import",
        ["sqlite"],
        "",
        ["--items", str(args.items), "--untoned", str(args.untoned), "--runs", str(args.runs)],
    )
    projected = 100_000 / rep["rows_per_s"]
    print(json.dumps(rep, indent=2))
    print(
        f"{rep['rows_per_s']:.0f} rows/s, {rep['cpu_ms_per_row']:.2f} ms CPU per row; "
        f"100,000 rows would take about {projected:.0f} s (target < {TARGET_S:.0f} s: "
        f"{'met' if projected < TARGET_S else 'missed'})."
    )
    return 0
