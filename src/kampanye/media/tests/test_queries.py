"""Every figure of the coverage dashboard against a case computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from kampanye.media import actions, queries
from kampanye.media.tests.test_actions import contact, item

MON = dt.date(2012, 6, 25)  # a Monday


@pytest.fixture
def sample(media):
    """Jokowi: 5 placements, 4 stories: earned +, earned + twice (one story in two outlets,
    re-punctuated), earned − (with Foke), paid + (Rp 10 juta). Foke: 2 placements: that
    earned −, and a paid neutral one (Rp 30 juta) in the second week."""
    w = media.world
    item(media, title="Jokowi blusukan", tones=((None, 1),))
    item(media, outlet=media.metro, title="Jokowi naik bajaj!", tones=((None, 1),))
    item(media, outlet=media.detik, title="jokowi naik bajaj", tones=((None, 1),))
    item(media, title="Jokowi dikritik", tones=((None, -1), (w.foke, -1)))
    item(media, title="Iklan Jokowi", paid=True, cost_idr=10_000_000, tones=((None, 1),))
    item(
        media,
        title="Iklan Foke",
        published_on=MON + dt.timedelta(days=7),
        paid=True,
        cost_idr=30_000_000,
        tones=((w.foke, 0),),
    )
    return media


def test_pair_figures_by_hand(sample):
    # when the figures of the election are read
    w = sample.world
    figures = {p.contestant_id: p for p in queries.pair_figures(queries.Filters(w.election))}
    jokowi, foke = figures[w.jokowi.pk], figures[w.foke.pk]
    # then Jokowi: 5 placements, 4 stories, earned and not negative 3 of 5
    assert (jokowi.placements, jokowi.stories, jokowi.earned, jokowi.paid) == (5, 4, 4, 1)
    assert jokowi.darling_index == pytest.approx(3 / 5)
    assert (foke.placements, foke.earned_not_negative, foke.darling_index) == (2, 0, 0.0)
    # and share of voice, the baseline, is each pair's part of 7 placements
    assert jokowi.share_of_voice == pytest.approx(5 / 7)
    assert foke.share_of_voice == pytest.approx(2 / 7)
    # and each paid item's cost goes to the pair it names first
    assert (jokowi.cost_idr, foke.cost_idr) == (10_000_000, 30_000_000)
    # and per person reached by paid items: both were in Kompas (audience 500,000)
    assert (jokowi.cost_per_reached, foke.cost_per_reached) == (20.0, 60.0)
    assert jokowi.net_tone == pytest.approx((4 - 1) / 5)


def test_filters_narrow_by_date_and_outlet_type(sample):
    w = sample.world
    tv = {
        p.contestant_id: p
        for p in queries.pair_figures(queries.Filters(w.election, outlet_kind="tv"))
    }
    assert (tv[w.jokowi.pk].placements, tv[w.foke.pk].placements) == (1, 0)
    assert tv[w.foke.pk].darling_index is None
    later = queries.Filters(w.election, start=MON + dt.timedelta(days=7))
    assert [p.placements for p in queries.pair_figures(later)] == [1, 0]  # ballot order


def test_the_trend_counts_each_week_and_names_the_items_behind_each_point(sample):
    w = sample.world
    f = queries.Filters(w.election)
    # when the weekly trend is read
    points = {(p.week, p.contestant_id): p for p in queries.darling_trend(f)}
    # then the items of 30 June fall in the week of Monday 25 June
    assert points[(MON, w.jokowi.pk)].darling_index == pytest.approx(3 / 5)
    assert points[(MON + dt.timedelta(days=7), w.foke.pk)].placements == 1
    # and the items behind a point are exactly those placements
    behind = queries.items_behind(f, w.foke.pk, MON)
    assert sorted(i.title for i in behind) == ["Jokowi dikritik"]


def test_owner_groups_carry_placements_and_net_tone(sample):
    w = sample.world
    rows = {r.owner: r for r in queries.by_owner_group(queries.Filters(w.election))}
    # Kompas Gramedia: Jokowi 3 (+, −, +) → net 1/3; Foke 2 (−, 0) → −1/2
    assert rows["Kompas Gramedia"].by_pair[w.jokowi.pk] == (3, pytest.approx(1 / 3))
    assert rows["Kompas Gramedia"].by_pair[w.foke.pk] == (2, pytest.approx(-1 / 2))


def test_contact_health_counts_meetings_follow_ups_and_what_followed(sample):
    w = sample.world
    # given an editor at Kompas met on 1 June with one follow-up kept and one missed
    c = contact(sample, outlet_id=sample.kompas.pk)
    m = actions.log_meeting(
        {
            "held_on": dt.date(2012, 6, 1),
            "contact_ids": [c.pk],
            "agenda": ["personal"],
            "follow_ups": [
                {"text": "Kirim data", "due_on": dt.date(2012, 6, 5)},
                {"text": "Undang makan", "due_on": dt.date(2012, 6, 6)},
            ],
        },
        contestant=w.jokowi,
    )
    actions.complete_follow_up(m.follow_ups.get(text="Kirim data"), on=dt.date(2012, 6, 5))
    # when its health is read on 1 July
    h = queries.contact_health(c, dt.date(2012, 7, 1))
    # then: 1 meeting, 1 of 2 follow-ups kept, and Kompas carried 3 Jokowi items since,
    # 1 of them earned and not negative (the paid one and the critical one are not)
    assert (h.meetings, h.follow_ups_kept, h.follow_ups_due) == (1, 1, 2)
    assert (h.items_after, h.earned_not_negative_after) == (3, 1)


def test_ave_sums_the_rate_card_over_earned_items_that_are_not_negative(sample):
    # given a rate card for Kompas (Rp 100 juta) and none for Metro TV or detikcom
    w = sample.world
    sample.kompas.ad_rate_idr = 100_000_000
    sample.kompas.save()
    # when AVE is read
    aves = {a.contestant_id: a for a in queries.ave(queries.Filters(w.election))}
    # then Jokowi: Kompas' earned + item counts once (the negative and the paid one do not),
    # and the two earned items in outlets without a rate are counted apart
    assert (aves[w.jokowi.pk].value_idr, aves[w.jokowi.pk].with_rate) == (100_000_000, 1)
    assert aves[w.jokowi.pk].without_rate == 2
    # and Foke, negative or paid only, has no AVE at all
    assert w.foke.pk not in aves
