"""Bulk writes of plain tuples for imports and aggregates, without model instances:
``INSERT … ON CONFLICT DO NOTHING`` (SQLite: statements of up to 500 rows on sqlite3's own
connection; PostgreSQL: ``COPY`` through a temporary table), ids given by the import, and
the ``(platform, external id)`` already stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain

from django.db import connection, transaction

from kampanye.social.models import Post

# SQLite: rows a statement (many rows in one ``INSERT … VALUES``: ``AUTOINCREMENT``'s counter
# is then read and written once a statement, not once a row as with ``executemany``), within
# SQLite's 32,766 parameters
SQLITE_ROWS, SQLITE_VALUES = 500, 32_766


def insert(
    model,
    columns: tuple[str, ...],
    rows: list[tuple],
    plus: dict[str, int] | None = None,
    new: bool = False,
) -> int:
    """Insert ``rows`` (values as the database takes them), skipping conflicting ones.
    ``plus`` (SQLite only): numbers added to a column's values by the database (a batch's
    first id to the row indices it holds, without rebuilding the rows). ``new``
    (PostgreSQL): no row is expected to conflict (see ``copy_insert``). Returns the rows
    inserted."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        assert not plus, "plus is for SQLite"
        return len(copy_insert(model, columns, rows, new))
    qn = connection.ops.quote_name
    marks = [f"? + {int((plus or {})[c])}" if c in (plus or {}) else "?" for c in columns]
    head = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "
    one = f"({', '.join(marks)})"
    per = max(1, min(SQLITE_ROWS, SQLITE_VALUES // len(columns)))
    connection.ensure_connection()
    db = connection.connection  # sqlite3's own: Django's cursor would copy the parameters
    inserted = 0
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql = f"{head}{', '.join([one] * len(chunk))} ON CONFLICT DO NOTHING"
        inserted += db.execute(sql, list(chain.from_iterable(chunk))).rowcount
    return inserted


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
      once, not once a batch;
    * no foreign-key and CHECK constraint checks of the rows: the import made them (ids it
      numbered, counts the parser made non-negative, JSON that orjson wrote); foreign keys
      stay checked inside an outer transaction, where SQLite cannot turn them off.

    All but the page cache are restored after."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    db = connection.connection
    checkpoint = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute("PRAGMA cache_size = -65536")
    db.execute(f"PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT_PAGES}")
    db.execute("PRAGMA ignore_check_constraints = ON")
    try:
        with connection.constraint_checks_disabled():
            yield
    finally:
        db.execute("PRAGMA ignore_check_constraints = OFF")
        db.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")


def last_id() -> int:
    """SQLite: the id of the last row this connection inserted."""
    return connection.connection.execute("SELECT last_insert_rowid()").fetchone()[0]


def copy_insert(model, columns: tuple[str, ...], rows: list[tuple], new: bool = False) -> list:
    """``COPY`` the rows into a temporary table, then ``INSERT … SELECT … ON CONFLICT DO
    NOTHING RETURNING`` the first column: ``insert`` with one round trip for the rows
    (PostgreSQL, psycopg 3). Returns the first column of the rows inserted.

    ``new``: no row is expected to conflict (an import's posts, and the mentions and issues
    of posts it has just stored): the rows are copied straight into the table, which writes
    each once instead of twice; if one does conflict after all, that copy is rolled back (a
    savepoint) and the rows go the way above."""
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    if new:
        try:
            with (
                transaction.atomic(),
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return [row[0] for row in rows]
        except connection.Database.IntegrityError:  # type: ignore[attr-defined]  # not in stubs
            pass  # a row stored before: see above
    temp = qn(f"copy_{model._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {temp} AS SELECT {cols} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {temp}")
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {temp} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {temp} ON CONFLICT DO NOTHING "
            f"RETURNING {qn(columns[0])}"
        )
        return [r[0] for r in cursor.fetchall()]


def new_ids(model, n: int) -> range | list[int]:
    """``n`` fresh ids of ``model``. SQLite: after the largest id ever given
    (``AUTOINCREMENT``'s counter included); this connection is the only writer inside the
    write transaction, and a row that still collides is caught by the insert's count.
    PostgreSQL: from the sequence."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            ids = [r[0] for r in cursor.fetchall()]
            if ids == list(range(ids[0], ids[0] + n)):
                return range(ids[0], ids[0] + n)
            return ids  # a sequence with a cache or an increment
        cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
    return range(top + 1, top + 1 + n)


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
