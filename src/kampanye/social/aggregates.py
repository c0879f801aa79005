"""Daily aggregates the social dashboard reads instead of the raw posts.

Every table is keyed by election and WIB day, so ``refresh_aggregates(election, days)``
recomputes exactly the days an import touched (delete those days, then one
``INSERT … SELECT … GROUP BY`` per table, in one transaction; running it again changes
nothing). Figures that count *distinct posts* (engagement, hashtags, issues, news) keep the
set of contestants a post names as a bit mask (``1 << ballot_no`` summed over its
mentions), so "posts naming any of the chosen contestants" is ``cmask & chosen ≠ 0``
and a post naming two chosen contestants still counts once; ``cmask = 0`` rows hold the
same sums over all posts with mentions (no contestant filter reads only those).

Four tables are not additive by day and are rebuilt from the daily ones: ``HashtagTotal``,
``AuthorTotal`` and ``EdgeTotal`` (the whole campaign's hashtags, authors and network, for
the page without dates) and ``NewsFirst`` (news items with the WIB day their title and URL
were last seen before, so the distinct stories and URLs of any date range are a sum: an
item counts when nothing before the range shared it). An import adds its own figures
instead (``increments.add_figures``).

The election's foreign keys have no index of their own: every table has a composite index
that starts with the election, and one index less makes the large tables cheaper to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from kampanye.elections.models import Contestant, Election
from kampanye.social.prepare import (
    AT_MENTION,
    TOP_PER_CELL,
)


def contestant_bit(ballot_no: int) -> int:
    """The bit of a contestant in ``cmask``."""
    return 1 << ballot_no


class MentionDay(models.Model):
    """Mentions per contestant × WIB day × platform: counts by label, reach and engagement."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    platform = models.CharField(max_length=20)
    mentions = models.PositiveIntegerField()
    positive = models.PositiveIntegerField()
    neutral = models.PositiveIntegerField()
    negative = models.PositiveIntegerField()
    reach = models.PositiveBigIntegerField()
    engagement = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["election", "day"], name="agg_mention_day")]
        verbose_name = _("agregat penyebutan harian")

    def __str__(self) -> str:
        return f"{self.day} {self.contestant_id} {self.platform}: {self.mentions}"


class PostDay(models.Model):
    """Distinct posts with mentions per WIB day × platform × set of contestants named."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    posts = models.PositiveIntegerField()
    likes = models.PositiveBigIntegerField()
    shares = models.PositiveBigIntegerField()
    comments = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["election", "day"], name="agg_post_day")]
        verbose_name = _("agregat unggahan harian")

    def __str__(self) -> str:
        return f"{self.day} {self.platform} {self.cmask:b}: {self.posts}"


class HashtagDay(models.Model):
    """Distinct posts carrying a hashtag, per WIB day × platform × set of contestants."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    tag = models.CharField(max_length=200)
    posts = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "day", "platform", "cmask", "tag", "posts"],
                name="agg_hashtag_day",
            ),
            models.Index(
                fields=["election", "cmask", "day", "platform", "tag", "posts"],
                name="agg_hashtag_any_day",
            ),
        ]
        verbose_name = _("agregat tagar harian")

    def __str__(self) -> str:
        return f"{self.day} #{self.tag}: {self.posts}"


class HashtagTotal(models.Model):
    """``HashtagDay`` summed over the whole campaign (per platform × set of contestants)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    tag = models.CharField(max_length=200)
    posts = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "cmask", "platform", "tag", "posts"], name="agg_hashtag_total"
            )
        ]
        verbose_name = _("agregat tagar kampanye")

    def __str__(self) -> str:
        return f"#{self.tag}: {self.posts}"


class IssueDay(models.Model):
    """Distinct posts raising an issue, per WIB day × platform × set of contestants."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    issue = models.CharField(max_length=40)
    posts = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "day", "platform", "cmask", "issue", "posts"],
                name="agg_issue_day",
            )
        ]
        verbose_name = _("agregat isu harian")

    def __str__(self) -> str:
        return f"{self.day} {self.issue}: {self.posts}"


