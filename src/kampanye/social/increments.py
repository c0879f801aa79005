"""Adding an import's figures (``prepare.Figures``) to the dashboard's aggregates, instead
of recomputing the days it touched from the stored posts (``refresh_aggregates``): the rows
of those days are read, summed with the figures and written back in index order, and the
campaign totals get the sums of the tags, authors and edges the import names."""

from __future__ import annotations

import datetime as dt
from operator import itemgetter

import polars as pl
from django.db import connection

from kampanye.elections.models import Election
from kampanye.social.aggregates import (
    AuthorDay,
    AuthorTotal,
    EdgeDay,
    EdgeTotal,
    HashtagDay,
    HashtagTotal,
    IssueDay,
    MentionDay,
    NewsDay,
    NewsFirst,
    PostDay,
    TopMention,
    rebuilt_sql,
)
from kampanye.social.bulk import insert
from kampanye.social.prepare import (
    AUTHOR_KEYS,
    AUTHOR_SUMS,
    AUTHOR_TOTAL_KEYS,
    AUTHOR_VALUES,
    Values,
    largest,
)

# table, key columns, value columns, Figures field (AuthorDay: a frame, ``Figures.seal``)
_ADDED = (
    (MentionDay, ("contestant_id", "day", "platform"),
     ("mentions", "positive", "neutral", "negative", "reach", "engagement"), "mention_day"),
    (PostDay, ("day", "platform", "cmask"), ("posts", "likes", "shares", "comments"), "post_day"),
    (HashtagDay, ("day", "platform", "cmask", "tag"), ("posts",), "hashtag_day"),
    (IssueDay, ("day", "platform", "cmask", "issue"), ("posts",), "issue_day"),
    (NewsDay, ("day", "cmask", "url_key", "title_hash"), ("items",), "news_day"),
    (EdgeDay, ("day", "platform", "cmask", "source", "target"), ("weight",), "edge_day"),
)  # fmt: skip


def add_figures(election: Election, figures) -> None:
    """Add an import's ``prepare.Figures`` to the aggregates of ``election``: every daily
    table's rows of the days touched are read, summed with the figures and written back,
    the campaign totals get the new days' sums, and ``NewsFirst`` is rebuilt from the first
    day with news. The result equals ``refresh_aggregates`` of those days."""
    values_as_written = Values(connection.vendor == "sqlite")
    prepared, when = values_as_written.day, values_as_written.when
    days = sorted({_as_date(d) for d in figures.days()})
    spans = [days[i : i + 400] for i in range(0, len(days), 400)]
    # one import at a time adds figures to an election (PostgreSQL: others wait here)
    Election.objects.select_for_update().filter(pk=election.pk).exists()
    eid = election.pk
    figures.seal()
    _add_totals(election, figures)  # from the figures alone, before the days' rows join them
    stored: list[tuple] = []
    for span in spans:
        old = AuthorDay.objects.filter(election_id=election.pk, day__in=span)
        stored += [
            (prepared(day), *rest)
            for day, *rest in old.values_list(*AUTHOR_KEYS, *AUTHOR_VALUES).iterator(5000)
        ]
        old.delete()
    _insert_frame(AuthorDay, election, figures.author_day, stored, AUTHOR_KEYS)
    for model, keys, values, name in _ADDED:
        merged = getattr(figures, name)
        n, at = len(keys), keys.index("day")
        for span in spans:
            old = model.objects.filter(election_id=election.pk, day__in=span)
            for row in old.values_list(*keys, *values).iterator(chunk_size=5000):
                key = (*row[:at], prepared(row[at]), *row[at + 1 : n])
                _merge(merged, key, row[n:])
            old.delete()
        _insert_in_order(model, ("election_id", *keys, *values), [
            (eid, *key, *(v if isinstance(v, list | tuple) else (v,)))
            for key, v in merged.items()
        ])  # fmt: skip
    top = figures.top
    for span in spans:
        old = TopMention.objects.filter(election_id=election.pk, day__in=span)
        for cid, day, platform, mention, engagement, created in old.values_list(
            "contestant_id", "day", "platform", "mention_id", "engagement", "created_at"
        ).iterator(chunk_size=5000):
            top.setdefault((cid, prepared(day), platform), []).append(
                (engagement, when(created), mention)
            )
        old.delete()
    # in the order of the mentions they point at: checking that each one exists then reads
    # the mentions' pages one after the other (about a fifth faster than in the index's
    # order: 15.4 against 18.7 µs a row, 300,000 posts)
    rows = sorted(
        (mention, eid, cid, day, platform, engagement, created)
        for (cid, day, platform), candidates in top.items()
        for engagement, created, mention in largest(candidates)
    )
    insert(TopMention, (
        "mention_id", "election_id", "contestant_id", "day", "platform", "engagement", "created_at"
    ), rows)  # fmt: skip
    if figures.news_day:
        since = min(_as_date(key[0]) for key in figures.news_day)
        NewsFirst.objects.filter(election_id=election.pk, day__gte=since).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                rebuilt_sql()[1],
                {"election": election.pk, "since": connection.ops.adapt_datefield_value(since)},
            )


