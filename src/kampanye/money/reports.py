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
from typing import Any

import openpyxl
from django.db.models import Sum
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kampanye.elections.models import Contestant
from kampanye.money.models import Donation, DonorType, Expense, ExpenseCategory, FundAccount

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

    def sheet(self, title: str, rows: list[list[Any]], bold_first: bool = True) -> None:
        sheet = self.book.create_sheet(title[:31])
        for i, row in enumerate(rows):
            sheet.append([self._cell(sheet, v, bold=bold_first and i == 0) for v in row])

    @staticmethod
    def _cell(sheet, value: Any, *, bold: bool) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: "=…" is never a formula
        if isinstance(value, dt.date):
            cell.number_format = "DD-MM-YYYY"
        elif isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = "#,##0"
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
    return qs.select_related("donor").order_by("received_on", "id")


def _expenses(contestant, start, end):
    qs = Expense.objects.filter(
        contestant=contestant, spent_on__lte=end, status=Expense.Status.APPROVED
    )
    if start:
        qs = qs.filter(spent_on__gte=start)
    return qs.order_by("spent_on", "id")


def _donation_rows(donations, *, names: bool) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
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
    ]
    for i, d in enumerate(donations, 1):
        donor = d.donor
        rows.append(
            [
                i,
                d.received_on,
                d.reference,
                donor.get_kind_display() if donor else "tanpa identitas",
                (donor.name if names else f"#{donor.pk}") if donor else "",
                donor.id_masked if donor else "",
                (donor.address if names else "") if donor else "",
                d.get_form_display(),
                d.amount_idr,
                d.valuation_basis,
                ", ".join(d.flags),
                d.excess_idr,
                d.handed_over_on or "",
            ]
        )
    return rows


def _expense_rows(expenses) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
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
    ]
    for i, e in enumerate(expenses, 1):
        rows.append(
            [
                i,
                e.spent_on,
                e.reference,
                e.payee,
                e.get_category_display(),
                e.get_front_display(),
                e.get_form_display(),
                e.amount_idr,
                e.valuation_basis,
                "ya" if e.receipt else "tidak",
            ]
        )
    return rows


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
    for e in expenses.filter(receipt=""):
        out.append(f"Pengeluaran {e.reference}: bukti belum dilampirkan.")
    pending = Expense.objects.filter(
        contestant=contestant, status=Expense.Status.PENDING, spent_on__lte=end
    )
    for e in pending:
        out.append(f"Pengeluaran {e.reference}: belum disetujui (tidak masuk laporan).")
    for d in _donations(contestant, start, end):
        if d.donor is None or (d.donor.kind != DonorType.CANDIDATE and not d.donor.id_masked):
            out.append(f"Sumbangan {d.reference}: identitas penyumbang tidak lengkap.")
        if d.excess_idr and d.handed_over_on is None:
            out.append(
                f"Sumbangan {d.reference}: kelebihan Rp{d.excess_idr} "
                "belum diserahkan ke kas negara."
            )
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
    book.sheet(KINDS[kind], summary, bold_first=True)
    book.sheet("Penerimaan per sumber", _by_type(donations))
    book.sheet("Rincian sumbangan", _donation_rows(donations, names=names))
    if kind != "lpsdk":
        book.sheet("Pengeluaran per kategori", _by_category(expenses))
        book.sheet("Rincian pengeluaran", _expense_rows(expenses))
    book.sheet(
        "Kekurangan", [["Yang belum lengkap"], *[[m] for m in missing(contestant, start, end)]]
    )
    return book.bytes()
