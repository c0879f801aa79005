"""Reading and writing tabular files: CSV (any common encoding and delimiter) and XLSX.

``read_table`` turns a file into a header and data rows that keep their line number (the
header is line 1, the first data row line 2 — the row number a spreadsheet shows). Cells
stay as read: text from CSV; text, numbers, dates or booleans from XLSX. Completely empty
rows carry no data and are skipped. ``write_table`` writes CSV in UTF-8 with a BOM (so
Excel opens it with the right characters) or XLSX.

Every file the product writes for people to open goes through ``csv_cells`` (CSV) or
``write_table``: a text cell that begins like a formula (``=``, ``+``, ``-``, ``@``, tab,
CR) is written as text a spreadsheet shows and never runs — behind an apostrophe in CSV,
as a text cell in XLSX — so a plank title or a post typed as a formula cannot run on a
manager's computer. ``read_cell`` drops that apostrophe again, so an export imports back
as it was.

Anything wrong with the file as a whole raises ``BadFile`` with one plain Indonesian
sentence; problems in single rows are the importer's business.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

CSV_DELIMITERS = ",;\t"
CSV_ENCODINGS = ("utf_8", "utf_16", "utf_32", "cp1252", "latin_1")
FORMATS = ("csv", "xlsx")
ZIP_MAGIC = b"PK\x03\x04"
TRUE_WORDS = frozenset({"ya", "y", "true", "benar", "1", "yes"})
FALSE_WORDS = frozenset({"tidak", "t", "false", "salah", "0", "no", "bukan"})
INT_RE = re.compile(r"^-?(\d+|\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+)$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
CELL_TYPES = ("text", "int", "date", "bool", "list")


class BadFile(Exception):
    """The file cannot be read as a table at all. ``str(error)`` is for users."""


class CellError(ValueError):
    """One cell does not hold a value of its type; ``reason`` is for users."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[Any, ...]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""


