"""The part of an import that needs no database (no Django): parse a file, classify its
posts and make each batch's rows (the ``Preparer``, which a worker process runs while the
main process stores the batch before), and sum the batches into the dashboard's figures
(the ``Tally``, which the main process keeps between two stores: it has the time, while
the worker has none to spare).

A ``Prepared`` batch holds the rows of its posts, mentions and issues without ids (the
store gives them). The ``Tally`` adds every batch's share of the daily aggregates of
``kampanye.social.aggregates`` (``Figures.rollup``: social's daily counts the ledger's
touchpoints are written from) to one ``Figures``, added once at the end of the import
(``increments.add_figures``, ``increments.add_rollup``) instead of re-reading the stored
posts of every day touched.

Values are prepared as the database takes them: on SQLite the strings Django would write
(UTC datetimes, ISO dates, JSON text), elsewhere dates and datetimes; JSON is text on both.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import marshal
import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import orjson
import polars as pl

from kampanye.social.classify import Classified, Queries, classify, warm_up
from kampanye.social.ingest import WIB, RawPost, Rejected, normalize_url, parse, title_hash

TOP_PER_CELL = 30  # mentions kept per contestant × day × platform for the sample posts
AT_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,98}[A-Za-z0-9_])?)")

# positions in a post row (``actions.POST_COLUMNS`` without the id)
P_PLATFORM, P_EXTERNAL_ID, P_AUTHOR_ID, P_HANDLE, P_TEXT, P_CREATED, P_DAY = 0, 1, 3, 4, 5, 7, 8
P_REPLY, P_REPOST, P_QUOTE, P_FOLLOWERS, P_LIKES, P_SHARES, P_COMMENTS = 11, 12, 13, 14, 15, 16, 17
P_URL_KEY, P_TITLE_HASH, P_SYNTHETIC = 21, 22, 23
# the author rows' key columns, as ``Figures.seal`` gives them (``columns.AUTHOR``)
AUTHOR_KEYS = ("day", "platform", "cmask", "author")
POST_ROW = (
    "day", "platform", "cmask", "author", "engagement", "followers", "likes", "shares", "comments"
)  # fmt: skip
# sums of the author rows' values over rows of the same key (followers: the largest)
AUTHOR_SUMS = (
    pl.col("posts", "engagement", "reach").sum().cast(pl.Int64),
    pl.col("followers").max().cast(pl.Int64),
)

# positions in a mention row (``actions.MENTION_COLUMNS`` without the id; [0] = post index)
M_POST, M_CONTESTANT, M_LABEL = 0, 1, 6


class Context(NamedTuple):
    """What a worker needs to prepare batches: the queries, each contestant's ballot number
    (its bit in ``cmask``), the owned accounts ``(platform, lower-cased handle, contestant
    id)``, the election and job ids, and whether the database is SQLite."""

    queries: Queries
    ballots: dict[int, int]
    owned: frozenset[tuple[str, str, int]]
    election_id: int
    job_id: int
    sqlite: bool


class Prepared(NamedTuple):
    """One batch, ready to store: ``posts`` not seen earlier in the import, ``mentions``
    and ``issues`` pointing at their post by index, ``tags`` each post's hashtags (once
    each); ``raws`` counts the posts read (repeats included)."""

    posts: list[tuple]
    mentions: list[tuple]
    issues: list[tuple]
    tags: list[tuple[str, ...]]
    raws: int
    rejects: list[Rejected]
    last: int


class Figures:
    """An import's contribution to the daily aggregates, keyed as their rows
    (days as prepared values); ``refs`` are reposts / replies / quotes still to be resolved
    to the referenced post's author: ``(day, platform, cmask, source, referenced id)``."""

    __slots__ = (
        "author_day", "edge_day", "hashtag_day", "issue_day", "mention_cells",
        "mention_day", "news_day", "post_day", "post_frames", "refs", "rollup", "top",
    )  # fmt: skip

    def __init__(self) -> None:
        # (contestant, day, platform, owned, synthetic) →
        # [mentions, positive, neutral, negative, reach, engagement]; ``finish`` sums them
        # into ``mention_day`` (without owned, synthetic) and ``rollup``
        self.mention_cells: dict[tuple, list[int]] = {}
        self.mention_day: dict[tuple, list[int]] = {}
        # a frame a batch of the posts with mentions (``_post_frame``); ``seal`` sums them
        # into ``post_day``: (day, platform, cmask) → [posts, likes, shares, comments]
        # (cmask 0: all posts), and the author rows as a frame
        self.post_frames: list[pl.DataFrame] = []
        self.post_day: dict[tuple, list[int]] = {}
        self.author_day: pl.DataFrame | None = None
        self.hashtag_day: Counter[tuple] = Counter()  # (day, platform, cmask, tag)
        self.issue_day: Counter[tuple] = Counter()  # (day, platform, cmask, issue)
        self.news_day: Counter[tuple] = Counter()  # (day, cmask, url key, title hash)
        self.edge_day: Counter[tuple] = Counter()  # (day, platform, cmask, source, target)
        # (contestant, day, platform) → [(engagement, created at, mention)], the largest kept
        self.top: dict[tuple, list[tuple]] = {}
        # (contestant, platform, day, owned, synthetic) → [mentions, reach, positive, negative]
        self.rollup: dict[tuple, list[int]] = {}
        self.refs: list[tuple] = []

    def finish(self, ids: list[list[int] | range]) -> None:
        """After the last batch is stored: the top mentions get their ids (``ids[b][j]`` is
        the id of mention ``j`` of batch ``b``), and the mention cells are summed into the
        daily mentions and the ledger's rollup."""
        for cell, candidates in self.top.items():
            self.top[cell] = [(e, c, ids[b][j]) for e, c, (b, j) in largest(candidates)]
        for (cid, day, platform, owned, synthetic), values in self.mention_cells.items():
            have = self.mention_day.get((cid, day, platform))
            if have is None:
                self.mention_day[(cid, day, platform)] = list(values)
            else:
                for i, v in enumerate(values):
                    have[i] += v
            n, positive, _neutral, negative, reach, _engagement = values
            self.rollup[(cid, platform, day, owned, synthetic)] = [n, reach, positive, negative]

    def seal(self) -> Figures:
        """Sum the posts' rows into ``post_day`` and ``author_day`` (the author rows,
        ``columns.AUTHOR``, per cmask and again over all as cmask 0); once, after the last
        batch (a polars group-by, far faster than summing millions of dictionary entries)."""
        if self.author_day is not None:
            return self
        posts = pl.concat([_post_frame([]), *self.post_frames], how="vertical_relaxed")
        self.post_frames = []
        days = posts.group_by("day", "platform", "cmask").agg(
            pl.col("likes", "shares", "comments").sum(), posts=pl.len()
        )
        for day, platform, cmask, likes, shares, comments, n in days.iter_rows():
            for key in ((day, platform, cmask), (day, platform, 0)):
                have = self.post_day.setdefault(key, [0, 0, 0, 0])
                have[0] += n
                have[1] += likes
                have[2] += shares
                have[3] += comments
        by_mask = (
            posts.filter(pl.col("author") != "")
            .with_columns(posts=pl.lit(1, pl.Int64), reach=pl.col("followers"))
            .group_by(AUTHOR_KEYS)
            .agg(*AUTHOR_SUMS)
        )
        overall = by_mask.group_by("day", "platform", "author").agg(*AUTHOR_SUMS)
        overall = overall.with_columns(cmask=pl.lit(0, pl.Int64)).select(by_mask.columns)
        self.author_day = pl.concat([by_mask, overall], how="vertical_relaxed")
        return self

    def days(self) -> set:
        """The (prepared) days these figures touch."""
        return {key[1] for key in self.mention_cells}

    def add_edge(self, day, platform: str, cmask: int, source: str, target: str) -> None:
        if source and target and source != target:
            self.edge_day[(day, platform, cmask, source, target)] += 1
            self.edge_day[(day, platform, 0, source, target)] += 1


