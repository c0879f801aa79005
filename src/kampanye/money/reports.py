"""The three campaign-fund reports to the KPU, as XLSX workbooks built from the entries.

- LADK (laporan awal dana kampanye): the fund account, the opening balance, and what came
  in and went out up to the report's end date;
- LPSDK (laporan penerimaan sumbangan dana kampanye): every gift received in the period;
- LPPDK (laporan penerimaan dan pengeluaran dana kampanye): receipts and spending in the
  period, by donor type and by category, with every entry listed.

Each workbook ends with a sheet "Kekurangan" — what is missing before it can be filed —
and every total sits beside the entries it adds up (their ``nomor bukti``), so a figure can
be traced. The layout follows the KPU's headings; the official forms differ between
regulations (PKPU 5/2017, PKPU 18/2023), so check them against the form in force.
Text cells are written as text, never as formulas (a payee called "=HYPERLINK(…)" stays
text).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import openpyxl
from django.db.models import Q, Sum
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kampanye.elections.models import Contestant
from kampanye.ledger.models import Front
from kampanye.money.models import (
    Donation,
    DonorType,
    Expense,
    ExpenseCategory,
    Form,
    FundAccount,
)

KINDS = {"ladk": "LADK", "lpsdk": "LPSDK", "lppdk": "LPPDK"}
TITLES = {
    "ladk": "Laporan Awal Dana Kampanye (LADK)",
    "lpsdk": "Laporan Penerimaan Sumbangan Dana Kampanye (LPSDK)",
    "lppdk": "Laporan Penerimaan dan Pengeluaran Dana Kampanye (LPPDK)",
}
BOLD = Font(bold=True)


class _Book:
    def __init__(self) -> None:
        self.book = openpyxl.Workbook(write_only=True)

    def sheet(self, title: str, rows: Iterable[list[Any]]) -> None:
        """A sheet of rows, the first in bold. Numbers and dates go in as they are (a cell
        object per value would triple the time of a long sheet); text always as text."""
        sheet = self.book.create_sheet(title[:31])
        for i, row in enumerate(rows):
            sheet.append([self._cell(sheet, v, bold=i == 0) for v in row])

    @staticmethod
    def _cell(sheet, value: Any, *, bold: bool) -> Any:
        if not isinstance(value, str) and not bold:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: "=…" is never a formula
        if bold:
            cell.font = BOLD
        return cell

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def _header(contestant: Contestant, kind: str, start: dt.date | None, end: dt.date) -> list:
    account = FundAccount.objects.filter(contestant=contestant).first()
    return [
        [TITLES[kind]],
        ["Pemilihan", contestant.election.name],
        ["Pasangan calon", f"{contestant.ballot_no}. {contestant.name}"],
        ["Periode", start or "awal", end],
        ["Bank RKDK", account.bank if account else ""],
        ["Nomor rekening (tersamar)", account.account_masked if account else ""],
        ["Dibuat", dt.date.today()],
        [],
    ]


def _donations(contestant, start, end):
    qs = Donation.objects.filter(contestant=contestant, received_on__lte=end)
    if start:
        qs = qs.filter(received_on__gte=start)
    return qs.order_by("received_on", "id")


def _expenses(contestant, start, end):
    qs = Expense.objects.filter(
        contestant=contestant, spent_on__lte=end, status=Expense.Status.APPROVED
    )
    if start:
        qs = qs.filter(spent_on__gte=start)
    return qs.order_by("spent_on", "id")


def _labels(choices) -> dict[Any, str]:
    # once per report: a model's get_FOO_display() translates its label on every row
    return {k: str(v) for k, v in choices}


def _donation_rows(donations, *, names: bool) -> Iterable[list[Any]]:
    yield [
        "No",
        "Tanggal",
        "Nomor bukti",
        "Jenis penyumbang",
        "Nama penyumbang",
        "NIK/NPWP (tersamar)",
        "Alamat",
        "Bentuk",
        "Nilai (Rp)",
        "Dasar penilaian",
        "Tanda",
        "Kelebihan (Rp)",
        "Diserahkan ke kas negara",
    ]
    kinds, forms = _labels(DonorType.choices), _labels(Form.choices)
    rows = donations.values_list(
        "received_on", "reference", "donor_id", "donor__kind", "donor__name",
        "donor__id_masked", "donor__address", "form", "amount_idr", "valuation_basis", "flags",
        "excess_idr", "handed_over_on",
    )  # fmt: skip
    for i, (day, ref, donor, kind, name, masked, address, form, amount, basis, flags, excess,
            handed) in enumerate(rows.iterator(chunk_size=10_000), 1):  # fmt: skip
        yield [
            i,
            day,
            ref,
            kinds[kind] if donor else "tanpa identitas",
            (name if names else f"#{donor}") if donor else "",
            masked or "",
            (address if names else "") if donor else "",
            forms[form],
            amount,
            basis,
            ", ".join(flags),
            excess,
            handed or "",
        ]


def _expense_rows(expenses) -> Iterable[list[Any]]:
    yield [
        "No",
        "Tanggal",
        "Nomor bukti",
        "Penerima",
        "Kategori",
        "Front",
        "Bentuk",
        "Nilai (Rp)",
        "Dasar penilaian",
        "Bukti terlampir",
    ]
    labels = [_labels(c) for c in (ExpenseCategory.choices, Front.choices, Form.choices)]
    rows = expenses.values_list(
        "spent_on", "reference", "payee", "category", "front", "form", "amount_idr",
        "valuation_basis", "receipt",
    )  # fmt: skip
    for i, (day, ref, payee, cat, front, form, amount, basis, receipt) in enumerate(
        rows.iterator(chunk_size=10_000), 1
    ):
        yield [i, day, ref, payee, labels[0][cat], labels[1][front], labels[2][form], amount,
               basis, "ya" if receipt else "tidak"]  # fmt: skip


def _by_type(donations) -> list[list[Any]]:
    sums = {
        (r["donor__kind"], r["form"]): r["s"]
        for r in donations.values("donor__kind", "form").annotate(s=Sum("amount_idr"))
    }
    return _table("Sumber", [*DonorType.choices, (None, "tanpa identitas")], sums)


def _by_category(expenses) -> list[list[Any]]:
    sums = {
        (r["category"], r["form"]): r["s"]
        for r in expenses.values("category", "form").annotate(s=Sum("amount_idr"))
    }
    return _table("Kategori", ExpenseCategory.choices, sums)


def _table(head: str, heads: list[tuple[Any, Any]], sums: dict[tuple[Any, str], int]) -> list:
    """One row per head with its money, goods and services, and a row of totals."""
    rows: list[list[Any]] = [[head, "Uang (Rp)", "Barang (Rp)", "Jasa (Rp)", "Jumlah (Rp)"]]
    totals = [0, 0, 0, 0]
    for key, label in heads:
        cells = [sums.get((key, f), 0) for f in ("money", "goods", "services")]
        cells.append(sum(cells))
        totals = [t + c for t, c in zip(totals, cells, strict=True)]
        rows.append([str(label), *cells])
    rows.append(["Jumlah", *totals])
    return rows


def missing(contestant: Contestant, start: dt.date | None, end: dt.date) -> list[str]:
    """What is missing before a report can be filed, in words."""
    out = []
    account = FundAccount.objects.filter(contestant=contestant).first()
    if account is None or not account.bank or not account.account_masked:
        out.append("Rekening khusus dana kampanye (bank dan nomor) belum dicatat.")
    expenses = _expenses(contestant, start, end)
    for ref in expenses.filter(receipt="").values_list("reference", flat=True).iterator():
        out.append(f"Pengeluaran {ref}: bukti belum dilampirkan.")
    pending = Expense.objects.filter(
        contestant=contestant, status=Expense.Status.PENDING, spent_on__lte=end
    )
    for ref in pending.values_list("reference", flat=True).iterator():
        out.append(f"Pengeluaran {ref}: belum disetujui (tidak masuk laporan).")
    donations = _donations(contestant, start, end)
    unidentified = donations.filter(
        Q(donor__isnull=True) | (~Q(donor__kind=DonorType.CANDIDATE) & Q(donor__id_masked=""))
    )
    for ref in unidentified.values_list("reference", flat=True).iterator():
        out.append(f"Sumbangan {ref}: identitas penyumbang tidak lengkap.")
    held = donations.filter(excess_idr__gt=0, handed_over_on__isnull=True)
    for ref, excess in held.values_list("reference", "excess_idr").iterator():
        out.append(f"Sumbangan {ref}: kelebihan Rp{excess} belum diserahkan ke kas negara.")
    out.append(
        "NIK/NPWP lengkap penyumbang tidak disimpan di kampanye (hanya samarannya, UU PDP): "
        "isi dari berkas penyumbang sebelum diserahkan."
    )
    return out


def build_report(
    kind: str, contestant: Contestant, start: dt.date | None, end: dt.date, *, names: bool
) -> bytes:
    """One KPU report as XLSX bytes. ``names``: donors' names and addresses in full (the
    treasurer); otherwise donors are numbers."""
    if kind not in KINDS:
        raise ValueError(kind)
    if kind == "ladk":
        start = None  # the initial report covers everything up to its date
    donations, expenses = _donations(contestant, start, end), _expenses(contestant, start, end)
    book = _Book()
    account = FundAccount.objects.filter(contestant=contestant).first()
    opening = account.opening_balance_idr if account else 0
    received = donations.aggregate(s=Sum("amount_idr"))["s"] or 0
    spent = expenses.aggregate(s=Sum("amount_idr"))["s"] or 0
    summary = [
        *_header(contestant, kind, start, end),
        ["Ringkasan", "Rp"],
        ["Saldo awal", opening],
        ["Penerimaan (uang, barang, jasa)", received],
        ["Pengeluaran disetujui (uang, barang, jasa)", spent],
        ["Saldo (saldo awal + penerimaan − pengeluaran)", opening + received - spent],
    ]
    book.sheet(KINDS[kind], summary)
    book.sheet("Penerimaan per sumber", _by_type(donations))
    book.sheet("Rincian sumbangan", _donation_rows(donations, names=names))
    if kind != "lpsdk":
        book.sheet("Pengeluaran per kategori", _by_category(expenses))
        book.sheet("Rincian pengeluaran", _expense_rows(expenses))
    book.sheet(
        "Kekurangan", [["Yang belum lengkap"], *[[m] for m in missing(contestant, start, end)]]
    )
    return book.bytes()