def _insert_frame(
    model, election: Election, frame: pl.DataFrame, stored: list[tuple], keys: tuple[str, ...]
) -> None:
    """``_insert_in_order`` for the rows of a figures' frame (``keys`` + ``AUTHOR_VALUES``,
    sorted already) with the ``stored`` rows of the same columns added."""
    if stored:
        old = pl.DataFrame(stored, schema=[*keys, *AUTHOR_VALUES], orient="row")
        both = pl.concat([frame.select(*keys, *AUTHOR_VALUES), old], how="vertical_relaxed")
        frame = both.group_by(keys).agg(*AUTHOR_SUMS)
        frame = frame.sort([f for f in model._meta.indexes[0].fields if f in frame.columns])
    rows = list(zip([election.pk] * len(frame), *(c.to_list() for c in frame), strict=True))
    insert(model, ("election_id", *frame.columns), rows)


def _insert_in_order(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows sorted as the table's first index reads them: its pages then fill one
    after the other instead of at random (about a third faster for the large tables)."""
    names = [c.removesuffix("_id") for c in columns]
    order = [names.index(f) for f in model._meta.indexes[0].fields if f in names]
    rows.sort(key=itemgetter(*order))
    insert(model, columns, rows)


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


def _add_totals(election: Election, figures) -> None:
    """``HashtagTotal``, ``EdgeTotal`` and ``AuthorTotal``: the rows of the tags, sources
    and authors the figures name are read, summed with the figures' days and written
    back."""
    for model, name in ((HashtagTotal, "hashtag_day"), (EdgeTotal, "edge_day")):
        fields = [f.attname for f in model._meta.concrete_fields][2:]  # no id, election
        totals: dict[tuple, int] = {}
        for (_day, *key), n in getattr(figures, name).items():
            _merge(totals, tuple(key), (n,))
        for *key, n in _taken(model, election, tuple(fields), {key[2] for key in totals}):
            _merge(totals, tuple(key), (n,))
        _insert_in_order(model, ("election_id", *fields), [
            (election.pk, *key, n) for key, n in totals.items()
        ])  # fmt: skip
    authors, keys = figures.author_total, AUTHOR_TOTAL_KEYS
    stored = _taken(AuthorTotal, election, (*keys, *AUTHOR_VALUES), set(authors["author"]))
    _insert_frame(AuthorTotal, election, authors, stored, keys)


NAMES_IN_ONE_QUERY = 900  # more names than this: all the election's rows are read


def _taken(model, election: Election, columns: tuple[str, ...], names: set) -> list[tuple]:
    """The stored rows (``columns``) of a campaign-total table whose tag, source or author
    (the third column) is one of ``names``, deleted. No index leads with that column, so each
    query scans the election's rows: one query, with ``IN`` for a few names, else all of
    them, filtered here."""
    if not names:
        return []
    rows = model.objects.filter(election_id=election.pk)
    if len(names) <= NAMES_IN_ONE_QUERY:
        rows = rows.filter(**{f"{columns[2]}__in": names})
    found = [r for r in rows.values_list("pk", *columns).iterator(5000) if r[3] in names]
    ids = [r[0] for r in found]
    for i in range(0, len(ids), 900):
        model.objects.filter(pk__in=ids[i : i + 900]).delete()
    return [r[1:] for r in found]
