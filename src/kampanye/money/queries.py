"""Every figure the purse shows, each from one function. Amounts are whole Rupiah; a ratio
keeps its numerator and denominator and is None where the denominator is zero.

Area scope: a coordinator sees the budget lines and expenses of their own area subtree
only; donors and gifts are the treasurer's (``view_donors``), and a manager sees their
totals (``donation_totals``), never a donor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kampanye.core.scope import scope_filter
from kampanye.elections.models import CampaignFund, Contestant, Election, Result
from kampanye.ledger.models import Front, Touchpoint
from kampanye.money import limits
from kampanye.money.models import (
    BudgetLine,
    BudgetVersion,
    Donation,
    Donor,
    DonorType,
    Expense,
    FundAccount,
)

APPROVED = Expense.Status.APPROVED


def ratio(numerator: int, denominator: int) -> int | None:
    """Whole Rupiah per unit, rounded half up; None when there is no unit to divide by."""
    return (2 * numerator + denominator) // (2 * denominator) if denominator else None


def current_budget(contestant: Contestant) -> BudgetVersion | None:
    return contestant.budgets.order_by("-number").first()


def budget_lines(user, version: BudgetVersion | None) -> QuerySet[BudgetLine]:
    if version is None:
        return BudgetLine.objects.none()
    return scope_filter(version.lines.select_related("area", "segment"), user)


def expenses_in_scope(user, contestant: Contestant) -> QuerySet[Expense]:
    qs = Expense.objects.filter(contestant=contestant).select_related("area", "recorded_by")
    return scope_filter(qs, user, "area_code")


@dataclass(frozen=True)
class LineChange:
    key: tuple[str, ...]  # period, front, channel, IMC element, area, segment
    before_idr: int
    after_idr: int


def budget_changes(old: BudgetVersion | None, new: BudgetVersion) -> list[LineChange]:
    """What changed from one version to the next, line by line (0: the line was not there)."""

    def sums(version: BudgetVersion | None) -> dict[tuple[str, ...], int]:
        out: dict[tuple[str, ...], int] = {}
        for line in version.lines.select_related("area", "segment") if version else []:
            key = (
                f"{line.starts_on:%d-%m-%Y}–{line.ends_on:%d-%m-%Y}",
                line.get_front_display(),
                line.get_channel_display() if line.channel else "",
                line.get_imc_element_display() if line.imc_element else "",
                line.area.name if line.area else "",
                line.segment.name if line.segment else "",
            )
            out[key] = out.get(key, 0) + line.amount_idr
        return out

    before, after = sums(old), sums(new)
    return [
        LineChange(k, before.get(k, 0), after.get(k, 0))
        for k in sorted(set(before) | set(after))
        if before.get(k, 0) != after.get(k, 0)
    ]


@dataclass(frozen=True)
class FrontMoney:
    front: str
    label: str
    budget_idr: int
    spent_idr: int  # approved
    pending_idr: int
    contacts: int
    reach: int
    cost_per_contact: int | None
    cost_per_reached: int | None
    linked_idr: int  # approved spending linked to the touchpoints it paid for


def money_by_front(
    user, contestant: Contestant, start: dt.date | None = None, end: dt.date | None = None
) -> list[FrontMoney]:
    """Budget against actual per front, and the cost per contact and per person reached
    from approved expenses and the campaign's own touchpoints on that front, both in the
    period (and area) the user sees."""
    expenses = expenses_in_scope(user, contestant)
    touchpoints = scope_filter(Touchpoint.objects.filter(contestant=contestant), user, "area_code")
    lines = budget_lines(user, current_budget(contestant))
    if start:
        expenses = expenses.filter(spent_on__gte=start)
        touchpoints = touchpoints.filter(occurred_on__gte=start)
        lines = lines.filter(ends_on__gte=start)
    if end:
        expenses = expenses.filter(spent_on__lte=end)
        touchpoints = touchpoints.filter(occurred_on__lte=end)
        lines = lines.filter(starts_on__lte=end)
    by_front = {
        r["front"]: r
        for r in expenses.values("front").annotate(
            spent=Sum("amount_idr", filter=Q(status=APPROVED)),
            pending=Sum("amount_idr", filter=Q(status=Expense.Status.PENDING)),
        )
    }
    # by subquery, not a join: an expense paying for three touchpoints counts once
    paying = Expense.touchpoints.through.objects.values("expense_id")
    linked = dict(
        expenses.filter(status=APPROVED, pk__in=paying)
        .values("front")
        .annotate(s=Sum("amount_idr"))
        .values_list("front", "s")
    )
    budget = dict(lines.values("front").annotate(s=Sum("amount_idr")).values_list("front", "s"))
    reached = {
        r["front"]: r for r in touchpoints.values("front").annotate(c=Sum("count"), r=Sum("reach"))
    }
    out = []
    for front, label in Front.choices:
        s = (by_front.get(front) or {}).get("spent") or 0
        contacts = (reached.get(front) or {}).get("c") or 0
        reach = (reached.get(front) or {}).get("r") or 0
        out.append(
            FrontMoney(
                front=front,
                label=str(label),
                budget_idr=budget.get(front) or 0,
                spent_idr=s,
                pending_idr=(by_front.get(front) or {}).get("pending") or 0,
                contacts=contacts,
                reach=reach,
                cost_per_contact=ratio(s, contacts),
                cost_per_reached=ratio(s, reach),
                linked_idr=linked.get(front) or 0,
            )
        )
    return out


def monthly_spending(user, contestant: Contestant) -> dict[str, dict[str, int]]:
    """Approved spending per month and front ("2012-06" → front → Rp), for the burn chart."""
    out: dict[str, dict[str, int]] = {}
    # summed by day in SQL (SQLite truncates dates in Python, row by row), by month here
    rows = (
        expenses_in_scope(user, contestant)
        .filter(status=APPROVED)
        .values_list("spent_on", "front")
        .annotate(s=Sum("amount_idr"))
        .order_by("spent_on")
    )
    for day, front, amount in rows:
        month = out.setdefault(f"{day:%Y-%m}", {})
        month[front] = month.get(front, 0) + amount
    return out


def unpaid_touchpoints(user, contestant: Contestant) -> QuerySet[Touchpoint]:
    """Touchpoints with a cost on the ledger and no expense that paid for them."""
    qs = Touchpoint.objects.filter(contestant=contestant, cost_idr__gt=0, money_expenses=None)
    return scope_filter(qs, user, "area_code").order_by("-occurred_on", "-id")


@dataclass(frozen=True)
class DonorTotal:
    donor: Donor
    total_idr: int
    gifts: int
    limit: limits.Rule | None
    excess_idr: int


def donor_totals(contestant: Contestant) -> list[DonorTotal]:
    """Each donor's gifts over the whole campaign against the limit of their kind."""
    regime = _regime(contestant)
    donors = (
        Donor.objects.filter(contestant=contestant)
        .annotate(
            t=Sum("donations__amount_idr"), n=Count("donations"), x=Sum("donations__excess_idr")
        )
        .order_by("-t")
    )
    return [
        DonorTotal(d, d.t or 0, d.n, limits.limit_for(regime, d.kind), d.x or 0) for d in donors
    ]