def _post_frame(rows: list[tuple]) -> pl.DataFrame:
    """A batch's posts with mentions: ``(day, platform, cmask, author, engagement,
    followers, likes, shares, comments)`` each."""
    return pl.DataFrame(rows, schema=POST_ROW, orient="row")


def largest(candidates: Iterable[tuple]) -> list[tuple]:
    """The ``TOP_PER_CELL`` most engaging, newest first among equals (as the SQL refresh)."""
    return heapq.nlargest(TOP_PER_CELL, candidates, key=lambda c: (c[0], c[1]))


def author_key(handle: str, author_id: str) -> str:
    """An account's key in the aggregates: the lower-cased handle, else the author id."""
    return handle.lower() if handle else author_id


def add_figures_of(
    fig: Figures,
    ctx: Context,
    posts: list[tuple],
    mentions: list[tuple],
    issues: list[tuple],
    tags: list[tuple[str, ...]],
    batch: int,
) -> None:
    """Add the figures of a batch's posts, from their rows, to ``fig``. Only posts that name
    a contestant count, as in ``aggregates.refresh_aggregates``. Mentions and issues come
    in the order of their posts (as ``_rows`` makes them): each post's run of them is read
    in turn, without grouping them first."""
    owned = ctx.owned
    bits = {cid: 1 << ballot for cid, ballot in ctx.ballots.items()}
    mention_cells, post_rows = fig.mention_cells, []
    hashtag_day, issue_day, top = fig.hashtag_day, fig.issue_day, fig.top
    refs, news_day = fig.refs, fig.news_day
    slot = {"positive": 1, "neutral": 2, "negative": 3}
    n_issues, k = len(issues), 0
    n, j = len(mentions), 0
    while j < n:
        i = mentions[j][M_POST]
        end = j + 1
        while end < n and mentions[end][M_POST] == i:
            end += 1
        p = posts[i]
        day, platform, followers = p[P_DAY], p[P_PLATFORM], p[P_FOLLOWERS]
        likes, shares, comments = p[P_LIKES], p[P_SHARES], p[P_COMMENTS]
        engagement = likes + shares + comments
        handle, synthetic, created = p[P_HANDLE], p[P_SYNTHETIC], p[P_CREATED]
        account = handle.lower() if owned else ""
        cmask = 0
        for jj in range(j, end):
            cid = mentions[jj][M_CONTESTANT]
            cmask |= bits[cid]
            key = (cid, day, platform, (platform, account, cid) in owned, synthetic)
            values = mention_cells.get(key)
            if values is None:
                values = mention_cells[key] = [0, 0, 0, 0, 0, 0]
            values[0] += 1
            values[slot[mentions[jj][M_LABEL]]] += 1
            values[4] += followers
            values[5] += engagement
            cell = (cid, day, platform)
            candidates = top.get(cell)
            if candidates is None:
                top[cell] = [(engagement, created, (batch, jj))]
            else:
                candidates.append((engagement, created, (batch, jj)))
        j = end
        author = author_key(handle, p[P_AUTHOR_ID])
        post_rows.append(
            (day, platform, cmask, author, engagement, followers, likes, shares, comments)
        )
        while k < n_issues and issues[k][0] < i:
            k += 1
        first = k
        while k < n_issues and issues[k][0] == i:
            k += 1
        post_tags = tags[i]
        if post_tags or k > first:
            for mask in (cmask, 0):
                for tag in post_tags:
                    hashtag_day[(day, platform, mask, tag)] += 1
                for q in range(first, k):
                    issue_day[(day, platform, mask, issues[q][1])] += 1
        if platform == "online_news":
            news_day[(day, cmask, p[P_URL_KEY], p[P_TITLE_HASH])] += 1
        if not author:
            continue
        for referenced in (p[P_REPOST], p[P_REPLY], p[P_QUOTE]):
            if referenced:
                refs.append((day, platform, cmask, author, referenced))
        text = p[P_TEXT]
        if "@" in text:
            for target in {t.lower() for t in AT_MENTION.findall(text)} - {author}:
                fig.add_edge(day, platform, cmask, author, target)
    if post_rows:
        fig.post_frames.append(_post_frame(post_rows))
    for cell, candidates in top.items():
        if len(candidates) > 4 * TOP_PER_CELL:
            top[cell] = largest(candidates)


