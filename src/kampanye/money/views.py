"""Pages of the purse: the dashboard, the budget, expenses, donations, the KPU reports and
the cost per vote. Thin: parse, check permission, call one action, render."""

from __future__ import annotations

import datetime as dt

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kampanye.core.charts import figure_json
from kampanye.elections.queries import current_election
from kampanye.ledger.models import Channel, Front
from kampanye.money import actions, limits, queries, reports
from kampanye.money.models import Donation, DonorType, ExpenseCategory, Form, FundAccount
from kampanye.money.schemas import MAX_RECEIPT_BYTES, DonationIn, ExpenseIn, errors_of
from kampanye.volunteers.queries import campaign_of

VIEW = "kampanye.view_money"


def _empty(request):
    return render(request, "money/empty.html", {})


def _separators() -> str:
    return str(get_format("DECIMAL_SEPARATOR")) + str(get_format("THOUSAND_SEPARATOR"))


def _say(request, err: ValidationError) -> None:
    """An action's refusal, shown above the page it sends back to."""
    messages.error(request, " ".join(m for ms in err.message_dict.values() for m in ms))


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    fronts = queries.money_by_front(request.user, contestant)
    monthly = queries.monthly_spending(request.user, contestant)
    see_totals = request.user.has_perm("kampanye.report_to_kpu")
    data = [
        {"type": "bar", "name": _("anggaran"), "x": [f.label for f in fronts],
         "y": [f.budget_idr for f in fronts]},
        {"type": "bar", "name": _("terpakai"), "x": [f.label for f in fronts],
         "y": [f.spent_idr for f in fronts]},
    ]  # fmt: skip
    burn = [
        {"type": "scatter", "mode": "lines+markers", "name": str(label),
         "x": list(monthly), "y": [m.get(front, 0) for m in monthly.values()]}
        for front, label in Front.choices
    ]  # fmt: skip
    layout = {"barmode": "group", "separators": _separators(), "yaxis": {"title": {"text": "Rp"}}}
    return render(
        request,
        "money/index.html",
        {
            "contestant": contestant,
            "fronts": fronts,
            "charts": True,
            "figure": figure_json(data, layout),
            "burn": figure_json(burn, {"separators": _separators()}),
            "unpaid": queries.unpaid_touchpoints(request.user, contestant)[:50],
            "cash": queries.cash_position(contestant) if see_totals else None,
            "types": queries.donation_totals(contestant) if see_totals else None,
            "alerts": queries.alerts(contestant, timezone.localdate()) if see_totals else None,
            "versions": contestant.budgets.all()[:10],
            "reports": reports.TITLES,
            "account": FundAccount.objects.filter(contestant=contestant).first(),
            "regimes": limits.regimes(),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def budget(request, number: int):
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    version = get_object_or_404(contestant.budgets, number=number)
    previous = contestant.budgets.filter(number=number - 1).first()
    return render(
        request,
        "money/budget.html",
        {
            "version": version,
            "lines": queries.budget_lines(request.user, version),
            "changes": queries.budget_changes(previous, version),
            "previous": previous,
        },
    )


def _form_data(request, fields: tuple[str, ...]) -> dict:
    """The posted fields that were filled in; a whole number of Rupiah as an int (anything
    else stays text, for the schema to refuse by name)."""
    data = {k: request.POST.get(k, "").strip() for k in fields}
    if data.get("amount_idr", "").isdigit():
        data["amount_idr"] = int(data["amount_idr"])
    return {k: v for k, v in data.items() if v != ""}


EXPENSE_FIELDS = (
    "reference",
    "spent_on",
    "payee",
    "category",
    "front",
    "channel",
    "area_code",
    "form",
    "amount_idr",
    "valuation_basis",
)


def _expense_in(request) -> ExpenseIn:
    ids = [int(x) for x in request.POST.getlist("touchpoint_ids") if x.isdigit()]
    return ExpenseIn.model_validate({**_form_data(request, EXPENSE_FIELDS), "touchpoint_ids": ids})


@login_required
@permission_required(VIEW, raise_exception=True)
def expenses(request):
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not request.user.has_perm("kampanye.record_expense"):
            raise PermissionDenied
        upload = request.FILES.get("receipt")
        # one byte past the limit is enough to tell a file that is too big
        receipt = (upload.name, upload.read(MAX_RECEIPT_BYTES + 1)) if upload else None
        try:
            data = _expense_in(request)
            with transaction.atomic():
                actions.record_expense(contestant, data, by=request.user, receipt=receipt)
        except pydantic.ValidationError as err:
            errors = errors_of(err)
        except ValidationError as err:
            errors = err.message_dict
        else:
            messages.success(request, _("Pengeluaran dicatat; menunggu persetujuan."))
            return redirect("money:expenses")
    return render(
        request,
        "money/expenses.html",
        {
            "expenses": queries.expenses_in_scope(request.user, contestant)[:200],
            "errors": errors,
            "values": request.POST,
            "categories": ExpenseCategory.choices,
            "fronts": Front.choices,
            "channels": Channel.choices,
            "forms": Form.choices,
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def decide(request, pk: int, op: str):
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    expense = get_object_or_404(queries.expenses_in_scope(request.user, contestant), pk=pk)
    try:
        actions.decide_expense(expense, approve=op == "setujui", by=request.user)
    except ValidationError as err:
        _say(request, err)
    return redirect("money:expenses")


DONATION_FIELDS = ("reference", "received_on", "form", "amount_idr", "valuation_basis")
DONOR_FIELDS = ("kind", "name", "identity", "address")


def _donation_in(request) -> DonationIn:
    """The donation form: a donor with no name is an anonymous gift."""
    donor = {k: request.POST.get(f"donor_{k}", "").strip() for k in DONOR_FIELDS}
    donor.update(foreign="donor_foreign" in request.POST, consent="donor_consent" in request.POST)
    return DonationIn.model_validate(
        {
            **_form_data(request, DONATION_FIELDS),
            "donor": donor if donor["name"] else None,
            "accept_flagged": "accept_flagged" in request.POST,
        }
    )


@login_required
@permission_required("kampanye.view_donors", raise_exception=True)
def donations(request):
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    if request.method == "POST":
        if not request.user.has_perm("kampanye.record_donation"):
            raise PermissionDenied
        try:
            data = _donation_in(request)
            with transaction.atomic():
                _donation, check = actions.record_donation(contestant, data, by=request.user)
        except pydantic.ValidationError as err:
            errors = errors_of(err)
        except ValidationError as err:
            errors = err.message_dict
            warnings = errors.pop("accept_flagged", [])
        else:
            if check.flags:
                messages.warning(request, " ".join(check.warnings()))
            else:
                messages.success(request, _("Sumbangan dicatat."))
            return redirect("money:donations")
    return render(
        request,
        "money/donations.html",
        {
            "totals": queries.donor_totals(contestant),
            "donations": contestant.donations.select_related("donor")[:200],
            "errors": errors,
            "warnings": warnings,
            "values": request.POST,
            "kinds": DonorType.choices,
            "forms": Form.choices,
        },
        status=400 if errors or warnings else 200,
    )


@login_required
@permission_required("kampanye.edit_budget", raise_exception=True)
@require_POST
def fund_account(request):
    """The campaign's fund rules: the legal regime, the region's spending cap, the end of
    the campaign (for the treasury deadline) and the fund account."""
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    cap = request.POST.get("spending_cap_idr", "").strip()
    number = "".join(ch for ch in request.POST.get("account", "") if ch.isdigit())
    try:
        actions.set_fund_account(
            contestant,
            regime=request.POST.get("regime", ""),
            spending_cap_idr=int(cap) if cap.isdigit() else None,
            campaign_ends_on=_date(request.POST.get("campaign_ends_on")),
            bank=request.POST.get("bank", "").strip()[:100],
            account_masked=("*" * max(len(number) - 4, 0) + number[-4:]) if number else "",
            by=request.user,
        )
    except ValidationError as err:
        _say(request, err)
    else:
        messages.success(request, _("Aturan dana kampanye disimpan."))
    return redirect("money:index")


@login_required
@permission_required("kampanye.record_donation", raise_exception=True)
@require_POST
def hand_over(request, pk: int):
    """The excess of a flagged gift went to the state treasury."""
    contestant = campaign_of(request.user)
    donation = get_object_or_404(
        contestant.donations if contestant else Donation.objects.none(), pk=pk
    )
    try:
        actions.hand_over_excess(
            donation,
            on=_date(request.POST.get("handed_over_on")) or timezone.localdate(),
            receipt_ref=request.POST.get("handed_over_ref", ""),
            by=request.user,
        )
    except ValidationError as err:
        _say(request, err)
    return redirect("money:donations")


@login_required
@permission_required("kampanye.report_to_kpu", raise_exception=True)
def report(request, kind: str):
    if kind not in reports.KINDS:
        raise Http404
    contestant = campaign_of(request.user)
    if contestant is None:
        return _empty(request)
    end = _date(request.GET.get("sampai")) or timezone.localdate()
    start = _date(request.GET.get("dari"))
    names = request.user.has_perm("kampanye.view_donors")
    data = reports.build_report(kind, contestant, start, end, names=names)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{reports.KINDS[kind]}-{contestant.short}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = (
        f'attachment; filename="{filename.encode("ascii", "ignore").decode()}"'
    )
    return response


@login_required
@permission_required("kampanye.view_vocabulary", raise_exception=True)
def cost_per_vote(request):
    election = current_election(request.GET.get("pemilihan"))
    if election is None:
        raise Http404
    rows = queries.cost_per_vote(election)
    shown = [r for r in rows if r.idr_per_vote is not None]
    data = [
        {
            "type": "bar",
            "x": [r.contestant.short for r in shown],
            "y": [r.idr_per_vote for r in shown],
            "marker": {"color": [r.contestant.color for r in shown]},
            "hovertemplate": "%{x}: Rp%{y:,.0f}<extra></extra>",
        }
    ]
    layout = {"separators": _separators(), "yaxis": {"title": {"text": _("Rupiah per suara")}}}
    return render(
        request,
        "money/cost_per_vote.html",
        {"election": election, "rows": rows, "charts": True, "figure": figure_json(data, layout)},
    )
