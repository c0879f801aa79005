"""Reading files: encodings, delimiters, XLSX, and files that cannot be used at all."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.areas.imports import parse_code
from kampanye.areas.models import Area, Level
from kampanye.core.exchange import BadFile, Column, RowProblem, import_file, parse_cell
from kampanye.core.tabular import read_table, write_table
from kampanye.core.tests.test_import_rows import vocabulary  # noqa: F401  (fixture)
from kampanye.elections.models import Result

FILES = Path(__file__).parent / "files"


def test_semicolon_file_with_indonesian_headers_and_grouped_numbers(vocabulary):  # noqa: F811
    # when
    report = import_file("results", FILES / "results_semicolon.csv", election="jakarta-2012")
    # then
    assert (report.created, report.rejected) == (2, 0)
    assert Result.objects.get(contestant__ballot_no=3, round__number=2).votes == 1234


def test_bom_file_with_upper_case_headers(vocabulary):  # noqa: F811
    # given
    table = read_table(FILES / "results_bom.csv")
    assert table.headers[0] == "PUTARAN"
    # when
    report = import_file("results", FILES / "results_bom.csv", election="jakarta-2012")
    # then
    assert (report.created, report.rejected) == (1, 0)
    assert Result.objects.get().area.code == "31.74.04"


def test_latin1_tab_separated_file(vocabulary):  # noqa: F811
    # given
    table = read_table(FILES / "areas_latin1.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", "\t")
    # when
    report = import_file("areas", FILES / "areas_latin1.csv")
    # then
    assert (report.created, report.rejected) == (2, 0)
    assert Area.objects.get(code="31.74.04.1003").source == "Kemendagri – edisi Café"
    assert Area.objects.get(code="31.74.04.1003.RW003").name == "RW 03 Kebon Baru"


def test_excel_unicode_text_is_utf16_with_tabs():
    # given Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated
    data = "kode\tnama\n31.74.04\tTebet – Café Bahagia\n".encode("utf-16")
    # when
    table = read_table(data, name="wilayah.txt")
    # then
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows[0].cells == ("31.74.04", "Tebet – Café Bahagia")


def test_windows_quotes_and_dashes_are_read_as_cp1252():
    # given a cp1252 file whose 0x93/0x94/0x97 bytes are curly quotes and an em dash
    data = "nama,sumber\nJokowi,“KPU” — resmi\n".encode("cp1252")
    # when
    table = read_table(data, name="hasil.csv")
    # then
    assert table.encoding == "cp1252"
    assert table.rows[0].cells == ("Jokowi", "“KPU” — resmi")


def test_text_too_garbled_to_call_is_still_read_byte_for_byte():
    # given bytes that no common encoding reads cleanly (undefined in cp1252), no NUL bytes
    data = b"nama,sumber\nx\x81\x8d\x8f\x90\x9d,y\n"
    # when
    table = read_table(data, name="aneh.csv")
    # then latin-1 keeps every byte, so the importer can still report the row
    assert table.encoding == "latin-1"
    assert table.rows[0].cells == ("x\x81\x8d\x8f\x90\x9d", "y")


def test_xlsx_file_with_number_and_date_cells_on_a_named_sheet(vocabulary, tmp_path):  # noqa: F811
    # given
    book = openpyxl.Workbook()
    book.active.title = "catatan"
    sheet = book.create_sheet("hasil")
    sheet.append(["Pemilihan", "Putaran", "Wilayah", "Pasangan", "Suara", "Sumber"])
    sheet.append(["jakarta-2012", 1, "31.74", 3, 1000, "KPU"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["jakarta-2012", 1.0, "31.75", "Foke–Nara", 900.0, "KPU"])
    path = tmp_path / "hasil.xlsx"
    book.save(path)
    # when
    report = import_file("results", path, sheet="hasil")
    # then
    assert (report.rows_in, report.created, report.rejected) == (2, 2, 0)
    assert sorted(Result.objects.values_list("votes", flat=True)) == [900, 1000]
    assert [row.line for row in read_table(path, sheet="hasil").rows] == [2, 4]


def test_missing_sheet_is_a_bad_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(write_table(["code"], [["31"]], "xlsx"))
    with pytest.raises(BadFile, match=r"Lembar hasil tidak ada di a\.xlsx"):
        read_table(path, sheet="hasil")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", None, "Berkas empty.csv kosong."),
        ("junk.csv", bytes(range(256)) * 8, "Berkas junk.csv bukan CSV atau XLSX."),
        ("junk.xlsx", b"PK\x03\x04 not really a zip", "Berkas junk.xlsx bukan CSV atau XLSX."),
        ("blank.csv", b"\n;;\n\n", "Berkas blank.csv tidak punya baris judul kolom."),
        ("missing.csv", b"", "tidak ditemukan"),
    ],
)
def test_unusable_files_raise_one_clear_error(tmp_path, name, content, message):
    # given
    path = FILES / name if content is None else tmp_path / name
    if content is not None and name != "missing.csv":
        path.write_bytes(content)
    # when / then
    with pytest.raises(BadFile, match=message):
        read_table(path)


def test_missing_required_column_names_it_with_its_alias(vocabulary):  # noqa: F811
    with pytest.raises(BadFile, match=r"Kolom wajib tidak ada: votes \(suara\)\."):
        import_file("results", FILES / "results_missing_column.csv")


def test_unknown_columns_are_ignored_with_a_warning(vocabulary, tmp_path):  # noqa: F811
    # given
    path = tmp_path / "r.csv"
    path.write_text("putaran,wilayah,pasangan,suara,sumber,catatan\n1,31.74,3,5,KPU,x\n")
    # when
    report = import_file("results", path, election="jakarta-2012")
    # then
    assert report.warnings == ["Kolom tidak dikenal, diabaikan: catatan."]
    assert report.created == 1


def test_same_column_twice_is_a_bad_file(vocabulary, tmp_path):  # noqa: F811
    path = tmp_path / "r.csv"
    path.write_text("putaran,round,wilayah,pasangan,suara,sumber\n1,1,31.74,3,5,KPU\n")
    with pytest.raises(BadFile, match='Kolom "round" muncul dua kali'):
        import_file("results", path, election="jakarta-2012")


def test_unknown_kind_and_unknown_election_are_bad_files(vocabulary):  # noqa: F811
    with pytest.raises(BadFile, match="Jenis data votes tidak dikenal"):
        import_file("votes", FILES / "results_ok.csv")
    with pytest.raises(BadFile, match="Pemilihan jakarta-2017 tidak dikenal"):
        import_file("results", FILES / "results_ok.csv", election="jakarta-2017")


# -- cells --------------------------------------------------------------------------------

INT = Column("votes", "int")
DATE = Column("as_of", "date", future_days=None)
BOOL = Column("incumbent", "bool")


@given(st.integers(min_value=0, max_value=2_147_483_647))
def test_any_non_negative_integer_reads_back_plain_or_grouped(number):
    grouped = f"{number:,}".replace(",", ".")
    assert parse_cell(INT, str(number)) == number
    assert parse_cell(INT, grouped) == number
    assert parse_cell(INT, float(number)) == number


@given(st.text(alphabet="0123456789a-., ", min_size=1).filter(lambda t: t.strip()))
def test_integer_cells_read_or_raise_a_row_problem(text):
    try:
        value = parse_cell(INT, text)
    except RowProblem as problem:
        assert problem.problems[0][0] == "votes"
    else:
        assert isinstance(value, int) and value >= 0


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_reads_back_in_both_formats(day):
    assert parse_cell(DATE, day.isoformat()) == day
    assert parse_cell(DATE, day.strftime("%d/%m/%Y")) == day
    assert parse_cell(DATE, datetime(day.year, day.month, day.day)) == day


def test_a_date_after_its_kinds_bound_is_a_row_problem():
    # given an "as of" date that may not be in the future, and one that may be a week ahead
    from django.utils import timezone

    today = timezone.localdate()
    as_of, planned = Column("as_of", "date"), Column("on", "date", future_days=7)
    # then today passes, tomorrow does not; a week ahead passes the planned one
    assert parse_cell(as_of, today.isoformat()) == today
    with pytest.raises(RowProblem, match=r"2099-01-01 di masa depan \(paling lambat"):
        parse_cell(as_of, "2099-01-01")
    week = today + timedelta(days=7)
    assert parse_cell(planned, week.isoformat()) == week
    with pytest.raises(RowProblem, match="di masa depan"):
        parse_cell(planned, (week + timedelta(days=1)).isoformat())


def test_a_plank_drafted_in_2099_is_rejected_naming_line_and_column(vocabulary, tmp_path):  # noqa: F811
    # given a plank file with one plank drafted in 2099
    path = tmp_path / "program.csv"
    path.write_text(
        "contestant,slug,title,drafted_on\n3,kjs,Kartu Jakarta Sehat,2012-03-01\n"
        "3,masa-depan,Program masa depan,2099-01-01\n"
    )
    # when
    report = import_file("planks", path, election="jakarta-2012")
    # then
    assert report.rejected == 1
    assert str(report.errors[0]).startswith('baris 3, kolom "drafted_on": 2099-01-01 di masa depan')


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ya", True),
        ("Tidak", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1.0, True),
        (False, False),
    ],
)
def test_booleans(text, value):
    assert parse_cell(BOOL, text) is value


def test_bad_cells_say_why_in_indonesian():
    with pytest.raises(RowProblem) as problem:
        parse_cell(DATE, "2012-13-01")
    assert problem.value.problems == [
        ("as_of", '"2012-13-01" bukan tanggal (YYYY-MM-DD atau DD/MM/YYYY)')
    ]
    with pytest.raises(RowProblem, match="bukan bilangan bulat"):
        parse_cell(INT, "1.2345")
    with pytest.raises(RowProblem, match=r"2147483648 terlalu besar \(maks\. 2147483647\)"):
        parse_cell(INT, "2147483648")


# -- area codes ---------------------------------------------------------------------------

digits = st.integers(min_value=0, max_value=99)


@given(
    st.tuples(digits, digits, digits, st.integers(min_value=0, max_value=9999)),
    st.integers(min_value=1, max_value=4),
    st.sampled_from([(), ("RW",), ("RW", "RT"), ("TPS",)]),
    st.integers(min_value=1, max_value=999),
)
def test_area_codes_normalise_and_know_their_level(numbers, depth, local, n):
    # given
    parts = [f"{numbers[0]:02d}", f"{numbers[1]:02d}", f"{numbers[2]:02d}", f"{numbers[3]:04d}"]
    parts = parts[:depth] if not local else parts
    code = ".".join([*parts, *(f"{k}{n:03d}" for k in local)])
    sloppy = ".".join([*parts, *(f"{k.lower()}{n}" for k in local)])
    # when
    normalised, level = parse_code(sloppy)
    # then
    assert normalised == code
    assert parse_code(code) == (code, level)
    expected = {(): depth, ("RW",): Level.RW, ("RW", "RT"): Level.RT, ("TPS",): Level.TPS}
    assert level == expected[local]
    if not local:
        assert parse_code("".join(parts)) == (code, level)


@pytest.mark.parametrize(
    "text",
    [
        "3",
        "31.7",
        "31.74.4",
        "31.74.04.102",
        "31.74.RW001",
        "31.74.04.1002.RT001",
        "31.74.04.1002.TPS001.RT001",
        "31.74.04.1002.RW1000",
        "31..74",
        "jakarta",
    ],
)
def test_malformed_area_codes_are_refused(text):
    with pytest.raises(ValueError):
        parse_code(text)


def test_header_only_file_imports_nothing_and_says_so(vocabulary, tmp_path):  # noqa: F811
    # given
    path = tmp_path / "r.csv"
    path.write_text("election,round,area,contestant,votes,source\n")
    # when
    report = import_file("results", path)
    # then
    assert (report.rows_in, report.stored, report.rejected) == (0, 0, 0)
    assert report.warnings == ["Berkas tidak berisi baris data, hanya judul kolom."]
