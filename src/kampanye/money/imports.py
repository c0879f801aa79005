"""Import and export of expense sheets (CSV or XLSX), registered in ``core.exchange``.

A row is one expense, keyed by its contestant and ``reference`` (nomor bukti): importing
the same sheet twice stores nothing twice. Each row is checked by ``ExpenseIn``, the schema
the expense page and the API use. An imported expense waits for approval like any other;
an approved one is never changed by an import (a correction is a new entry). Receipts are
attached on the expense's page. Donors are not imported or exported in bulk (UU PDP).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pydantic
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.areas.models import Area
from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem, upsert
from kampanye.core.scope import in_scope
from kampanye.elections.imports import ELECTION, find_contestant, find_election
from kampanye.ledger.actions import CHANNEL_FRONT
from kampanye.money.models import Expense
from kampanye.money.schemas import ExpenseIn, errors_of

COLUMNS = (
    ELECTION,
    Column("contestant", required=True, example="Jokowi–Ahok", aliases=("pasangan", "paslon")),
    Column("reference", required=True, example="BKK-0001", aliases=("nomor_bukti", "bukti")),
    Column("spent_on", "date", required=True, example="2012-06-30", aliases=("tanggal",)),
    Column("payee", required=True, example="CV Sablon Maju", aliases=("penerima",)),
    Column(
        "category",
        required=True,
        example="materials",
        aliases=("kategori",),
        help="meetings, materials, props, advertising, rally, events, transport, office, other",
    ),
    Column("front", required=True, example="ground", help="ground, air or online"),
    Column("channel", example="door_to_door", aliases=("kanal",)),
    Column("area_code", example="31.75", aliases=("kode_wilayah", "wilayah")),
    Column("form", example="money", aliases=("bentuk",), help="money, goods or services"),
    Column("amount_idr", "int", required=True, example="12500000", aliases=("jumlah", "nilai")),
    Column(
        "valuation_basis",
        example="",
        aliases=("dasar_penilaian",),
        help="how goods or services were valued (required for them)",
    ),
)
FIELDS = [c.name for c in COLUMNS[2:]]


def check_expense(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    election = find_election(values["election"], ctx)
    contestant = find_contestant(values["contestant"], election, ctx, "contestant")
    data = {k: values[k] for k in FIELDS if values[k] not in (None, "")}
    try:
        expense = ExpenseIn.model_validate(data)
    except pydantic.ValidationError as err:
        raise RowProblem(problems=[(k, " ".join(v)) for k, v in errors_of(err).items()]) from None
    problems = []
    area = None
    if expense.area_code:
        area = Area.objects.filter(code=expense.area_code).first()
        if area is None:
            problems.append(("area_code", _("kode wilayah tidak dikenal")))
    if not in_scope(ctx.user, expense.area_code or None) and ctx.user is not None:
        problems.append(("area_code", _("di luar wilayah Anda")))
    if expense.channel and CHANNEL_FRONT[expense.channel] != expense.front:
        problems.append(("channel", _("kanal ini bukan bagian dari front tersebut")))
    existing = Expense.objects.filter(contestant=contestant, reference=expense.reference).first()
    fields = {
        "spent_on": expense.spent_on,
        "payee": expense.payee,
        "category": expense.category,
        "front": expense.front,
        "channel": expense.channel or "",
        "area": area,
        "area_code": area.code if area else "",
        "form": expense.form,
        "amount_idr": expense.amount_idr,
        "valuation_basis": expense.valuation_basis,
    }
    if (
        existing is not None
        and existing.status != Expense.Status.PENDING
        and any(getattr(existing, k) != v for k, v in fields.items())
    ):
        problems.append(("reference", _("sudah diputuskan; koreksi dicatat sebagai entri baru")))
    if problems:
        raise RowProblem(problems=problems)
    return {"contestant": contestant, "reference": expense.reference, "fields": fields}


def store_expense(payload: dict[str, Any], ctx: Context) -> list[Change]:
    lookup = {"contestant": payload["contestant"], "reference": payload["reference"]}
    existing = Expense.objects.filter(**lookup).first()
    values = dict(payload["fields"])
    if existing is None and getattr(ctx.user, "is_authenticated", False):
        values["recorded_by"] = ctx.user
    _expense, change = upsert(Expense, lookup, values, existing=existing)
    return [change] if change else []


def export_expenses(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = Expense.objects.select_related("contestant__election").order_by(
        "contestant__election__slug", "contestant__ballot_no", "spent_on", "reference"
    )
    if ctx.election:
        rows = rows.filter(contestant__election=ctx.election)
    for e in rows:
        yield {
            "election": e.contestant.election.slug,
            "contestant": e.contestant.short,
            **{k: getattr(e, k) for k in FIELDS},
        }


EXPENSES = Kind(
    name="expenses",
    label=gettext_lazy("pengeluaran dana kampanye"),
    description="A campaign's expenses (nomor bukti, date, payee, category, front, amount in "
    "whole Rupiah; goods and services at a fair value with its basis). Imported expenses wait "
    "for approval; an approved one is never changed by an import.",
    columns=COLUMNS,
    check=check_expense,
    key=lambda p: (p["contestant"].pk, p["reference"]),
    key_fields=("contestant", "reference"),
    store=store_expense,
    export=export_expenses,
    per_election=True,
)
KINDS = (EXPENSES,)