class NewsDay(models.Model):
    """Online news items per WIB day × set of contestants × normalised URL × title hash."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    cmask = models.BigIntegerField()
    url_key = models.CharField(max_length=500)
    title_hash = models.CharField(max_length=16)
    items = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "day", "cmask", "title_hash", "url_key", "items"],
                name="agg_news_day",
            )
        ]
        verbose_name = _("agregat berita harian")

    def __str__(self) -> str:
        return f"{self.day} {self.url_key or self.title_hash}: {self.items}"


class NewsFirst(models.Model):
    """News items per WIB day, with the WIB day the same title (and URL) was last seen on an
    earlier item (None: never), for all posts with mentions (``contestant`` None) and per
    contestant named."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contestant = models.ForeignKey(
        Contestant, null=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    has_title = models.BooleanField()
    prev_title_day = models.DateField(null=True)
    has_url = models.BooleanField()
    prev_url_day = models.DateField(null=True)
    items = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["election", "contestant", "day"], name="agg_news_first")]
        verbose_name = _("agregat berita pertama")

    def __str__(self) -> str:
        return f"{self.day} ({self.prev_title_day}): {self.items}"


class TopMention(models.Model):
    """The ``TOP_PER_CELL`` most engaging mentions of each contestant × WIB day × platform
    (ties: newest post first): the most engaging mentions of any union of such cells are
    among them, so the sample posts never read the raw mentions."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contestant = models.ForeignKey(  # deleting a contestant may scan this small table
        Contestant, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    mention = models.ForeignKey("social.Mention", on_delete=models.CASCADE, related_name="+")
    engagement = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "-engagement", "-created_at"], name="agg_top_engagement"
            ),
            models.Index(
                fields=["election", "contestant", "-engagement", "-created_at"],
                name="agg_top_contestant",
            ),
            models.Index(fields=["election", "day"], name="agg_top_day"),
        ]
        verbose_name = _("penyebutan teratas harian")

    def __str__(self) -> str:
        return f"{self.day} {self.mention_id}: {self.engagement}"


class AuthorDay(models.Model):
    """Distinct posts with mentions per WIB day × platform × set of contestants × author
    (``author``: the lower-cased handle, else the platform's author id): posts, engagement,
    the followers summed over the posts (potential reach) and their largest (unique reach)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    author = models.CharField(max_length=200)
    posts = models.PositiveIntegerField()
    engagement = models.PositiveBigIntegerField()
    reach = models.PositiveBigIntegerField()
    followers = models.PositiveBigIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=[
                    "election", "cmask", "day", "platform", "author", "posts", "engagement",
                    "reach", "followers",
                ],
                name="agg_author_day",
            )
        ]  # fmt: skip
        verbose_name = _("agregat akun harian")

    def __str__(self) -> str:
        return f"{self.day} {self.platform}:{self.author}: {self.posts}"


class AuthorTotal(models.Model):
    """``AuthorDay`` summed over the whole campaign (per platform × set of contestants ×
    author), for the page without dates."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    author = models.CharField(max_length=200)
    posts = models.PositiveIntegerField()
    engagement = models.PositiveBigIntegerField()
    reach = models.PositiveBigIntegerField()
    followers = models.PositiveBigIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=[
                    "election", "cmask", "platform", "author", "posts", "engagement", "reach",
                    "followers",
                ],
                name="agg_author_total",
            )
        ]  # fmt: skip
        verbose_name = _("agregat akun kampanye")

    def __str__(self) -> str:
        return f"{self.platform}:{self.author}: {self.posts}"


class EdgeDay(models.Model):
    """The repost / reply / quote / @mention network of posts with mentions: references from
    ``source`` to ``target`` (authors as in ``AuthorDay``) per WIB day × platform × set of
    contestants the referring post names."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    source = models.CharField(max_length=200)
    target = models.CharField(max_length=200)
    weight = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "cmask", "day", "platform", "source", "target", "weight"],
                name="agg_edge_day",
            )
        ]
        verbose_name = _("agregat jaringan harian")

    def __str__(self) -> str:
        return f"{self.day} {self.source} → {self.target}: {self.weight}"


