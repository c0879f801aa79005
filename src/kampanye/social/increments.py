"""Adding an import's figures (``tally.Figures``) to the dashboard's aggregates, instead
of recomputing the days it touched from the stored posts (``refresh_aggregates``): the rows
of those days are read, summed with the figures and written back in index order, and its
author, edge, hashtag and news rows are appended to the columns (``columns.append``).
Social's daily counts for the ledger (``RollupDay``) are added the same way, with the
ledger step (``add_rollup``)."""

from __future__ import annotations

import datetime as dt
from operator import itemgetter

from django.db import connection

from kampanye.elections.models import Election
from kampanye.social import columns
from kampanye.social.bulk import insert
from kampanye.social.models import IssueDay, MentionDay, PostDay, RollupDay, TopMention
from kampanye.social.prepare import Values
from kampanye.social.tally import largest

# table, key columns, value columns, Figures field
_ADDED = (
    (MentionDay, ("contestant_id", "day", "platform"),
     ("mentions", "positive", "neutral", "negative", "reach", "engagement"), "mention_day"),
    (PostDay, ("day", "platform", "cmask"), ("posts", "likes", "shares", "comments"), "post_day"),
    (IssueDay, ("day", "platform", "cmask", "issue"), ("posts",), "issue_day"),
)  # fmt: skip
_ROLLUP = (RollupDay, ("contestant_id", "platform", "day", "owned", "synthetic"),
           ("mentions", "reach", "positive", "negative"), "rollup")  # fmt: skip


def add_figures(election: Election, figures) -> None:
    """Add an import's ``tally.Figures`` to the aggregates of ``election``: every daily
    table's rows of the days touched are read, summed with the figures and written back, and
    the rows of the columns are appended. The result equals ``refresh_aggregates`` of those
    days (``RollupDay`` is added with the ledger step: ``add_rollup``)."""
    values_as_written = Values(connection.vendor == "sqlite")
    prepared, when = values_as_written.day, values_as_written.when
    days = sorted({_as_date(d) for d in figures.days()})
    spans = [days[i : i + 400] for i in range(0, len(days), 400)]
    # one import at a time adds figures to an election (PostgreSQL: others wait here)
    Election.objects.select_for_update().filter(pk=election.pk).exists()
    eid = election.pk
    figures.seal()
    given = {columns.AUTHOR: figures.author_day}
    for kind, counted in (
        (columns.EDGE, figures.edge_day),
        (columns.HASHTAG, figures.hashtag_day),
        (columns.NEWS, figures.news_day),
    ):
        given[kind] = [(*key, n) for key, n in counted.items()]
    columns.append(election, given)
    for model, keys, values, name in _ADDED:
        _add_rows(election, model, keys, values, getattr(figures, name), spans)
    top = figures.top
    for span in spans:
        old_top = TopMention.objects.filter(election_id=election.pk, day__in=span)
        for cid, day, platform, mention, engagement, created in old_top.values_list(
            "contestant_id", "day", "platform", "mention_id", "engagement", "created_at"
        ).iterator(chunk_size=5000):
            top.setdefault((cid, prepared(day), platform), []).append(
                (engagement, when(created), mention)
            )
        old_top.delete()
    # in the order of the engagement index (``agg_top_engagement``), which then fills page
    # after page instead of at random
    rows = sorted(
        (
            (mention, eid, cid, day, platform, engagement, created)
            for (cid, day, platform), candidates in top.items()
            for engagement, created, mention in largest(candidates)
        ),
        key=itemgetter(5, 6),
        reverse=True,
    )
    insert(TopMention, (
        "mention_id", "election_id", "contestant_id", "day", "platform", "engagement", "created_at"
    ), rows)  # fmt: skip


def add_rollup(election: Election, figures) -> list[dt.date]:
    """Add an import's ``Figures.rollup`` to ``RollupDay`` (the counts the ledger's daily
    touchpoints are written from), as ``add_figures`` adds the others; returns the days
    touched. The caller holds the election (one import at a time adds to it)."""
    days = sorted({_as_date(key[2]) for key in figures.rollup})
    spans = [days[i : i + 400] for i in range(0, len(days), 400)]
    model, keys, values, name = _ROLLUP
    _add_rows(election, model, keys, values, getattr(figures, name), spans)
    return days


def _add_rows(election: Election, model, keys, values, merged: dict, spans) -> None:
    """Sum the rows ``model`` holds for the days of ``spans`` into ``merged`` (rows keyed as
    ``keys``, days as prepared values), then write them back in place of those rows."""
    prepared = Values(connection.vendor == "sqlite").day
    n, at = len(keys), keys.index("day")
    for span in spans:
        old = model.objects.filter(election_id=election.pk, day__in=span)
        for row in old.values_list(*keys, *values).iterator(chunk_size=5000):
            key = (*row[:at], prepared(row[at]), *row[at + 1 : n])
            _merge(merged, key, row[n:])
        old.delete()
    _insert_in_order(model, ("election_id", *keys, *values), [
        (election.pk, *key, *(v if isinstance(v, list | tuple) else (v,)))
        for key, v in merged.items()
    ])  # fmt: skip


def _insert_in_order(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows sorted as the table's first index reads them: its pages then fill one
    after the other instead of at random, and each page is written once."""
    names = [c.removesuffix("_id") for c in fields]
    order = [names.index(f) for f in model._meta.indexes[0].fields if f in names]
    rows.sort(key=itemgetter(*order))
    insert(model, fields, rows)


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _merge(merged: dict, key: tuple, values: tuple) -> None:
    have = merged.get(key)
    if have is None:
        merged[key] = list(values) if len(values) > 1 else values[0]
    elif not isinstance(have, list):
        merged[key] = have + values[0]
    else:
        for i, v in enumerate(values):
            have[i] += v
