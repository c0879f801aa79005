"""Bulk writes of plain tuples for imports and aggregates, without model instances:
``INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING`` a few hundred rows a statement,
``RETURNING`` what the caller needs to know of the rows inserted (their ids, by their natural
keys), and the ``(platform, external id)`` already stored."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain

from django.db import connection

from kampanye.social.models import Post

# rows a statement, within SQLite's 32,766 parameters (PostgreSQL's 65,535)
STATEMENT_ROWS, STATEMENT_VALUES = 500, 32_766


def insert(model, columns: tuple[str, ...], rows: Sequence[tuple]) -> int:
    """Insert ``rows`` (values as the database takes them), skipping conflicting ones.
    Returns the number of rows inserted."""
    return sum(cursor.rowcount for cursor in _statements(model, columns, rows, ()))


def insert_returning(
    model, columns: tuple[str, ...], rows: Sequence[tuple], returning: tuple[str, ...]
) -> list[tuple]:
    """``insert``, returning the ``returning`` columns of every row inserted (in no
    particular order: the caller matches them by a natural key)."""
    return [row for cursor in _statements(model, columns, rows, returning) for row in cursor]


def _statements(model, columns, rows: Sequence[tuple], returning: tuple[str, ...]) -> Iterator:
    """Run the inserts of ``rows``, a cursor (its rows read before the next) each."""
    if not rows:
        return
    qn = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    one = "(" + ", ".join(["?" if sqlite else "%s"] * len(columns)) + ")"
    head = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "
    tail = " ON CONFLICT DO NOTHING"
    if returning:
        tail += " RETURNING " + ", ".join(qn(c) for c in returning)
    per = max(1, min(STATEMENT_ROWS, STATEMENT_VALUES // len(columns)))
    connection.ensure_connection()
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql = head + ", ".join([one] * len(chunk)) + tail
        params = list(chain.from_iterable(chunk))
        if sqlite:  # sqlite3's own connection: Django's cursor would copy the parameters
            yield connection.connection.execute(sql, params)
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                yield cursor


# SQLite, while an import stores: pages of the write-ahead log between two checkpoints
# (some 200 MiB, against the default 1,000 pages, 4 MiB)
IMPORT_CHECKPOINT_PAGES = 50_000


@contextmanager
def storing() -> Iterator[None]:
    """SQLite, while an import stores its batches on this connection:

    * a 64 MiB page cache, so that the indexes of a large import stay in memory (the
      default is 2 MiB; kept after);
    * the write-ahead log checkpointed every ``IMPORT_CHECKPOINT_PAGES`` instead of every
      1,000 pages: an index page that many batches change then reaches the database file
      once, not once a batch (restored after)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    db = connection.connection
    checkpoint = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute("PRAGMA cache_size = -65536")
    db.execute(f"PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")


def stored_posts(keys, columns: str = "platform, external_id") -> list[tuple]:
    """``columns`` of the stored posts among ``(platform, external id)`` keys (one query
    per 900 keys, on the unique index)."""
    by_platform: dict[str, list[str]] = {}
    for platform, ext in keys:
        by_platform.setdefault(platform, []).append(ext)
    table = connection.ops.quote_name(Post._meta.db_table)
    found: list[tuple] = []
    with connection.cursor() as cursor:
        for platform, exts in by_platform.items():
            for i in range(0, len(exts), 900):
                chunk = exts[i : i + 900]
                cursor.execute(
                    f"SELECT {columns} FROM {table} WHERE platform = %s "
                    f"AND external_id IN ({', '.join(['%s'] * len(chunk))})",
                    [platform, *chunk],
                )
                found.extend(cursor.fetchall())
    return found