class EdgeTotal(models.Model):
    """``EdgeDay`` summed over the whole campaign (per platform × set of contestants ×
    source × target), for the influencers of the page without dates."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    source = models.CharField(max_length=200)
    target = models.CharField(max_length=200)
    weight = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "cmask", "platform", "source", "target", "weight"],
                name="agg_edge_total",
            )
        ]
        verbose_name = _("agregat jaringan kampanye")

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.weight}"


NETWORK = (AuthorDay, EdgeDay)
DAILY = (MentionDay, PostDay, HashtagDay, IssueDay, NewsDay, TopMention, *NETWORK)
AGGREGATES = (*DAILY, HashtagTotal, NewsFirst, AuthorTotal, EdgeTotal)


def _tables() -> dict[str, str]:
    from kampanye.social.models import Mention, Post, PostIssue

    names = {m.__name__.lower(): m._meta.db_table for m in AGGREGATES}
    names.update(
        mention=Mention._meta.db_table,
        post=Post._meta.db_table,
        postissue=PostIssue._meta.db_table,
        contestant=Contestant._meta.db_table,
    )
    return names


def _sql(where: str, network: bool = True) -> list[str]:
    """The INSERT … SELECT statements; ``where`` restricts mentions ``m`` (election, days)."""
    t = _tables()
    postgres = connection.vendor == "postgresql"
    tags = (
        "CROSS JOIN LATERAL jsonb_array_elements_text(p.hashtags) AS j(value)"
        if postgres
        else "CROSS JOIN json_each(p.hashtags) AS j"
    )
    pm = _pm(t, where)
    return [*_base_sql(t, pm, where, tags), *(_network_sql(t, pm) if network else [])]


def _pm(t: dict[str, str], where: str) -> str:
    """One row per post with mentions: its WIB day, platform and the contestants it names."""
    return f"""WITH pm AS (
        SELECT m.post_id AS post_id, MIN(m.day) AS day, MIN(m.platform) AS platform,
               SUM(CAST(1 AS BIGINT) << c.ballot_no) AS cmask
        FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
        WHERE {where} GROUP BY m.post_id)"""


def _base_sql(t: dict[str, str], pm: str, where: str, tags: str) -> list[str]:
    return [
        f"""INSERT INTO {t["mentionday"]} (election_id, contestant_id, day, platform, mentions,
            positive, neutral, negative, reach, engagement)
        SELECT c.election_id, m.contestant_id, m.day, m.platform, COUNT(*),
            SUM(CASE WHEN m.label = 'positive' THEN 1 ELSE 0 END),
            SUM(CASE WHEN m.label = 'neutral' THEN 1 ELSE 0 END),
            SUM(CASE WHEN m.label = 'negative' THEN 1 ELSE 0 END),
            SUM(m.reach), SUM(m.engagement)
        FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
        WHERE {where} GROUP BY c.election_id, m.contestant_id, m.day, m.platform""",
        f"""INSERT INTO {t["postday"]} (election_id, day, platform, cmask, posts, likes, shares,
            comments)
        {pm} SELECT %(election)s, pm.day, pm.platform, pm.cmask, COUNT(*), SUM(p.likes),
            SUM(p.shares), SUM(p.comments)
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id GROUP BY pm.day, pm.platform, pm.cmask""",
        f"""INSERT INTO {t["postday"]} (election_id, day, platform, cmask, posts, likes, shares,
            comments)
        {pm} SELECT %(election)s, pm.day, pm.platform, 0, COUNT(*), SUM(p.likes),
            SUM(p.shares), SUM(p.comments)
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id GROUP BY pm.day, pm.platform""",
        f"""INSERT INTO {t["hashtagday"]} (election_id, day, platform, cmask, tag, posts)
        {pm}, pt AS (SELECT DISTINCT pm.post_id, pm.day, pm.platform, pm.cmask, j.value AS tag
                     FROM pm JOIN {t["post"]} p ON p.id = pm.post_id {tags})
        SELECT %(election)s, day, platform, cmask, tag, COUNT(*) FROM pt
        GROUP BY day, platform, cmask, tag
        UNION ALL
        SELECT %(election)s, day, platform, 0, tag, COUNT(*) FROM pt GROUP BY day, platform, tag""",
        f"""INSERT INTO {t["issueday"]} (election_id, day, platform, cmask, issue, posts)
        {pm} SELECT %(election)s, pm.day, pm.platform, pm.cmask, i.issue, COUNT(*)
        FROM pm JOIN {t["postissue"]} i ON i.post_id = pm.post_id
        GROUP BY pm.day, pm.platform, pm.cmask, i.issue
        UNION ALL
        SELECT %(election)s, pm.day, pm.platform, 0, i.issue, COUNT(*)
        FROM pm JOIN {t["postissue"]} i ON i.post_id = pm.post_id
        GROUP BY pm.day, pm.platform, i.issue""",
        f"""INSERT INTO {t["newsday"]} (election_id, day, cmask, url_key, title_hash, items)
        {pm} SELECT %(election)s, pm.day, pm.cmask, p.url_key, p.title_hash, COUNT(*)
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id WHERE pm.platform = 'online_news'
        GROUP BY pm.day, pm.cmask, p.url_key, p.title_hash""",
        f"""INSERT INTO {t["topmention"]} (election_id, contestant_id, day, platform, mention_id,
            engagement, created_at)
        SELECT %(election)s, contestant_id, day, platform, id, engagement, created_at FROM (
            SELECT m.id, m.contestant_id, m.day, m.platform, m.engagement, p.created_at,
                ROW_NUMBER() OVER (PARTITION BY m.contestant_id, m.day, m.platform
                                   ORDER BY m.engagement DESC, p.created_at DESC) AS r
            FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
            JOIN {t["post"]} p ON p.id = m.post_id WHERE {where}) x
        WHERE r <= {TOP_PER_CELL}""",
    ]


def _author(alias: str) -> str:
    """An account's key: the lower-cased handle, else the platform's author id."""
    return (
        f"CASE WHEN {alias}.author_handle <> '' THEN LOWER({alias}.author_handle) "
        f"ELSE {alias}.author_id END"
    )


def _network_sql(t: dict[str, str], pm: str) -> list[str]:
    """Authors per day, and the edges of reposts, replies and quotes (to the author of the
    referenced post when it is stored) together with the @mention edges ``_at_mention_edges``
    has put in ``AT_EDGES``: one row per edge key, whatever references make it up."""
    refs = " UNION ALL ".join(
        f"""SELECT pm.day AS day, pm.platform AS platform, pm.cmask AS cmask,
            {_author("p")} AS source, {_author("o")} AS target
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id
        JOIN {t["post"]} o ON o.platform = p.platform AND o.external_id = p.{column}
        WHERE p.{column} <> ''"""
        for column in ("repost_of", "reply_to", "quote_of")
    )
    refs += f" UNION ALL SELECT day, platform, cmask, source, target FROM {AT_EDGES}"
    return [
        f"""INSERT INTO {t["authorday"]} (election_id, day, platform, cmask, author, posts,
            engagement, reach, followers)
        {pm}, pa AS (SELECT pm.day AS day, pm.platform AS platform, pm.cmask AS cmask,
            {_author("p")} AS author, p.likes + p.shares + p.comments AS eng, p.followers AS fol
            FROM pm JOIN {t["post"]} p ON p.id = pm.post_id)
        SELECT %(election)s, day, platform, cmask, author, COUNT(*), SUM(eng), SUM(fol), MAX(fol)
        FROM pa WHERE author <> '' GROUP BY day, platform, cmask, author
        UNION ALL
        SELECT %(election)s, day, platform, 0, author, COUNT(*), SUM(eng), SUM(fol), MAX(fol)
        FROM pa WHERE author <> '' GROUP BY day, platform, author""",
        f"""INSERT INTO {t["edgeday"]} (election_id, day, platform, cmask, source, target, weight)
        {pm}, pe AS ({refs}), ok AS (
            SELECT * FROM pe WHERE source <> '' AND target <> '' AND source <> target)
        SELECT %(election)s, day, platform, cmask, source, target, COUNT(*) FROM ok
        GROUP BY day, platform, cmask, source, target
        UNION ALL
        SELECT %(election)s, day, platform, 0, source, target, COUNT(*) FROM ok
        GROUP BY day, platform, source, target""",
    ]


AT_EDGES = "social_at_edge"  # a temporary table: the @mention edges of a refresh


def _at_mention_edges(cursor, where: str, params: dict) -> None:
    """Into ``AT_EDGES``: an edge from each post with mentions to every account it @mentions
    (once per post), parsed here, before the SQL that adds up all edges reads them."""
    t = _tables()
    cursor.execute(
        f"""CREATE TEMPORARY TABLE IF NOT EXISTS {AT_EDGES} (day DATE, platform VARCHAR(20),
        cmask BIGINT, source VARCHAR(200), target VARCHAR(200))"""
    )
    cursor.execute(f"DELETE FROM {AT_EDGES}")
    cursor.execute(
        f"""{_pm(t, where)} SELECT pm.day, pm.platform, pm.cmask, {_author("p")}, p.text
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id WHERE p.text LIKE '%%@%%'""",
        params,
    )
    edges = [
        (day, platform, cmask, source, target)
        for day, platform, cmask, source, text in cursor.fetchall()
        if source
        for target in {m.lower() for m in AT_MENTION.findall(text)} - {source}
    ]
    cursor.executemany(
        f"INSERT INTO {AT_EDGES} (day, platform, cmask, source, target) "
        "VALUES (%s, %s, %s, %s, %s)",
        edges,
    )


def rebuilt_sql() -> list[str]:
    """The tables rebuilt from the daily ones: hashtag totals, and news first seen (rows on
    or after ``since``; an item's predecessor may lie on any earlier day)."""
    t = _tables()
    news = t["newsday"]
    bit = "(CAST(1 AS BIGINT) << c.ballot_no)"

    def scope(contestant: str, join: str, partition: str) -> str:
        return f"""
        SELECT {contestant} AS contestant_id, n.day AS day, n.title_hash <> '' AS has_title,
            CASE WHEN n.title_hash <> '' THEN LAG(n.day) OVER (
                PARTITION BY {partition}n.title_hash ORDER BY n.day, n.id) END AS prev_title,
            n.url_key <> '' AS has_url,
            CASE WHEN n.url_key <> '' THEN LAG(n.day) OVER (
                PARTITION BY {partition}n.url_key ORDER BY n.day, n.id) END AS prev_url,
            1 AS items
        FROM {news} n {join} WHERE n.election_id = %(election)s
        UNION ALL
        SELECT {contestant}, n.day, n.title_hash <> '',
            CASE WHEN n.title_hash <> '' THEN n.day END, n.url_key <> '',
            CASE WHEN n.url_key <> '' THEN n.day END, n.items - 1
        FROM {news} n {join} WHERE n.election_id = %(election)s AND n.items > 1"""

    every = scope("CAST(NULL AS BIGINT)", "", "")
    each = scope(
        "c.id",
        f"JOIN {t['contestant']} c ON c.election_id = n.election_id AND (n.cmask & {bit}) <> 0",
        "c.id, ",
    )
    return [
        f"""INSERT INTO {t["hashtagtotal"]} (election_id, platform, cmask, tag, posts)
        SELECT election_id, platform, cmask, tag, SUM(posts) FROM {t["hashtagday"]}
        WHERE election_id = %(election)s GROUP BY election_id, platform, cmask, tag""",
        f"""INSERT INTO {t["newsfirst"]} (election_id, contestant_id, day, has_title,
            prev_title_day, has_url, prev_url_day, items)
        SELECT %(election)s, contestant_id, day, has_title, prev_title, has_url, prev_url,
            SUM(items)
        FROM ({every} UNION ALL {each}) x
        WHERE day >= %(since)s
        GROUP BY contestant_id, day, has_title, prev_title, has_url, prev_url""",
    ]


def network_totals_sql() -> list[str]:
    """``AuthorTotal`` and ``EdgeTotal`` of an election rebuilt from the daily tables."""
    t = _tables()
    return [
        f"DELETE FROM {t['authortotal']} WHERE election_id = %(election)s",
        f"""INSERT INTO {t["authortotal"]} (election_id, platform, cmask, author, posts,
            engagement, reach, followers)
        SELECT election_id, platform, cmask, author, SUM(posts), SUM(engagement), SUM(reach),
            MAX(followers)
        FROM {t["authorday"]} WHERE election_id = %(election)s
        GROUP BY election_id, platform, cmask, author""",
        f"DELETE FROM {t['edgetotal']} WHERE election_id = %(election)s",
        f"""INSERT INTO {t["edgetotal"]} (election_id, platform, cmask, source, target, weight)
        SELECT election_id, platform, cmask, source, target, SUM(weight)
        FROM {t["edgeday"]} WHERE election_id = %(election)s
        GROUP BY election_id, platform, cmask, source, target""",
    ]


def refresh_aggregates(election: Election, days: Iterable[dt.date] | None = None) -> int:
    """Recompute the aggregates of ``election`` for the given WIB days (all days when None)
    from the mentions, posts and issues; returns how many days were refreshed (0 = all)."""
    chosen = None if days is None else sorted(set(days))
    if chosen is not None and not chosen:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        # migrations 0003 and 0004 refresh before 0004 and 0006 have made the network tables
        network = EdgeTotal._meta.db_table in connection.introspection.table_names(cursor)
        daily = DAILY if network else tuple(m for m in DAILY if m not in NETWORK)
        aggregates = (*daily, HashtagTotal, NewsFirst)
        for model in aggregates if chosen is None else (HashtagTotal,):
            model.objects.filter(election_id=election.pk).delete()
        if chosen is None:
            spans: list[list[dt.date] | None] = [None]
        else:
            spans = [chosen[i : i + 400] for i in range(0, len(chosen), 400)]
        for span in spans:
            params: dict[str, object] = {"election": election.pk}
            where = "c.election_id = %(election)s"
            if span is not None:
                for model in daily:
                    model.objects.filter(election_id=election.pk, day__in=span).delete()
                names = []
                for i, day in enumerate(span):
                    params[f"d{i}"] = connection.ops.adapt_datefield_value(day)
                    names.append(f"%(d{i})s")
                where += f" AND m.day IN ({', '.join(names)})"
            if network:
                _at_mention_edges(cursor, where, params)
            for statement in _sql(where, network):
                cursor.execute(statement, params)
        since = chosen[0] if chosen else dt.date.min
        NewsFirst.objects.filter(election_id=election.pk, day__gte=since).delete()
        params = {"election": election.pk, "since": connection.ops.adapt_datefield_value(since)}
        for statement in rebuilt_sql():
            cursor.execute(statement, params)
        if network:
            for statement in network_totals_sql():
                cursor.execute(statement, params)
    return 0 if chosen is None else len(chosen)