_CLOCK = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


class Values:
    """Prepared values, memoised per day and per clause list."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite
        self._days: dict[dt.date, object] = {}
        self._clauses: dict[tuple[int, ...], str] = {}

    def when(self, moment: dt.datetime) -> object:
        """SQLite: the naive UTC text Django writes (``str`` of a UTC moment less its
        ``+00:00``), made from the day's text (``day``) and a table of the day's seconds
        (``str`` of each aware moment would format every field and the offset again)."""
        if not self.sqlite:
            return moment
        if moment.tzinfo is not dt.UTC:
            moment = moment.astimezone(dt.UTC)
        if moment.microsecond:
            return str(moment)[:-6]
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return f"{self.day(moment.date())} {_CLOCK[seconds]}"

    def day(self, day: dt.date) -> object:
        value = self._days.get(day)
        if value is None:
            value = self._days[day] = day.isoformat() if self.sqlite else day
        return value

    def clauses(self, clauses: tuple[int, ...]) -> str:
        value = self._clauses.get(clauses)
        if value is None:
            value = self._clauses[clauses] = json_list(clauses)
        return value


_WIB_SINCE = dt.datetime(1964, 1, 1, tzinfo=dt.UTC)  # Jakarta has kept UTC+7 since then
_SEVEN_HOURS = dt.timedelta(hours=7)


def wib_date(moment: dt.datetime) -> dt.date:
    """The WIB day of a moment (UTC + 7 hours without a time-zone look-up where that holds)."""
    if moment.tzinfo is dt.UTC and moment >= _WIB_SINCE:
        return (moment + _SEVEN_HOURS).date()
    return moment.astimezone(WIB).date()


def json_list(value: Iterable) -> str:
    return orjson.dumps(list(value)).decode() if value else "[]"


def post_key(raw: RawPost) -> tuple[str, str]:
    """What makes a post the same post: its platform and (stored) id."""
    return raw.platform, raw.external_id[:300]


class Preparer:
    """Prepares the batches of one import in order, skipping a post whose id came earlier in
    the import."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen: set[tuple[str, str]] = set()

    def batch(
        self,
        raws: list[RawPost],
        rejects: list[Rejected],
        last: int,
        classified: dict[tuple[str, str], Classified] | None = None,
    ) -> Prepared:
        """Rows of one batch; ``classified`` holds the nlp results where they were computed
        already (the Dask engine), else the batch is classified here."""
        seen = self.seen
        unique: dict[tuple[str, str], RawPost] = {}
        for raw in raws:
            key = post_key(raw)
            if key not in seen:
                seen.add(key)
                unique[key] = raw
        fresh = list(unique.values())
        if classified is None:
            results = classify([r.text for r in fresh], self.ctx.queries)
        else:
            results = [classified[key] for key in unique]
        posts, mentions, issues, tags = _rows(self.ctx, fresh, results)
        return Prepared(posts, mentions, issues, tags, len(raws), rejects, last)


