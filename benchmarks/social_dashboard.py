"""The social dashboard at scale: every figure of ``/sosial/`` over millions of posts.

``python -m benchmarks social_dashboard [--posts 10000000] [--repeat 20]
[--anchor-repeat 1] [--database sqlite|postgres|both] [--markdown FILE]
[--keep DIR | --reuse DIR] [--accounts pareto|zipf]``

Each database runs in its own child process with a throw-away data folder (SQLite: a fresh
file there; PostgreSQL: the database of ``--postgres-url`` or ``DATABASE_URL``, whose social
tables are emptied first — never point it at real data). ``--posts`` synthetic posts of
the six 2012 pairs over a 150-day campaign (≈1.1 mentions per post, issues, Zipf hashtags,
accounts as ``--accounts`` draws them (``_fill``), reposts, syndicated news) are written
with raw bulk SQL (``executemany`` on SQLite, ``COPY`` on PostgreSQL; not through the nlp
pipeline), then ``refresh_aggregates`` builds the daily tables, then every query function
the dashboard runs is timed ``--repeat`` times (after one warm-up) for eight filter sets
(the whole campaign; 120 days, alone, with one contestant and with two; one contestant;
one platform; 7 days; 7 days on one platform), and so are the requests a browser sends
through Django's test client: the page (the shell with the cheap figures) and each of its
panels (``views.PANELS``, loaded by HTMX after the page), one round after another, with the
sum of each round as an informational row (a browser sends the panels at the same time, so
it waits for the slowest, not for the sum). The anchor is the same figures by plain
``GROUP BY`` over the raw posts and mentions (the code before the aggregates), run
``--anchor-repeat`` times in the same process; each anchor's result is checked against the
aggregate's.

SQLite only: ``--keep DIR`` builds the database in the data folder ``DIR`` and leaves it
there; ``--reuse DIR`` times against the database already in ``DIR`` (no writing, no
refresh; ``--posts`` and ``--accounts`` are ignored), and with it ``--anchor-repeat 0``
skips the anchors (each figure then shows *not checked*), so a 10 M database is built once
and re-timed in minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks._children import run_children

TARGET_MS = 300.0
START = dt.date(2012, 5, 1)
DAYS = 150
PLATFORMS = ("x", "facebook", "instagram", "tiktok", "youtube", "online_news")
PLATFORM_SHARE = (0.55, 0.14, 0.09, 0.08, 0.06, 0.08)
VOICE = (0.34, 0.05, 0.36, 0.11, 0.07, 0.07)  # share of mentions per ballot number 1–6
HASHTAGS = 3000
CHUNK = 100_000
PAGE = "page /sosial/ (shell + cheap figures)"
ALL_REQUESTS = "all requests, one after another"
NOT_CHECKED = "not checked"


# --- synthetic data, written with raw SQL ---------------------------------------------------


def _election():
    from kampanye.areas.models import Area
    from kampanye.elections.models import Contestant, Election
    from kampanye.social import actions

    region, _ = Area.objects.get_or_create(code="31", defaults={"name": "DKI Jakarta", "level": 1})
    election, _ = Election.objects.get_or_create(
        slug="bench-social", defaults={"name": "Bench", "office": "Gubernur", "region": region}
    )
    names = ["Foke", "Hendardji", "Jokowi", "Hidayat", "Faisal", "Alex"]
    for n, name in enumerate(names, start=1):
        Contestant.objects.get_or_create(
            election=election,
            ballot_no=n,
            defaults={"name": name, "short": name, "head": name, "deputy": "", "aliases": [name]},
        )
    actions.current_queries(election)
    return election


def _write(table: str, columns: tuple[str, ...], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _fill(n: int, seed: int = 2012, accounts: str = "pareto") -> dict:
    """``n`` posts, their mentions and issues, in chronological id order. ``accounts``:
    ``pareto``, ``n // 8`` accounts each on one platform with a heavy-tailed activity, as
    ``kampanye.social.synthetic`` draws them; ``zipf``, the benchmark's accounts until the
    sixth session (``n // 20`` handles drawn by Zipf 1.6, on every platform: at 10 M posts
    about 60,000 of them post, 170 posts each on average)."""
    import numpy as np
    from django.db import connection, transaction

    from kampanye.nlp import load_issues
    from kampanye.social.models import Mention, Post, PostIssue

    election = _election()
    contestants = {c.ballot_no: c.pk for c in election.contestants.all()}
    issues = [i.code for i in load_issues()]
    tags = np.array([f"tagar{i}" for i in range(HASHTAGS)])
    rng = np.random.default_rng(seed)
    # a campaign that grows towards each round's vote, with a few news-driven spike days
    shape = np.linspace(1.0, 3.0, DAYS)
    shape[[40, 41, 70, 100, 101, 140]] *= 4
    day_p = shape / shape.sum()
    authors = max(1000, n // (20 if accounts == "zipf" else 8))
    followers_of = (rng.lognormal(6, 2, authors)).astype(np.int64).clip(0, 50_000_000)
    if accounts == "pareto":
        activity = np.minimum(rng.pareto(1.3, authors) + 1.0, 1000.0)
        activity /= activity.sum()
        platform_of = rng.choice(len(PLATFORMS), size=authors, p=PLATFORM_SHARE)
    sec_of_day = 86_400
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-2000000")
    post_cols = tuple(f.column for f in Post._meta.concrete_fields)
    mention_cols = tuple(f.column for f in Mention._meta.concrete_fields)
    issue_cols = ("post_id", "issue", "day")
    labels = ("positive", "neutral", "negative")
    started = time.perf_counter()
    # posts come in chronological order: draw the days first, sorted, then fill chunk by chunk
    all_days = np.sort(rng.choice(DAYS, size=n, p=day_p))
    mention_id = 0
    with transaction.atomic():
        for lo in range(0, n, CHUNK):
            hi = min(n, lo + CHUNK)
            k = hi - lo
            ids = np.arange(lo + 1, hi + 1)
            day = all_days[lo:hi]
            secs = np.sort(rng.integers(0, sec_of_day, k))
            order = np.lexsort((secs, day))
            day, secs = day[order], secs[order]
            base = np.datetime64(START.isoformat(), "s") - np.timedelta64(7, "h")
            created = base + day.astype("timedelta64[D]") + secs.astype("timedelta64[s]")
            zone = "+00:00" if vendor == "postgresql" else ""
            created_s = [s.replace("T", " ") + zone for s in created.astype(str)]
            day_s = (np.datetime64(START.isoformat(), "D") + day).astype(str).tolist()
            if accounts == "zipf":
                plat = rng.choice(len(PLATFORMS), size=k, p=PLATFORM_SHARE)
                author_a = (rng.zipf(1.6, k) - 1) % authors
            else:
                author_a = rng.choice(authors, size=k, p=activity)
                plat = platform_of[author_a]
            plat_s = [PLATFORMS[p] for p in plat]
            followers = followers_of[author_a].tolist()
            author = author_a.tolist()
            likes = (rng.geometric(0.05, k) - 1).tolist()
            shares = (rng.geometric(0.2, k) - 1).tolist()
            comments = (rng.geometric(0.1, k) - 1).tolist()
            ntags = rng.choice(3, size=k, p=(0.6, 0.3, 0.1))
            t1 = tags[(rng.zipf(1.3, k) - 1) % HASHTAGS]
            t2 = tags[(rng.zipf(1.3, k) - 1) % HASHTAGS]
            hashtags = [
                "[]" if m == 0 else f'["{a}"]' if m == 1 else f'["{a}", "{b}"]'
                for m, a, b in zip(ntags.tolist(), t1.tolist(), t2.tolist(), strict=True)
            ]
            news = (plat == 5).tolist()
            story = rng.integers(0, max(1, int(n * 0.05)), k).tolist()
            repost = (plat == 0) & (rng.random(k) < 0.2) & (ids > 100)
            repost_of = np.where(repost, rng.integers(1, lo + 2, k), 0).tolist()
            first_a = rng.choice(6, size=k, p=VOICE) + 1
            second = ((first_a + rng.integers(1, 6, k) - 1) % 6 + 1).tolist()
            first = first_a.tolist()
            two = (rng.random(k) < 0.1).tolist()
            id_list = ids.tolist()
            rows = []
            for i in range(k):
                pid = id_list[i]
                is_news = news[i]
                rows.append((
                    pid, plat_s[i], str(pid), election.pk, f"a{author[i]}", f"u{author[i]}",
                    f"{'Jokowi' if first[i] == 3 else 'Foke'} blusukan pasar {pid % 97}",
                    "", created_s[i], day_s[i], "[]", hashtags[i], "",
                    str(repost_of[i]) if repost_of[i] else "", "", followers[i],
                    likes[i], shares[i], comments[i], 0, "id",
                    f"Berita {story[i]}" if is_news else "",
                    f"media{pid % 40}.com/{pid}" if is_news else "",
                    f"{story[i]:x}" if is_news else "", False, None,
                ))  # fmt: skip
            _write(Post._meta.db_table, post_cols, rows)
            mrows, irows = [], []
            lab = rng.choice(3, size=k, p=(0.3, 0.45, 0.25)).tolist()
            lab2 = rng.choice(3, size=k, p=(0.3, 0.45, 0.25)).tolist()
            iss = rng.random(k).tolist()
            i1 = rng.integers(0, len(issues), k).tolist()
            i2 = rng.integers(0, len(issues), k).tolist()
            for i in range(k):
                pid, eng = id_list[i], likes[i] + shares[i] + comments[i]
                picks = [(first[i], lab[i])] + ([(second[i], lab2[i])] if two[i] else [])
                for ballot, lb in picks:
                    mention_id += 1
                    p = [0.1, 0.1, 0.1]
                    p[lb] = 0.8
                    mrows.append((
                        mention_id, pid, contestants[ballot], day_s[i], plat_s[i],
                        followers[i], eng, labels[lb], *p, "bench", "[]", 1, False,
                    ))  # fmt: skip
                if iss[i] < 0.4:
                    irows.append((pid, issues[i1[i]], day_s[i]))
                    if iss[i] < 0.08 and i2[i] != i1[i]:
                        irows.append((pid, issues[i2[i]], day_s[i]))
            _write(Mention._meta.db_table, mention_cols, mrows)
            _write(PostIssue._meta.db_table, issue_cols, irows)
    load_s = time.perf_counter() - started
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Post, Mention):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
    return {"election": election, "load_s": load_s, "mentions": mention_id}


# --- the anchor: the figures by plain GROUP BY over the raw tables ---------------------------


def _raw_mentions(f):
    from kampanye.social.filters import in_period
    from kampanye.social.models import Mention

    qs = Mention.objects.filter(contestant__election=f.election)
    if f.contestants:
        qs = qs.filter(contestant_id__in=f.contestants)
    return in_period(qs, f)


def _raw_posts(f):
    from kampanye.social.models import Post

    return Post.objects.filter(id__in=_raw_mentions(f).values("post_id"))


def anchor_timeline(f) -> dict:
    from django.db.models import Count

    rows = _raw_mentions(f).values("contestant_id", "day").annotate(n=Count("id")).order_by()
    return {(r["contestant_id"], r["day"]): r["n"] for r in rows}


def _mention_sums() -> dict:
    """Mentions, reach, engagement and the three labels, as the raw anchors sum them."""
    from django.db.models import Count, Q, Sum

    return {
        "n": Count("id"),
        "reach": Sum("reach"),
        "eng": Sum("engagement"),
        "pos": Count("id", filter=Q(label="positive")),
        "neu": Count("id", filter=Q(label="neutral")),
        "neg": Count("id", filter=Q(label="negative")),
    }


def anchor_share(f) -> dict:
    rows = _raw_mentions(f).values("contestant_id").annotate(**_mention_sums()).order_by()
    return {
        r["contestant_id"]: (r["n"], r["reach"], r["eng"], r["pos"], r["neu"], r["neg"])
        for r in rows
    }


def anchor_engagement(f) -> list:
    from django.db.models import Count, Sum

    rows = (
        _raw_posts(f)
        .values("platform")
        .annotate(
            posts=Count("id"), likes=Sum("likes"), shares=Sum("shares"), comments=Sum("comments")
        )
        .order_by("platform")
    )
    return [(r["platform"], r["posts"], r["likes"], r["shares"], r["comments"]) for r in rows]


def anchor_hashtags(f, k: int = 10) -> list:
    counter: Counter[str] = Counter()
    for tags in _raw_posts(f).values_list("hashtags", flat=True).iterator(chunk_size=5000):
        counter.update(set(tags))
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def anchor_issues(f, k: int = 10) -> list:
    from django.db.models import Count

    from kampanye.social.models import PostIssue

    rows = (
        PostIssue.objects.filter(post_id__in=_raw_mentions(f).values("post_id"))
        .values("issue")
        .annotate(n=Count("post_id", distinct=True))
        .order_by()
    )
    return sorted(((r["issue"], r["n"]) for r in rows), key=lambda kv: (-kv[1], kv[0]))[:k]


def anchor_news(f) -> dict:
    qs = _raw_posts(f).filter(platform="online_news")
    items = qs.count()
    urls = qs.exclude(url_key="").values("url_key").distinct().count()
    titled = qs.exclude(title_hash="")
    stories = titled.values("title_hash").distinct().count() + qs.filter(title_hash="").count()
    return {"items": items, "urls": urls, "stories": stories}


def anchor_export(f) -> list:
    rows = (
        _raw_mentions(f)
        .values("day", "contestant__short", "platform")
        .annotate(**_mention_sums())
        .order_by("day", "contestant__short", "platform")
    )
    return [
        (r["day"].isoformat(), r["contestant__short"], r["platform"], r["n"], r["reach"] or 0,
         r["eng"] or 0, r["pos"], r["neu"], r["neg"])
        for r in rows
    ]  # fmt: skip


def anchor_reach(f) -> tuple:
    from django.db.models import Count, Max, Sum
    from django.db.models.functions import Lower

    posts = _raw_posts(f)
    total = posts.aggregate(n=Count("id"), potential=Sum("followers"))
    tops = (
        posts.values("platform", key=Lower("author_handle"))
        .annotate(top=Max("followers"))
        .values_list("top", flat=True)
    )
    tops = list(tops)
    return (total["n"], total["potential"] or 0, len(tops), sum(tops))


def anchor_influencers(f, k: int = 10) -> list:
    """In-degree and PageRank from the raw reposts / replies / quotes (the benchmark has no
    @mentions), posts and engagement per author from the raw posts, ranked by PageRank."""
    import numpy as np
    from django.db.models import Count, F, Max, Sum
    from django.db.models.functions import Lower

    from kampanye.social import queries as q
    from kampanye.social.models import Post

    posts = _raw_posts(f)
    author_of = {}
    refs = list(posts.exclude(repost_of="").values_list("platform", "author_handle", "repost_of"))
    wanted = sorted({r for _p, _a, r in refs})
    for start in range(0, len(wanted), 900):  # SQLite's limit on bound variables
        for platform, ext, handle in Post.objects.filter(
            external_id__in=wanted[start : start + 900]
        ).values_list("platform", "external_id", "author_handle"):
            author_of[(platform, ext)] = handle.lower()
    weights: Counter = Counter()
    for platform, handle, ref in refs:
        target = author_of.get((platform, ref))
        if target and target != handle.lower():
            weights[(platform, handle.lower(), target)] += 1
    index: dict = {}
    src, dst, w = [], [], []
    for (platform, s, t), n in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        src.append(index.setdefault((platform, s), len(index)))
        dst.append(index.setdefault((platform, t), len(index)))
        w.append(n)
    src_a, dst_a, w_a = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w)
    ranks = q.pagerank(len(index), src_a, dst_a, w_a)
    indeg = np.bincount(dst_a, weights=w_a, minlength=len(index))
    nodes = list(index)
    top = sorted(range(len(nodes)), key=lambda i: (-ranks[i], nodes[i]))[:k]
    eng = Sum(F("likes") + F("shares") + F("comments"))
    per = posts.values("platform", key=Lower("author_handle"))
    stats = {
        (r["platform"], r["key"]): r
        for r in per.annotate(n=Count("id"), eng=eng, fol=Max("followers"))
    }
    out = []
    for i in top:
        r = stats.get(nodes[i], {})
        out.append((*nodes[i], r.get("n", 0), r.get("eng", 0), r.get("fol", 0),
                    int(indeg[i]), round(float(ranks[i]), 9)))  # fmt: skip
    return out


# --- the figures as the dashboard computes them, in a comparable shape -----------------------


def _cases() -> list[tuple[str, object, object]]:
    """(figure, dashboard function → comparable value, anchor function)."""
    from kampanye.social import queries as q

    def timeline(f):
        return {
            (s.contestant.pk, d): c
            for s in q.timeline(f)
            for d, c in zip(s.days, s.counts, strict=True)
            if c
        }

    def share(f):
        return {
            r.contestant.pk: (r.mentions, r.reach, r.engagement, r.positive, r.neutral, r.negative)
            for r in q.share_of_voice(f).rows
            if r.mentions
        }

    def engagement(f):
        return [
            (r["platform"], r["posts"], r["likes"], r["shares"], r["comments"])
            for r in q.engagement_by_platform(f)
        ]

    def samples(f):
        return [(s["post"].engagement, s["post"].created_at) for s in q.sample_posts(f)]

    def anchor_samples_dedup(f):
        seen, out = set(), []
        for m in (
            _raw_mentions(f)
            .select_related("post")
            .order_by("-engagement", "-post__created_at")[:30]
        ):
            if m.post_id not in seen:
                seen.add(m.post_id)
                out.append((m.post.engagement, m.post.created_at))
        return out[:10]

    def reach(f):
        r = q.reach(f)
        return (r.posts, r.potential, r.authors, r.unique)

    def influencers(f):
        return [
            (r.platform, r.author, r.posts, r.engagement, r.followers, r.in_degree,
             None if r.pagerank is None else round(r.pagerank, 9))
            for r in q.influencers(f).rows
        ]  # fmt: skip

    return [
        ("timeline + spikes", timeline, anchor_timeline),
        ("share of voice + net sentiment", share, anchor_share),
        ("engagement by platform", engagement, anchor_engagement),
        ("top hashtags", q.top_hashtags, anchor_hashtags),
        ("top issues", q.top_issues, anchor_issues),
        ("news de-duplication", q.news_stories, anchor_news),
        ("sample posts", samples, anchor_samples_dedup),
        ("CSV export rows", q.export_rows, anchor_export),
        ("potential + unique reach", reach, anchor_reach),
        ("influencers + PageRank", influencers, anchor_influencers),
    ]


def _filter_sets(election) -> list[tuple[str, object]]:
    from kampanye.social.queries import Filters

    foke, jokowi = (election.contestants.get(ballot_no=n).pk for n in (1, 3))
    week = (START + dt.timedelta(days=60), START + dt.timedelta(days=66))
    months = (START + dt.timedelta(days=10), START + dt.timedelta(days=129))
    return [
        ("whole campaign", Filters(election)),
        ("120 days", Filters(election, start=months[0], end=months[1])),
        (
            "120 days + one contestant",
            Filters(election, start=months[0], end=months[1], contestants=(jokowi,)),
        ),
        (
            "120 days + two contestants",
            Filters(election, start=months[0], end=months[1], contestants=(foke, jokowi)),
        ),
        ("one contestant", Filters(election, contestants=(jokowi,))),
        ("one platform (instagram)", Filters(election, platforms=("instagram",))),
        ("7 days", Filters(election, start=week[0], end=week[1])),
        ("7 days + x", Filters(election, start=week[0], end=week[1], platforms=("x",))),
    ]


def _times(fn, repeat: int) -> tuple[list[float], object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times), result


def _p95(times: list[float]) -> float:
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _page_client(election):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from kampanye.core.models import Membership

    user, created = get_user_model().objects.get_or_create(username="bench-analyst")
    if created:
        Membership.objects.create(user=user, role="manager")
    client = Client()
    client.force_login(user)
    return client


def _page_query(f) -> str:
    parts = [f"pemilihan={f.election.slug}"]
    parts += [f"paslon={c}" for c in f.contestants]
    parts += [f"platform={p}" for p in f.platforms]
    if f.start:
        parts += [f"dari={f.start.isoformat()}", f"sampai={f.end.isoformat()}"]
    return "&".join(parts)


def _times_rounds(fns: dict[str, object], repeat: int) -> tuple[dict[str, list[float]], list]:
    """Each of ``fns`` once (warm-up, answer 200), then ``repeat`` rounds of all of them in
    order: sorted times per name, and the sorted total of each round."""
    for name, fn in fns.items():
        status = fn().status_code
        assert status == 200, (name, status)
    times: dict[str, list[float]] = {name: [] for name in fns}
    totals = []
    for _ in range(repeat):
        total = 0.0
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            ms = (time.perf_counter() - t) * 1000
            times[name].append(ms)
            total += ms
        totals.append(total)
    return {name: sorted(v) for name, v in times.items()}, sorted(totals)


def _requests(client, f) -> dict[str, object]:
    """The requests a browser sends for the dashboard: the page, then each panel (HTMX)."""
    from django.urls import reverse

    from kampanye.social.views import PANELS

    query = _page_query(f)
    fns = {PAGE: lambda: client.get(f"{reverse('social:dashboard')}?{query}")}
    for name in PANELS:
        url = f"{reverse('social:panel', args=[name])}?{query}"
        fns[f"panel {name}"] = lambda url=url: client.get(url, headers={"HX-Request": "true"})
    return fns


def _build(posts: int, accounts: str) -> dict:
    """Empty the social tables, write ``posts`` posts (``_fill``), refresh the aggregates."""
    from django.db import connection

    from kampanye.social import aggregates
    from kampanye.social.models import Mention, Post, PostIssue

    with connection.cursor() as cursor:
        for model in (*aggregates.AGGREGATES, PostIssue, Mention, Post):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    ctx = _fill(posts, accounts=accounts)
    election = ctx["election"]
    t = time.perf_counter()
    aggregates.refresh_aggregates(election)
    refresh_s = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t = time.perf_counter()
    last_day = START + dt.timedelta(days=DAYS - 1)
    aggregates.refresh_aggregates(election, [last_day])
    return {
        **ctx,
        "load_s": round(ctx["load_s"], 1),
        "refresh_s": round(refresh_s, 1),
        "refresh_day_s": round(time.perf_counter() - t, 2),
    }


def _reused() -> dict:
    """The database built by an earlier ``--keep`` run, as it is."""
    from kampanye.elections.models import Election
    from kampanye.social.models import Mention, Post

    return {  # the benchmark's database holds its one election only
        "election": Election.objects.get(slug="bench-social"),
        "posts": Post.objects.count(),
        "mentions": Mention.objects.count(),
        "load_s": None,
        "refresh_s": None,
        "refresh_day_s": None,
    }


def child(
    posts: int, repeat: int, anchor_repeat: int, reuse: bool = False, accounts: str = "pareto"
) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from kampanye.social import aggregates, columns

    call_command("migrate", verbosity=0)
    ctx = _reused() if reuse else {"posts": posts, **_build(posts, accounts)}
    election = ctx.pop("election")
    sizes = {m.__name__: m.objects.count() for m in aggregates.AGGREGATES}
    sizes.update({kind: len(columns.frame(election, kind)) for kind in columns.SCHEMAS})
    authors = columns.frame(election, columns.AUTHOR).filter(cmask=0)
    ctx["accounts"] = authors.select("platform", "author").n_unique()
    check = anchor_repeat > 0 or not reuse
    client = _page_client(election)
    results = []
    for fname, f in _filter_sets(election):
        for name, fn, anchor in _cases():
            times, value = _times(lambda fn=fn, f=f: fn(f), repeat)
            row = {
                "filters": fname,
                "query": name,
                "median_ms": statistics.median(times),
                "p95_ms": _p95(times),
                "anchor_median_ms": None,
                "same": NOT_CHECKED,
            }
            if check:
                a_times, a_value = _times(lambda anchor=anchor, f=f: anchor(f), anchor_repeat)
                row.update(anchor_median_ms=statistics.median(a_times), same=value == a_value)
            results.append(row)
            print(json.dumps(results[-1], default=str), file=sys.stderr, flush=True)
        per_request, totals = _times_rounds(_requests(client, f), repeat)
        rows = [(name, times, False) for name, times in per_request.items()]
        for name, times, informational in [*rows, (ALL_REQUESTS, totals, True)]:
            results.append({
                "filters": fname, "query": name,
                "median_ms": statistics.median(times), "p95_ms": _p95(times),
                "anchor_median_ms": None, "same": None, "informational": informational,
            })  # fmt: skip
            print(json.dumps(results[-1], default=str), file=sys.stderr, flush=True)
    return {
        **_versions(),
        **ctx,
        "reused": reuse,
        "aggregate_rows": sizes,
        "db_bytes": _db_bytes(),
        "results": results,
    }


def _db_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    name = connection.settings_dict["NAME"]
    return sum(p.stat().st_size for p in Path(name).parent.glob(Path(name).name + "*"))


def _versions() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return {"database": f"PostgreSQL {cursor.fetchone()[0]}"}
        cursor.execute("select sqlite_version()")
        return {"database": f"SQLite {cursor.fetchone()[0]}"}


def _built(rep: dict) -> str:
    if rep["reused"]:
        return "Reused the database of an earlier `--keep` run (not written or refreshed now)"
    return (
        f"Loaded in {rep['load_s']} s; aggregates refreshed in {rep['refresh_s']} s "
        f"(one day again: {rep['refresh_day_s']} s)"
    )


def _same(value) -> str:
    if value is None or value == NOT_CHECKED:
        return value or ""
    return "yes" if value else "**no**"


def markdown(reports: list[dict], command: str) -> str:
    from benchmarks.ledger import _machine

    m = _machine()
    load = os.getloadavg()
    lines = [
        f"Command: `{command}`  ",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram']} RAM, Python {m['python']}, "
        f"{m['date']}; load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.",
        "",
    ]
    for rep in reports:
        rows = rep["results"]
        targets = [r for r in rows if not r.get("informational")]
        missed = [f"{r['query']} ({r['filters']})" for r in targets if r["p95_ms"] >= TARGET_MS]
        sizes = ", ".join(f"{k} {v:,}" for k, v in rep["aggregate_rows"].items())
        lines += [
            f"### {rep['database']} — {rep['posts']:,} posts, {rep['mentions']:,} mentions",
            "",
            f"{_built(rep)}; database {rep['db_bytes'] / 2**30:.1f} GiB; {rep['accounts']:,} "
            f"accounts with posts naming a contestant; aggregate rows: {sizes}.",
            "",
            "| filters | figure | p50 ms | p95 ms | anchor (raw GROUP BY) ms | ratio | same |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        for r in rows:
            anchor = r["anchor_median_ms"]
            ratio = ""
            if anchor and r["median_ms"] >= 0.05:
                ratio = f"{anchor / r['median_ms']:,.0f}×"
            elif anchor:
                ratio = "— (no news on this platform: nothing to read)"
            lines.append(
                f"| {r['filters']} | {r['query']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                f"{'' if anchor is None else f'{anchor:,.0f}'} | {ratio} | {_same(r['same'])} |"
            )
        met = len(targets) - len(missed)
        verdict = f"Target (p95 < {TARGET_MS:.0f} ms): met by {met} of {len(targets)}"
        verdict += f"; missed by {', '.join(missed)}." if missed else "."
        verdict += (
            f" The rows *{ALL_REQUESTS}* (the sum of the page and its panels, round by round)"
            " are for information, not a target: a browser asks for the panels at once."
        )
        lines += ["", verdict, ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks social_dashboard")
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--anchor-repeat", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default=None)
    parser.add_argument("--postgres-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--accounts",
        choices=("pareto", "zipf"),
        default="pareto",
        help="how the synthetic posts' accounts are drawn (see _fill); zipf: until 2026-11-27",
    )
    parser.add_argument("--markdown", type=Path, help="also write the results to this file")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument(
        "--keep", type=Path, metavar="DIR", help="SQLite: build the database in DIR, keep it"
    )
    kept.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="SQLite: time against the database a --keep run left in DIR (--posts ignored)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        reuse = args.reuse is not None
        print(json.dumps(child(args.posts, args.repeat, args.anchor_repeat, reuse, args.accounts)))
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.anchor_repeat < 0 or (args.anchor_repeat == 0 and args.reuse is None):
        parser.error("--anchor-repeat 0 (anchors not checked) needs --reuse")
    database = args.database or ("both" if args.postgres_url else "sqlite")
    wanted = ["sqlite", "postgres"] if database == "both" else [database]
    if "postgres" in wanted and not args.postgres_url:
        parser.error("PostgreSQL needs --postgres-url or DATABASE_URL")
    folder = args.keep or args.reuse
    if folder is not None and wanted != ["sqlite"]:
        parser.error("--keep and --reuse are for SQLite only (--database sqlite)")
    if args.reuse is not None and not (args.reuse / "kampanye.sqlite3").exists():
        parser.error(f"{args.reuse}: no kampanye.sqlite3 there (build it with --keep)")
    child_args = ["--posts", str(args.posts), "--repeat", str(args.repeat)]
    child_args += ["--anchor-repeat", str(args.anchor_repeat), "--accounts", args.accounts]
    if args.reuse is not None:
        child_args += ["--reuse", str(args.reuse)]
    if folder is None:
        reports = run_children("social_dashboard", wanted, args.postgres_url, child_args)
    else:
        reports = run_children("social_dashboard", ["sqlite"], "", child_args, folder.resolve())
    shown = [a for a in argv if "://" not in a and not a.startswith("--postgres-url")]
    command = "python -m benchmarks social_dashboard " + " ".join(shown)
    text = markdown(reports, command.strip())
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
