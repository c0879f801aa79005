"""Imports are bounded by what a file unpacks to, not only by its size on disk: each bomb
below is built here, and each is refused with one line naming the limit — by the reader,
the command (exit status 1, no traceback) and the upload page (a form error, not a 500)."""

from __future__ import annotations

import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kampanye.core.exchange import BadFile
from kampanye.core.tabular import Limits, read_table
from kampanye.core.tests.test_import_page import urlpatterns  # noqa: F401  (this module's URLs)
from kampanye.core.tests.test_import_rows import vocabulary  # noqa: F401  (fixture)

pytestmark = pytest.mark.urls(__name__)
HEADER = ["election", "round", "area", "contestant", "votes", "source"]


def xlsx(path, rows, sheets: int = 1):
    book = openpyxl.Workbook()
    for n in range(sheets - 1):
        book.create_sheet(f"s{n}")
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def one_huge_cell(tmp_path, megabytes: int):
    """An XLSX of a few KB whose one cell unzips to ``megabytes`` MB."""
    path = xlsx(tmp_path / "small.xlsx", [HEADER, ["x"] * 6])
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for part in src.infolist():
            data = src.read(part)
            if part.filename != "xl/worksheets/sheet1.xml":
                out.writestr(part, data)
                continue
            before, after = data.split(b"</sheetData>")
            with out.open(part.filename, "w") as handle:
                handle.write(before + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                for _ in range(megabytes):
                    handle.write(b"A" * (1024 * 1024))
                handle.write(b"</t></is></c></row></sheetData>" + after)
    return bomb


def test_an_xlsx_that_unzips_past_the_limit_is_refused_before_it_is_read(tmp_path, settings):
    # given a limit of 2 MB and an XLSX of a few KB holding a 3 MB cell
    settings.KAMPANYE_IMPORT_MAX_MB = 2
    bomb = one_huge_cell(tmp_path, 3)
    assert bomb.stat().st_size < 50_000
    # when / then
    with pytest.raises(BadFile, match=r"Berkas bom\.xlsx terlalu besar: isinya lebih dari 2 MB"):
        read_table(bomb)


def test_a_cell_longer_than_a_spreadsheet_allows_is_refused(tmp_path):
    # given a 40,000-character cell in a CSV, well under the size limit, and a 2,000-character
    # one in an XLSX (openpyxl itself cuts cells at 32,767 characters) against a bound of 1,000
    text = tmp_path / "sel.csv"
    text.write_text(",".join(HEADER) + "\n" + f"jakarta-2012,1,31.74,3,5,{'B' * 40_000}\n")
    book = xlsx(tmp_path / "sel.xlsx", [HEADER, ["jakarta-2012", 1, "31.74", 3, 5, "B" * 2000]])
    # then each names the line
    with pytest.raises(BadFile, match=r"sel\.csv baris 2: satu sel lebih dari 32767"):
        read_table(text)
    with pytest.raises(BadFile, match=r"sel\.xlsx \(Sheet\) baris 2: satu sel lebih dari 1000"):
        read_table(book, bounds=Limits(cell=1000))


def test_rows_columns_and_sheets_are_bounded(tmp_path):
    # given a CSV of 11 rows, one of 30 columns, an XLSX of 4 sheets
    many_rows = tmp_path / "baris.csv"
    many_rows.write_text("a\n" + "1\n" * 11)
    wide = tmp_path / "lebar.csv"
    wide.write_text(",".join(f"k{i}" for i in range(30)) + "\n")
    sheets = xlsx(tmp_path / "lembar.xlsx", [HEADER], sheets=4)
    bounds = Limits(rows=10, columns=20, sheets=3)
    # then
    with pytest.raises(BadFile, match=r"baris\.csv punya lebih dari 10 baris data"):
        read_table(many_rows, bounds=bounds)
    with pytest.raises(BadFile, match=r"lebar\.csv baris 1 punya lebih dari 20 kolom"):
        read_table(wide, bounds=bounds)
    with pytest.raises(BadFile, match=r"lembar\.xlsx punya lebih dari 3 lembar"):
        read_table(sheets, bounds=bounds)
    assert len(read_table(many_rows, bounds=Limits(rows=11)).rows) == 11


def test_a_sheet_that_claims_every_cell_is_read_as_stored(tmp_path):
    # given a sheet whose dimension claims A1:XFD1048576 but holds two rows
    path = xlsx(tmp_path / "dim.xlsx", [["a", "b"], [1, 2]])
    bomb = tmp_path / "klaim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w") as out:
        for part in src.infolist():
            data = src.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<dimension ref="A1:B2" />', b'<dimension ref="A1:XFD1048576" />'
                )
                assert b"XFD1048576" in data
            out.writestr(part, data)
    # when
    table = read_table(bomb)
    # then the two rows, not a million padded ones
    assert table.headers == ["a", "b"] and [r.cells for r in table.rows] == [(1, 2)]


def test_a_csv_past_the_limit_is_refused_by_the_command_and_the_page(
    tmp_path,
    settings,
    client,
    make_user,
    vocabulary,  # noqa: F811
):
    # given a limit of 1 MB and a CSV of 1.5 MB
    settings.KAMPANYE_IMPORT_MAX_MB = 1
    path = tmp_path / "besar.csv"
    path.write_text(",".join(HEADER) + "\n" + "jakarta-2012,1,31.74,3,5,KPU\n" * 55_000)
    assert path.stat().st_size > 1.5 * 1024 * 1024
    # when the command imports it (dry run)
    with pytest.raises(CommandError) as error:
        call_command("import", "results", str(path), "--dry-run", stdout=StringIO())
    # then it exits 1 with one line
    assert error.value.returncode == 1
    assert str(error.value).startswith("Berkas besar.csv terlalu besar")
    # and the upload page answers a form error
    client.force_login(make_user("manager"))
    upload = SimpleUploadedFile("besar.csv", path.read_bytes())
    response = client.post(reverse("core:import_data"), {"kind": "results", "file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith("Berkas besar.csv terlalu besar")


def test_an_unclosed_quote_names_its_line_and_imports_nothing(tmp_path):
    # given a quote opened on line 3 and never closed, two lines after it
    path = tmp_path / "kutip.csv"
    path.write_text('kode,nama\n31.74,Tebet\n31.75,"Jakarta Timur\n31.71,Pusat\n31.72,Utara\n')
    # when / then
    with pytest.raises(BadFile, match=r"tanda kutip yang dibuka di baris 3 tidak pernah ditutup"):
        read_table(path)


def test_a_quoted_cell_over_two_lines_keeps_the_line_each_row_starts_on(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('kode,nama\n31.74,"Tebet\nSelatan"\n31.75,Timur\n')
    assert [r.line for r in read_table(path).rows] == [2, 4]


def test_utf16_with_a_bom_is_read_and_without_one_is_named(tmp_path):
    # given the same table as UTF-16 with a BOM (long enough to cross the first sample),
    # and as UTF-16 without one
    text = "kode;nama\n" + "31.74;Tebet – Café\n" * 10_000
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(text.encode("utf-16"))
    without = tmp_path / "tanpa.csv"
    without.write_bytes(text.encode("utf-16-le"))
    # then
    table = read_table(with_bom)
    assert (table.encoding, table.delimiter, len(table.rows)) == ("utf-16", ";", 10_000)
    assert table.rows[-1].cells == ("31.74", "Tebet – Café")
    with pytest.raises(BadFile, match=r"tanpa\.csv tampaknya UTF-16 tanpa penanda urutan byte"):
        read_table(without)
