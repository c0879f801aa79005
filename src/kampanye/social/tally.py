"""An import's share of the daily aggregates, summed from its stored batches (the ``Tally``)
into ``Figures``, which ``increments`` adds to the tables instead of re-reading the stored
posts of every day touched. The import adds the figures every ``FIGURES_EVERY`` posts and at
its end, so the figures it holds stay bounded whatever the file's length.

Only posts that name a contestant count, as in ``aggregates.refresh_aggregates``. Figures
that count distinct posts keep the set of contestants a post names as ``cmask`` (see
``aggregates``); ``cmask`` 0 rows hold the sums over all posts with mentions.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from itertools import groupby
from operator import attrgetter

import polars as pl

from kampanye.social.prepare import Context, MentionRow, PostRow, Prepared

TOP_PER_CELL = 30  # mentions kept per contestant × day × platform for the sample posts
AT_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,98}[A-Za-z0-9_])?)")

# the author rows' key columns (``columns.AUTHOR``)
AUTHOR_KEYS = ("day", "platform", "cmask", "author")
POST_ROW = (
    "day", "platform", "cmask", "author", "engagement", "followers", "likes", "shares", "comments"
)  # fmt: skip
# sums of the author rows' values over rows of the same key (followers: the largest)
AUTHOR_SUMS = (
    pl.col("posts", "engagement", "reach").sum().cast(pl.Int64),
    pl.col("followers").max().cast(pl.Int64),
)
_SLOT = {"positive": 1, "neutral": 2, "negative": 3}  # in a mention cell's values


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
        # a frame a batch of its posts with mentions (``POST_ROW``, a row each: far smaller
        # than as tuples); ``seal`` sums them into ``post_day``: (day, platform, cmask) →
        # [posts, likes, shares, comments] (cmask 0: all posts), and the author rows
        self.post_frames: list[pl.DataFrame] = []
        self.post_day: dict[tuple, list[int]] = {}
        self.author_day: pl.DataFrame | None = None
        self.hashtag_day: Counter[tuple] = Counter()  # (day, platform, cmask, tag)
        self.issue_day: Counter[tuple] = Counter()  # (day, platform, cmask, issue)
        self.news_day: Counter[tuple] = Counter()  # (day, cmask, url key, title hash)
        self.edge_day: Counter[tuple] = Counter()  # (day, platform, cmask, source, target)
        # (contestant, day, platform) → [(engagement, created at, mention id)]
        self.top: dict[tuple, list[tuple]] = {}
        # (contestant, platform, day, owned, synthetic) → [mentions, reach, positive, negative]
        self.rollup: dict[tuple, list[int]] = {}
        self.refs: list[tuple] = []

    def finish(self) -> Figures:
        """Sum the mention cells into the daily mentions and the ledger's rollup."""
        for cell, candidates in self.top.items():
            self.top[cell] = largest(candidates)
        for (cid, day, platform, owned, synthetic), values in self.mention_cells.items():
            have = self.mention_day.setdefault((cid, day, platform), [0] * len(values))
            for i, v in enumerate(values):
                have[i] += v
            n, positive, _neutral, negative, reach, _engagement = values
            self.rollup[(cid, platform, day, owned, synthetic)] = [n, reach, positive, negative]
        return self

    def seal(self) -> Figures:
        """Sum the posts' rows into ``post_day`` and ``author_day`` (the author rows,
        ``columns.AUTHOR``, per cmask and again over all as cmask 0); once, before the
        figures are added (a polars group-by, far faster than summing dictionary entries)."""
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
                for i, v in enumerate((n, likes, shares, comments)):
                    have[i] += v
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
    return pl.DataFrame(rows, schema=POST_ROW, orient="row")


def largest(candidates: Iterable[tuple]) -> list[tuple]:
    """The ``TOP_PER_CELL`` most engaging, newest first among equals (as the SQL refresh)."""
    return heapq.nlargest(TOP_PER_CELL, candidates, key=lambda c: (c[0], c[1]))


def author_key(handle: str, author_id: str) -> str:
    """An account's key in the aggregates: the lower-cased handle, else the author id."""
    return handle.lower() if handle else author_id


