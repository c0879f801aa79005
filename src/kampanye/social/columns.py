"""The dashboard's figures that are counted per distinct key over a period, kept as columns:
per WIB day × set of contestants (``cmask``), the accounts (``AUTHOR``: posts, engagement,
followers summed over the posts and their largest, per platform × account), the network
(``EDGE``: references per platform × source × target), the hashtags (``HASHTAG``: distinct
posts per platform × tag) and the news items (``NEWS``: items per normalised URL × title
hash). An election's rows of each kind are Arrow IPC chunks in ``ColumnChunk``, read into
polars frames.

These figures group the rows of a period per account, tag, URL or title, and the rows grow
with the accounts and the stories, not only with the days: a SQL ``GROUP BY`` or ``COUNT
(DISTINCT …)`` over them took a second and more at a million posts from many accounts,
where polars takes tens of milliseconds (docs/decisions/0002). An import appends one chunk
of each kind (``append``): the same key may then sit in several chunks, and every reader
sums them (followers: the largest), so nothing stored is read back and rewritten. A refresh
rewrites the days it recomputes (``replace``), which also merges the chunks into one; so
does an append past ``MAX_CHUNKS``. A process keeps the frames it read while the election's
chunks stay the same (``parts``).

Accounts are numbered per election (``ACCOUNT`` chunks: id, platform, account, the ids
dense from 0 in the order the accounts first came): the author and edge rows hold the ids,
so that a period's rows are summed per account by ``numpy.bincount`` instead of grouped by
two text columns, whose cost grows with the accounts (decision 0002). Every chunk is written
sorted by ``cmask`` then day, so the rows of a set of contestants and a period are slices
found by binary search (``sliced``), not a filter over every row.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from polars.datatypes import DataTypeClass

from kampanye.elections.models import Election
from kampanye.social.tally import AUTHOR_KEYS, AUTHOR_SUMS

AUTHOR, EDGE, HASHTAG, NEWS, ACCOUNT = "author", "edge", "hashtag", "news", "account"
# the figures as stored and kept in memory: the platform as a category, and 32-bit ids and
# counts of posts where a day's figures of one key fit (half the memory of text and 64-bit
# numbers); followers, engagement and reach 64-bit, as the posts hold them
SCHEMAS: dict[str, dict[str, DataTypeClass]] = {
    AUTHOR: {
        "day": pl.Date, "platform": pl.Categorical, "cmask": pl.Int64, "author": pl.Int32,
        "posts": pl.Int32, "engagement": pl.Int64, "reach": pl.Int64, "followers": pl.Int64,
    },
    EDGE: {
        "day": pl.Date, "platform": pl.Categorical, "cmask": pl.Int64, "source": pl.Int32,
        "target": pl.Int32, "weight": pl.Int32,
    },
    HASHTAG: {
        "day": pl.Date, "platform": pl.Categorical, "cmask": pl.Int64, "tag": pl.Utf8,
        "posts": pl.Int32,
    },
    NEWS: {  # online news only; no cmask 0 rows (every set of contestants is read instead)
        "day": pl.Date, "cmask": pl.Int64, "url_key": pl.Utf8, "title_hash": pl.Utf8,
        "items": pl.Int32,
    },
}  # fmt: skip
NAMED = {AUTHOR: ("author",), EDGE: ("source", "target")}  # accounts: given as text, kept as ids
_TEXT = {kind: ("platform", *NAMED.get(kind, ())) for kind in SCHEMAS}  # text as given
# the ``ACCOUNT`` chunks
ACCOUNTS: dict[str, DataTypeClass] = {"id": pl.Int64, "platform": pl.Utf8, "account": pl.Utf8}
KEYS = {
    AUTHOR: AUTHOR_KEYS,
    EDGE: ("day", "platform", "cmask", "source", "target"),
    HASHTAG: ("day", "platform", "cmask", "tag"),
    NEWS: ("day", "cmask", "url_key", "title_hash"),
}
SUMS = {  # over the rows of a key
    AUTHOR: AUTHOR_SUMS,  # followers: the largest
    EDGE: (pl.col("weight").sum(),),
    HASHTAG: (pl.col("posts").sum(),),
    NEWS: (pl.col("items").sum(),),
}
WITH_ALL = (AUTHOR, EDGE, HASHTAG)  # kinds whose cmask 0 rows sum over all contestants
MAX_CHUNKS = 16  # an append that would make more merges the election's chunks into one
CACHED = 10  # elections × kinds whose frames a process keeps


class ColumnChunk(models.Model):
    """Rows of one kind of an election's figures (or accounts) as one Arrow IPC file."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=[(kind, kind) for kind in (*SCHEMAS, ACCOUNT)])
    token = models.CharField(max_length=32)  # new with every chunk written
    data = models.BinaryField()

    class Meta:
        verbose_name = _("potongan kolom")
        verbose_name_plural = _("potongan kolom")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


