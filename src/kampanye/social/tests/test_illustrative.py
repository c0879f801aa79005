"""The demo's synthetic posts go through the real ingest path, and only once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.ledger.models import Touchpoint
from kampanye.social.illustrative import build_illustrative_social
from kampanye.social.ingest import RawPost, parse
from kampanye.social.models import Mention, Post
from kampanye.social.synthetic import synthetic_posts, write_csv


def test_synthetic_posts_are_ingested_labelled_and_rolled_up(election):
    # given / when
    job = build_illustrative_social(election, n=300, seed=7)
    # then
    assert job.stored == 300 and job.rejected == 0 and job.duplicates == 0
    assert Post.objects.filter(is_synthetic=True).count() == 300
    assert Mention.objects.count() >= 250
    touchpoints = Touchpoint.objects.filter(source__startswith="social:rollup:")
    assert touchpoints.exists() and all(t.illustrative for t in touchpoints)
    assert sum(t.count for t in touchpoints) == Mention.objects.count()


def test_building_twice_changes_nothing(election):
    # given
    build_illustrative_social(election, n=200, seed=7)
    posts, mentions, tps = Post.objects.count(), Mention.objects.count(), Touchpoint.objects.count()
    # when
    build_illustrative_social(election, n=200, seed=7)
    # then
    assert (Post.objects.count(), Mention.objects.count(), Touchpoint.objects.count()) == (
        posts,
        mentions,
        tps,
    )


@settings(max_examples=10)
@given(st.integers(0, 2**32), st.integers(1, 60))
def test_synthetic_rows_are_reproducible_labelled_and_all_parse(tmp_path_factory, seed, n):
    # given / when
    path = write_csv(tmp_path_factory.mktemp("s") / "p.csv", n=n, seed=seed)
    items = list(parse(path, "generic"))
    # then
    assert list(synthetic_posts(n, seed)) == list(synthetic_posts(n, seed))
    assert len(items) == n and all(isinstance(i, RawPost) and i.is_synthetic for i in items)
    assert all(i.external_id.startswith(f"sint-{seed}-") for i in items)