class Tally:
    """The ``Figures`` of an import's stored batches since they were last taken."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.bits = {cid: 1 << ballot for cid, ballot in ctx.ballots.items()}
        self.figures = Figures()
        self.posts = 0  # posts counted since the figures were last taken
        # the author of every post stored since then, by its key: most reposts, replies and
        # quotes refer to a post a little earlier in the file, found here without a query
        self.authors: dict[tuple[str, str], str] = {}

    def take(self) -> Figures:
        """The figures so far, finished, with the references to posts stored since they
        were last taken resolved (``refs`` keeps the others); the tally starts again."""
        figures, self.figures, self.posts = self.figures, Figures(), 0
        left = []
        for ref in figures.refs:
            day, platform, cmask, source, referenced = ref
            target = self.authors.get((platform, referenced))
            if target is None:
                left.append(ref)
            else:
                figures.add_edge(day, platform, cmask, source, target)
        figures.refs = left
        self.authors = {}
        return figures.finish()

    def add(self, batch: Prepared, post_ids: list, mention_ids: list) -> None:
        """Add a stored batch: ``post_ids[i]`` is the id of post ``i`` (None: not stored, a
        repeat), ``mention_ids[j]`` that of mention ``j``."""
        authors = self.authors
        for post, pid in zip(batch.posts, post_ids, strict=True):
            if pid is not None:
                authors[(post.platform, post.external_id)] = author_key(
                    post.author_handle, post.author_id
                )
        issues: dict[int, list[str]] = {}
        for row in batch.issues:
            issues.setdefault(row.post, []).append(row.issue)
        at, rows = 0, []
        for i, mentions in groupby(batch.mentions, key=attrgetter("post")):
            found = list(mentions)
            if post_ids[i] is not None:
                post = batch.posts[i]
                ids = mention_ids[at : at + len(found)]
                cmask = self._add_mentions(post, found, ids)
                rows.append(self._add_post(post, cmask, batch.tags[i], issues.get(i, ())))
            at += len(found)
        if rows:
            self.figures.post_frames.append(_post_frame(rows))
        self.posts += len(post_ids)

    def _add_mentions(self, post: PostRow, found: list[MentionRow], ids: list) -> int:
        """A post's mentions into the mention cells and the candidates for the top
        mentions; returns the post's ``cmask``."""
        fig, owned, cmask = self.figures, self.ctx.owned, 0
        day, platform = post.day, post.platform
        account = post.author_handle.lower() if owned else ""
        engagement = post.likes + post.shares + post.comments
        for mention, mention_id in zip(found, ids, strict=True):
            cid = mention.contestant_id
            cmask |= self.bits[cid]
            key = (cid, day, platform, (platform, account, cid) in owned, post.is_synthetic)
            values = fig.mention_cells.get(key)
            if values is None:
                values = fig.mention_cells[key] = [0, 0, 0, 0, 0, 0]
            values[0] += 1
            values[_SLOT[mention.label]] += 1
            values[4] += post.followers
            values[5] += engagement
            candidates = fig.top.setdefault((cid, day, platform), [])
            candidates.append((engagement, post.created_at, mention_id))
            if len(candidates) > 4 * TOP_PER_CELL:
                candidates[:] = largest(candidates)
        return cmask

    def _add_post(self, post: PostRow, cmask: int, tags: tuple[str, ...], issues) -> tuple:
        """A post with mentions into its hashtags and issues, the news items, and the
        network (its references and @mentions); returns its row of ``POST_ROW``."""
        fig = self.figures
        day, platform = post.day, post.platform
        author = author_key(post.author_handle, post.author_id)
        row = (
            day, platform, cmask, author, post.likes + post.shares + post.comments,
            post.followers, post.likes, post.shares, post.comments,
        )  # fmt: skip
        for mask in (cmask, 0):
            for tag in tags:
                fig.hashtag_day[(day, platform, mask, tag)] += 1
            for issue in issues:
                fig.issue_day[(day, platform, mask, issue)] += 1
        if platform == "online_news":
            fig.news_day[(day, cmask, post.url_key, post.title_hash)] += 1
        if not author:
            return row
        for referenced in (post.repost_of, post.reply_to, post.quote_of):
            if referenced:
                fig.refs.append((day, platform, cmask, author, referenced))
        if "@" in post.text:
            for target in {t.lower() for t in AT_MENTION.findall(post.text)} - {author}:
                fig.add_edge(day, platform, cmask, author, target)
        return row
