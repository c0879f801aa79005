"""The touchpoint ledger at scale: every aggregate the ledger page runs, over 1M touchpoints.

``python -m benchmarks ledger [--rows 1000000] [--database sqlite|postgres|both]
[--postgres-url URL] [--runs 20] [--markdown FILE]``

Each database runs in its own child process with a throw-away data folder (SQLite: a fresh
file there; PostgreSQL: the database named by ``--postgres-url`` or ``DATABASE_URL``, whose
ledger is emptied first — never point it at real data). The ledger is filled with raw bulk
inserts (``executemany`` on SQLite, ``COPY`` on PostgreSQL), then each query function of
``kampanye.core.queries`` is timed ``--runs`` times after one warm-up run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path

from benchmarks._children import run_children
from benchmarks._measure import cpu_model, timings

TARGET_MS = 200.0
START = dt.date(2012, 5, 1)
DAYS = 170  # round 1 and round 2 campaigns, May to mid-September 2012


def _fill(rows: int, seed: int = 2012, illustrative_share: float = 0.02) -> dict[str, object]:
    """Areas, an election with six contestants, segments, two users, ``rows`` touchpoints."""
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from kampanye.areas.models import Area, Segment
    from kampanye.core.models import Membership, Role
    from kampanye.elections.models import Contestant, Election
    from kampanye.ledger.actions import CHANNEL_FRONT, rebuild_ledger_rollup
    from kampanye.ledger.models import ImcElement, Initiator, MediaType, Touchpoint

    Touchpoint.objects.all().delete()
    province, _ = Area.objects.get_or_create(
        code="31", defaults={"name": "DKI Jakarta", "level": 1}
    )
    kelurahan: list[Area] = []
    for k in range(1, 6):
        kota, _ = Area.objects.get_or_create(
            code=f"31.7{k}", defaults={"name": f"Kota {k}", "level": 2, "parent": province}
        )
        for c in range(1, 10):
            kec, _ = Area.objects.get_or_create(
                code=f"{kota.code}.{c:02d}",
                defaults={"name": f"Kec {c}", "level": 3, "parent": kota},
            )
            for v in range(1, 7):
                kel, _ = Area.objects.get_or_create(
                    code=f"{kec.code}.{1000 + v}",
                    defaults={"name": f"Kel {v}", "level": 4, "parent": kec},
                )
                kelurahan.append(kel)
    election, _ = Election.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "office": "Gubernur", "region": province}
    )
    contestants = [
        Contestant.objects.get_or_create(
            election=election,
            ballot_no=n,
            defaults={"name": f"Pasangan {n}", "short": f"P{n}", "head": "A", "deputy": "B"},
        )[0]
        for n in range(1, 7)
    ]
    segments = [
        Segment.objects.get_or_create(slug=f"seg-{i}", defaults={"name": f"Segmen {i}"})[0]
        for i in range(8)
    ]
    users = {}
    for role, area in (("manager", None), ("coordinator", "31.75")):
        user, created = get_user_model().objects.get_or_create(username=f"bench-{role}")
        if created:
            Membership.objects.create(
                user=user, role=role, area=Area.objects.get(code=area) if area else None
            )
        users[role] = user
    assert Role.MANAGER == "manager"

    rng = np.random.default_rng(seed)
    channels = list(CHANNEL_FRONT)
    imc, media, init = ImcElement.values, MediaType.values, Initiator.values
    # Shaped like a real ledger: ground contacts and billboards (outdoor) happen in a
    # kelurahan; TV, radio, print and online are province-wide (no area).
    ch = rng.integers(0, len(channels), rows)
    local = np.array([CHANNEL_FRONT[c] == "ground" or c == "outdoor" for c in channels])
    kel = rng.integers(0, len(kelurahan), rows)
    no_area = ~local[ch] | (rng.random(rows) < 0.05)
    day = rng.integers(0, DAYS, rows)
    con = rng.integers(0, len(contestants), rows)
    seg = rng.integers(-1, len(segments), rows)
    count = rng.integers(1, 50, rows)
    reach = count * rng.integers(1, 5, rows)
    cost = rng.integers(0, 2_000_000, rows)
    ii, mm, nn = (rng.integers(0, len(x), rows) for x in (imc, media, init))
    part = rng.integers(0, 5, rows)
    ill = rng.random(rows) < illustrative_share
    now = timezone.now().isoformat()
    table = Touchpoint._meta.db_table
    columns = (
        "occurred_on, front, channel, imc_element, contestant_id, area_id, area_code, "
        "segment_id, count, reach, reach_basis, cost_idr, media_type, initiated_by, "
        "participation_level, source, illustrative, recorded_at"
    )

    def row(i: int) -> tuple:
        c = channels[ch[i]]
        area = None if no_area[i] else kelurahan[kel[i]]
        return (
            (START + dt.timedelta(days=int(day[i]))).isoformat(),
            str(CHANNEL_FRONT[c]),
            str(c),
            imc[ii[i]],
            contestants[con[i]].pk,
            area.pk if area else None,
            area.code if area else "",
            segments[seg[i]].pk if seg[i] >= 0 else None,
            int(count[i]),
            int(reach[i]),
            "",
            int(cost[i]),
            media[mm[i]],
            init[nn[i]],
            int(part[i]) or None,
            f"bench:{i}",
            bool(ill[i]),
            now,
        )

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for i in range(rows):
                    copy.write_row(row(i))
        else:
            marks = ", ".join(["%s"] * 18)
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            for start in range(0, rows, 50_000):
                cursor.executemany(sql, [row(i) for i in range(start, min(rows, start + 50_000))])
    rollup_rows = rebuild_ledger_rollup()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "rollup_rows": rollup_rows,
        "users": users,
        "contestant": contestants[0].pk,
        "load_s": round(time.perf_counter() - started, 1),
    }


def _cases(ctx: dict) -> list[tuple[str, object]]:
    from kampanye.ledger import queries as q

    manager, coordinator = ctx["users"]["manager"], ctx["users"]["coordinator"]
    none = q.LedgerFilters()
    month = q.LedgerFilters(
        contestants=(ctx["contestant"],),
        fronts=("ground",),
        date_from=dt.date(2012, 6, 1),
        date_to=dt.date(2012, 6, 30),
    )
    kec = q.LedgerFilters(area="31.74.04", illustrative=False)
    return [
        ("table front×channel×contestant", lambda: q.ledger_summary(manager, none)),
        ("chart: weekly series by front", lambda: q.ledger_series(manager, none, "week")),
        ("by month", lambda: q.ledger_summary(manager, none, ("period",), period="month")),
        (
            "by day × front",
            lambda: q.ledger_summary(manager, none, ("period", "front"), period="day"),
        ),
        ("by kota", lambda: q.ledger_summary(manager, none, ("area",), area_level="kota")),
        (
            "by kelurahan",
            lambda: q.ledger_summary(manager, none, ("area",), area_level="kelurahan"),
        ),
        ("totals", lambda: q.ledger_totals(manager, none)),
        ("cost per contact by channel", lambda: q.cost_by_channel(manager, none)),
        ("table, 1 contestant·ground·June", lambda: q.ledger_summary(manager, month)),
        ("chart, 1 contestant·ground·June", lambda: q.ledger_series(manager, month, "day")),
        ("table, kecamatan 31.74.04, real only", lambda: q.ledger_summary(manager, kec)),
        ("table, coordinator of 31.75", lambda: q.ledger_summary(coordinator, none)),
        ("totals, coordinator of 31.75", lambda: q.ledger_totals(coordinator, none)),
    ]


def _versions() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return {"database": f"PostgreSQL {cursor.fetchone()[0]}"}
        cursor.execute("select sqlite_version()")
        return {"database": f"SQLite {cursor.fetchone()[0]}"}


def child(rows: int, runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ctx = _fill(rows)
    results = []
    for name, fn in _cases(ctx):
        results.append({"query": name, **timings(fn, runs)})
    return {
        **_versions(),
        "rows": rows,
        "load_s": ctx["load_s"],
        "rollup_rows": ctx["rollup_rows"],
        "results": results,
    }


def _machine() -> dict[str, str]:
    cpu = cpu_model()
    try:
        mem_kb = next(
            int(x.split()[1])
            for x in Path("/proc/meminfo").read_text().splitlines()
            if x.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def markdown(reports: list[dict], command: str) -> str:
    m = _machine()
    lines = [
        f"Command: `{command}`  ",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram']} RAM, Python {m['python']}, "
        f"{m['date']}.",
        "",
    ]
    for rep in reports:
        missed = [r["query"] for r in rep["results"] if r["median_ms"] >= TARGET_MS]
        lines += [
            f"### {rep['database']} — {rep['rows']:,} touchpoints "
            f"(loaded and rolled up in {rep['load_s']} s; {rep['rollup_rows']:,} rollup rows)",
            "",
            "| query | median ms | p95 ms |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {r['query']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} |" for r in rep["results"]
        ]
        met = len(rep["results"]) - len(missed)
        verdict = f"Target (median < {TARGET_MS:.0f} ms): met by {met} of {len(rep['results'])}"
        verdict += f"; missed by {', '.join(missed)}." if missed else "."
        lines += ["", verdict, ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks ledger")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--markdown", type=Path, help="also write the results to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.rows, args.runs)))
        return 0
    wanted = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if "postgres" in wanted and not args.postgres_url:
        parser.error("PostgreSQL needs --postgres-url or DATABASE_URL")
    reports = run_children(
        "ledger", wanted, args.postgres_url, ["--rows", str(args.rows), "--runs", str(args.runs)]
    )
    shown = [a for a in argv if "://" not in a and not a.startswith("--postgres-url")]
    command = "python -m benchmarks ledger " + " ".join(shown)
    text = markdown(reports, command.strip())
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    return 0