@dataclass(frozen=True)
class TypeTotal:
    kind: str
    label: str
    total_idr: int
    gifts: int
    donors: int
    excess_idr: int
    limit: limits.Rule | None  # per donor, cumulative


def donation_totals(contestant: Contestant) -> list[TypeTotal]:
    """Gifts by donor type (anonymous ones as their own line): what a manager may see."""
    regime = _regime(contestant)
    rows = {
        r["donor__kind"]: r
        for r in Donation.objects.filter(contestant=contestant)
        .values("donor__kind")
        .annotate(
            t=Sum("amount_idr"), n=Count("id"), d=Count("donor", distinct=True), x=Sum("excess_idr")
        )
    }
    out = []
    for kind, label in [*DonorType.choices, (None, _("tanpa identitas"))]:
        r = rows.get(kind) or {}
        out.append(
            TypeTotal(
                kind=kind or "anonymous",
                label=str(label),
                total_idr=r.get("t") or 0,
                gifts=r.get("n") or 0,
                donors=r.get("d") or 0,
                excess_idr=r.get("x") or 0,
                limit=limits.limit_for(regime, kind) if kind else None,
            )
        )
    return out


def _regime(contestant: Contestant) -> str:
    account = FundAccount.objects.filter(contestant=contestant).first()
    return account.regime if account else ""


@dataclass(frozen=True)
class Alert:
    kind: str  # "donation" | "spending_cap"
    message: str
    amount_idr: int
    due_on: dt.date | None = None
    overdue: bool = False
    donation: Donation | None = None


