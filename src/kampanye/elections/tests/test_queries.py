"""Queries against hand-computed figures (KPU DKI numbers, shares worked out by hand)."""

import pytest

from kampanye.elections.models import Election
from kampanye.elections.queries import (
    campaign_funds,
    election_overview,
    polls_against_result,
    round_results,
    runoff_transfers,
    swing,
    turnout,
)


@pytest.fixture
def election(wilayah):
    return Election.objects.get(slug="jakarta-2012")


@pytest.fixture
def manager(make_user):
    return make_user("manager")


def _share(area_result, short):
    return next(s for s in area_result.shares if s.contestant.short == short)


@pytest.mark.django_db
def test_overview(election):
    o = election_overview(election)
    assert [r.number for r in o.rounds] == [1, 2]
    rows = {r.contestant.short: r for r in o.contestants}
    assert rows["Jokowi–Ahok"].parties == ["Gerindra", "PDI-P"]  # by abbreviation
    assert rows["Faisal–Biem"].independent and rows["Foke–Nara"].incumbent


@pytest.mark.django_db
def test_province_shares_from_votes_over_valid(election, manager):
    # round 2: 2,472,130 / 4,592,945 = 53.82 %; round 1: 1,847,157 / 4,336,486 = 42.60 %
    two = round_results(manager, election, 2).province
    one = round_results(manager, election, 1).province
    jokowi2 = _share(two, "Jokowi–Ahok")
    assert (jokowi2.votes, jokowi2.denominator) == (2_472_130, 4_592_945)
    assert round(jokowi2.share_pct, 2) == 53.82
    assert round(_share(two, "Foke–Nara").share_pct, 2) == 46.18
    assert two.winner.short == "Jokowi–Ahok" and two.denominator_kind == "suara sah"
    assert round(_share(one, "Jokowi–Ahok").share_pct, 2) == 42.60
    assert round(_share(one, "Hendardji–Riza").share_pct, 2) == 1.98
    assert len(one.shares) == 6 and len(two.shares) == 2


@pytest.mark.django_db
def test_wilayah_shares_state_their_denominator(election, manager):
    one = {a.area.code: a for a in round_results(manager, election, 1).wilayah}
    two = {a.area.code: a for a in round_results(manager, election, 2).wilayah}
    assert len(one) == 6 and len(two) == 6
    # Jakarta Utara round 1 has valid votes: 325,569 / 690,169 = 47.17 %
    assert one["31.72"].denominator == 690_169 and one["31.72"].complete
    assert round(_share(one["31.72"], "Jokowi–Ahok").share_pct, 2) == 47.17
    # Jakarta Timur round 1 has only votes cast: 502,616 / 1,278,520 = 39.31 %
    assert one["31.75"].denominator == 1_278_520 and not one["31.75"].complete
    assert round(_share(one["31.75"], "Jokowi–Ahok").share_pct, 2) == 39.31
    # round 2: both pairs known, so the base is their sum: 695,220 / 1,306,586 = 53.21 %
    assert two["31.75"].denominator == 1_306_586
    assert round(_share(two["31.75"], "Jokowi–Ahok").share_pct, 2) == 53.21
    # Foke won Kepulauan Seribu in both rounds, Jokowi every other wilayah
    assert one["31.01"].winner.short == "Foke–Nara" and two["31.01"].winner.short == "Foke–Nara"
    assert {a.winner.short for c, a in two.items() if c != "31.01"} == {"Jokowi–Ahok"}


@pytest.mark.django_db
def test_swing_between_rounds(election, manager):
    rows = {(r.area.code, r.contestant.short): r for r in swing(manager, election)}
    # Jakarta Timur Jokowi: 53.21 − 39.31 = +13.90 points
    assert round(rows[("31.75", "Jokowi–Ahok")].swing_points, 2) == 13.90
    # province Jokowi: 53.82 − 42.60 = +11.23 points
    assert round(rows[("31", "Jokowi–Ahok")].swing_points, 2) == 11.23
    assert len(rows) == 14  # 7 areas × 2 runoff pairs