class Tally:
    """The ``Figures`` of one import's prepared batches, added in order; a top mention is
    known by ``(batch number, mention index)`` until the store has given the mentions their
    ids. ``close`` ends the figures after the last batch."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.figures = Figures()
        self.authors: dict[tuple[str, str], str] = {}  # every post's key → its author
        self.batches = 0

    def add(self, batch: Prepared) -> None:
        authors = self.authors
        for p in batch.posts:
            authors[(p[P_PLATFORM], p[P_EXTERNAL_ID])] = author_key(p[P_HANDLE], p[P_AUTHOR_ID])
        add_figures_of(
            self.figures, self.ctx, batch.posts, batch.mentions, batch.issues, batch.tags,
            self.batches,
        )  # fmt: skip
        self.batches += 1

    def close(self) -> Figures:
        """The figures after the last batch, with the reposts, replies and quotes of posts
        in the same file resolved to their authors (wherever in the file the post came);
        ``refs`` keeps those to other posts, which the store looks up. Not sealed: only the
        dashboard's tables need the posts' and authors' sums (``increments.add_figures``
        seals), the ledger's rollup does not."""
        fig, left = self.figures, []
        for ref in fig.refs:
            day, platform, cmask, source, referenced = ref
            target = self.authors.get((platform, referenced))
            if target is None:
                left.append(ref)
            else:
                fig.add_edge(day, platform, cmask, source, target)
        fig.refs = left
        return fig


