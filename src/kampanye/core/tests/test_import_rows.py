"""Importing rows of every kind: validation, accounting, duplicates, idempotence, policies."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from kampanye.areas.models import Area, DptCount, Level, Segment, SegmentSize
from kampanye.core.exchange import import_file
from kampanye.core.models import AuditEntry
from kampanye.elections.models import Contestant, Election, Result, Round
from kampanye.product.models import Plank

FILES = Path(__file__).parent / "files"


@pytest.fixture
def vocabulary(db):
    """DKI Jakarta with two kota and one kecamatan, the 2012 election, two pairs, a segment."""
    dki = Area.objects.create(code="31", name="DKI Jakarta", level=Level.PROVINCE)
    jaksel = Area.objects.create(
        code="31.74", name="Jakarta Selatan", level=Level.REGENCY, parent=dki
    )
    Area.objects.create(code="31.75", name="Jakarta Timur", level=Level.REGENCY, parent=dki)
    Area.objects.create(code="31.74.04", name="Tebet", level=Level.DISTRICT, parent=jaksel)
    election = Election.objects.create(
        slug="jakarta-2012", name="Pilkada DKI 2012", office="Gubernur", region=dki
    )
    Round.objects.create(election=election, number=1, voting_day=date(2012, 7, 11))
    Round.objects.create(election=election, number=2, voting_day=date(2012, 9, 20))
    for ballot_no, short, head, deputy in [
        (1, "Foke–Nara", "Fauzi Bowo", "Nachrowi Ramli"),
        (3, "Jokowi–Ahok", "Joko Widodo", "Basuki Tjahaja Purnama"),
    ]:
        Contestant.objects.create(
            election=election,
            ballot_no=ballot_no,
            short=short,
            name=f"{head} – {deputy}",
            head=head,
            deputy=deputy,
        )
    Segment.objects.create(slug="pedagang-pasar", name="Pedagang pasar")
    return election


def reject_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_results_file_is_stored_and_counted(vocabulary):
    # when
    report = import_file("results", FILES / "results_ok.csv")
    # then
    assert (report.rows_in, report.created, report.updated, report.unchanged, report.rejected) == (
        4,
        4,
        0,
        0,
        0,
    )
    assert report.reject_file is None
    votes = {(r.area.code, r.contestant.ballot_no): r.votes for r in Result.objects.all()}
    assert votes == {("31.74", 3): 1000, ("31.74", 1): 800, ("31.75", 3): 1200, ("31.75", 1): 900}


def test_bad_rows_are_rejected_with_line_field_and_reason(vocabulary):
    # when
    report = import_file("results", FILES / "results_bad.csv")
    # then
    assert (report.rows_in, report.created, report.rejected) == (6, 1, 5)
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "votes": "12a" bukan bilangan bulat',
        'baris 3, kolom "area": kode wilayah "31.99" tidak dikenal',
        'baris 4, kolom "votes": -5 tidak boleh negatif',
        'baris 5, kolom "contestant": pasangan calon "Rhoma" tidak dikenal di jakarta-2012',
        'baris 7, kolom "round, area, contestant": duplikat: kunci yang sama sudah ada di baris 6',
    ]
    rejected = reject_rows(report.reject_file)
    assert [r["line"] for r in rejected] == ["2", "3", "4", "5", "7"]
    assert rejected[0]["field"] == "votes" and rejected[0]["votes"] == "12a"
    assert report.reject_file.parent.name == "rejects"
    assert report.reject_file.name.startswith("results-")
    assert Result.objects.get().votes == 800


def test_same_file_twice_changes_nothing(vocabulary):
    # given
    import_file("results", FILES / "results_ok.csv")
    audit_before = AuditEntry.objects.count()
    # when
    report = import_file("results", FILES / "results_ok.csv")
    # then
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert Result.objects.count() == 4
    assert AuditEntry.objects.count() == audit_before + 1  # only the file's summary entry


def test_changed_values_update_and_are_audited(vocabulary, tmp_path):
    # given
    import_file("results", FILES / "results_ok.csv")
    changed = tmp_path / "changed.csv"
    changed.write_text((FILES / "results_ok.csv").read_text().replace(",1000,", ",1001,"))
    # when
    report = import_file("results", changed)
    # then
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    entry = AuditEntry.objects.filter(action="update", model="elections.result").get()
    assert (entry.before["votes"], entry.after["votes"], entry.username) == (1000, 1001, "system")


def test_all_or_nothing_stores_nothing_when_a_row_is_rejected(vocabulary):
    # when
    report = import_file("results", FILES / "results_bad.csv", all_or_nothing=True)
    # then
    assert (report.rows_in, report.stored, report.rejected, report.committed) == (6, 0, 6, False)
    assert not Result.objects.exists()
    assert not AuditEntry.objects.exists()
    reasons = {r["line"]: r["reason"] for r in reject_rows(report.reject_file)}
    assert reasons["6"] == "tidak disimpan karena ada baris lain yang ditolak"
    assert str(report.errors[0]).startswith("baris 2,")


def test_dry_run_counts_but_stores_nothing(vocabulary):
    # when
    report = import_file("results", FILES / "results_ok.csv", dry_run=True)
    # then
    assert (report.created, report.committed) == (4, False)
    assert not Result.objects.exists()


def test_areas_with_local_codes_dpt_and_parents_in_the_same_file(vocabulary):
    # when
    report = import_file("areas", FILES / "areas_ok.csv")
    # then
    assert (report.created, report.rejected) == (4, 0)
    rt = Area.objects.get(code="31.74.04.1003.RW003.RT001")
    assert (rt.level, rt.parent.code) == (Level.RT, "31.74.04.1003.RW003")
    dpt = DptCount.objects.get(area__code="31.74.04.1003")
    assert (dpt.voters, dpt.as_of, dpt.version) == (24517, date(2012, 6, 2), "DPT putaran 1")
    assert Area.objects.get(code="31.74.04.1003.TPS012").level == Level.TPS


def test_area_whose_parent_is_unknown_or_wrong_is_rejected(vocabulary, tmp_path):
    # given
    path = tmp_path / "areas.csv"
    path.write_text(
        "kode,nama,induk\n31.76.01,Cengkareng,\n31.74.05,Setiabudi,31.75\n"
        "31.74.04.RW001,RW tanpa kelurahan,\n"
    )
    # when
    report = import_file("areas", path)
    # then
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "parent": kode induk "31.76" tidak dikenal (tidak ada di basis data '
        "maupun di berkas)",
        'baris 3, kolom "parent": induk kode 31.74.05 adalah 31.74',
        'baris 4, kolom "code": "31.74.04.RW001" bukan kode wilayah Kemendagri (mis. '
        "31.74.04.1002) atau kode lokal di bawah kelurahan (….RW003, ….RW003.RT001, ….TPS012)",
    ]


def test_segments_with_sizes(vocabulary):
    # when
    report = import_file("segments", FILES / "segments_ok.csv")
    # then
    # a row that adds a size counts as created, even when it also updates its segment
    assert (report.rows_in, report.created, report.updated, report.rejected) == (3, 3, 0, 0)
    assert Segment.objects.get(slug="pedagang-pasar").name_en == "Market traders"
    sizes = {(s.area.code, s.people, s.of_people, s.estimated) for s in SegmentSize.objects.all()}
    assert sizes == {("31.74", 12000, 1500000, True), ("31.75", 15000, 1900000, False)}
    assert Segment.objects.get(slug="tokoh-agama").kind == Segment.Kind.STAKEHOLDER


def test_segment_size_larger_than_its_total_is_rejected(vocabulary, tmp_path):
    # given
    path = tmp_path / "segments.csv"
    path.write_text(
        "slug,nama,sumber,wilayah,jumlah,dari_jumlah,per_tanggal\n"
        "lansia,Lansia,BPS,31.74,20,10,2012-01-01\n"
    )
    # when
    report = import_file("segments", path)
    # then
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "people": 20 lebih besar dari of_people 10'
    ]


def test_contestants_with_indonesian_headers_and_election_option(vocabulary):
    # when
    report = import_file("contestants", FILES / "contestants_ok.csv", election="jakarta-2012")
    # then
    assert (report.created, report.rejected) == (2, 0)
    hendardji = Contestant.objects.get(ballot_no=2)
    assert (hendardji.independent, hendardji.incumbent, hendardji.aliases) == (
        True,
        False,
        ["Hendardji"],
    )


def test_contestant_short_taken_by_another_pair_is_rejected(vocabulary, tmp_path):
    # given
    path = tmp_path / "c.csv"
    path.write_text(
        "election,ballot_no,name,short,head,deputy,incumbent\n"
        "jakarta-2012,5,X – Y,Jokowi–Ahok,X,Y,mungkin\n"
    )
    # when
    report = import_file("contestants", path)
    # then
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "incumbent": "mungkin" bukan ya/tidak',
    ]
    path.write_text(
        "election,ballot_no,name,short,head,deputy\njakarta-2012,5,X – Y,Jokowi–Ahok,X,Y\n"
    )
    report = import_file("contestants", path)
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "short": "Jokowi–Ahok" sudah dipakai pasangan nomor 3',
    ]


def test_planks_with_segments_and_dates_in_both_formats(vocabulary):
    # when
    report = import_file("planks", FILES / "planks_ok.csv", election="jakarta-2012")
    # then
    assert (report.created, report.rejected) == (2, 0)
    kjs = Plank.objects.get(slug="kartu-jakarta-sehat")
    assert (kjs.status, kjs.drafted_on, kjs.changed_on) == (
        "adopted",
        date(2012, 3, 20),
        date(2012, 5, 1),
    )
    assert [s.slug for s in kjs.segments.all()] == ["pedagang-pasar"]
    assert import_file("planks", FILES / "planks_ok.csv", election="jakarta-2012").unchanged == 2


def test_plank_with_unknown_segment_bad_date_and_wrong_election(vocabulary, tmp_path):
    # given
    path = tmp_path / "p.csv"
    path.write_text(
        "election,contestant,slug,title,drafted_on,segments\n"
        "jakarta-2012,3,a,A,31/02/2012,pedagang-pasar|nelayan\n"
        "jakarta-2017,3,b,B,2012-01-01,\n"
    )
    # when
    report = import_file("planks", path)
    # then
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "drafted_on": "31/02/2012" bukan tanggal (YYYY-MM-DD atau DD/MM/YYYY)',
        'baris 3, kolom "election": pemilihan "jakarta-2017" tidak dikenal',
    ]


def test_audit_records_the_file_and_the_user(vocabulary, make_user):
    # given
    manager = make_user("manager")
    # when
    import_file("results", FILES / "results_ok.csv", user=manager)
    # then
    summary = AuditEntry.objects.get(action="import")
    assert (summary.username, summary.model, summary.object_id) == (
        "manager-all",
        "exchange.results",
        "results_ok.csv",
    )
    assert summary.after["created"] == 4
    assert AuditEntry.objects.filter(action="create", username="manager-all").count() == 4


def test_child_of_a_rejected_area_is_rejected_too(vocabulary, tmp_path):
    # given: the parent's row fails its DPT check, the child's row alone is fine
    path = tmp_path / "areas.csv"
    path.write_text(
        "code,name,dpt,source\n31.74.05.1001,Karet,,Kemendagri\n31.74.05,Setiabudi,9,X\n"
    )
    # when
    report = import_file("areas", path)
    # then
    assert (report.rows_in, report.stored, report.rejected) == (2, 0, 2)
    assert [str(e) for e in report.errors] == [
        'baris 2, kolom "parent": kode induk "31.74.05" tidak tersimpan (barisnya ditolak)',
        'baris 3, kolom "dpt_as_of": wajib diisi bila ada DPT',
        'baris 3, kolom "dpt_version": wajib diisi bila ada DPT',
    ]
    assert not Area.objects.filter(code__startswith="31.74.05").exists()
