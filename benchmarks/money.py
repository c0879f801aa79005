"""Campaign money at scale: the limit checks, the three KPU reports and the dashboard.

``python -m benchmarks money [--expenses 1000000] [--donations 200000] [--runs 20]``

Targets (issue 21): with 1,000,000 expenses and 200,000 donations on SQLite, every limit
check and the three reports for the whole campaign under 5 s; the dashboard under 300 ms
at p95. Runs in a child process with a throw-away data folder; expenses, donors (one for
every four gifts) and gifts are written with raw bulk inserts, then each measure is timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time

from benchmarks._children import run_children
from benchmarks._measure import timings

START = dt.date(2024, 9, 25)
DAYS = 60


def _fill(expenses: int, donations: int, seed: int = 21) -> dict:
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from kampanye.areas.models import Area
    from kampanye.core.models import Membership
    from kampanye.elections.models import Contestant, Election
    from kampanye.money.actions import set_fund_account
    from kampanye.money.models import Donation, Donor, Expense

    province, _ = Area.objects.get_or_create(code="31", defaults={"name": "DKI", "level": 1})
    election, _ = Election.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "office": "Gubernur", "region": province}
    )
    pair, _ = Contestant.objects.get_or_create(
        election=election,
        ballot_no=1,
        defaults={"name": "P1", "short": "P1", "head": "A", "deputy": "B"},
    )
    set_fund_account(
        pair, regime="pilkada-2016", by=None, campaign_ends_on=START + dt.timedelta(days=DAYS)
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-treasurer")
    Membership.objects.get_or_create(user=user, defaults={"role": "treasurer", "contestant": pair})
    rng = np.random.default_rng(seed)
    now = timezone.now().isoformat()
    fronts = ["ground", "air", "online"]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        day = rng.integers(0, DAYS, expenses)
        front = rng.integers(0, 3, expenses)
        amount = rng.integers(10_000, 50_000_000, expenses)
        status = rng.random(expenses) < 0.9
        rows = [
            (pair.pk, f"E{i}", (START + dt.timedelta(days=int(day[i]))).isoformat(), "Pemasok",
             "materials", fronts[front[i]], "", "", "money", int(amount[i]), "", "",
             "approved" if status[i] else "pending", now, False)
            for i in range(expenses)
        ]  # fmt: skip
        cursor.executemany(
            f"INSERT INTO {Expense._meta.db_table} (contestant_id, reference, spent_on, payee, "
            "category, front, channel, area_code, form, amount_idr, valuation_basis, receipt, "
            "status, recorded_at, illustrative) VALUES (" + ", ".join(["%s"] * 15) + ")",
            rows,
        )
        donors = max(1, donations // 4)
        cursor.executemany(
            f"INSERT INTO {Donor._meta.db_table} (contestant_id, kind, name, name_key, id_masked, "
            "id_digest, address, is_foreign, consent_purpose, created_at) VALUES "
            "(%s, %s, %s, %s, %s, %s, '', %s, '', %s)",
            [(pair.pk, "individual", f"D{i}", f"d{i}", "3174********0001", f"{i:064x}", False, now)
             for i in range(donors)],
        )  # fmt: skip
        first = Donor.objects.order_by("pk").values_list("pk", flat=True).first()
        gift = rng.integers(1_000_000, 25_000_000, donations)
        days = [(START + dt.timedelta(days=i % DAYS)).isoformat() for i in range(donations)]
        cursor.executemany(
            f"INSERT INTO {Donation._meta.db_table} (contestant_id, reference, donor_id, "
            "received_on, form, amount_idr, valuation_basis, flags, excess_idr, handed_over_ref, "
            "recorded_at, illustrative) "
            "VALUES (%s, %s, %s, %s, 'money', %s, '', '[]', 0, '', %s, %s)",
            [(pair.pk, f"S{i}", first + i % donors, days[i], int(gift[i]), now, False)
             for i in range(donations)],
        )  # fmt: skip
        cursor.execute("ANALYZE")
    return {"pair": pair, "user": user, "load_s": round(time.perf_counter() - started, 1)}


def child(expenses: int, donations: int, runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ctx = _fill(expenses, donations)
    from kampanye.money import queries, reports

    pair, user = ctx["pair"], ctx["user"]
    end = START + dt.timedelta(days=DAYS)
    results = {}
    t = time.perf_counter()
    totals = queries.donor_totals(pair)
    over = sum(1 for d in totals if d.limit and d.total_idr > d.limit.value)
    results["every limit check (donor totals vs limits) + alerts, s"] = round(
        time.perf_counter() - t + _once(lambda: queries.alerts(pair, end)), 2
    )
    for kind in reports.KINDS:
        results[f"{kind} workbook, s"] = round(
            _once(lambda kind=kind: reports.build_report(kind, pair, None, end, names=True)), 2
        )

    def dashboard() -> None:
        queries.money_by_front(user, pair)
        queries.monthly_spending(user, pair)
        queries.cash_position(pair)
        queries.donation_totals(pair)
        queries.alerts(pair, end)

    return {
        "expenses": expenses,
        "donations": donations,
        "donors_over_limit": over,
        "load_s": ctx["load_s"],
        "results": results,
        "dashboard": timings(dashboard, runs),
    }


def _once(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks money")
    parser.add_argument("--expenses", type=int, default=1_000_000)
    parser.add_argument("--donations", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.expenses, args.donations, args.runs)))
        return 0
    (report,) = run_children(
        "money",
        ["sqlite"],
        "",
        [f"--expenses={args.expenses}", f"--donations={args.donations}", f"--runs={args.runs}"],
    )
    print(json.dumps(report, indent=2))
    return 0
