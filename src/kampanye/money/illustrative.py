"""Illustrative money for the demo: Jokowi–Ahok's budget, spending and gifts, made up but
shaped by the published totals, every row marked ``illustrative``.

The one fact used is the pair's reported receipts after the round-1 campaign (Rp27.5
billion, KPU DKI, 9 July 2012; ``elections.CampaignFund``): the illustrative gifts add up to
exactly that. How they split between the pair, its parties, companies and individuals, and
every expense, is invented; the published fund reports of all six pairs are shown as they
are on the election's funds page and in the cost-per-vote comparison. Gifts keep under the
2012 limits and carry made-up but well-formed NIK/NPWP numbers. Idempotent: a second run
adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from kampanye.elections.models import CampaignFund, Election
from kampanye.ledger.models import Touchpoint
from kampanye.money.actions import record_donation, record_expense, save_budget, set_fund_account
from kampanye.money.models import Donation, Expense
from kampanye.money.schemas import BudgetIn, DonationIn, ExpenseIn

BALLOT = 3  # Jokowi–Ahok
FALLBACK_TOTAL = 27_500_000_000  # when the fund report is not loaded
# invented split of the receipts (the rest comes from individuals)
PAIR, PARTIES, COMPANIES, COMPANY_GIFT = (
    1_500_000_000,
    (3_000_000_000, 3_000_000_000),
    40,
    300_000_000,
)
INDIVIDUAL_GIFT = 40_000_000
# invented shares of the budget by front, ground-heavy as the paper describes
FRONT_SHARES = {"ground": 0.55, "air": 0.25, "online": 0.20}
CATEGORY = {"ground": "meetings", "air": "advertising", "online": "materials"}


def build_illustrative_money(election: Election | None = None) -> int:
    """Build the demo's money for Jokowi–Ahok; returns how many gifts and expenses it made."""
    election = election or Election.objects.filter(slug="jakarta-2012").first()
    if election is None:
        return 0
    pair = election.contestants.filter(ballot_no=BALLOT).first()
    if pair is None or Donation.objects.filter(contestant=pair, illustrative=True).exists():
        return 0
    round1 = election.rounds.filter(number=1).first()
    start = round1.campaign_start if round1 and round1.campaign_start else dt.date(2012, 6, 24)
    end = round1.campaign_end if round1 and round1.campaign_end else dt.date(2012, 7, 7)
    reported = (
        CampaignFund.objects.filter(contestant=pair, reported_on__lte=end + dt.timedelta(days=7))
        .order_by("-reported_on")
        .first()
    )
    total = reported.amount_idr if reported else FALLBACK_TOTAL
    set_fund_account(
        pair,
        regime="pilkada-2012",
        by=None,
        campaign_ends_on=end,
        bank="Bank ilustratif",
        account_masked="********2012",
    )
    made = _gifts(pair, total, start) + _spending(pair, total, start, end)
    return made


def _gifts(pair, total: int, day: dt.date) -> int:
    gifts: list[tuple[str, str, str, int]] = [
        ("candidate", "Pasangan calon (ilustratif)", "", PAIR)
    ]
    gifts += [
        ("party", f"Partai pengusung {i} (ilustratif)", "", amount)
        for i, amount in enumerate(PARTIES, 1)
    ]
    gifts += [
        ("company", f"PT Ilustrasi {i:03d}", f"01{i:07d}901000", COMPANY_GIFT)
        for i in range(1, COMPANIES + 1)
    ]
    rest = total - sum(g[3] for g in gifts)
    n, last = divmod(rest, INDIVIDUAL_GIFT)
    amounts = [INDIVIDUAL_GIFT] * n + ([last] if last else [])
    gifts += [
        ("individual", f"Penyumbang Ilustratif {i:04d}", f"317404{(i % 28) + 1:02d}0180{i:04d}", a)
        for i, a in enumerate(amounts, 1)
    ]
    for i, (kind, name, identity, amount) in enumerate(gifts, 1):
        record_donation(
            pair,
            DonationIn.model_validate(
                {
                    "reference": f"ILU-S-{i:04d}",
                    "received_on": day + dt.timedelta(days=i % 14),
                    "amount_idr": amount,
                    "donor": {"kind": kind, "name": name, "identity": identity, "consent": True},
                }
            ),
            by=None,
            illustrative=True,
        )
    return len(gifts)


def _spending(pair, total: int, start: dt.date, end: dt.date) -> int:
    lines = [
        {"starts_on": start, "ends_on": end, "front": front, "amount_idr": int(total * share)}
        for front, share in FRONT_SHARES.items()
    ]
    save_budget(
        pair,
        BudgetIn.model_validate({"note": "Anggaran putaran 1 (ilustratif)", "lines": lines}),
        by=None,
        illustrative=True,
    )
    made = 0
    days = (end - start).days + 1
    for front, share in FRONT_SHARES.items():
        paid = Touchpoint.objects.filter(
            contestant=pair, front=front, cost_idr__gt=0, occurred_on__range=(start, end)
        )
        ids = list(paid.values_list("id", flat=True)[:300])
        ledger_cost = paid.filter(pk__in=ids).aggregate(s=Sum("cost_idr"))["s"] or 0
        # 90 % of the budget spent, in one expense a day; the ledger's own costs first
        spend = max(int(total * share * 0.9), ledger_cost)
        per_day, _rest = divmod(spend, days)
        for d in range(days):
            expense = record_expense(
                pair,
                ExpenseIn.model_validate(
                    {
                        "reference": f"ILU-P-{front}-{d + 1:03d}",
                        "spent_on": start + dt.timedelta(days=d),
                        "payee": f"Pemasok ilustratif ({front})",
                        "category": CATEGORY[front],
                        "front": front,
                        "amount_idr": per_day,
                        "touchpoint_ids": ids[d::days],
                    }
                ),
                by=None,
                illustrative=True,
            )
            Expense.objects.filter(pk=expense.pk).update(status=Expense.Status.APPROVED)
            made += 1
    return made
