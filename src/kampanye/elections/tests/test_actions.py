import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.areas.models import Area, DptCount
from kampanye.core.models import AuditEntry
from kampanye.elections.actions import column_of, load_jakarta_2012, parties_in, per_10000
from kampanye.elections.models import (
    CampaignFund,
    Contestant,
    Election,
    PollEstimate,
    Result,
    RunoffTransfer,
    Turnout,
)


@pytest.mark.django_db
def test_load_jakarta_2012_creates_the_election():
    # given an empty database (the loader syncs the wilayah itself)
    # when loaded
    counts = load_jakarta_2012()
    # then the election, its two rounds and six pairs are there
    e = Election.objects.get(slug="jakarta-2012")
    assert e.region.code == "31" and Area.objects.filter(level=4).count() == 267
    assert [(r.number, r.voting_day) for r in e.rounds.all()] == [
        (1, dt.date(2012, 7, 11)),
        (2, dt.date(2012, 9, 20)),
    ]
    assert e.rounds.get(number=1).campaign_start == dt.date(2012, 6, 24)
    assert counts["contestants"] == 6
    pairs = {c.short: c for c in Contestant.objects.filter(election=e)}
    assert pairs["Jokowi–Ahok"].ballot_no == 3
    assert {p.short for p in pairs["Jokowi–Ahok"].parties.all()} == {"PDI-P", "Gerindra"}
    assert {p.short for p in pairs["Alex–Nono"].parties.all()} == {"Golkar", "PPP", "PDS"}
    assert {p.short for p in pairs["Foke–Nara"].parties.all()} == {"Demokrat"}
    assert pairs["Foke–Nara"].incumbent and not pairs["Jokowi–Ahok"].incumbent
    assert pairs["Hendardji–Riza"].independent and not pairs["Hendardji–Riza"].parties.exists()
    assert "Ahok" in pairs["Jokowi–Ahok"].aliases and len(pairs["Jokowi–Ahok"].aliases) == 10
    assert len({c.color for c in pairs.values()}) == 6


@pytest.mark.django_db
def test_load_jakarta_2012_results_turnout_and_dpt():
    load_jakarta_2012()
    # round-2 Jokowi at province: 2,472,130 of 4,592,945 valid votes
    r2 = Result.objects.get(round__number=2, area__code="31", contestant__short="Jokowi–Ahok")
    assert r2.votes == 2_472_130
    t2 = Turnout.objects.get(round__number=2, area__code="31")
    assert (t2.valid, t2.ballots, t2.invalid, t2.dpt) == (4_592_945, 4_667_941, 74_996, 6_996_951)
    # wilayah: only the columns that have numbers (Jakarta Utara has all six in round 1)
    assert Result.objects.filter(round__number=1, area__code="31.72").count() == 6
    assert Result.objects.filter(round__number=1, area__code="31.75").count() == 2
    assert Result.objects.filter(area__code__startswith="31.").count() == 28
    t = Turnout.objects.get(round__number=1, area__code="31.72")
    assert (t.valid, t.invalid, t.dpt_as_of) == (690_169, 14_761, dt.date(2012, 6, 2))
    # DPT: the 2 June list per wilayah and the final round-1 list of the province
    assert DptCount.objects.get(area__code="31").voters == 6_962_348
    june = DptCount.objects.filter(version="DPT 2 Juni 2012")
    assert june.count() == 6 and sum(d.voters for d in june) == 6_982_179


@pytest.mark.django_db
def test_load_jakarta_2012_polls_funds_transfers():
    load_jakarta_2012()
    lsi = PollEstimate.objects.filter(
        poll__pollster__startswith="Lingkaran", poll__released=dt.date(2012, 4, 8)
    )
    by = {e.contestant.short if e.contestant else None: e.per_10000 for e in lsi}
    assert by["Foke–Nara"] == 4910 and by["Jokowi–Ahok"] == 1440 and by[None] == 1740
    assert (
        CampaignFund.objects.get(
            contestant__short="Jokowi–Ahok", reported_on=dt.date(2012, 6, 25)
        ).amount_idr
        == 7_100_000_000
    )
    pooled = RunoffTransfer.objects.filter(from_label="eliminated four pairs pooled")
    assert pooled.count() == 3 and all(t.from_contestant is None for t in pooled)
    stay = RunoffTransfer.objects.get(survey="SMRC", from_label="Jokowi–Ahok")
    assert stay.from_contestant.short == "Jokowi–Ahok" and stay.per_100 == 95


@pytest.mark.django_db
def test_load_jakarta_2012_twice_changes_nothing():
    # given a loaded election
    load_jakarta_2012()
    audits = AuditEntry.objects.count()
    rows = (
        Result.objects.count(),
        Turnout.objects.count(),
        PollEstimate.objects.count(),
        DptCount.objects.count(),
    )
    # when loaded again
    counts = load_jakarta_2012()
    # then nothing is created or updated, and no audit entry is written
    assert counts["created"] == 0 and counts["updated"] == 0
    assert AuditEntry.objects.count() == audits
    assert rows == (
        Result.objects.count(),
        Turnout.objects.count(),
        PollEstimate.objects.count(),
        DptCount.objects.count(),
    )


def test_column_names_and_parties():
    assert column_of("Jokowi–Ahok") == "jokowi_ahok"
    assert column_of("Hendardji–Riza") == "hendardji_riza"
    assert parties_in("Golkar, PPP, PDS and smaller parties") == ["Golkar", "PPP", "PDS"]
    assert parties_in("PKS (some sources add PAN)") == ["PKS", "PAN"]
    assert parties_in("independent") == []


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_per_10000_keeps_published_hundredths_exactly(pct):
    assert per_10000(str(pct)) == int(pct * 100)
    assert Decimal(per_10000(str(pct))) / 100 == pct