def alerts(contestant: Contestant, today: dt.date) -> list[Alert]:
    """What the treasurer must act on: flagged gifts whose excess is not yet at the state
    treasury (overdue past the legal deadline first), and spending past the region's cap."""
    out = []
    flagged = Donation.objects.filter(contestant=contestant).exclude(flags=[])
    words = dict(Donation.Flag.choices)
    for d in flagged.filter(handed_over_on__isnull=True).order_by("excess_due_on", "received_on"):
        out.append(
            Alert(
                kind="donation",
                message=f"{d.reference}: " + ", ".join(str(words.get(f, f)) for f in d.flags),
                amount_idr=d.excess_idr,
                due_on=d.excess_due_on,
                overdue=bool(d.excess_due_on and d.excess_due_on < today),
                donation=d,
            )
        )
    account = FundAccount.objects.filter(contestant=contestant).first()
    if account and account.spending_cap_idr is not None:
        spent = (
            Expense.objects.filter(contestant=contestant)
            .exclude(status=Expense.Status.REJECTED)
            .aggregate(s=Sum("amount_idr"))["s"]
            or 0
        )
        if spent > account.spending_cap_idr:
            out.append(
                Alert(
                    kind="spending_cap",
                    message=_("pengeluaran melewati batas pengeluaran daerah"),
                    amount_idr=spent - account.spending_cap_idr,
                )
            )
    return sorted(out, key=lambda a: (not a.overdue, a.due_on or dt.date.max))


def cash_position(contestant: Contestant) -> dict[str, int]:
    """Opening balance + usable gifts − approved spending, in money only (in-kind gifts and
    expenses are value, not cash)."""
    account = FundAccount.objects.filter(contestant=contestant).first()
    gifts = Donation.objects.filter(contestant=contestant, form="money").aggregate(
        t=Sum("amount_idr"), x=Sum("excess_idr")
    )
    spent = (
        Expense.objects.filter(contestant=contestant, status=APPROVED, form="money").aggregate(
            s=Sum("amount_idr")
        )["s"]
        or 0
    )
    opening = account.opening_balance_idr if account else 0
    received, held = gifts["t"] or 0, gifts["x"] or 0
    return {
        "opening_idr": opening,
        "received_idr": received,
        "held_for_treasury_idr": held,
        "spent_idr": spent,
        "balance_idr": opening + received - held - spent,
    }


# -- cost per vote, from public reports ----------------------------------------------------


@dataclass(frozen=True)
class CostPerVote:
    contestant: Contestant
    funds_idr: int | None
    report: str
    reported_on: dt.date | None
    source: str
    votes: int | None
    idr_per_vote: int | None


def cost_per_vote(election: Election, round_number: int = 1) -> list[CostPerVote]:
    """Rupiah of reported campaign receipts per vote won in a round, for every contestant.

    The funds are one published report for all pairs — the latest dated on or before the
    round's voting day — never a mix of reports; they are receipts as reported, not audited
    spending. The votes are the round's province-wide result. A pair missing from either has
    no figure.
    """
    rnd = election.rounds.filter(number=round_number).first()
    if rnd is None:
        return []
    votes = dict(
        Result.objects.filter(round=rnd, area=election.region).values_list("contestant", "votes")
    )
    funds = CampaignFund.objects.filter(
        contestant__election=election, reported_on__lte=rnd.voting_day
    )
    latest = funds.order_by("-reported_on").first()
    chosen = {
        f.contestant_id: f
        for f in (
            funds.filter(report=latest.report, reported_on=latest.reported_on) if latest else []
        )
    }
    out = []
    for c in election.contestants.order_by("ballot_no"):
        fund, v = chosen.get(c.pk), votes.get(c.pk)
        out.append(
            CostPerVote(
                contestant=c,
                funds_idr=fund.amount_idr if fund else None,
                report=latest.report if latest else "",
                reported_on=latest.reported_on if latest else None,
                source=fund.source if fund else "",
                votes=v,
                idr_per_vote=ratio(fund.amount_idr, v) if fund and v else None,
            )
        )
    return out


# -- donors as personal data (``kampanye forget`` / ``retention``) ------------------------


def donors_to_forget(*, id: int | None = None, phone: str | None = None) -> list[Donor]:
    """``kampanye forget --donor ID``: donors keep no phone number, so only the id finds one."""
    if id is None:
        return []
    return list(Donor.objects.filter(pk=id, forgotten_at__isnull=True))


def idle_donors(cutoff: dt.datetime) -> QuerySet[Donor]:
    """Donors not yet forgotten, recorded before ``cutoff`` and with no gift since."""
    return (
        Donor.objects.filter(forgotten_at__isnull=True, created_at__lt=cutoff)
        .exclude(donations__received_on__gte=cutoff.date())
        .order_by("pk")
    )
