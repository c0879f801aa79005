"""JSON API of the purse, mounted at /api/money/. The same roles as the pages: a coordinator
sees and records their own area; only the treasurer records gifts; nobody lists donors.
Inputs are the schemas the pages use; a gift that breaks a rule answers 422 with the
warnings under ``accept_flagged`` until it is sent again with ``accept_flagged: true``."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from kampanye.core.api import ERRORS, ErrorOut, Id, allow, unprocessable
from kampanye.money import actions, queries
from kampanye.money.schemas import BudgetIn, DonationIn, ExpenseIn
from kampanye.volunteers.queries import campaign_of

router = Router(tags=["money"])


def _campaign(request):
    contestant = campaign_of(request.user)
    if contestant is None:
        raise HttpError(404, _("Anda belum terdaftar pada kampanye mana pun."))
    return contestant


class FrontOut(Schema):
    front: str
    budget_idr: int
    spent_idr: int
    pending_idr: int
    contacts: int
    reach: int
    cost_per_contact: int | None
    cost_per_reached: int | None
    linked_idr: int


@router.get("/fronts", response={200: list[FrontOut], 404: ErrorOut, **ERRORS})
def fronts(request):
    """Budget against actual and cost per contact per front, in the caller's area."""
    allow(request, "view_money")
    return queries.money_by_front(request.user, _campaign(request))


class Saved(Schema):
    id: int


@router.post("/budget", response={200: Saved, 404: ErrorOut, **ERRORS})
def save_budget(request, payload: BudgetIn):
    allow(request, "edit_budget")
    try:
        with transaction.atomic():
            version = actions.save_budget(_campaign(request), payload, by=request.user)
    except ValidationError as err:
        return unprocessable(err.message_dict)
    return {"id": version.number}


@router.post("/expenses", response={200: Saved, 404: ErrorOut, **ERRORS})
def record_expense(request, payload: ExpenseIn):
    allow(request, "record_expense")
    try:
        with transaction.atomic():
            expense = actions.record_expense(_campaign(request), payload, by=request.user)
    except ValidationError as err:
        return unprocessable(err.message_dict)
    return {"id": expense.pk}


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]


@router.post("/expenses/{expense_id}/decision", response={200: Saved, 404: ErrorOut, **ERRORS})
def decide(request, expense_id: Id, payload: DecisionIn):
    allow(request, "approve_expense")
    expense = queries.expenses_in_scope(request.user, _campaign(request)).filter(pk=expense_id)
    found = expense.first()
    if found is None:
        raise HttpError(404, _("Pengeluaran tidak ditemukan di wilayah Anda."))
    try:
        actions.decide_expense(found, approve=payload.decision == "approve", by=request.user)
    except ValidationError as err:
        return unprocessable(err.message_dict)
    return {"id": found.pk}


class DonationOut(Schema):
    id: int
    flags: list[str]
    excess_idr: int
    donor_total_idr: int


@router.post("/donations", response={200: DonationOut, 404: ErrorOut, **ERRORS})
def record_donation(request, payload: DonationIn):
    allow(request, "record_donation")
    try:
        with transaction.atomic():
            donation, check = actions.record_donation(_campaign(request), payload, by=request.user)
    except ValidationError as err:
        return unprocessable(err.message_dict)
    return {
        "id": donation.pk,
        "flags": donation.flags,
        "excess_idr": donation.excess_idr,
        "donor_total_idr": check.after_idr,
    }
