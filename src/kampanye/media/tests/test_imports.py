"""Importing coverage the way monitoring services export it: every row accounted for,
re-import stores nothing twice, a failed import writes nothing, errors name line and field."""

from __future__ import annotations

import csv

import pytest

from kampanye.core.exchange import BadFile, export_file, import_file
from kampanye.ledger.models import Touchpoint
from kampanye.media.models import CoverageItem, Mention, Outlet

HEADER = "election,outlet,tanggal,judul,url,paid,cost_idr,pasangan,nada\n"
GOOD = (
    'dki-2012,Kompas,"Sabtu, 7 Juli 2012",Jokowi naik bajaj,https://kompas.com/1,tidak,,'
    "Jokowi–Basuki|Foke–Nara,positif|negatif\n"
)


def rows(*lines: str) -> bytes:
    return (HEADER + "".join(lines)).encode()


def test_a_coverage_file_imports_once(media):
    # given a file with an Indonesian date written out and two pairs with their tones
    body = rows(
        '"dki-2012","Kompas","Sabtu, 7 Juli 2012","Jokowi naik bajaj","https://kompas.com/1",'
        '"tidak","","Jokowi–Basuki|Foke–Nara","positif|negatif"\n',
        '"dki-2012","Metro TV","07 Agu 2012","Iklan Foke","","ya","1.000.000","1","netral"\n',
    )
    # when it is imported twice
    first = import_file("media_coverage", body, name="liputan.csv")
    second = import_file("media_coverage", body, name="liputan.csv")
    # then the first stores two items, the second nothing, and the ledger has three rows
    assert (first.rows_in, first.created, first.rejected) == (2, 2, 0)
    assert (second.created, second.unchanged) == (0, 2)
    assert CoverageItem.objects.count() == 2 and Mention.objects.count() == 3
    assert Touchpoint.objects.count() == 3
    ad = CoverageItem.objects.get(title="Iklan Foke")
    assert (ad.published_on.isoformat(), ad.paid, ad.cost_idr) == ("2012-08-07", True, 1_000_000)


def test_bad_rows_are_rejected_naming_line_and_field(media):
    # given rows with an unknown outlet, an unreadable date, an unknown pair and too few tones
    body = rows(
        '"dki-2012","Koran Antah","2012-07-01","Judul satu","","","","3","positif"\n',
        '"dki-2012","Kompas","31 Juni 2012","Judul dua","","","","3","positif"\n',
        '"dki-2012","Kompas","2012-07-01","Judul tiga","","","","9","positif"\n',
        '"dki-2012","Kompas","2012-07-01","Judul empat","","","","3|1","positif"\n',
        '"dki-2012","Kompas","2012-07-01","Judul lima","","","","3","positif"\n',
    )
    # when it is imported
    report = import_file("media_coverage", body, name="liputan.csv")
    # then every row is accounted for and each error names its line and field
    assert (report.rows_in, report.created, report.rejected) == (5, 1, 4)
    where = {(e.line, e.field) for e in report.errors}
    assert where == {(2, "outlet"), (3, "published_on"), (4, "contestants"), (5, "tones")}
    with report.reject_file.open(encoding="utf-8-sig") as handle:
        assert [r["line"] for r in csv.DictReader(handle)] == ["2", "3", "4", "5"]


def test_a_failed_import_writes_nothing(media):
    # given one bad row among good ones, imported all or nothing
    body = rows(GOOD, '"dki-2012","Koran Antah","2012-07-01","X judul","","","","3","positif"\n')
    report = import_file("media_coverage", body, name="x.csv", all_or_nothing=True)
    # then nothing is stored, in the registry or the ledger
    assert not report.committed and report.rejected == 2
    assert not CoverageItem.objects.exists() and not Touchpoint.objects.exists()


def test_a_file_without_the_required_columns_is_refused(media):
    with pytest.raises(BadFile, match="outlet"):
        import_file("media_coverage", b"election,judul\ndki-2012,x\n", name="x.csv")


def test_a_latin1_file_is_read(media):
    # given a cp1252 export (a monitoring service's default on Windows) with an accent
    body = rows('"dki-2012","Kompas","2012-07-01","Café Jokowi","","","","3","positif"\n')
    report = import_file("media_coverage", body.decode().encode("cp1252"), name="x.csv")
    assert report.created == 1 and CoverageItem.objects.get().title == "Café Jokowi"


def test_outlets_import_and_coverage_exports_back(media):
    # given outlets and coverage imported from files
    outlets = (
        b"name,kind,reach,owner,audience,audience_basis\n"
        b"RCTI,tv,national,MNC Group,900000,uji\n"
        b"Radio X,radio,nasional,,,\n"
    )
    report = import_file("media_outlets", outlets, name="media.csv")
    assert (report.created, report.rejected) == (1, 1)
    assert report.errors[0].field == "reach"
    assert Outlet.objects.get(name="RCTI").owner.name == "MNC Group"
    assert import_file("media_coverage", rows(GOOD), name="liputan.csv").created == 1
    # when coverage is exported and imported again
    exported = export_file("media_coverage")
    again = import_file("media_coverage", exported, name="ekspor.csv")
    # then it is the same rows: nothing new
    assert (again.rows_in, again.created, again.unchanged) == (1, 0, 1)
