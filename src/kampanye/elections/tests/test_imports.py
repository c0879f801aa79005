"""Creating an election from files: elections, rounds and turnout go in with the same rules as
every import (each row accounted for, re-import stores nothing twice, all-or-nothing writes
nothing on a bad row, errors name line and field)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kampanye.core.exchange import export_file, import_file
from kampanye.elections.models import Election, Round, Turnout

ELECTIONS = b"slug,nama,jabatan,wilayah,sumber\ndki-2007,Pilkada DKI 2007,Gubernur,31,KPU DKI\n"
ROUNDS = (
    b"election,putaran,hari_pemungutan,awal_kampanye,akhir_kampanye\n"
    b"dki-2007,1,2007-08-08,2007-07-22,2007-08-04\n"
    b"dki-2007,2,08/09/2007,,\n"
)
TURNOUT_HEADER = (
    "election,round,area,dpt,extra_voters,ballots,valid,invalid,turnout_percent,turnout_basis,"
    "source\n"
)


@pytest.fixture
def dki_2007(db):
    from kampanye.areas.actions import sync_wilayah

    sync_wilayah("31")
    import_file("elections", ELECTIONS, name="pemilihan.csv")
    import_file("rounds", ROUNDS, name="putaran.csv")
    return Election.objects.get(slug="dki-2007")


def test_an_election_and_its_rounds_import_once(db):
    from kampanye.areas.actions import sync_wilayah

    # given the Jakarta areas
    sync_wilayah("31")
    # when an election file and a rounds file are each imported twice
    first = [import_file("elections", ELECTIONS), import_file("rounds", ROUNDS)]
    again = [import_file("elections", ELECTIONS), import_file("rounds", ROUNDS)]
    # then the election and both rounds exist once, with their dates
    assert [r.created for r in first] == [1, 2]
    assert [(r.created, r.updated, r.unchanged) for r in again] == [(0, 0, 1), (0, 0, 2)]
    election = Election.objects.get(slug="dki-2007")
    assert (election.region.code, election.office) == ("31", "Gubernur")
    r1, r2 = Round.objects.filter(election=election).order_by("number")
    assert (r1.voting_day, r1.campaign_start, r1.campaign_end) == (
        dt.date(2007, 8, 8),
        dt.date(2007, 7, 22),
        dt.date(2007, 8, 4),
    )
    assert (r2.voting_day, r2.campaign_start) == (dt.date(2007, 9, 8), None)


def test_bad_elections_and_rounds_name_line_and_field(db):
    from kampanye.areas.actions import sync_wilayah

    sync_wilayah("31")
    import_file("elections", ELECTIONS)
    # given an election in an unknown region, and rounds of an unknown election and with a
    # campaign that ends on voting day
    elections = b"slug,name,office,region\nDKI 2007!,X,Gubernur,99\n"
    rounds = (
        b"election,round,voting_day,campaign_start,campaign_end\n"
        b"tidak-ada,1,2007-08-08,,\n"
        b"dki-2007,1,2007-08-08,2007-07-22,2007-08-08\n"
    )
    # when imported
    bad_e = import_file("elections", elections)
    bad_r = import_file("rounds", rounds)
    # then each problem is named with its line and field and nothing is stored
    assert {(e.line, e.field) for e in bad_e.errors} == {(2, "slug"), (2, "region")}
    assert {(e.line, e.field) for e in bad_r.errors} == {(2, "election"), (3, "campaign_end")}
    assert not Round.objects.exists()


def test_turnout_counts_and_a_published_percentage_import_once(dki_2007):
    # given counts for one wilayah and only a published percentage for another
    body = (
        TURNOUT_HEADER
        + "dki-2007,1,31.75,2130539,2310,1372811,1350130,22681,,,KPU DKI\n"
        + 'dki-2007,1,31.71,,,,,,"65,5",dpt,Kompas 9 Agustus 2007\n'
    ).encode()
    # when imported twice
    first = import_file("turnout", body, name="partisipasi.csv")
    second = import_file("turnout", body, name="partisipasi.csv")
    # then both rows are stored once, the counts and the percentage with its basis
    assert (first.created, second.unchanged) == (2, 2)
    timur = Turnout.objects.get(area__code="31.75")
    assert (timur.dpt, timur.extra_voters, timur.ballots, timur.valid, timur.invalid) == (
        2130539,
        2310,
        1372811,
        1350130,
        22681,
    )
    pusat = Turnout.objects.get(area__code="31.71")
    assert (pusat.dpt, pusat.turnout_percent, pusat.turnout_basis) == (
        None,
        Decimal("65.50"),
        "dpt",
    )
    # and the export imports back unchanged
    exported = export_file("turnout", election=dki_2007)
    assert import_file("turnout", exported, name="ekspor.csv").unchanged == 2


def test_bad_turnout_rows_are_rejected_and_all_or_nothing_writes_nothing(dki_2007):
    # given an unknown round, a percentage above 100, ballots above DPT and extra voters,
    # a percentage without its basis, more votes than ballots, and one good row
    body = (
        TURNOUT_HEADER
        + "dki-2007,3,31.75,100,,90,,,,,KPU\n"
        + "dki-2007,1,31.71,,,,,,100.5,dpt,KPU\n"
        + "dki-2007,1,31.72,100,5,106,,,,,KPU\n"
        + "dki-2007,1,31.73,,,,,,60,,KPU\n"
        + "dki-2007,1,31.74,100,,90,80,20,,,KPU\n"
        + "dki-2007,1,31.01,100,,90,,,,,KPU\n"
    ).encode()
    # when imported all-or-nothing
    report = import_file("turnout", body, name="partisipasi.csv", all_or_nothing=True)
    # then each bad row is named with its line and field, and nothing is stored
    where = {(e.line, e.field) for e in report.errors if e.field}
    assert where == {
        (2, "round"),
        (3, "turnout_percent"),
        (4, "ballots"),
        (5, "turnout_basis"),
        (6, "valid"),
    }
    assert not report.committed and not Turnout.objects.exists()
    # and without all-or-nothing the good row goes in
    assert import_file("turnout", body, name="partisipasi.csv").created == 1
