"""Every dashboard figure against values computed by hand, and the ledger rollup."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.ledger.models import Touchpoint
from kampanye.social import actions, filters, models, queries
from kampanye.social.aggregates import refresh_aggregates
from kampanye.social.models import Mention, Post, PostIssue, Source

D = dt.date(2012, 7, 1)


def _post(
    pk: str,
    day: dt.date,
    *,
    platform="x",
    handle="warga",
    followers=0,
    likes=0,
    shares=0,
    comments=0,
    hashtags=(),
    title="",
    url_key="",
    title_hash="",
    text="teks",
):
    return Post.objects.create(
        platform=platform,
        external_id=pk,
        text=text,
        day=day,
        author_handle=handle,
        created_at=dt.datetime(day.year, day.month, day.day, 5, tzinfo=dt.UTC),
        followers=followers,
        likes=likes,
        shares=shares,
        comments=comments,
        hashtags=list(hashtags),
        title=title,
        url_key=url_key,
        title_hash=title_hash,
    )


def _mention(post: Post, contestant, label: str) -> Mention:
    if post.election_id is None:  # as an import stores it: a post of the contestant's election
        post.election_id = contestant.election_id
        post.save(update_fields=["election"])
    p = {"positive": (1, 0, 0), "neutral": (0, 1, 0), "negative": (0, 0, 1)}[label]
    return Mention.objects.create(
        post=post,
        contestant=contestant,
        day=post.day,
        platform=post.platform,
        reach=post.followers,
        engagement=post.likes + post.shares + post.comments,
        label=label,
        p_positive=p[0],
        p_neutral=p[1],
        p_negative=p[2],
        model_version="uji",
    )


@pytest.fixture
def world(election, contestants):
    foke, jokowi = contestants[1], contestants[3]
    a = _post("a", D, followers=100, likes=3, shares=1, hashtags=["jakartabaru", "banjir"])
    b = _post("b", D, followers=200, likes=1, hashtags=["jakartabaru"])
    c = _post("c", D + dt.timedelta(2), platform="facebook", followers=300, comments=6)
    d = _post(
        "d",
        D + dt.timedelta(2),
        platform="online_news",
        title="Jokowi unggul",
        url_key="kompas.com/1",
        title_hash="h1",
    )
    e = _post(
        "e",
        D + dt.timedelta(2),
        platform="online_news",
        title="Jokowi unggul",
        url_key="tempo.co/9",
        title_hash="h1",
    )
    _mention(a, jokowi, "positive")
    _mention(a, foke, "negative")
    _mention(b, jokowi, "positive")
    _mention(c, jokowi, "negative")
    _mention(d, jokowi, "neutral")
    _mention(e, jokowi, "neutral")
    PostIssue.objects.create(post=a, issue="banjir", day=D)
    PostIssue.objects.create(post=c, issue="banjir", day=c.day)
    PostIssue.objects.create(post=c, issue="macet", day=c.day)
    refresh_aggregates(election)
    return {"foke": foke, "jokowi": jokowi, "posts": (a, b, c, d, e)}


def test_share_of_voice_and_net_sentiment_by_hand(world, election):
    # when
    voice = queries.share_of_voice(queries.Filters(election))
    # then
    rows = {r.contestant.short: r for r in voice.rows}
    jokowi, foke = rows["Jokowi–Ahok"], rows["Foke–Nara"]
    assert (jokowi.mentions, jokowi.reach, jokowi.engagement) == (5, 600, 4 + 1 + 6)
    assert (jokowi.positive, jokowi.neutral, jokowi.negative) == (2, 2, 1)
    assert jokowi.net == pytest.approx((2 - 1) / 5)
    assert (foke.mentions, foke.reach, foke.net) == (1, 100, -1.0)
    assert rows["Alex–Nono"].net is None
    assert (voice.mentions, voice.reach, voice.engagement) == (6, 700, 15)
    assert voice.model_macro_f1 == pytest.approx(0.5995)


def test_filters_narrow_every_figure(world, election):
    f = queries.Filters(
        election, contestants=(world["jokowi"].pk,), platforms=("x",), start=D, end=D
    )
    voice = queries.share_of_voice(f)
    assert [(r.contestant.short, r.mentions) for r in voice.rows] == [("Jokowi–Ahok", 2)]
    assert queries.top_hashtags(f) == [("jakartabaru", 2), ("banjir", 1)]


def test_a_contestant_no_post_names_has_empty_figures(world, election, contestants):
    # given: posts name Foke and Jokowi (``a`` both), none names Hidayat
    hidayat = contestants[4]
    bit = {c: models.contestant_bit(c.ballot_no) for c in contestants.values()}
    # when
    f = queries.Filters(election, contestants=(hidayat.pk,))
    # then: the chosen sets of contestants are those the posts name, and none for Hidayat
    foke = bit[world["foke"]]
    assert filters.masks_naming(election, foke) == [foke | bit[world["jokowi"]]]
    assert filters.masks_naming(election, bit[hidayat]) == [bit[hidayat]]
    assert queries.reach(f) == queries.Reach(0, 0, 0, 0)
    assert queries.influencers(f).rows == []
    assert queries.top_hashtags(f) == [] and queries.top_issues(f) == []
    assert queries.engagement_by_platform(f) == []
    assert queries.news_stories(f) == {"items": 0, "urls": 0, "stories": 0}


def test_timeline_is_zero_filled_by_wib_day(world, election):
    series = queries.timeline(queries.Filters(election, contestants=(world["jokowi"].pk,)))
    assert len(series) == 1
    assert series[0].days == [D, D + dt.timedelta(1), D + dt.timedelta(2)]
    assert series[0].counts == [2, 0, 3] and series[0].spikes == [False] * 3


def test_spikes_against_mean_plus_three_sd_of_the_previous_seven_days():
    # prev [2,4,2,4,2,4,2]: mean 2.857, population sd 0.990, threshold 5.826
    assert queries.detect_spikes([2, 4, 2, 4, 2, 4, 2, 6])[-1] is True
    assert queries.detect_spikes([2, 4, 2, 4, 2, 4, 2, 5])[-1] is False
    # flat baseline of 0: a jump needs at least SPIKE_MIN mentions
    assert queries.detect_spikes([0] * 7 + [4]) == [False] * 8
    assert queries.detect_spikes([0] * 7 + [5]) == [False] * 7 + [True]


@given(st.lists(st.integers(0, 1000), max_size=40))
def test_the_first_week_is_never_a_spike_and_a_constant_series_has_none(counts):
    spikes = queries.detect_spikes(counts)
    assert len(spikes) == len(counts) and not any(spikes[:7])
    assert not any(queries.detect_spikes([counts[0] if counts else 3] * len(counts)))


def test_engagement_per_platform_counts_distinct_posts(world, election):
    rows = {r["platform"]: r for r in queries.engagement_by_platform(queries.Filters(election))}
    assert (rows["x"]["posts"], rows["x"]["engagement"]) == (2, 5)
    assert (rows["facebook"]["posts"], rows["facebook"]["engagement"]) == (1, 6)
    assert rows["x"]["definition"] == queries.ENGAGEMENT_VERSION


def test_top_issues_and_news_dedupe(world, election):
    f = queries.Filters(election)
    assert queries.top_issues(f) == [("banjir", 2), ("macet", 1)]
    assert queries.news_stories(f) == {"items": 2, "urls": 2, "stories": 1}


def test_export_rows_are_the_aggregates_by_day_contestant_platform(world, election):
    rows = queries.export_rows(queries.Filters(election, contestants=(world["foke"].pk,)))
    assert rows == [("2012-07-01", "Foke–Nara", "x", 1, 100, 4, 0, 0, 1)]


def test_highlight_marks_whole_words_and_escapes_the_rest():
    html = queries.highlight("<b>Jokowi</b> & jokowidodo, Joko  Widodo", ["jokowi", "joko widodo"])
    assert html == (
        "&lt;b&gt;<mark>Jokowi</mark>&lt;/b&gt; &amp; jokowidodo, <mark>Joko  Widodo</mark>"
    )


def test_rollup_touchpoints_are_idempotent_and_follow_new_posts(world, election):
    # given: Foke's own account on X
    Source.objects.create(platform="x", account="fokenara", contestant=world["foke"])
    own = _post("f", D, handle="FokeNara", followers=50)
    _mention(own, world["foke"], "positive")
    # when
    first = actions.roll_up(election)
    again = actions.roll_up(election)
    # then
    assert first == {"created": 5, "updated": 0, "unchanged": 0}
    assert again == {"created": 0, "updated": 0, "unchanged": 5}
    base = f"social:rollup:{world['jokowi'].pk}:x:2012-07-01"
    tp = Touchpoint.objects.get(source=base)
    assert (tp.front, tp.channel, tp.media_type, tp.count, tp.reach, tp.tone) == (
        "online",
        "x",
        "shared",
        2,
        300,
        1.0,
    )
    owned = Touchpoint.objects.get(source=f"social:rollup:{world['foke'].pk}:x:2012-07-01:owned")
    assert (owned.media_type, owned.count, owned.tone) == ("owned", 1, 1.0)
    news = Touchpoint.objects.get(
        source=f"social:rollup:{world['jokowi'].pk}:online_news:2012-07-03"
    )
    assert (news.media_type, news.count, news.tone) == ("earned", 2, 0.0)
    # when: a new negative post that day
    _mention(_post("g", D, followers=10), world["jokowi"], "negative")
    assert actions.roll_up(election, [D]) == {"created": 0, "updated": 1, "unchanged": 2}
    tp.refresh_from_db()
    assert (tp.count, tp.reach, tp.tone) == (3, 310, pytest.approx(0.3333))
