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
where polars takes tens of milliseconds (docs/benchmarks.md, "Eighth session"). An import
appends one chunk of each kind (``append``): the same key may then sit in several chunks,
and every reader sums them (followers: the largest), so nothing stored is read back and
rewritten. A refresh rewrites the days it recomputes (``replace``), which also merges the
chunks into one; so does an append past ``MAX_CHUNKS``. A process keeps the frames it read
while the election's chunks stay the same (``frame``).
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections import OrderedDict
from collections.abc import Iterable

import polars as pl
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from kampanye.elections.models import Election
from kampanye.social.prepare import AUTHOR_KEYS, AUTHOR_SUMS

AUTHOR, EDGE, HASHTAG, NEWS = "author", "edge", "hashtag", "news"
SCHEMAS = {
    AUTHOR: {
        "day": pl.Date, "platform": pl.Utf8, "cmask": pl.Int64, "author": pl.Utf8,
        "posts": pl.Int64, "engagement": pl.Int64, "reach": pl.Int64, "followers": pl.Int64,
    },
    EDGE: {
        "day": pl.Date, "platform": pl.Utf8, "cmask": pl.Int64, "source": pl.Utf8,
        "target": pl.Utf8, "weight": pl.Int64,
    },
    HASHTAG: {
        "day": pl.Date, "platform": pl.Utf8, "cmask": pl.Int64, "tag": pl.Utf8, "posts": pl.Int64,
    },
    NEWS: {  # online news only; no cmask 0 rows (every set of contestants is read instead)
        "day": pl.Date, "cmask": pl.Int64, "url_key": pl.Utf8, "title_hash": pl.Utf8,
        "items": pl.Int64,
    },
}  # fmt: skip
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
CACHED = 8  # elections × kinds whose frames a process keeps


class ColumnChunk(models.Model):
    """Rows of one kind of an election's figures as one Arrow IPC file."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=[(kind, kind) for kind in SCHEMAS])
    token = models.CharField(max_length=32)  # new with every chunk written
    data = models.BinaryField()

    class Meta:
        verbose_name = _("potongan kolom")
        verbose_name_plural = _("potongan kolom")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


def conformed(kind: str, data: pl.DataFrame | Iterable[tuple]) -> pl.DataFrame:
    """``data`` (a frame or rows in the columns' order) as the kind's columns and types; days
    may come as ISO text (SQLite) or dates."""
    schema = SCHEMAS[kind]
    if not isinstance(data, pl.DataFrame):
        loose = {c: (None if c == "day" else t) for c, t in schema.items()}  # text or dates
        data = pl.DataFrame(list(data), schema=loose, orient="row")
    if data.schema.get("day") == pl.Utf8:
        data = data.with_columns(pl.col("day").str.slice(0, 10).str.to_date())
    return data.select(pl.col(c).cast(t) for c, t in schema.items())


def compacted(kind: str, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per key."""
    return frame.group_by(KEYS[kind]).agg(*SUMS[kind]).select(*SCHEMAS[kind])


def append(election: Election, kind: str, data: pl.DataFrame | Iterable[tuple]) -> None:
    """Add an import's rows of ``kind`` to the election's."""
    frame = conformed(kind, data)
    if frame.is_empty():
        return
    if ColumnChunk.objects.filter(election=election, kind=kind).count() >= MAX_CHUNKS:
        replace(election, kind, set(), frame)
    else:
        _write(election, kind, frame)


def replace(
    election: Election, kind: str, days: set[dt.date] | None, data: pl.DataFrame | Iterable
) -> None:
    """The election's rows of ``kind`` on ``days`` (every day: None) replaced by ``data``
    (rows of those days), all of them in one chunk. No days (an empty set): ``data`` added,
    and every key's rows summed into one."""
    new = conformed(kind, data)
    if days is None:
        kept = compacted(kind, new)
    elif days:  # the rows of the other days as they are (a key may repeat; readers sum)
        old = frame(election, kind).filter(~pl.col("day").is_in(sorted(days)))
        kept = pl.concat([old, compacted(kind, new)])
    else:
        kept = compacted(kind, pl.concat([frame(election, kind), new]))
    ColumnChunk.objects.filter(election=election, kind=kind).delete()
    if not kept.is_empty():
        _write(election, kind, kept)


def _write(election: Election, kind: str, frame: pl.DataFrame) -> None:
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    ColumnChunk.objects.create(
        election=election, kind=kind, token=uuid.uuid4().hex, data=buffer.getvalue()
    )


_frames: OrderedDict[tuple, tuple[list, pl.DataFrame]] = OrderedDict()


def frame(election: Election, kind: str) -> pl.DataFrame:
    """Every row of ``kind`` of the election, as stored (a key may repeat across chunks).
    Read from the chunks once while they stay the same (each keeps a token of its own: an
    id given again after a rollback does not pass for the chunk it had)."""
    chunks = ColumnChunk.objects.filter(election=election, kind=kind).order_by("id")
    have = list(chunks.values_list("id", "token"))
    key = (connection.alias, connection.settings_dict.get("NAME"), election.pk, kind)
    cached = _frames.get(key)
    if cached is not None and cached[0] == have:
        _frames.move_to_end(key)
        return cached[1]
    read = list(chunks.values_list("id", "token", "data"))  # the ids and data read together
    parts = [pl.read_ipc(io.BytesIO(bytes(data))) for _id, _token, data in read]
    result = pl.concat(parts) if parts else pl.DataFrame(schema=SCHEMAS[kind])
    _frames[key] = ([(i, token) for i, token, _data in read], result)
    while len(_frames) > CACHED:
        _frames.popitem(last=False)
    return result


def rows(election: Election, kind: str) -> list[tuple]:
    """The election's rows of ``kind``, one per key, sorted (what a test compares)."""
    return compacted(kind, frame(election, kind)).sort(KEYS[kind]).rows()
