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
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

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


@dataclass(frozen=True)
class Limits:
    """What an import may unpack. An upload's size says little about it: a 1 MB XLSX may hold
    a 1 GiB cell and a CSV a million short rows, so the reader stops at these and names the
    limit instead of running out of memory."""

    bytes: int = 200 * 1024 * 1024  # a CSV, or what an XLSX unzips to (all parts together)
    rows: int = 1_000_000
    columns: int = 500
    cell: int = 32_767  # characters: Excel's own limit for a cell
    sheets: int = 100


def limits() -> Limits:
    """The limits in force: ``KAMPANYE_IMPORT_MAX_MB`` sets the size."""
    from django.conf import settings

    mb = getattr(settings, "KAMPANYE_IMPORT_MAX_MB", None)
    return Limits(bytes=mb * 1024 * 1024) if mb else Limits()


def read_table(
    source: Path | str | bytes,
    *,
    name: str = "",
    sheet: str | None = None,
    bounds: Limits | None = None,
) -> Table:
    """Read a CSV or XLSX file (a path, or the bytes of an upload named ``name``), streamed,
    within ``bounds`` (``limits()`` when not given)."""
    bounds = bounds or limits()
    opener: Callable[[], BinaryIO]
    if isinstance(source, bytes):
        name = name or "unggahan"
        size, opener = len(source), lambda: io.BytesIO(source)
    else:
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise BadFile(_("Berkas %(name)s tidak ditemukan.") % {"name": path})
        size, opener = path.stat().st_size, lambda: path.open("rb")
    if size > bounds.bytes:
        raise _too_big(name, bounds)
    with opener() as stream:
        head = stream.read(SAMPLE)
        if not head.strip() and size <= len(head):
            raise BadFile(_("Berkas %(name)s kosong.") % {"name": name})
        stream.seek(0)
        if head.startswith(ZIP_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
            table = _read_xlsx(stream, name, sheet, bounds)
        else:
            if sheet:
                raise BadFile(_("Pilihan lembar (--sheet) hanya untuk berkas XLSX."))
            table = _read_csv(stream, head, name, bounds)
    if not any(table.headers):
        raise BadFile(_("Berkas %(name)s tidak punya baris judul kolom.") % {"name": name})
    return table


SAMPLE = 64 * 1024  # bytes the encoding and the delimiter are judged from
BOMS = (  # longest first: UTF-32's little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)


def _too_big(name: str, bounds: Limits) -> BadFile:
    return BadFile(
        _(
            "Berkas %(name)s terlalu besar: isinya lebih dari %(mb)d MB. Pecah menjadi "
            "beberapa berkas."
        )
        % {"name": name, "mb": bounds.bytes // (1024 * 1024)}
    )


def _encoding(head: bytes, name: str) -> str:
    """The encoding of a CSV, judged from its first bytes: a byte-order mark decides;
    otherwise charset-normalizer among the encodings spreadsheets here write (UTF-8, Excel's
    UTF-16 "Unicode text", Windows' cp1252)."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[: head.rfind(b"\n") + 1] if len(head) == SAMPLE else head  # whole lines
    best = from_bytes(sample or head, cp_isolation=list(CSV_ENCODINGS)).best()
    if best is not None and best.encoding not in ("utf_16", "utf_32"):
        return codecs.lookup(best.encoding).name
    if b"\x00" in head[:4096]:
        if _utf16_without_bom(head):
            raise BadFile(
                _(
                    "Berkas %(name)s tampaknya UTF-16 tanpa penanda urutan byte (BOM). Simpan "
                    "ulang sebagai CSV UTF-8, atau sebagai Unicode text dari Excel."
                )
                % {"name": name}
            )
        raise BadFile(_("Berkas %(name)s bukan CSV atau XLSX.") % {"name": name})
    if best is not None:
        return codecs.lookup(best.encoding).name
    # charset-normalizer declines text it finds too garbled to call (a Mac Roman export, stray
    # control bytes); latin-1 maps every byte, so the rows still come through to be checked.
    return "latin-1"


def _utf16_without_bom(head: bytes) -> bool:
    """Most characters of a UTF-16 CSV are ASCII: one byte of each pair is NUL."""
    sample = head[:1024]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.4 * half and min(even, odd) < 0.05 * half


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns (ties: comma)."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    widths = {d: len(next(csv.reader([line], delimiter=d), [])) for d in CSV_DELIMITERS}
    return max(CSV_DELIMITERS, key=lambda d: (widths[d], d == ","))


def _read_csv(stream, head: bytes, name: str, bounds: Limits) -> Table:
    encoding = _encoding(head, name)
    shown = {"utf_8_sig": "utf-8", "utf_16": "utf-16", "utf_32": "utf-32"}.get(encoding, encoding)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    try:
        first = text.read(SAMPLE // 4)
        first += text.readline()  # to the end of its line, so no line is split in two
        if _looks_binary(first):
            raise BadFile(_("Berkas %(name)s bukan CSV atau XLSX.") % {"name": name})
        delimiter = _sniff_delimiter(first)
        # csv reads the first chunk again, then the rest of the file as it comes
        lines = itertools.chain(io.StringIO(first, newline=""), text)
        # strict: a quote left open is an error at the end of the file, not a field that
        # swallows every line after it
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        records: list[tuple[int, list[Any]]] = []
        line = 1
        try:
            for record in reader:
                _check_record(record, line, name, bounds, len(records))
                records.append((line, record))
                line = reader.line_num + 1
        except csv.Error as error:
            if str(error) == "unexpected end of data":
                raise BadFile(
                    _(
                        "Berkas %(name)s: tanda kutip yang dibuka di baris %(line)d tidak "
                        "pernah ditutup; %(n)d baris sebelumnya terbaca, tidak ada yang diimpor."
                    )
                    % {"name": name, "line": line, "n": max(len(records) - 1, 0)}
                ) from error
            raise BadFile(
                _("Berkas %(name)s tidak dapat dibaca sebagai CSV di baris %(line)d: %(error)s")
                % {"name": name, "line": line, "error": error}
            ) from error
    except UnicodeDecodeError as error:
        raise BadFile(
            _(
                "Berkas %(name)s bukan teks %(encoding)s yang sah (dikenali dari awal berkas). "
                "Simpan ulang sebagai CSV UTF-8."
            )
            % {"name": name, "encoding": shown}
        ) from error
    finally:
        text.detach()  # the caller closes the stream
    return _table_from(records, encoding=shown, delimiter=delimiter)


def _check_record(record: list, line: int, name: str, bounds: Limits, n: int) -> None:
    where = {"name": name, "line": line}
    if n > bounds.rows:  # the header is not a data row
        raise BadFile(
            _("Berkas %(name)s punya lebih dari %(n)d baris data. Pecah menjadi beberapa berkas.")
            % {"name": name, "n": bounds.rows}
        )
    if len(record) > bounds.columns:
        raise BadFile(
            _("Berkas %(name)s baris %(line)d punya lebih dari %(n)d kolom.")
            % {**where, "n": bounds.columns}
        )
    for value in record:
        if isinstance(value, str) and len(value) > bounds.cell:
            raise BadFile(
                _("Berkas %(name)s baris %(line)d: satu sel lebih dari %(n)d karakter.")
                % {**where, "n": bounds.cell}
            )


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _check_zip(stream, name: str, bounds: Limits) -> None:
    """Refuse an XLSX before it is unpacked when its parts would unzip past the limits.
    The sizes come from the zip's directory; ``zipfile`` never inflates a part past the size
    it declares (it fails on the checksum instead), so a lying directory cannot get past."""
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise BadFile(_("Berkas %(name)s bukan CSV atau XLSX.") % {"name": name}) from error
    finally:
        stream.seek(0)
    if sum(p.file_size for p in parts) > bounds.bytes:
        raise _too_big(name, bounds)
    sheets = [p for p in parts if p.filename.startswith("xl/worksheets/")]
    if len(sheets) > bounds.sheets:
        raise BadFile(
            _("Berkas %(name)s punya lebih dari %(n)d lembar.") % {"name": name, "n": bounds.sheets}
        )


def _read_xlsx(stream, name: str, sheet: str | None, bounds: Limits) -> Table:
    import openpyxl

    _check_zip(stream, name, bounds)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
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
        # the sheet's own dimension may claim A1:XFD1048576; rows come as they are stored
        worksheet.reset_dimensions()
        records: list[tuple[int, list[Any]]] = []
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                _check_record(
                    list(values), number, f"{name} ({worksheet.title})", bounds, len(records)
                )
                records.append((number, list(values)))
        except BadFile:
            raise
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


def _table_from(records: list[tuple[int, list[Any]]], *, encoding: str, delimiter: str) -> Table:
    """Header from the first non-empty record; data rows keep the line they start on (a
    quoted cell may span lines), or their row number in a sheet."""
    start = 0
    while start < len(records) and all(_blank(v) for v in records[start][1]):
        start += 1
    if start == len(records):
        return Table(headers=[], encoding=encoding, delimiter=delimiter)
    headers = ["" if v is None else str(v).strip() for v in records[start][1]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [
        Row(line=number, cells=tuple(values))
        for number, values in records[start + 1 :]
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
