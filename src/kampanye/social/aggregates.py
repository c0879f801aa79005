"""Daily aggregates the social dashboard reads instead of the raw posts.

Every table is keyed by election and WIB day, so ``refresh_aggregates(election, days)``
recomputes exactly the days an import touched (delete those days, then one
``INSERT … SELECT … GROUP BY`` per table, in one transaction; running it again changes
nothing). Figures that count *distinct posts* (engagement, hashtags, issues, news) keep the
set of contestants a post names as a bit mask (``1 << ballot_no`` summed over its
mentions), so "posts naming any of the chosen contestants" is ``cmask & chosen ≠ 0``
and a post naming two chosen contestants still counts once; ``cmask = 0`` rows hold the
same sums over all posts with mentions (no contestant filter reads only those).

``RollupDay`` holds social's own daily counts of mentions by owned account and synthetic,
from which the ledger's daily touchpoints are written (``actions.roll_up``).

An import adds its own figures instead (``increments.add_figures``; ``RollupDay`` with
the ledger step, ``increments.add_rollup``). The figures counted
per distinct account, tag, URL or title over a period (authors, the network, hashtags,
news) are kept as columns, with the same keys and ``cmask``: ``kampanye.social.columns``;
the refresh recomputes their rows of the days too.

The election's foreign keys have no index of their own: every table has a composite index
that starts with the election, and one index less makes the large tables cheaper to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction

from kampanye.elections.models import Contestant, Election
from kampanye.social import columns
from kampanye.social.columns import ColumnChunk
from kampanye.social.models import (
    AGGREGATES,
    Mention,
    Post,
    PostIssue,
    Source,
)
from kampanye.social.tally import (
    AT_MENTION,
    TOP_PER_CELL,
)


def _tables() -> dict[str, str]:
    names = {m.__name__.lower(): m._meta.db_table for m in AGGREGATES}
    names.update(
        mention=Mention._meta.db_table,
        post=Post._meta.db_table,
        postissue=PostIssue._meta.db_table,
        contestant=Contestant._meta.db_table,
        source=Source._meta.db_table,
    )
    return names


def _pm(t: dict[str, str], where: str) -> str:
    """One row per post with mentions: its WIB day, platform and the contestants it names."""
    return f"""WITH pm AS (
        SELECT m.post_id AS post_id, MIN(m.day) AS day, MIN(m.platform) AS platform,
               SUM(CAST(1 AS BIGINT) << c.ballot_no) AS cmask
        FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
        WHERE {where} GROUP BY m.post_id)"""


def _base_sql(t: dict[str, str], pm: str, where: str) -> list[tuple[str, str]]:
    """(table, statement) for each daily table but the columns."""
    return [
        (
            "mentionday",
            f"""INSERT INTO {t["mentionday"]} (election_id, contestant_id, day,
            platform, mentions, positive, neutral, negative, reach, engagement)
        SELECT c.election_id, m.contestant_id, m.day, m.platform, COUNT(*),
            SUM(CASE WHEN m.label = 'positive' THEN 1 ELSE 0 END),
            SUM(CASE WHEN m.label = 'neutral' THEN 1 ELSE 0 END),
            SUM(CASE WHEN m.label = 'negative' THEN 1 ELSE 0 END),
            SUM(m.reach), SUM(m.engagement)
        FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
        WHERE {where} GROUP BY c.election_id, m.contestant_id, m.day, m.platform""",
        ),
        # owned: the post's account is one of the contestant's own (``Source``), as
        # ``prepare.Context.owned`` decides it on import
        (
            "rollupday",
            f"""INSERT INTO {t["rollupday"]} (election_id, contestant_id, day,
            platform, owned, synthetic, mentions, reach, positive, negative)
        SELECT election_id, contestant_id, day, platform, owned, synthetic, COUNT(*),
            SUM(reach), SUM(positive), SUM(negative)
        FROM (SELECT c.election_id, m.contestant_id, m.day, m.platform,
                EXISTS (SELECT 1 FROM {t["source"]} s WHERE s.platform = m.platform
                        AND s.contestant_id = m.contestant_id
                        AND LOWER(s.account) = LOWER(p.author_handle)) AS owned,
                m.is_synthetic AS synthetic, m.reach,
                CASE WHEN m.label = 'positive' THEN 1 ELSE 0 END AS positive,
                CASE WHEN m.label = 'negative' THEN 1 ELSE 0 END AS negative
            FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
            JOIN {t["post"]} p ON p.id = m.post_id WHERE {where}) x
        GROUP BY election_id, contestant_id, day, platform, owned, synthetic""",
        ),
        (
            "postday",
            f"""INSERT INTO {t["postday"]} (election_id, day, platform, cmask, posts,
            likes, shares, comments)
        {pm} SELECT %(election)s, pm.day, pm.platform, pm.cmask, COUNT(*), SUM(p.likes),
            SUM(p.shares), SUM(p.comments)
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id GROUP BY pm.day, pm.platform, pm.cmask""",
        ),
        (
            "postday",
            f"""INSERT INTO {t["postday"]} (election_id, day, platform, cmask, posts,
            likes, shares, comments)
        {pm} SELECT %(election)s, pm.day, pm.platform, 0, COUNT(*), SUM(p.likes),
            SUM(p.shares), SUM(p.comments)
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id GROUP BY pm.day, pm.platform""",
        ),
        (
            "issueday",
            f"""INSERT INTO {t["issueday"]} (election_id, day, platform, cmask,
            issue, posts)
        {pm} SELECT %(election)s, pm.day, pm.platform, pm.cmask, i.issue, COUNT(*)
        FROM pm JOIN {t["postissue"]} i ON i.post_id = pm.post_id
        GROUP BY pm.day, pm.platform, pm.cmask, i.issue
        UNION ALL
        SELECT %(election)s, pm.day, pm.platform, 0, i.issue, COUNT(*)
        FROM pm JOIN {t["postissue"]} i ON i.post_id = pm.post_id
        GROUP BY pm.day, pm.platform, i.issue""",
        ),
        (
            "topmention",
            f"""INSERT INTO {t["topmention"]} (election_id, contestant_id, day,
            platform, mention_id, engagement, created_at)
        SELECT %(election)s, contestant_id, day, platform, id, engagement, created_at FROM (
            SELECT m.id, m.contestant_id, m.day, m.platform, m.engagement, p.created_at,
                ROW_NUMBER() OVER (PARTITION BY m.contestant_id, m.day, m.platform
                                   ORDER BY m.engagement DESC, p.created_at DESC) AS r
            FROM {t["mention"]} m JOIN {t["contestant"]} c ON c.id = m.contestant_id
            JOIN {t["post"]} p ON p.id = m.post_id WHERE {where}) x
        WHERE r <= {TOP_PER_CELL}""",
        ),
    ]


def _author(alias: str) -> str:
    """An account's key: the lower-cased handle, else the platform's author id."""
    return (
        f"CASE WHEN {alias}.author_handle <> '' THEN LOWER({alias}.author_handle) "
        f"ELSE {alias}.author_id END"
    )


def _column_sql(t: dict[str, str], pm: str) -> dict[str, str]:
    """The rows of each kind of ``columns``: authors; the edges of reposts, replies and quotes
    (to the author of the referenced post when it is stored) together with the @mention
    edges ``_at_mention_edges`` has put in ``AT_EDGES``; hashtags; news items. One row per
    key, whatever references make it up."""
    tags = (
        "CROSS JOIN LATERAL jsonb_array_elements_text(p.hashtags) AS j(value)"
        if connection.vendor == "postgresql"
        else "CROSS JOIN json_each(p.hashtags) AS j"
    )
    refs = " UNION ALL ".join(
        f"""SELECT pm.day AS day, pm.platform AS platform, pm.cmask AS cmask,
            {_author("p")} AS source, {_author("o")} AS target
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id
        JOIN {t["post"]} o ON o.platform = p.platform AND o.external_id = p.{column}
        WHERE p.{column} <> ''"""
        for column in ("repost_of", "reply_to", "quote_of")
    )
    refs += f" UNION ALL SELECT day, platform, cmask, source, target FROM {AT_EDGES}"
    return {
        columns.AUTHOR: f"""{pm}, pa AS (SELECT pm.day AS day, pm.platform AS platform,
            pm.cmask AS cmask, {_author("p")} AS author,
            p.likes + p.shares + p.comments AS eng, p.followers AS fol
            FROM pm JOIN {t["post"]} p ON p.id = pm.post_id)
        SELECT day, platform, cmask, author, COUNT(*), SUM(eng), SUM(fol), MAX(fol)
        FROM pa WHERE author <> '' GROUP BY day, platform, cmask, author
        UNION ALL
        SELECT day, platform, 0, author, COUNT(*), SUM(eng), SUM(fol), MAX(fol)
        FROM pa WHERE author <> '' GROUP BY day, platform, author""",
        columns.EDGE: f"""{pm}, pe AS ({refs}), ok AS (
            SELECT * FROM pe WHERE source <> '' AND target <> '' AND source <> target)
        SELECT day, platform, cmask, source, target, COUNT(*) FROM ok
        GROUP BY day, platform, cmask, source, target
        UNION ALL
        SELECT day, platform, 0, source, target, COUNT(*) FROM ok
        GROUP BY day, platform, source, target""",
        columns.HASHTAG: f"""{pm}, pt AS (
            SELECT DISTINCT pm.post_id, pm.day, pm.platform, pm.cmask, j.value AS tag
            FROM pm JOIN {t["post"]} p ON p.id = pm.post_id {tags})
        SELECT day, platform, cmask, tag, COUNT(*) FROM pt GROUP BY day, platform, cmask, tag
        UNION ALL
        SELECT day, platform, 0, tag, COUNT(*) FROM pt GROUP BY day, platform, tag""",
        columns.NEWS: f"""{pm} SELECT pm.day, pm.cmask, p.url_key, p.title_hash, COUNT(*)
        FROM pm JOIN {t["post"]} p ON p.id = pm.post_id WHERE pm.platform = 'online_news'
        GROUP BY pm.day, pm.cmask, p.url_key, p.title_hash""",
    }


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


def refresh_aggregates(
    election: Election,
    days: Iterable[dt.date] | None = None,
    only: tuple[type[models.Model], ...] = (),
) -> int:
    """Recompute the aggregates of ``election`` for the given WIB days (all days when None)
    from the mentions, posts and issues; returns how many days were refreshed (0 = all).
    ``only``: these daily tables and no others (not the columns)."""
    chosen = None if days is None else sorted(set(days))
    if chosen is not None and not chosen:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        # migrations 0003, 0004 and 0007 refresh before later ones have made the columns'
        # chunks or ``RollupDay``
        present = set(connection.introspection.table_names(cursor))
        tables = [m for m in only or AGGREGATES if m._meta.db_table in present]
        names_of = {m.__name__.lower() for m in tables}
        with_columns = not only and ColumnChunk._meta.db_table in present
        rows: dict[str, list[tuple]] = {kind: [] for kind in columns.SCHEMAS}
        if chosen is None:
            spans: list[list[dt.date] | None] = [None]
            for model in tables:
                model._default_manager.filter(election_id=election.pk).delete()
        else:
            spans = [chosen[i : i + 400] for i in range(0, len(chosen), 400)]
            if connection.vendor == "postgresql":
                # the look-ups of ``mention_once`` below (one a post) cost as pages in memory
                # or on SSD: with the default (4) the planner reads every mention of the
                # election instead of the few of these days
                cursor.execute("SET LOCAL random_page_cost = 1.1")
        t = _tables()
        for span in spans:
            params: dict[str, Any] = {"election": election.pk}
            where = "c.election_id = %(election)s"
            if span is not None:
                for model in tables:
                    model._default_manager.filter(election_id=election.pk, day__in=span).delete()
                names = []
                for i, day in enumerate(span):
                    params[f"d{i}"] = connection.ops.adapt_datefield_value(day)
                    names.append(f"%(d{i})s")
                # the mentions of these days through their posts (``post_election_day``, then
                # ``mention_once``): the mentions have no index by day (see ``Mention``)
                where += (
                    f" AND m.post_id IN (SELECT d.id FROM {t['post']} d WHERE "
                    f"d.election_id = %(election)s AND d.day IN ({', '.join(names)}))"
                )
            pm = _pm(t, where)
            for table, statement in _base_sql(t, pm, where):
                if table in names_of:
                    cursor.execute(statement, params)
            if with_columns:
                _at_mention_edges(cursor, where, params)
                for kind, statement in _column_sql(t, pm).items():
                    cursor.execute(statement, params)
                    rows[kind] += cursor.fetchall()
        if with_columns:
            columns.replace(election, None if chosen is None else set(chosen), rows)
    return 0 if chosen is None else len(chosen)
