"""Reach, influencers and the repost / reply / quote / @mention network, by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.social import columns, influence, queries
from kampanye.social.aggregates import refresh_aggregates
from kampanye.social.columns import ColumnChunk
from kampanye.social.models import Post
from kampanye.social.tests.test_queries import _mention

D = dt.date(2012, 7, 1)


def _post(pk, day, handle, followers, likes=0, text="teks", **refs) -> Post:
    return Post.objects.create(
        platform="x",
        external_id=pk,
        text=text,
        day=day,
        author_handle=handle,
        created_at=dt.datetime(day.year, day.month, day.day, 5, tzinfo=dt.UTC),
        followers=followers,
        likes=likes,
        **refs,
    )


def reference_pagerank(nodes, edges, damping=0.85, rounds=500) -> dict:
    """A plain power iteration over dicts, written independently of the numpy one."""
    n = len(nodes)
    out = {v: 0.0 for v in nodes}
    for s, _t, w in edges:
        out[s] += w
    rank = {v: 1 / n for v in nodes}
    for _ in range(rounds):
        lost = sum(rank[v] for v in nodes if out[v] == 0)
        new = {v: (1 - damping) / n + damping * lost / n for v in nodes}
        for s, t, w in edges:
            new[t] += damping * rank[s] * w / out[s]
        rank = new
    return rank


@pytest.fixture
def net(election, contestants):
    foke, jokowi = contestants[1], contestants[3]
    # given: A posts, B reposts A, C @mentions A and B, B replies to C (naming Foke),
    # C quotes Z's post (Z names nobody), A posts again (naming Foke)
    p1 = _post("p1", D, "A", 100, likes=5, text="Jokowi hebat")
    p2 = _post("p2", D, "B", 10, likes=1, repost_of="p1")
    p3 = _post("p3", D + dt.timedelta(1), "C", 20, text="@a @B setuju, @a!")
    p4 = _post("p4", D + dt.timedelta(1), "B", 30, reply_to="p3")
    p5 = _post("p5", D + dt.timedelta(2), "A", 100, likes=2)
    _post("p0", D, "Z", 999)
    p7 = _post("p7", D + dt.timedelta(2), "C", 20, quote_of="p0")
    for p in (p1, p2, p3, p7):
        _mention(p, jokowi, "neutral")
    for p in (p4, p5):
        _mention(p, foke, "neutral")
    refresh_aggregates(election)
    return {"foke": foke, "jokowi": jokowi}


def test_pagerank_of_one_edge_by_hand():
    # given: x → y; y has no out-edge, so it spreads its rank over both
    # r_x = 0.075 + 0.425 r_y and r_x + r_y = 1  ⇒  r_x = 0.5 / 1.425
    # when
    rank = queries.pagerank(2, np.array([0]), np.array([1]), np.array([1]))
    # then
    assert rank == pytest.approx([0.5 / 1.425, 1 - 0.5 / 1.425], abs=1e-10)


def test_pagerank_of_a_cycle_is_even_and_a_star_centre_wins():
    assert queries.pagerank(3, np.array([0, 1, 2]), np.array([1, 2, 0]), np.ones(3)) == (
        pytest.approx([1 / 3] * 3)
    )
    star = queries.pagerank(4, np.array([1, 2, 3]), np.array([0, 0, 0]), np.ones(3))
    assert star[0] > star[1] == pytest.approx(star[2])


@settings(max_examples=40)
@given(
    st.integers(1, 7).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 5))),
        )
    )
)
def test_pagerank_matches_a_plain_power_iteration(graph):
    # given
    n, edges = graph
    # when
    rank = queries.pagerank(
        n,
        np.array([e[0] for e in edges], dtype=np.int64),
        np.array([e[1] for e in edges], dtype=np.int64),
        np.array([e[2] for e in edges], dtype=np.int64),
    )
    # then
    ref = reference_pagerank(list(range(n)), edges)
    assert rank == pytest.approx([ref[i] for i in range(n)], abs=1e-6)
    assert rank.sum() == pytest.approx(1.0)


@settings(max_examples=100)
@given(st.lists(st.integers(0, 5), max_size=40), st.integers(0, 12))
def test_the_first_k_by_score_are_those_of_a_full_sort(scores, k):
    # given: scores with many ties, the tie-breaking order not the index order
    score = np.array(scores, dtype=float)
    tie = np.array([(7 * i) % 41 for i in range(len(scores))], dtype=np.int64)
    # when / then
    expected = sorted(range(len(scores)), key=lambda i: (-score[i], tie[i]))[:k]
    assert influence._first(score, tie, k) == expected


@pytest.mark.filterwarnings("error")
def test_an_election_without_posts_has_no_reach_and_no_influencers(election):
    f = queries.Filters(election)
    assert queries.reach(f) == queries.Reach(0, 0, 0, 0)
    for by in queries.RANKINGS:
        result = queries.influencers(f, by)
        assert (result.rows, result.accounts, result.edges, result.truncated) == ([], 0, 0, False)


def test_potential_and_unique_reach_by_hand(net, election):
    # when
    every = queries.reach(queries.Filters(election))
    jokowi = queries.reach(queries.Filters(election, contestants=(net["jokowi"].pk,)))
    # then: every post's followers; each author's largest once (A 100, B 30, C 20)
    assert every == queries.Reach(posts=6, potential=100 + 10 + 20 + 30 + 100 + 20, authors=3,
                                  unique=100 + 30 + 20)  # fmt: skip
    assert jokowi == queries.Reach(posts=4, potential=100 + 10 + 20 + 20, authors=3,
                                   unique=100 + 10 + 20)  # fmt: skip


def test_influencers_by_pagerank_over_the_whole_network(net, election):
    # given: b→a (repost), c→a and c→b (@mentions, once per post), b→c (reply), c→z (quote)
    edges = [("b", "a", 1), ("c", "a", 1), ("c", "b", 1), ("b", "c", 1), ("c", "z", 1)]
    ref = reference_pagerank(["a", "b", "c", "z"], edges)
    # when
    result = queries.influencers(queries.Filters(election))
    # then
    assert (result.accounts, result.edges, result.truncated) == (4, 5, False)
    expected_order = sorted(ref, key=lambda v: (-ref[v], v))
    assert [r.author for r in result.rows] == expected_order
    rows = {r.author: r for r in result.rows}
    for v, score in ref.items():
        assert rows[v].pagerank == pytest.approx(score, abs=1e-6)
    assert (rows["a"].posts, rows["a"].engagement, rows["a"].followers, rows["a"].in_degree) == (
        2, 7, 100, 2,
    )  # fmt: skip
    # Z is only referenced: no posts with mentions, no followers known
    assert (rows["z"].posts, rows["z"].followers, rows["z"].in_degree) == (0, 0, 1)


def test_influencers_follow_the_contestant_and_the_period(net, election):
    # when: Jokowi's posts only: B's reply to C names Foke and leaves the network
    jokowi = queries.influencers(queries.Filters(election, contestants=(net["jokowi"].pk,)),
                                 "in_degree")  # fmt: skip
    later = queries.influencers(queries.Filters(election, start=D + dt.timedelta(1)), "in_degree")
    # then
    assert [(r.author, r.in_degree) for r in jokowi.rows] == [
        ("a", 2), ("b", 1), ("z", 1), ("c", 0),
    ]  # fmt: skip
    assert [(r.author, r.posts) for r in jokowi.rows] == [("a", 1), ("b", 1), ("z", 0), ("c", 2)]
    assert [(r.author, r.in_degree) for r in later.rows] == [
        ("a", 1), ("b", 1), ("c", 1), ("z", 1),
    ]  # fmt: skip


def test_influencers_by_posts_engagement_and_followers(net, election):
    f = queries.Filters(election)
    assert [(r.author, r.posts) for r in queries.influencers(f, "posts").rows] == [
        ("a", 2), ("b", 2), ("c", 2),
    ]  # fmt: skip
    by_eng = queries.influencers(f, "engagement").rows
    assert [(r.author, r.engagement) for r in by_eng] == [("a", 7), ("b", 1), ("c", 0)]
    by_fol = queries.influencers(f, "followers", k=2).rows
    assert [(r.author, r.followers, r.in_degree) for r in by_fol] == [("a", 100, 2), ("b", 30, 1)]


def test_past_the_edge_limit_the_heaviest_edges_are_kept_ties_by_name(net, election, monkeypatch):
    # given: the accounts numbered out of name order (the last day's first: a, c, z, then
    # b), five edges of weight 1, and room for three
    ColumnChunk.objects.filter(election=election).delete()
    refresh_aggregates(election, [D + dt.timedelta(2)])
    refresh_aggregates(election, [D, D + dt.timedelta(1)])
    monkeypatch.setattr(influence, "EDGE_LIMIT", 3)
    # when
    result = queries.influencers(queries.Filters(election), "in_degree")
    # then: b→a, b→c and c→a, the first three by source then target
    assert (result.accounts, result.edges, result.truncated) == (3, 3, True)
    assert [(r.author, r.in_degree) for r in result.rows] == [("a", 2), ("c", 1), ("b", 0)]


def test_refreshing_one_day_drops_only_its_edges(net, election):
    # given: C's @mention post is deleted
    Post.objects.filter(external_id="p3").delete()
    # when
    refresh_aggregates(election, [D + dt.timedelta(1)])
    # then: b→c (reply to a post now gone) and c→a, c→b are gone; b→a and c→z stay
    result = queries.influencers(queries.Filters(election), "in_degree")
    assert [(r.author, r.in_degree) for r in result.rows] == [
        ("a", 1),
        ("z", 1),
        ("b", 0),
        ("c", 0),
    ]


def test_a_refresh_of_every_day_keeps_only_the_accounts_of_stored_posts(net, election):
    # given: C's quote of Z's post deleted, its day refreshed: Z is in no figure now
    Post.objects.filter(external_id="p7").delete()
    refresh_aggregates(election, [D + dt.timedelta(2)])

    def accounts():
        return sorted(columns.accounts(election).names["account"].to_list())

    assert accounts() == ["a", "b", "c", "z"]
    # when
    refresh_aggregates(election)
    # then: the accounts are numbered again, without Z
    assert accounts() == ["a", "b", "c"]
    ranked = queries.influencers(queries.Filters(election), "in_degree").rows
    assert [(r.author, r.in_degree) for r in ranked] == [("a", 2), ("b", 1), ("c", 1)]


def test_dashboard_table_and_csv_export_of_influencers(client, make_user, net, election):
    # given
    client.force_login(make_user("digital_analyst"))
    # when
    panel = client.get(reverse("social:panel", args=["pengaruh"]), {"urut": "followers"})
    reach = client.get(reverse("social:panel", args=["jangkauan"]))
    csv = client.get(reverse("social:export"), {"tabel": "pengaruh", "urut": "in_degree"})
    # then
    assert panel.status_code == 200
    assert [r.author for r in panel.context["influence"].rows] == ["a", "b", "c"]
    assert reach.context["reach"].unique == 150
    assert 'id="influencers"' in panel.content.decode()
    lines = csv.content.decode().splitlines()
    assert lines[0] == "platform,akun,unggahan,keterlibatan,pengikut,derajat_masuk,pagerank"
    assert lines[1].startswith("x,a,2,7,100,2,0.")
    assert len(lines) == 5


def test_reach_and_influencers_of_any_period_by_hand(election, contestants) -> None:
    # given: 5 accounts posting on 23 days, their follower counts changing, some posts
    # reposting an earlier one, naming Foke or Jokowi
    foke, jokowi = contestants[1], contestants[3]
    first = D - dt.timedelta(1)
    posts: list[tuple[Any, ...]] = []
    by_id: dict[str, str] = {}
    for i in range(70):
        day = first + dt.timedelta(i % 23)
        author = "abcde"[i * 7 % 5]
        origin = posts[i // 3][0] if i % 3 == 2 and posts[i // 3][2] != author else None
        p = _post(f"w{i}", day, author.upper(), 10 * (i % 9) + 1, likes=i % 4,
                  repost_of=origin or "")  # fmt: skip
        named = foke if i % 4 == 0 else jokowi
        _mention(p, named, "neutral")
        posts.append((p.external_id, day, author, p.followers, p.likes, origin, named.pk))
        by_id[p.external_id] = author
    refresh_aggregates(election)
    days = [None, *(first + dt.timedelta(i) for i in (0, 1, 2, 7, 8, 9, 15, 16, 21, 22))]
    for start in days:
        for end in days:
            for chosen in ((), (jokowi.pk,)):
                f = queries.Filters(election, start=start, end=end, contestants=chosen)
                kept = [
                    p for p in posts
                    if (start is None or p[1] >= start) and (end is None or p[1] <= end)
                    and (not chosen or p[6] in chosen)
                ]  # fmt: skip
                top: dict[str, int] = {}
                for _i, _day, author, followers, *_ in kept:
                    top[author] = max(top.get(author, 0), followers)
                # when
                got = queries.reach(f)
                ranked = queries.influencers(f, "in_degree", k=10).rows
                # then
                assert got == queries.Reach(
                    len(kept), sum(p[3] for p in kept), len(top), sum(top.values())
                ), (start, end, chosen)
                indegree: dict[str, int] = {}
                for *_, origin, _c in kept:
                    if origin:
                        indegree[by_id[origin]] = indegree.get(by_id[origin], 0) + 1
                assert {r.author: r.in_degree for r in ranked if r.in_degree} == indegree
                for r in ranked:
                    mine = [p for p in kept if p[2] == r.author]
                    assert (r.posts, r.engagement, r.followers) == (
                        len(mine),
                        sum(p[4] for p in mine),
                        max((p[3] for p in mine), default=0),
                    ), (start, end, chosen, r)
