"""Export: the same columns as import, so export → import into an empty database round-trips."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kampanye.areas.models import Area, DptCount, Segment, SegmentSize
from kampanye.core.exchange import describe, export_file, export_rows, import_file, kinds
from kampanye.core.tabular import csv_cells, read_table
from kampanye.core.tests.test_import_page import urlpatterns  # noqa: F401  (this module's URLs)
from kampanye.core.tests.test_import_rows import vocabulary  # noqa: F401  (fixture)
from kampanye.elections.models import Contestant, Election
from kampanye.money.models import Expense
from kampanye.product.models import Plank

FILES = Path(__file__).parent / "files"
DOCS = Path(__file__).resolve().parents[4] / "docs" / "formats.md"
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def full(vocabulary):  # noqa: F811
    """Every kind filled from the fixture files."""
    for kind, name in [
        ("areas", "areas_ok.csv"),
        ("segments", "segments_ok.csv"),
        ("contestants", "contestants_ok.csv"),
        ("results", "results_ok.csv"),
        ("turnout", "turnout_ok.csv"),
        ("planks", "planks_ok.csv"),
        ("media_outlets", "media_outlets_ok.csv"),
        ("media_coverage", "media_coverage_ok.csv"),
        ("expenses", "expenses_ok.csv"),
        ("findings", "findings_ok.csv"),
    ]:
        assert import_file(kind, FILES / name, election="jakarta-2012").rejected == 0
    Contestant.objects.filter(ballot_no=3).update(
        incumbent=False, color="#d62728", aliases=["Jokowi", "Ahok, BTP"]
    )
    return vocabulary


def empty_the_vocabulary() -> None:
    """Everything but the province."""
    from kampanye.intel.models import Finding
    from kampanye.ledger.models import Touchpoint, TouchpointRollup
    from kampanye.media.models import CoverageItem, Outlet, OwnerGroup

    Expense.objects.all().delete()  # it keeps its contestant and area from being deleted
    for model in (Finding, CoverageItem, Outlet, OwnerGroup, Touchpoint, TouchpointRollup):
        model.objects.all().delete()  # the findings, the media kinds' rows and their touchpoints
    Contestant.objects.all().delete()
    Election.objects.all().delete()  # its rounds, results and turnout with it
    Segment.objects.all().delete()
    DptCount.objects.all().delete()
    for area in Area.objects.exclude(code="31").order_by("-code"):
        area.delete()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_rows(full, tmp_path, fmt):
    # given
    exported = {kind: export_file(kind, fmt) for kind in kinds()}
    before = {kind: export_rows(kind) for kind in kinds()}
    empty_the_vocabulary()
    # when
    for kind, data in exported.items():
        path = tmp_path / f"{kind}.{fmt}"
        path.write_bytes(data)
        report = import_file(kind, path)
        assert (report.rejected, report.updated) == (0, 0), report.errors
        assert report.created == report.rows_in - (kind == "areas")  # the province stayed
    # then
    assert {kind: export_rows(kind) for kind in kinds()} == before
    assert SegmentSize.objects.count() == 2 and Plank.objects.count() == 2


def test_exported_file_imports_back_unchanged(full, tmp_path):
    for kind in kinds():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(export_file(kind))
        report = import_file(kind, path)
        assert report.unchanged == report.rows_in > 0


def test_csv_export_is_utf8_with_bom_and_readable_values(full):
    # when
    data = export_file("results", election="jakarta-2012")
    # then
    assert data.startswith(b"\xef\xbb\xbfelection,round,area,contestant,votes,source\r\n")
    assert "jakarta-2012,1,31.74,Jokowi–Ahok,1000,KPU DKI" in data.decode("utf-8-sig")
    areas = export_file("areas").decode("utf-8-sig")
    assert "31.74.04.1003,Kebon Baru,kelurahan/desa,31.74.04,kelurahan,24517,2012-06-02," in areas


def test_xlsx_export_keeps_numbers_and_dates_as_cells(full):
    table = read_table(export_file("areas", "xlsx"), name="a.xlsx")
    row = next(r for r in table.rows if r.cells[0] == "31.74.04.1003")
    assert (row.cells[5], row.cells[6].date()) == (24517, date(2012, 6, 2))


def test_export_command_writes_a_file_and_describes_formats(full, tmp_path):
    # when
    target = tmp_path / "pasangan.xlsx"
    call_command(
        "export", "contestants", "--election", "jakarta-2012", "-o", str(target), stderr=StringIO()
    )
    out = StringIO()
    call_command("export", "--describe", stdout=out)
    # then
    assert len(read_table(target).rows) == 4
    assert out.getvalue() == describe()
    with pytest.raises(CommandError, match="Pemilihan x tidak dikenal"):
        call_command("export", "results", "--election", "x", stdout=StringIO())


def test_docs_formats_lists_every_column_of_every_kind():
    # given
    text = DOCS.read_text(encoding="utf-8")
    # then: regenerate with `kampanye export --describe > docs/formats.md`
    assert text == describe()
    for kind in kinds().values():
        for column in kind.columns:
            assert f"| `{column.name}` |" in text


def test_web_export_for_staff_with_election_filter(client, full, make_user):
    # given
    client.force_login(make_user("media_officer"))
    # when
    response = client.get(
        reverse("core:export_data", args=["results"]), {"format": "csv", "election": "jakarta-2012"}
    )
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="results-')
    assert response.content.decode("utf-8-sig").count("\r\n") == 5
    assert client.get(reverse("core:export_data", args=["voters"])).status_code == 404


def test_web_export_forbidden_to_volunteers(client, full, make_user):
    client.force_login(make_user("volunteer"))
    assert client.get(reverse("core:export_data", args=["results"])).status_code == 403


FORMULAS = [
    '=HYPERLINK("http://evil.example/","klik")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def test_a_csv_cell_that_begins_like_a_formula_is_text():
    # a tab or CR first also makes some spreadsheets read a formula; numbers stay numbers
    row = ["\t=1+1", "\r=1+1", "-2+3", -5, "Rp 1.000", None]
    assert csv_cells(row) == ["'\t=1+1", "'\r=1+1", "'-2+3", "-5", "Rp 1.000", ""]


def test_no_export_writes_a_formula(full, tmp_path):
    import openpyxl

    # given planks titled like formulas
    for i, title in enumerate(FORMULAS):
        Plank.objects.create(
            contestant=Contestant.objects.first(),
            slug=f"f{i}",
            title=title,
            drafted_on=date.today(),
        )
    # when they are exported as CSV and as XLSX
    csv_text = export_file("planks").decode("utf-8-sig")
    xlsx = tmp_path / "planks.xlsx"
    xlsx.write_bytes(export_file("planks", "xlsx"))
    # then no CSV cell begins like a formula, and every XLSX cell is a value, not a formula
    cells = [c for row in read_table(export_file("planks"), name="p.csv").rows for c in row.cells]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert "'=HYPERLINK(" in csv_text and "'@SUM(1+1)" in csv_text
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    kinds_of_cells = {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "f" not in kinds_of_cells
    titles = {c.value for row in sheet.iter_rows() for c in row}
    assert set(FORMULAS) <= titles
    # and both files import back to the same titles
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"again.{fmt}"
        path.write_bytes(export_file("planks", fmt))
        report = import_file("planks", path)
        assert report.unchanged == report.rows_in and report.rejected == 0, report.errors


def test_a_coordinator_exports_only_the_rows_of_their_area(client, full, make_user):
    # given the results of Jakarta Selatan (31.74) and Jakarta Timur (31.75)
    areas = {row[2] for row in export_rows("results")[1]}
    assert {"31.74", "31.75"} <= areas
    # when a coordinator of Jakarta Selatan exports results and areas
    client.force_login(make_user("coordinator", "31.74"))
    results = client.get(reverse("core:export_data", args=["results"]), {"format": "csv"})
    wilayah = client.get(reverse("core:export_data", args=["areas"]), {"format": "csv"})
    # then only rows of 31.74 and under come out
    rows = read_table(results.content, name="r.csv").rows
    assert rows and {r.cells[2] for r in rows} == {"31.74"}
    codes = {r.cells[0] for r in read_table(wilayah.content, name="a.csv").rows}
    assert codes and all(c == "31.74" or c.startswith("31.74.") for c in codes)
