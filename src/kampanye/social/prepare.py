"""The part of an import that needs no database (no Django): one partition of a file
parsed, classified and made into batches of rows (``prepare_part``). The import runs it in
its own process, in a pool of worker processes or on Dask, and stores the batches in file
order (``actions.ingest_file``).

A ``Prepared`` batch holds its rows with named columns (``PostRow``, ``MentionRow``,
``IssueRow``: the columns of the tables, without ids; mentions and issues point at their
post by its index in the batch). Values are prepared as the database takes them: on SQLite
the strings Django would write (UTC datetimes, ISO dates), elsewhere dates and datetimes;
JSON is text on both.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import repeat
from typing import Any, NamedTuple

import orjson

from kampanye.social.classify import Classified, Queries, classify, warm_up
from kampanye.social.ingest import WIB, RawPost, Rejected, normalize_url, title_hash
from kampanye.social.ingest._partitions import Partition, read_part


class Context(NamedTuple):
    """What preparing a batch needs: the queries, each contestant's ballot number (its bit
    in ``cmask``), the owned accounts ``(platform, lower-cased handle, contestant id)``, the
    election and job ids, and whether the database is SQLite."""

    queries: Queries
    ballots: dict[int, int]
    owned: frozenset[tuple[str, str, int]]
    election_id: int
    job_id: int
    sqlite: bool


class PostRow(NamedTuple):
    """A post as stored (``Post``'s columns but the id)."""

    platform: str
    external_id: str
    election_id: int
    author_id: str
    author_handle: str
    text: str
    text_norm: str
    created_at: object
    day: object
    urls: str
    hashtags: str
    reply_to: str
    repost_of: str
    quote_of: str
    followers: int
    likes: int
    shares: int
    comments: int
    views: int
    language: str
    title: str
    url_key: str
    title_hash: str
    is_synthetic: bool
    job_id: int


class MentionRow(NamedTuple):
    """A mention as stored, ``post`` the index of its post in the batch (``Mention``'s
    columns but the id; ``post_id`` once the post is stored)."""

    post: int
    contestant_id: int
    day: object
    platform: str
    reach: int
    engagement: int
    label: str
    p_positive: float
    p_neutral: float
    p_negative: float
    model_version: str
    clauses: str
    query_version: int
    is_synthetic: bool


class IssueRow(NamedTuple):
    post: int  # the index of the post in the batch
    issue: str
    day: object


class Prepared(NamedTuple):
    """One batch, ready to store: its posts' rows in file order (repeats of a post
    included: the store keeps the first), their mentions and issues in the order of their
    posts, ``tags`` each post's hashtags (once each), the records it rejected, and the last
    line it reached."""

    posts: list[PostRow]
    mentions: list[MentionRow]
    issues: list[IssueRow]
    tags: list[tuple[str, ...]]
    rejects: list[Rejected]
    last: int

    def __reduce__(self):
        """Between processes the rows go as plain tuples, named again on arrival: pickle
        writes and reads plain tuples in C, a named tuple with a Python call each way
        (three times the time of the rest of the transfer)."""
        rows = [list(map(tuple, r)) for r in (self.posts, self.mentions, self.issues)]
        return _named, (rows, self.tags, self.rejects, self.last)


def _named(rows: list[list[tuple]], tags, rejects, last) -> Prepared:
    kinds = (PostRow, MentionRow, IssueRow)
    named: list[list[Any]] = [
        list(map(_new, repeat(kind), r)) for kind, r in zip(kinds, rows, strict=True)
    ]
    posts, mentions, issues = named
    return Prepared(posts, mentions, issues, tags, rejects, last)


def prepare_part(ctx: Context, part: Partition, size: int, line: int) -> list[Prepared]:
    """The records of a partition after line ``part.after``, in batches of ``size``
    records, each prepared; at least one batch (empty, reaching ``line``, when there is no
    record). The unit of work of every engine of the import."""
    out: list[Prepared] = []
    posts: list[RawPost] = []
    rejects: list[Rejected] = []
    for item in read_part(part):
        if isinstance(item, Rejected):
            rejects.append(item)
        else:
            posts.append(item)
        line = item.line
        if len(posts) + len(rejects) >= size:
            out.append(prepare_batch(ctx, posts, rejects, line))
            posts, rejects = [], []
    if posts or rejects or not out:
        out.append(prepare_batch(ctx, posts, rejects, line))
    return out


def prepare_batch(
    ctx: Context, raws: list[RawPost], rejects: list[Rejected], last: int
) -> Prepared:
    """The rows of one batch of posts, classified (each distinct text once)."""
    results = classify([r.text for r in raws], ctx.queries)
    values = Values(ctx.sqlite)
    posts: list[PostRow] = []
    mentions: list[MentionRow] = []
    issues: list[IssueRow] = []
    for i, (raw, c) in enumerate(zip(raws, results, strict=True)):
        post = _post_row(ctx, values, raw, c)
        posts.append(post)
        engagement = raw.likes + raw.shares + raw.comments
        for f in c.found:
            mentions.append(_new(MentionRow, (
                i, f.contestant_id, post.day, post.platform, raw.followers, engagement, f.label,
                f.positive, f.neutral, f.negative, f.model_version, values.clauses(f.clauses),
                f.query_version, raw.is_synthetic,
            )))  # fmt: skip
        issues.extend(_new(IssueRow, (i, code, post.day)) for code in c.issues)
    tags = [tuple(dict.fromkeys(t[:200] for t in r.hashtags)) if r.hashtags else () for r in raws]
    return Prepared(posts, mentions, issues, tags, rejects, last)


_new = tuple.__new__  # a named tuple without its Python-level ``__new__``: a row a post


def _post_row(ctx: Context, values: Values, raw: RawPost, c: Classified) -> PostRow:
    platform, text = raw.platform, raw.text
    if platform == "online_news":
        url = raw.url or (raw.urls[0] if raw.urls else "")
        url_key, hashed = normalize_url(url)[:500], title_hash(raw.title or text[:200])
    else:
        url_key = hashed = ""
    return _new(PostRow, (
        platform, raw.external_id[:300], ctx.election_id, raw.author_id[:100],
        raw.author_handle[:200], text.replace("\x00", "") if "\x00" in text else text,
        c.norm, values.when(raw.created_at), values.day(wib_date(raw.created_at)),
        json_list(raw.urls), json_list(raw.hashtags), raw.reply_to[:100], raw.repost_of[:100],
        raw.quote_of[:100], raw.followers, raw.likes, raw.shares, raw.comments, raw.views,
        c.language, raw.title[:500], url_key, hashed, raw.is_synthetic, ctx.job_id,
    ))  # fmt: skip


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


_PR_SET_PDEATHSIG = 1


def start_worker(parent: int, queries: Queries) -> None:
    """A pool worker's start: it dies with the process that started it (Linux: the kernel
    sends it SIGKILL when its parent ends, however the parent ends), keeps the cyclic
    garbage collector off (as ``gc_paused``) and loads the model and the queries."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still ends it
        pass
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)
    gc.disable()
    warm_up(queries)


class _Later:
    """A call made when its result is asked for: the engine in the importing process."""

    def __init__(self, fn: Callable, *args) -> None:
        self.call = partial(fn, *args)

    def result(self):
        return self.call()

    def cancel(self) -> bool:
        return True


@contextmanager
def local_pool(workers: int, queries: Queries) -> Iterator[tuple[Callable, int]]:
    """``(submit, window)`` for ``in_order``: ``workers`` processes (spawned: they share no
    database connection; each dies with this process), or none: each call is made in this
    process when its result is asked for."""
    if workers <= 0:
        yield _Later, 1
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(), queries)
    ) as pool:
        try:
            yield pool.submit, workers + 1
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def in_order(submit: Callable, calls: Iterable[tuple], window: int) -> Iterator[Prepared]:
    """The batches of ``calls`` (``(prepare_part, ctx, part, size, line)`` each), in order,
    with at most ``window`` calls submitted and not yet taken: memory bounded by the window,
    not by the file."""
    pending: deque = deque()
    try:
        for call in calls:
            pending.append(submit(*call))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