def _rows(
    ctx: Context, fresh: list[RawPost], results: list[Classified]
) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple[str, ...]]]:
    values = Values(ctx.sqlite)
    when, day_of, clauses_of = values.when, values.day, values.clauses
    election_id, job_id = ctx.election_id, ctx.job_id
    posts: list[tuple] = []
    mentions: list[tuple] = []
    issues: list[tuple] = []
    tags: list[tuple[str, ...]] = []
    for i, (raw, c) in enumerate(zip(fresh, results, strict=True)):
        day = day_of(wib_date(raw.created_at))
        platform, text = raw.platform, raw.text
        if platform == "online_news":
            url = raw.url or (raw.urls[0] if raw.urls else "")
            url_key, hashed = normalize_url(url)[:500], title_hash(raw.title or text[:200])
        else:
            url_key = hashed = ""
        posts.append((
            platform, raw.external_id[:300], election_id, raw.author_id[:100],
            raw.author_handle[:200], text.replace("\x00", "") if "\x00" in text else text,
            c.norm, when(raw.created_at), day, json_list(raw.urls), json_list(raw.hashtags),
            raw.reply_to[:100], raw.repost_of[:100], raw.quote_of[:100], raw.followers,
            raw.likes, raw.shares, raw.comments, raw.views, c.language, raw.title[:500],
            url_key, hashed, raw.is_synthetic, job_id,
        ))  # fmt: skip
        tags.append(tuple(dict.fromkeys(t[:200] for t in raw.hashtags)) if raw.hashtags else ())
        if c.found:
            engagement = raw.likes + raw.shares + raw.comments
            for f in c.found:
                mentions.append((
                    i, f.contestant_id, day, platform, raw.followers, engagement, f.label,
                    f.positive, f.neutral, f.negative, f.model_version, clauses_of(f.clauses),
                    f.query_version, raw.is_synthetic,
                ))  # fmt: skip
        for code in c.issues:
            issues.append((i, code, day))
    return posts, mentions, issues, tags


def batches(
    path: Path, fmt: str, after: int, size: int
) -> Generator[tuple[list[RawPost], list[Rejected], int], None, None]:
    """The records of a file after line ``after`` in batches of ``size``: posts, rejects,
    and the last line the batch reached."""
    posts: list[RawPost] = []
    rejects: list[Rejected] = []
    last = after
    for item in parse(path, fmt):
        if item.line <= after:
            continue
        if isinstance(item, Rejected):
            rejects.append(item)
        else:
            posts.append(item)
        last = item.line
        if len(posts) + len(rejects) >= size:
            yield posts, rejects, last
            posts, rejects = [], []
    yield posts, rejects, last


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off: an import makes millions of small tuples and
    no reference cycles, and each collection would walk all the figures kept so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


READY = "ready"  # what a worker says when it can start


def prepare_into(ctx: Context, path: Path, fmt: str, after: int, size: int, queue, start) -> None:
    """A worker process's work: once the model is loaded it puts ``READY`` into ``queue``
    and waits for the number of batches the main process prepared itself meanwhile
    (``start``); it reads the posts of those only to skip repeats of them, and puts every
    later batch of the file after line ``after``, prepared, into ``queue``, then ``None``,
    or else the error that stopped it."""
    gc.disable()  # as ``gc_paused``, for the life of this process
    try:
        warm_up(ctx.queries)
        queue.put(READY)
        taken = start.get()
        preparer = Preparer(ctx)
        for k, (raws, rejects, last) in enumerate(batches(path, fmt, after, size)):
            if k < taken:
                preparer.seen.update(post_key(raw) for raw in raws)
            else:
                queue.put(packed(preparer.batch(raws, rejects, last), ctx.sqlite))
    except Exception as err:  # reported to the main process, which raises it
        queue.put(RuntimeError(f"{type(err).__name__}: {err}"))
        return
    queue.put(None)


def packed(batch: Prepared, sqlite: bool) -> Prepared | tuple:
    """A batch as the worker's queue carries it. SQLite's rows hold only strings, numbers
    and None, which ``marshal`` writes (and reads) faster than ``pickle``: the rows go as
    one ``marshal`` string. Elsewhere (dates) the batch goes as it is."""
    if not sqlite:
        return batch
    return (marshal.dumps(batch[:4]), *batch[4:])


def unpacked(item: Prepared | tuple) -> Prepared:
    """The batch ``packed`` gave."""
    if isinstance(item, Prepared):
        return item
    rows, *rest = item
    return Prepared(*marshal.loads(rows), *rest)
