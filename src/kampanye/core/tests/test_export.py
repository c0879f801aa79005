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
from kampanye.core.tabular import read_table
from kampanye.core.tests.test_import_page import urlpatterns  # noqa: F401  (this module's URLs)
from kampanye.core.tests.test_import_rows import vocabulary  # noqa: F401  (fixture)
from kampanye.elections.models import Contestant
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
        ("planks", "planks_ok.csv"),
        ("expenses", "expenses_ok.csv"),
    ]:
        assert import_file(kind, FILES / name, election="jakarta-2012").rejected == 0
    Contestant.objects.filter(ballot_no=3).update(
        incumbent=False, color="#d62728", aliases=["Jokowi", "Ahok, BTP"]
    )
    return vocabulary


def empty_the_vocabulary() -> None:
    """Everything but the election, its rounds and its province (which the election needs)."""
    Expense.objects.all().delete()  # it keeps its contestant and area from being deleted
    Contestant.objects.all().delete()
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
