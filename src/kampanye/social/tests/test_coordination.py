"""Coordination networks and account heuristics on hand-made posts (pure, no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.social import coordination as co


def posts(rows, repost=None, hashtags=None, urls=None):
    """rows: (account, seconds, text)."""
    return co.Posts(
        account=np.array([r[0] for r in rows]),
        time=np.array([r[1] for r in rows]),
        text=[r[2] for r in rows],
        repost=repost or [""] * len(rows),
        hashtags=hashtags or [[] for _ in rows],
        urls=urls or [[] for _ in rows],
    )


def as_dict(edges):
    return {
        (int(a), int(b)): int(w) for a, b, w in zip(edges.a, edges.b, edges.weight, strict=True)
    }


def test_co_post_pairs_accounts_posting_the_same_text_within_the_window():
    # given: 0, 1 and 2 post text "x" at 0, 30 and 100 s; 3 posts "y"; 0 posts "x" again at 50
    p = posts([(0, 0, "x"), (1, 30, "x"), (2, 100, "x"), (3, 10, "y"), (0, 50, "x")])
    # when
    edges = co.co_post(p, window=60)
    # then: (0,1) from posts 0–30 and 50–30; (0,2) from 50–100; 1–2 are 70 s apart
    assert as_dict(edges) == {(0, 1): 2, (0, 2): 1}


def test_the_window_boundary_is_inclusive():
    p = posts([(0, 0, "x"), (1, 60, "x"), (2, 121, "x")])
    assert as_dict(co.co_post(p, window=60)) == {(0, 1): 1}


def test_an_account_repeating_itself_makes_no_edge_and_reposts_are_not_co_posts():
    p = posts([(0, 0, "x"), (0, 5, "x"), (1, 6, "x")], repost=["", "", "99"])
    assert as_dict(co.co_post(p)) == {}


def test_co_repost_groups_by_the_reposted_post():
    # given
    p = posts([(0, 0, "a"), (1, 20, "b"), (2, 30, "c"), (3, 40, "d")], repost=["7", "7", "8", ""])
    # when
    edges = co.co_repost(p, window=60)
    # then: evidence is the pair of posts
    assert as_dict(edges) == {(0, 1): 1}
    assert (int(edges.post_a[0]), int(edges.post_b[0])) == (0, 1)


def test_co_hashtag_and_co_link_count_each_shared_item():
    p = posts(
        [(0, 0, "a"), (1, 10, "b")],
        hashtags=[["JokowiAhok", "dki"], ["jokowiahok", "dki"]],
        urls=[["https://x.example/1"], ["https://x.example/2"]],
    )
    assert as_dict(co.co_hashtag(p)) == {(0, 1): 2}
    assert as_dict(co.co_link(p)) == {}


def test_co_similarity_finds_near_identical_texts_and_refuses_different_ones():
    # given: 11 words; one word changed at the end keeps 9 of 10 bigrams (Jaccard 9/11)
    base = "warga jakarta pilih pemimpin yang jujur dan bersih demi kota baru"
    near = base.replace("baru", "maju")
    other = "harga cabai naik lagi di pasar minggu pagi ini kata pedagang"
    p = posts([(0, 0, base), (1, 20, near), (2, 25, other), (3, 500, base)])
    # when
    edges = co.co_similarity(p, window=60, threshold=0.8)
    # then
    assert as_dict(edges) == {(0, 1): 1}
    assert as_dict(co.co_similarity(p, window=60, threshold=0.9)) == {}


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_co_similarity_finds_every_identical_pair_for_any_seed(seed):
    text = "satu dua tiga empat lima enam tujuh"
    p = posts([(a, a, text) for a in range(5)])
    assert as_dict(co.co_similarity(p, seed=seed)) == {
        (a, b): 1 for a in range(5) for b in range(a + 1, 5)
    }


def test_clusters_keep_edges_over_the_minimum_weight():
    # given: 0–1 weight 3, 1–2 weight 1, 3–4 weight 2
    e = co.Edges(
        np.array([0, 1, 3]), np.array([1, 2, 4]), np.array([3, 1, 2]), np.zeros(3), np.zeros(3)
    )
    # when
    groups = co.clusters(e, n_accounts=6, min_weight=2)
    # then
    assert [g.tolist() for g in groups] == [[0, 1], [3, 4]]
    assert [g.tolist() for g in co.clusters(e, 6, min_weight=1)] == [[0, 1, 2], [3, 4]]


def test_combine_sums_weights_across_kinds():
    a = co.Edges(np.array([0]), np.array([1]), np.array([2]), np.array([5]), np.array([6]))
    b = co.Edges(np.array([0, 1]), np.array([1, 2]), np.array([1, 4]), np.zeros(2), np.zeros(2))
    assert as_dict(co.combine({"a": a, "b": b})) == {(0, 1): 3, (1, 2): 4}


def test_account_signals_on_a_hand_computed_series():
    # given: account 0 posts every 100 s (4 posts, one text repeated by account 1),
    # account 1 posts twice a day apart
    p = posts(
        [(0, 0, "a"), (0, 100, "b"), (0, 200, "c"), (0, 300, "x"), (1, 0, "x"), (1, 86400, "y")]
    )
    # when
    s = co.account_signals(p, age_days={0: 30.0}, busy_per_day=50)
    # then: 4 posts over < 1 day = 4/day → rate 0.08; gaps all 100 → CV 0 → regularity 1;
    # duplicate share 1/4; young = 1 − 30/90
    zero = s[0]
    assert zero.posts == 4 and zero.per_day == 4.0 and zero.rate == pytest.approx(0.08)
    assert zero.gap_cv == 0.0 and zero.regularity == 1.0
    assert zero.duplicate_share == 0.25
    assert zero.young == pytest.approx(2 / 3)
    assert zero.score == pytest.approx((0.08 + 1 + 0.25 + 2 / 3) / 4)
    one = s[1]
    assert one.per_day == 2.0 and one.gap_cv is None and one.young is None
    assert one.score == pytest.approx((0.04 + 0 + 0.5) / 3)


def test_estimate_window_is_the_median_gap_of_shared_texts():
    p = posts([(0, 0, "x"), (1, 20, "x"), (0, 100, "y"), (1, 140, "y"), (2, 200, "z")])
    assert co.estimate_window(p, low=1) == 30
    assert co.estimate_window(posts([(0, 0, "x")])) == 3600


# --- the query and the page ---------------------------------------------------------------


@pytest.fixture
def planted(election):
    """Accounts a, b, c post the same three texts within 20 s; d posts alone."""
    import datetime as dt

    from kampanye.social.models import Post

    start = dt.datetime(2012, 7, 5, 2, 0, tzinfo=dt.UTC)
    n = 0
    for k, text in enumerate(["dukung nomor tiga sekarang", "ayo coblos kotak", "kota baru"]):
        for s, account in enumerate(["a", "b", "c", "d" if k == 0 else None]):
            if account is None:
                continue
            when = start + dt.timedelta(hours=k, seconds=10 * s if account != "d" else 900)
            n += 1
            Post.objects.create(
                platform="x",
                external_id=str(n),
                election=election,
                author_id=account,
                author_handle=f"akun_{account}",
                text=text.upper(),
                text_norm=text,
                created_at=when,
                day=when.date(),
            )
    return election


def test_the_coordination_query_finds_the_planted_cluster_with_evidence(planted):
    from kampanye.social import queries

    # given
    f = queries.Filters(election=planted)
    # when
    report = queries.coordination(f, queries.CoordinationParams(window=60, min_weight=3))
    # then: a, b, c share 3 texts pairwise: co-post 3 + co-similarity 2 per pair ("kota baru"
    # has under 3 words, too short to compare)
    assert (report.posts, report.accounts) == (10, 4)
    [cluster] = report.clusters
    assert sorted(a.handle for a in cluster.accounts) == ["akun_a", "akun_b", "akun_c"]
    assert cluster.edges == 3 and cluster.weight == 15
    assert cluster.kinds == {"co_post": 3, "co_similarity": 3}
    assert cluster.evidence[0].text_a == cluster.evidence[0].text_b


def test_the_coordination_page(client, make_user, planted):
    client.force_login(make_user("volunteer"))
    from django.urls import reverse

    assert client.get(reverse("social:coordination")).status_code == 403
    client.force_login(make_user("digital_analyst"))
    response = client.get(reverse("social:coordination"), {"jendela": "", "bobot_min": "2"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "akun_a" in body and "terkoordinasi" in body and " bot" not in body.lower()
    assert response.context["report"].window_estimated


def test_the_demo_plants_two_clusters_and_is_idempotent(election):
    # given
    from kampanye.social import queries
    from kampanye.social.illustrative import build_coordinated_social
    from kampanye.social.models import Post

    job = build_coordinated_social(election, seed=3)
    # when
    again = build_coordinated_social(election, seed=3)
    report = queries.coordination(
        queries.Filters(election=election), queries.CoordinationParams(window=60, min_weight=3)
    )
    # then
    assert again.pk == job.pk and Post.objects.count() == job.stored == 2 * 8 * 6
    assert [len(c.accounts) for c in report.clusters] == [8, 8]
    assert {a.handle[:16] for c in report.clusters for a in c.accounts} == {
        "akun_serentak_0_",
        "akun_serentak_1_",
    }


# --- against brute force ------------------------------------------------------------------

rows_strategy = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 300), st.sampled_from(["x", "y", "z", ""])),
    max_size=30,
)


def brute_force(rows, window) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for i, (ai, ti, xi) in enumerate(rows):
        for aj, tj, xj in rows[i + 1 :]:
            if xi and xi == xj and ai != aj and abs(ti - tj) <= window:
                key = (min(ai, aj), max(ai, aj))
                out[key] = out.get(key, 0) + 1
    return out


@settings(max_examples=150)
@given(rows_strategy, st.integers(0, 120))
def test_co_post_equals_brute_force(rows, window):
    assert as_dict(co.co_post(posts(rows), window=window)) == brute_force(rows, window)


@settings(max_examples=60)
@given(rows_strategy, st.integers(0, 120), st.integers(0, 2**16))
def test_co_similarity_of_identical_texts_equals_brute_force_for_any_seed(rows, window, seed):
    # given: one-letter texts made into three-word texts, so identical or disjoint
    long = [(a, t, f"{x} {x}a {x}b" if x else "") for a, t, x in rows]
    # then
    assert as_dict(co.co_similarity(posts(long), window=window, seed=seed)) == brute_force(
        rows, window
    )
