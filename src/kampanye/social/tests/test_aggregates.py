"""The dashboard's daily aggregates: refreshed by day, idempotent, same figures as by hand."""

from __future__ import annotations

import datetime as dt

from kampanye.social import actions, models, queries
from kampanye.social.aggregates import refresh_aggregates
from kampanye.social.models import Post
from kampanye.social.tally import TOP_PER_CELL
from kampanye.social.tests.test_queries import D, _mention, _post, world  # noqa: F401


def _snapshot(election) -> dict[str, list[tuple]]:
    out = {}
    for model in models.AGGREGATES:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        out[model.__name__] = sorted(
            model.objects.filter(election=election).values_list(*fields), key=str
        )
    return out


def test_refreshing_again_changes_nothing(world, election):  # noqa: F811
    # given
    before = _snapshot(election)
    # when
    refresh_aggregates(election)
    refresh_aggregates(election, [D, D + dt.timedelta(2)])
    # then
    assert _snapshot(election) == before
    assert before["MentionDay"] and before["TopMention"]


def test_a_day_refresh_follows_new_and_deleted_posts_leaving_other_days(world, election):  # noqa: F811
    # given: a new post on D naming Foke, and post "a" deleted
    g = _post("g", D, followers=10, likes=2, hashtags=["banjir"])
    _mention(g, world["foke"], "positive")
    Post.objects.filter(external_id="a").delete()
    other_day = _snapshot(election)["IssueDay"]
    # when
    assert refresh_aggregates(election, {D}) == 1
    # then: Foke has g only (a is gone), Jokowi keeps b on D and c, d, e two days later
    f = queries.Filters(election)
    rows = {r.contestant.pk: r for r in queries.share_of_voice(f).rows}
    foke, jokowi = rows[world["foke"].pk], rows[world["jokowi"].pk]
    assert (foke.mentions, foke.reach, foke.engagement, foke.positive) == (1, 10, 2, 1)
    assert (jokowi.mentions, jokowi.reach, jokowi.positive) == (4, 200 + 300, 1)
    assert queries.top_hashtags(f) == [("banjir", 1), ("jakartabaru", 1)]
    assert queries.top_issues(f) == [("banjir", 1), ("macet", 1)]
    later = [r for r in _snapshot(election)["IssueDay"] if r[1] == D + dt.timedelta(2)]
    assert later == [r for r in other_day if r[1] == D + dt.timedelta(2)]


def test_a_post_naming_two_chosen_contestants_counts_once(world, election):  # noqa: F811
    # given: post "a" names both Foke and Jokowi
    f = queries.Filters(election, contestants=(world["foke"].pk, world["jokowi"].pk))
    # when
    platforms = {r["platform"]: r for r in queries.engagement_by_platform(f)}
    # then
    assert (platforms["x"]["posts"], platforms["x"]["engagement"]) == (2, 4 + 1)
    assert queries.top_hashtags(f) == [("jakartabaru", 2), ("banjir", 1)]
    assert queries.top_issues(f) == [("banjir", 2), ("macet", 1)]
    only_foke = queries.Filters(election, contestants=(world["foke"].pk,))
    assert queries.top_hashtags(only_foke) == [("banjir", 1), ("jakartabaru", 1)]
    assert queries.news_stories(only_foke) == {"items": 0, "urls": 0, "stories": 0}


def test_sample_posts_are_the_most_engaging_of_the_whole_range(election, contestants):
    # given: 40 posts on D (engagement 0…39) and 3 on the next day (engagement 100…102)
    jokowi = contestants[3]
    for i in range(40):
        _mention(_post(f"p{i}", D, likes=i, text=f"Jokowi {i}"), jokowi, "neutral")
    for i in range(3):
        _mention(_post(f"q{i}", D + dt.timedelta(1), likes=100 + i), jokowi, "positive")
    refresh_aggregates(election)
    actions.current_queries(election)
    # when
    picked = queries.sample_posts(queries.Filters(election))
    # then: the three of the next day, then 39 down to 33 from D
    assert [s["post"].engagement for s in picked] == [102, 101, 100, *range(39, 32, -1)]
    assert "<mark>Jokowi</mark>" in picked[3]["html"]
    assert models.TopMention.objects.filter(day=D).count() == TOP_PER_CELL


def test_news_of_a_date_range_counts_stories_first_seen_before_it_once(world, election):  # noqa: F811
    # given: d and e (D+2) share title h1; f (D+5) repeats d's URL and title and names Foke too
    f_ = _post("f", D + dt.timedelta(5), platform="online_news", url_key="kompas.com/1")
    f_.title_hash = "h1"
    f_.save()
    _mention(f_, world["jokowi"], "neutral")
    _mention(f_, world["foke"], "negative")
    refresh_aggregates(election, [f_.day])
    # when / then
    news = queries.news_stories
    assert news(queries.Filters(election)) == {"items": 3, "urls": 2, "stories": 1}
    later = queries.Filters(election, start=D + dt.timedelta(3))
    assert news(later) == {"items": 1, "urls": 1, "stories": 1}
    day = queries.Filters(election, start=D + dt.timedelta(2), end=D + dt.timedelta(2))
    assert news(day) == {"items": 2, "urls": 2, "stories": 1}
    foke = queries.Filters(election, contestants=(world["foke"].pk,))
    assert news(foke) == {"items": 1, "urls": 1, "stories": 1}
    two = queries.Filters(election, contestants=(world["foke"].pk, world["jokowi"].pk))
    assert news(two) == {"items": 3, "urls": 2, "stories": 1}


def test_top_hashtags_of_any_period_count_the_posts_of_that_period(election, contestants) -> None:
    # given: posts with tags over seven days, naming Foke, Jokowi or both, on two platforms
    foke, jokowi = contestants[1], contestants[3]
    tags = ["banjir", "macet", "jakartabaru", "kjs"]
    posts = []
    for i in range(28):
        day = D + dt.timedelta(i % 7)
        post = _post(
            f"t{i}", day, platform="x" if i % 3 else "facebook",
            hashtags=tags[i % 4 : i % 4 + 1 + i % 2],
        )  # fmt: skip
        pairs = [foke] if i % 5 == 0 else [jokowi] if i % 5 < 3 else [foke, jokowi]
        for c in pairs:
            _mention(post, c, "neutral")
        posts.append((day, post.platform, set(post.hashtags), {c.pk for c in pairs}))
    refresh_aggregates(election)
    days = [None, D - dt.timedelta(1), *(D + dt.timedelta(i) for i in range(8))]
    for start in days:
        for end in days:
            for chosen, platforms in (((), ()), ((foke.pk,), ()), ((), ("x",))):
                f = queries.Filters(
                    election, start=start, end=end, contestants=chosen, platforms=platforms
                )
                # when
                got = queries.top_hashtags(f, k=10)
                # then: what counting the posts by hand gives (ties by name)
                counted: dict[str, int] = {}
                for day, platform, post_tags, named in posts:
                    if (start and day < start) or (end and day > end):
                        continue
                    if (chosen and not named & set(chosen)) or (
                        platforms and platform not in platforms
                    ):
                        continue
                    for tag in post_tags:
                        counted[tag] = counted.get(tag, 0) + 1
                expected = sorted(counted.items(), key=lambda t: (-t[1], t[0]))
                assert got == expected, (start, end, chosen, platforms)