@pytest.mark.django_db
def test_turnout_depends_on_the_denominator(election, manager):
    report = turnout(manager, election)
    one = {m.label: m for m in report.measures[1]}
    two = {m.label: m for m in report.measures[2]}
    # round 2: 4,667,941 / 6,996,951 = 66.71 % of ballots; 4,592,945 / 6,996,951 = 65.64 % valid
    ballots = two["surat suara digunakan / DPT"]
    assert (ballots.numerator, ballots.denominator) == (4_667_941, 6_996_951)
    assert round(ballots.pct, 2) == 66.71
    assert round(two["suara sah / DPT"].pct, 2) == 65.64
    # round 1: valid 4,336,486 / final DPT 6,962,348 = 62.28 %; wilayah votes cast
    # 4,429,332 / 6,962,348 = 63.62 %, or / 6,982,179 (2 June list) = 63.44 %
    assert round(one["suara sah / DPT"].pct, 2) == 62.28
    summed = one["suara masuk, jumlah 6 wilayah / DPT provinsi"]
    assert (summed.numerator, round(summed.pct, 2)) == (4_429_332, 63.62)
    assert round(one["suara masuk, jumlah 6 wilayah / DPT wilayah"].pct, 2) == 63.44
    assert len(report.rows) == 14


@pytest.mark.django_db
def test_polls_against_the_result(election, manager):
    report = polls_against_result(manager, election, 1)
    short = {c.pk: c.short for c in report.contestants}
    first = report.polls[0]  # LSI, released 8 April 2012
    errors = {short[pk]: e for pk, e in first.errors.items()}
    # Foke 49.1 − 34.05 = +15.05 points; Jokowi 14.4 − 42.60 = −28.20 points
    assert round(errors["Foke–Nara"], 2) == 15.05
    assert round(errors["Jokowi–Ahok"], 2) == -28.20
    assert first.undecided == 17.4
    assert len(report.polls) == 6
    # every round-1 poll put Jokowi below his result
    jokowi = next(pk for pk, s in short.items() if s == "Jokowi–Ahok")
    assert all(p.errors[jokowi] < 0 for p in report.polls)
    two = polls_against_result(manager, election, 2)
    assert len(two.polls) == 5 and len(two.actual) == 2


@pytest.mark.django_db
def test_funds_and_transfers(election):
    report = campaign_funds(election)
    assert len(report.reports) == 2
    ladk = report.reports[0]
    by_short = {c.short: report.amounts[ladk].get(c.pk) for c in report.contestants}
    assert by_short["Foke–Nara"] == 22_700_000_000 and by_short["Jokowi–Ahok"] == 7_100_000_000
    assert report.total_by_report[ladk] == 49_800_000_000
    assert (
        report.amounts[report.reports[1]].get(
            next(c.pk for c in report.contestants if c.short == "Hendardji–Riza")
        )
        is None
    )
    assert len(runoff_transfers(election)) == 29


@pytest.mark.django_db
def test_coordinator_never_gets_another_wilayah_or_the_province(election, make_user):
    # given a coordinator of Jakarta Timur
    user = make_user("coordinator", "31.75")
    # when every area-bound query is read
    areas = []
    for n in (1, 2):
        res = round_results(user, election, n)
        assert res.province is None
        areas += [a.area.code for a in res.wilayah]
    areas += [r.area.code for r in swing(user, election)]
    report = turnout(user, election)
    areas += [r.area.code for r in report.rows]
    # then only Jakarta Timur rows come back, and no province figure
    assert set(areas) == {"31.75"}
    assert all(not m for m in report.measures.values())
    assert polls_against_result(user, election, 1).actual == {}


@pytest.mark.django_db
def test_user_without_membership_gets_no_rows(election, outsider):
    res = round_results(outsider, election, 2)
    assert res.province is None and res.wilayah == []
    assert turnout(outsider, election).rows == []


@pytest.mark.django_db
def test_current_election_is_the_one_voting_last_whatever_was_loaded_last(election):
    # given an election without rounds yet, and an older one, both loaded after 2012's
    import datetime as dt

    from kampanye.elections.models import Round
    from kampanye.elections.queries import current_election

    Election.objects.create(slug="next", name="Next", office="Gubernur", region=election.region)
    older = Election.objects.create(
        slug="jakarta-2007", name="Pilkada 2007", office="Gubernur", region=election.region
    )
    Round.objects.create(election=older, number=1, voting_day=dt.date(2007, 8, 8))
    # when / then: the last voting day wins; no rounds comes after any voting day
    assert current_election() == election
    assert current_election("jakarta-2007") == older
