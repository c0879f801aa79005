"""The generic CSV layout, read as cheaply as plain Python allows (no Django).

It gives what ``_tables._run`` over ``_tables._rows`` gives with a per-row ``build`` (rows
read like ``csv.DictReader``: blank lines skipped, the last of repeated column names wins, a
row of the wrong width rejected; a bad row rejected with the first bad field in the order
platform, message_id, timestamp, followers, likes, shares, comments, views), but it runs once
per post of a million-post import, so:

* rows stay ``csv.reader`` lists, their cells picked by index with one ``itemgetter``;
* rows of the right width are gathered in batches, and a batch is built column by column
  with ``map`` (each column's work in C) when every row of it is clean; a batch with any
  bad row is built row by row, which names the reasons, so the items are the same;
* counts are read through ``CountMemo`` (counts repeat) and ``YYYY-MM-DD HH:MM:SS WIB`` time
  stamps by ``fromisoformat`` and timedelta arithmetic (``_common._to_utc``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from itertools import repeat
from operator import add, attrgetter, itemgetter, methodcaller, sub
from pathlib import Path

from kampanye.social.ingest._common import (
    _NAIVE_EPOCH,
    _WIB_EPOCH,
    PLATFORMS,
    CountMemo,
    Item,
    RawPost,
    Rejected,
    RowError,
    _raw,
    hashtags_in,
    open_text,
    parse_time,
    read_header,
    split_list,
    urls_in,
)

REQUIRED = ("message_id", "text", "timestamp")
# The columns read, in the order the row loop unpacks them.
_READ = (
    "platform", "message_id", "text", "timestamp", "user_id", "username", "reply_id",
    "repost_id", "quote_id", "urls", "hashtags", "followers", "likes", "shares", "comments",
    "views", "title", "url", "is_synthetic",
)  # fmt: skip
_COUNTS = ("followers", "likes", "shares", "comments", "views")
_TRUE = frozenset({"1", "true", "ya"})
_WIDTH = "jumlah kolom tidak sesuai header"
_BATCH = 512
_new = tuple.__new__
_from_iso = dt.datetime.fromisoformat
_first19 = itemgetter(slice(0, 19))
_after19 = itemgetter(slice(19, None))
_WIB_ONLY = {" WIB"}
_tzinfo = attrgetter("tzinfo")
_lstrip_at = methodcaller("lstrip", "@")
_strip = str.strip


def _platform(value: str) -> str:
    pf = value.strip().lower()
    if pf not in PLATFORMS:
        raise RowError(f"platform '{pf}' tidak dikenal ({', '.join(PLATFORMS)})")
    return pf


class _Memo(dict[str, object]):
    """``function(value)`` by ``memo[value]``; values that raise are not kept."""

    def __init__(self, function: Callable[[str], object], limit: int = 4096) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, value: str) -> object:
        result = self.function(value)
        if len(self) < self.limit:
            self[value] = result
        return result


def _synthetic(value: str) -> bool:
    return value.strip().lower() in _TRUE


class _Builder:
    """RawPost or Rejected for batches of rows of one file (``rows`` are ``csv.reader`` lists
    of the header's width, padded with one empty cell when a read column is absent)."""

    def __init__(self, header: list[str], platform: str) -> None:
        width = len(header)
        index = {name: i for i, name in enumerate(header)}  # the last of a repeated name
        self.header = header
        self.pad = any(name not in index for name in _READ)
        self.at = [index.get(name, width) for name in _READ]
        self.pick = itemgetter(*self.at)
        self.counts = [CountMemo(name) for name in _COUNTS]
        self.platforms = _Memo(lambda value: _platform(value or platform))
        self.synthetic = _Memo(_synthetic)

    def build(self, lines: list[int], rows: list[list[str]]) -> Iterator[Item]:
        if self.pad:
            for row in rows:
                row.append("")
        try:
            posts = self.by_column(lines, rows)
        except Exception:  # a bad row: reading row by row gives its reason, in its place
            posts = None
        return iter(posts) if posts is not None else self.by_row(lines, rows)

    def by_column(self, lines: list[int], rows: list[list[str]]) -> list[Item] | None:
        """The posts of a batch of clean rows, a column at a time; None (or an exception) when
        some row needs the row-by-row reading."""
        (pf, mid, text, ts, uid, handle, reply, repost, quote, urls, tags,
         followers, likes, shares, comments, views, title, url, synthetic,
         ) = map(list(zip(*rows, strict=True)).__getitem__, self.at)  # fmt: skip
        platforms = list(map(self.platforms.__getitem__, pf))
        ids = list(map(_strip, mid))
        if not all(ids) or set(map(_after19, ts)) != _WIB_ONLY:  # all YYYY-MM-DD HH:MM:SS WIB
            return None
        naive = list(map(_from_iso, map(_first19, ts)))
        if any(map(_tzinfo, naive)) or min(naive).year < 1970 or max(naive).year >= 9999:
            return None
        created = map(add, repeat(_WIB_EPOCH), map(sub, naive, repeat(_NAIVE_EPOCH)))
        f, li, s, c, v = (
            list(map(memo.__getitem__, column))
            for memo, column in zip(
                self.counts, (followers, likes, shares, comments, views), strict=True
            )
        )
        if any(urls):
            found_urls = [
                (u and split_list(u)) or (urls_in(t) if "://" in t else ())
                for u, t in zip(urls, text, strict=True)
            ]
        else:
            found_urls = [urls_in(t) if "://" in t else () for t in text]
        if any(tags):
            found_tags = [_tags(g, t) for g, t in zip(tags, text, strict=True)]
        else:
            found_tags = [hashtags_in(t) if "#" in t else () for t in text]
        columns = zip(
            lines,
            platforms,
            ids,
            text,
            created,
            map(_strip, uid),
            map(_lstrip_at, map(_strip, handle)),
            map(_strip, reply),
            map(_strip, repost),
            map(_strip, quote),
            found_urls,
            found_tags,
            f,
            li,
            s,
            c,
            v,
            title,
            url,
            map(self.synthetic.__getitem__, synthetic),
            strict=True,
        )
        return list(map(_new, repeat(RawPost), columns))

    def by_row(self, lines: list[int], rows: list[list[str]]) -> Iterator[Item]:
        """The items of a batch one row at a time, as ``guarded`` builds them."""
        followers_of, likes_of, shares_of, comments_of, views_of = self.counts
        platforms, synthetic_of = self.platforms, self.synthetic
        for line, row in zip(lines, rows, strict=True):
            (pf, mid, text, ts, uid, handle, reply, repost, quote, urls, tags,
             followers, likes, shares, comments, views, title, url, synthetic,
             ) = self.pick(row)  # fmt: skip
            try:
                pf = platforms[pf]
                external_id = mid.strip()
                if not external_id:
                    raise RowError("message_id kosong")
                created = parse_time(ts)
                item: Item = _new(
                    RawPost,
                    (
                        line,
                        pf,
                        external_id,
                        text,
                        created,
                        uid.strip(),
                        handle.strip().lstrip("@"),
                        reply.strip(),
                        repost.strip(),
                        quote.strip(),
                        (urls and split_list(urls)) or urls_in(text),
                        _tags(tags, text),
                        followers_of[followers],
                        likes_of[likes],
                        shares_of[shares],
                        comments_of[comments],
                        views_of[views],
                        title,
                        url,
                        synthetic_of[synthetic],
                    ),
                )
            except RowError as err:
                item = Rejected(line, str(err), _raw_row(self.header, row))
            except (KeyError, TypeError, ValueError, AttributeError) as err:
                reason = f"rekaman tidak sesuai format: {err}"
                item = Rejected(line, reason, _raw_row(self.header, row))
            yield item


def _tags(column: str, text: str) -> tuple[str, ...]:
    hashtags = split_list(column) if column else ()
    return tuple([h.lower() for h in hashtags]) if hashtags else hashtags_in(text)


def _raw_row(header: list[str], row: list[str]) -> str:
    """What ``guarded`` keeps of a rejected row: the row as ``csv.DictReader`` gives it."""
    return _raw(dict(zip(header, row)))  # noqa: B905 (row may carry the padding cell)


def parse_generic(path: Path, platform: str = "x") -> Iterator[Item]:
    """The documented generic CSV (``GENERIC_COLUMNS``; a ``platform`` column, when present,
    overrides ``platform``)."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = read_header(reader, REQUIRED)
        except RowError as err:
            yield Rejected(1, str(err), str(err)[:500])
            return
        width = len(header)
        builder = _Builder(header, platform)
        lines: list[int] = []
        rows: list[list[str]] = []
        start = reader.line_num + 1
        done = False
        while not done:
            # read up to a batch, a row of the wrong width or a CSV error, and yield outside
            # the ``try`` (what goes wrong in building is no reading error)
            after: Rejected | None = None
            failure: Exception | None = None
            try:
                for row in reader:
                    if not row:
                        continue
                    if len(row) == width:
                        lines.append(start)
                        rows.append(row)
                        start = reader.line_num + 1
                        if len(rows) == _BATCH:
                            break
                        continue
                    after = Rejected(start, _WIDTH, _WIDTH)
                    start = reader.line_num + 1
                    break
                else:
                    done = True
            except csv.Error as err:  # a field over the limit …
                reason = f"CSV rusak: {err}"
                after = Rejected(start, reason, reason[:500])
                start = reader.line_num + 1
            except Exception as err:  # the rows read before it come out first, as row by row
                failure = err
            if rows:
                yield from builder.build(lines, rows)
                lines, rows = [], []
            if after is not None:
                yield after
            if failure is not None:
                raise failure