def conformed(kind: str, data: pl.DataFrame | Iterable[tuple]) -> pl.DataFrame:
    """``data`` (a frame or rows in the columns' order) as the kind's columns, with the
    platform and the accounts as text and the numbers as 64-bit integers; days may come as
    ISO text (SQLite) or dates."""
    schema = {
        c: (t if t in (pl.Date, pl.Utf8) else pl.Utf8 if c in _TEXT[kind] else pl.Int64)
        for c, t in SCHEMAS[kind].items()
    }
    if not isinstance(data, pl.DataFrame):
        loose = {c: (None if c == "day" else t) for c, t in schema.items()}  # text or dates
        data = pl.DataFrame(list(data), schema=loose, orient="row")
    if data.schema.get("day") == pl.Utf8:
        data = data.with_columns(pl.col("day").str.slice(0, 10).str.to_date())
    return data.select(pl.col(c).cast(t) for c, t in schema.items())


def stored(kind: str, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` in the kind's stored columns and types."""
    return frame.select(pl.col(c).cast(t) for c, t in SCHEMAS[kind].items())


def compacted(kind: str, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per key."""
    return stored(kind, frame.group_by(KEYS[kind]).agg(*SUMS[kind]))


def append(election: Election, given: dict[str, pl.DataFrame | Iterable[tuple]]) -> None:
    """Add an import's rows of each kind (``given``: kind → rows, accounts as text)."""
    for kind, new in _numbered(election, given).items():
        if new.is_empty():
            continue
        if ColumnChunk.objects.filter(election=election, kind=kind).count() >= MAX_CHUNKS:
            _rewrite(election, kind, compacted(kind, pl.concat([frame(election, kind), new])))
        else:
            _write(election, kind, new)


def replace(
    election: Election, days: set[dt.date] | None, given: Mapping[str, pl.DataFrame | Iterable]
) -> None:
    """The election's rows on ``days`` replaced by ``given`` (kind → the rows of those
    days, accounts as text), each kind in one chunk. Every day (``days`` None): the rows of
    every kind, and the accounts numbered again."""
    if days is None:
        if set(given) != set(SCHEMAS):
            raise ValueError("replacing every day needs the rows of every kind")
        ColumnChunk.objects.filter(election=election, kind=ACCOUNT).delete()
    for kind, new in _numbered(election, given).items():
        kept = compacted(kind, new)
        if days is not None:  # the rows of the other days as they are (readers sum repeats)
            old = frame(election, kind).filter(~pl.col("day").is_in(sorted(days)))
            kept = pl.concat([old, kept])
        _rewrite(election, kind, kept)


def _numbered(election: Election, given: Mapping) -> dict[str, pl.DataFrame]:
    """``given``'s rows conformed, their accounts as ids; accounts not numbered yet are
    numbered next and added to the election's ``ACCOUNT`` chunks."""
    frames = {kind: conformed(kind, data) for kind, data in given.items()}
    names = [
        f.select("platform", pl.col(c).alias("account"))
        for kind, f in frames.items()
        for c in NAMED.get(kind, ())
    ]
    if not names:
        return {kind: stored(kind, f) for kind, f in frames.items()}
    # one import or refresh at a time numbers an election's accounts (PostgreSQL: others wait)
    Election.objects.select_for_update().filter(pk=election.pk).exists()
    known = frame(election, ACCOUNT)
    new = pl.concat(names).unique().join(known, on=["platform", "account"], how="anti")
    if not new.is_empty():
        new = new.sort("platform", "account").with_row_index("id", offset=len(known))
        new = new.select(pl.col(c).cast(t) for c, t in ACCOUNTS.items())
        if ColumnChunk.objects.filter(election=election, kind=ACCOUNT).count() >= MAX_CHUNKS:
            _rewrite(election, ACCOUNT, pl.concat([known, new]))
        else:
            _write(election, ACCOUNT, new)
        known = pl.concat([known, new])
    for kind, f in frames.items():
        for c in NAMED.get(kind, ()):
            ids = known.rename({"account": c, "id": f"{c}_id"})
            f = f.join(ids, on=["platform", c], how="left").with_columns(pl.col(f"{c}_id").alias(c))
        frames[kind] = stored(kind, f)
    return frames


def _rewrite(election: Election, kind: str, frame: pl.DataFrame) -> None:
    """The election's chunks of ``kind`` replaced by one of ``frame``."""
    ColumnChunk.objects.filter(election=election, kind=kind).delete()
    if not frame.is_empty():
        _write(election, kind, frame)


def _write(election: Election, kind: str, frame: pl.DataFrame) -> None:
    if kind in SCHEMAS:
        frame = frame.sort("cmask", "day")  # what ``sliced`` needs
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    ColumnChunk.objects.create(
        election=election, kind=kind, token=uuid.uuid4().hex, data=buffer.getvalue()
    )


_parts: OrderedDict[tuple, tuple[list, list[pl.DataFrame]]] = OrderedDict()


def parts(election: Election, kind: str) -> list[pl.DataFrame]:
    """The election's chunks of ``kind`` as frames, as stored (a key may repeat across
    chunks; each chunk sorted by ``cmask`` then day). Read once while the chunks stay the
    same (each keeps a token of its own: an id given again after a rollback does not pass
    for the chunk it had)."""
    chunks = ColumnChunk.objects.filter(election=election, kind=kind).order_by("id")
    have = list(chunks.values_list("id", "token"))
    key = (connection.alias, connection.settings_dict.get("NAME"), election.pk, kind)
    cached = _parts.get(key)
    if cached is not None and cached[0] == have:
        _parts.move_to_end(key)
        return cached[1]
    read = list(chunks.values_list("id", "token", "data"))  # the ids and data read together
    result = [pl.read_ipc(io.BytesIO(bytes(data))) for _id, _token, data in read]
    _parts[key] = ([(i, token) for i, token, _data in read], result)
    while len(_parts) > CACHED:
        _parts.popitem(last=False)
    return result


def frame(election: Election, kind: str) -> pl.DataFrame:
    """Every row of ``kind`` of the election, as stored (``parts`` one after the other)."""
    found = parts(election, kind)
    if found:
        return pl.concat(found, rechunk=False)
    return pl.DataFrame(schema=SCHEMAS.get(kind, ACCOUNTS))


def sliced(
    part: pl.DataFrame, masks: list[int] | None, start: dt.date | None, end: dt.date | None
) -> list[pl.DataFrame]:
    """The rows of a chunk (sorted by ``cmask`` then day) with one of ``masks`` (None: any;
    then the days are filtered, not sliced) between ``start`` and ``end``, as slices."""
    if masks is None:
        rows = part
        if start:
            rows = rows.filter(pl.col("day") >= start)
        if end:
            rows = rows.filter(pl.col("day") <= end)
        return [rows]
    cmask, out = part["cmask"], []
    for mask in masks:
        lo, hi = cmask.search_sorted(mask, "left"), cmask.search_sorted(mask, "right")
        if lo == hi:
            continue
        rows = part.slice(lo, hi - lo)
        days = rows["day"]
        first = days.search_sorted(start, "left") if start else 0
        last = days.search_sorted(end, "right") if end else len(rows)
        if last > first:
            out.append(rows.slice(first, last - first))
    return out


@dataclass(frozen=True)
class Accounts:
    """An election's accounts: row ``i`` of ``names`` (platform, account) is the account
    numbered ``i``; ``rank[i]`` is its place in the order of platform, then account."""

    names: pl.DataFrame
    rank: np.ndarray

    def __len__(self) -> int:
        return len(self.names)


_accounts: dict[tuple, tuple[list, Accounts]] = {}


def accounts(election: Election) -> Accounts:
    """The election's accounts (kept while its ``ACCOUNT`` chunks stay the same)."""
    stored = parts(election, ACCOUNT)  # the same list while they do
    key = (connection.alias, connection.settings_dict.get("NAME"), election.pk)
    cached = _accounts.get(key)
    if cached is not None and cached[0] is stored:
        return cached[1]
    names = frame(election, ACCOUNT).sort("id").select("platform", "account")
    order = names.with_row_index("i").sort("platform", "account")["i"].to_numpy()
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    _accounts[key] = (stored, Accounts(names, rank))
    while len(_accounts) > CACHED:
        _accounts.pop(next(iter(_accounts)))
    return _accounts[key][1]