def read_table(source: Path | str | bytes, *, name: str = "", sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file (a path, or the bytes of an upload named ``name``)."""
    if isinstance(source, bytes):
        data = source
        name = name or "unggahan"
    else:
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise BadFile(_("Berkas %(name)s tidak ditemukan.") % {"name": path})
        data = path.read_bytes()
    if not data.strip():
        raise BadFile(_("Berkas %(name)s kosong.") % {"name": name})
    if data.startswith(ZIP_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data, name, sheet)
    else:
        if sheet:
            raise BadFile(_("Pilihan lembar (--sheet) hanya untuk berkas XLSX."))
        table = _read_csv(data, name)
    if not any(table.headers):
        raise BadFile(_("Berkas %(name)s tidak punya baris judul kolom.") % {"name": name})
    return table


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV and the name of its encoding, as charset-normalizer judges it among
    the encodings spreadsheets here write (UTF-8 with or without BOM, Excel's UTF-16
    "Unicode text", Windows' cp1252)."""
    best = from_bytes(data, cp_isolation=list(CSV_ENCODINGS)).best()
    if best is not None:
        return str(best), codecs.lookup(best.encoding).name
    if b"\x00" in data[:4096]:
        raise BadFile(_("Berkas %(name)s bukan CSV atau XLSX.") % {"name": name})
    # charset-normalizer declines text it finds too garbled to call (a Mac Roman export, stray
    # control bytes); latin-1 maps every byte, so the rows still come through to be checked.
    return data.decode("latin-1"), "latin-1"


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns (ties: comma)."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    widths = {d: len(next(csv.reader([line], delimiter=d), [])) for d in CSV_DELIMITERS}
    return max(CSV_DELIMITERS, key=lambda d: (widths[d], d == ","))


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = _decode(data, name)
    if _looks_binary(text):
        raise BadFile(_("Berkas %(name)s bukan CSV atau XLSX.") % {"name": name})
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise BadFile(
            _("Berkas %(name)s tidak dapat dibaca sebagai CSV: %(error)s")
            % {"name": name, "error": error}
        ) from error
    return _table_from(records, encoding=encoding, delimiter=delimiter)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise BadFile(_("Berkas %(name)s bukan CSV atau XLSX.") % {"name": name}) from error
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise BadFile(
                    _("Lembar %(sheet)s tidak ada di %(name)s (ada: %(sheets)s).")
                    % {"sheet": sheet, "name": name, "sheets": ", ".join(book.sheetnames)}
                )
            worksheet = book[sheet]
        else:
            worksheet = book.worksheets[0]
        try:
            records = [list(values) for values in worksheet.iter_rows(values_only=True)]
        except Exception as error:  # a damaged sheet inside a readable zip
            raise BadFile(
                _("Lembar %(sheet)s di %(name)s rusak.") % {"sheet": worksheet.title, "name": name}
            ) from error
        table = _table_from(records, encoding="xlsx", delimiter="")
        table.sheet = worksheet.title
        return table
    finally:
        book.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table_from(records: list[list[Any]], *, encoding: str, delimiter: str) -> Table:
    """Header from the first non-empty record; data rows keep their 1-based record number."""
    start = 0
    while start < len(records) and all(_blank(v) for v in records[start]):
        start += 1
    if start == len(records):
        return Table(headers=[], encoding=encoding, delimiter=delimiter)
    headers = ["" if v is None else str(v).strip() for v in records[start]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [
        Row(line=number, cells=tuple(values))
        for number, values in enumerate(records[start + 1 :], start=start + 2)
        if not all(_blank(v) for v in values)
    ]
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet will show it and never run it (see the module's doc)."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def csv_cells(row: Iterable[Any]) -> list[str]:
    """A row's cells as CSV text: text that begins like a formula neutralised, numbers,
    dates and yes/no as written by ``_csv_cell``."""
    return [spreadsheet_text(v) if isinstance(v, str) else _csv_cell(v) for v in row]


def _xlsx_row(sheet, row: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet, with each text as a text cell: openpyxl would otherwise
    store text that begins with ``=`` as a live formula."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def write_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str = "csv") -> bytes:
    """CSV (UTF-8 with BOM, comma-separated) or XLSX bytes of a header and rows."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(csv_cells(headers))
        writer.writerows(csv_cells(row) for row in rows)
        return out.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(_xlsx_row(sheet, headers))
        for row in rows:
            sheet.append(_xlsx_row(sheet, row))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")


# -- cells ------------------------------------------------------------------------------


def normalise_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if not INT_RE.match(text):
            raise ValueError(value)
        number = int(text.replace(".", "").replace(",", ""))
    return number


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := ISO_DATE_RE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := DMY_DATE_RE.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(value)
    return date(year, month, day)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(value)


def as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10] if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value).strip()


def read_cell(kind: str, value: Any) -> Any:
    """A cell as ``kind`` (one of CELL_TYPES): None (or [] for a list) when empty.

    Integers may carry thousands separators and must not be negative; dates are
    YYYY-MM-DD or DD/MM/YYYY; yes/no takes ya/tidak, true/false, 1/0. Raises CellError.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return [] if kind == "list" else None
    shown = as_text(value)
    try:
        if kind == "int":
            number = parse_int(value)
            if number < 0:
                raise CellError(_("%(value)s tidak boleh negatif") % {"value": shown})
            return number
        if kind == "date":
            return parse_date(value)
        if kind == "bool":
            return parse_bool(value)
    except CellError:
        raise
    except (ValueError, OverflowError):
        reasons = {
            "int": _('"%(value)s" bukan bilangan bulat'),
            "date": _('"%(value)s" bukan tanggal (YYYY-MM-DD atau DD/MM/YYYY)'),
            "bool": _('"%(value)s" bukan ya/tidak'),
        }
        raise CellError(reasons[kind] % {"value": shown}) from None
    if shown.startswith("'") and shown[1:].startswith(FORMULA_LEADS):
        shown = shown[1:]  # neutralised by ``spreadsheet_text`` on its way out
    if kind == "list":
        return [part.strip() for part in shown.split("|") if part.strip()]
    return shown
