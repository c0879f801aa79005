"""Use cases of the social front: importing posts, editing who counts as a mention, and
turning daily mentions into ledger touchpoints."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import multiprocessing
import os
import re
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import orjson
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kampanye.core.actions import TouchpointIn, record_touchpoint, record_touchpoints
from kampanye.core.audit import record_change
from kampanye.core.exchange import rejects_dir
from kampanye.core.models import Touchpoint
from kampanye.elections.models import Contestant, Election
from kampanye.nlp import QuerySyntaxError, parse_query
from kampanye.social import queries
from kampanye.social.aggregates import refresh_aggregates
from kampanye.social.classify import Classified, Queries, classify
from kampanye.social.ingest import WIB, RawPost, Rejected, normalize_url, parse, title_hash
from kampanye.social.models import ContestantQuery, IngestJob, Mention, Post, PostIssue

BATCH_SIZE = 2000
PARALLEL_FROM_BYTES = 4 << 20  # about 20,000 posts of the generic CSV
ROLLUP_PREFIX = "social:rollup"


# --- who counts as a mention ----------------------------------------------------------------


def default_query(contestant: Contestant) -> str:
    """``foke OR "fauzi bowo" OR …`` from the contestant's aliases (and short name)."""
    terms: list[str] = []
    for alias in [*contestant.aliases, contestant.head, contestant.deputy]:
        words = re.sub(r"[^\w#@]+", " ", alias.lower()).split()
        if not words:
            continue
        term = words[0] if len(words) == 1 else '"' + " ".join(words) + '"'
        if term not in terms:
            terms.append(term)
    return " OR ".join(terms)


def query_problem(text: str) -> str | None:
    """The syntax error of a query in words, naming its 1-based position; None when valid."""
    try:
        parse_query(text)
    except QuerySyntaxError as err:
        return str(err)
    return None


def current_queries(election: Election) -> dict[int, ContestantQuery]:
    """The newest query of every contestant, created from the aliases where none exists."""
    out: dict[int, ContestantQuery] = {}
    for contestant in election.contestants.all():
        q = ContestantQuery.objects.filter(contestant=contestant).order_by("-version").first()
        if q is None:
            q = ContestantQuery.objects.create(
                contestant=contestant, text=default_query(contestant)
            )
        out[contestant.pk] = q
    return out


def save_query(user, contestant: Contestant, text: str) -> ContestantQuery:
    """A new version of a contestant's query, after the nlp parser accepts it (audited)."""
    text = text.strip()
    problem = query_problem(text)
    if problem:
        raise ValidationError({"text": problem})
    with transaction.atomic():
        last = ContestantQuery.objects.filter(contestant=contestant).aggregate(v=Max("version"))
        if last["v"] is None:
            current_queries(contestant.election)
            last = {"v": 1}
        previous = ContestantQuery.objects.get(contestant=contestant, version=last["v"])
        if previous.text == text:
            return previous
        query = ContestantQuery.objects.create(
            contestant=contestant, text=text, version=last["v"] + 1, created_by=user
        )
        record_change(
            user,
            "save_contestant_query",
            query,
            before={"text": previous.text, "version": previous.version},
        )
    return query


# --- the classification pipeline -----------------------------------------------------------


def pipeline_for(election: Election) -> Queries:
    """The election's current queries as ``(contestant id, version, text)``, creating the
    defaults where none exist: what ``classify`` needs (it compiles them once per process)."""
    current = current_queries(election)
    return tuple(sorted((cid, q.version, q.text) for cid, q in current.items()))


# --- import ---------------------------------------------------------------------------------


class IngestRefused(Exception):
    """An import that cannot start (no election, a finished file asked to resume …)."""


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _election(slug: str | None) -> Election:
    if slug:
        try:
            return Election.objects.get(slug=slug)
        except Election.DoesNotExist:
            raise IngestRefused(_("pemilihan '%(s)s' tidak ada") % {"s": slug}) from None
    election = Election.objects.order_by("-id").first()
    if election is None:
        raise IngestRefused(_("belum ada pemilihan; muat data pemilu dahulu"))
    return election


def attach_reject_file(job: IngestJob, path: Path) -> None:
    """Give a new job its reject file in ``<data dir>/rejects/`` (kept across resumes)."""
    if job.reject_file:
        return
    folder = rejects_dir()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    job.reject_file = str(folder / f"{stamp}-{job.pk}-{secrets.token_hex(3)}-{path.stem}.csv")
    job.save(update_fields=["reject_file"])


def ingest_file(
    path: str | Path,
    fmt: str = "auto",
    *,
    election: Election | str | None = None,
    user=None,
    batch_size: int = BATCH_SIZE,
    require_resume: bool = False,
    progress: Callable[[IngestJob], None] | None = None,
    workers: int | None = None,
) -> IngestJob:
    """Import every record of a file: stored, duplicate, or rejected into the reject file.

    Each batch commits with the job's counts and the last line it reached, so running the
    same file again continues after the last committed batch; a finished file changes
    nothing. ``require_resume`` refuses when there is no unfinished import of this file.
    ``workers`` > 0 runs the nlp steps in that many processes while this one parses and
    stores (batches still commit in file order); None chooses: one worker for a file of
    more than ``PARALLEL_FROM_BYTES`` on a machine with more than one CPU, else none.
    """
    path = Path(path)
    if not isinstance(election, Election):
        election = _election(election)
    digest = file_hash(path)
    from kampanye.social.ingest import detect_format

    fmt = detect_format(path) if fmt == "auto" else fmt
    job = IngestJob.objects.filter(file_hash=digest, format=fmt).first()
    if job is not None and job.status == IngestJob.Status.DONE:
        if require_resume:
            raise IngestRefused(_("berkas ini sudah selesai diimpor; tidak ada yang dilanjutkan"))
        return job
    if job is None:
        if require_resume:
            raise IngestRefused(_("belum ada impor berkas ini yang terhenti"))
        job = IngestJob.objects.create(
            path=str(path), file_hash=digest, format=fmt, election=election, started_by=user
        )
    attach_reject_file(job, path)
    pipe = pipeline_for(election)
    days: set[dt.date] = set()
    batches = _batches(parse(path, fmt), job.line_reached, batch_size)
    if workers is None:
        workers = default_workers(path)
    _larger_page_cache()
    if workers > 0:
        days = _store_in_parallel(job, election, pipe, batches, workers, progress)
    else:
        for posts, rejects, last in batches:
            days |= store_batch(job, election, pipe, posts, rejects, last)
            if progress:
                progress(job)
    job.status = IngestJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    if progress:
        progress(job)
    if user is not None:
        record_change(
            user,
            "ingest_posts",
            job,
            after={
                "path": job.path,
                "stored": job.stored,
                "duplicates": job.duplicates,
                "rejected": job.rejected,
            },
        )
    update_figures(election, days)
    return job


def default_workers(path: Path) -> int:
    """Nlp worker processes for a file: one when the machine has a second CPU and the file is
    large enough to repay starting it (a couple of seconds), else none."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if (cpus or 1) > 1 and path.stat().st_size > PARALLEL_FROM_BYTES else 0


def _larger_page_cache() -> None:
    """SQLite: a 64 MiB page cache for this connection, so that the indexes of a large
    import stay in memory (the default is 2 MiB)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")


def _batches(
    items: Iterable[RawPost | Rejected], after: int, size: int
) -> Iterator[tuple[list[RawPost], list[Rejected], int]]:
    """Records after line ``after`` in batches of ``size``: posts, rejects, last line."""
    posts: list[RawPost] = []
    rejects: list[Rejected] = []
    last = after
    for item in items:
        if item.line <= after:
            continue
        (rejects if isinstance(item, Rejected) else posts).append(item)
        last = item.line
        if len(posts) + len(rejects) >= size:
            yield posts, rejects, last
            posts, rejects = [], []
    yield posts, rejects, last


def _store_in_parallel(job, election, pipe, batches, workers, progress) -> set[dt.date]:
    """Classify batches in worker processes (spawned: no database connection is shared) and
    store them here in file order, keeping at most ``workers + 1`` batches in flight."""
    days: set[dt.date] = set()
    pending: deque = deque()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:

        def store_oldest() -> None:
            future, posts, rejects, last = pending.popleft()
            known = {}  # the first of repeated ids, as store_batch keeps the first
            for key, classified in zip([_key(r) for r in posts], future.result(), strict=True):
                known.setdefault(key, classified)
            days.update(store_batch(job, election, pipe, posts, rejects, last, known))
            if progress:
                progress(job)

        for posts, rejects, last in batches:
            pending.append(
                (pool.submit(classify, [r.text for r in posts], pipe), posts, rejects, last)
            )
            if len(pending) > workers:
                store_oldest()
        while pending:
            store_oldest()
    return days


def _key(raw: RawPost) -> tuple[str, str]:
    return raw.platform, raw.external_id[:300]


_POST_COLUMNS = (
    "id", "platform", "external_id", "election_id", "author_id", "author_handle", "text",
    "text_norm", "created_at", "day", "urls", "hashtags", "reply_to", "repost_of", "quote_of",
    "followers", "likes", "shares", "comments", "views", "language", "title", "url_key",
    "title_hash", "is_synthetic", "job_id",
)  # fmt: skip
_MENTION_COLUMNS = (
    "post_id", "contestant_id", "day", "platform", "reach", "engagement", "label", "p_positive",
    "p_neutral", "p_negative", "model_version", "clauses", "query_version", "is_synthetic",
)  # fmt: skip
_ISSUE_COLUMNS = ("post_id", "issue", "day")


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> int:
    """``INSERT … ON CONFLICT DO NOTHING`` of plain tuples (SQLite ≥ 3.24: one executemany;
    PostgreSQL: ``COPY``), without building model instances. Returns the rows inserted."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return len(_copy_insert(model, columns, rows))
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES ({', '.join(['?'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    connection.ensure_connection()
    # sqlite3's own connection: Django's cursor would copy the row iterator (``tee``)
    return connection.connection.executemany(sql, rows).rowcount


def _copy_insert(model, columns: tuple[str, ...], rows: list[tuple]) -> list:
    """``COPY`` the rows into a temporary table, then ``INSERT … SELECT … ON CONFLICT DO
    NOTHING RETURNING`` the first column: ``_insert`` with one round trip for the rows
    (PostgreSQL, psycopg 3). Returns the first column of the rows inserted."""
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
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


def _known(keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which ``(platform, external id)`` are stored already (one query per 900 keys, on the
    unique index)."""
    by_platform: dict[str, list[str]] = {}
    for platform, ext in keys:
        by_platform.setdefault(platform, []).append(ext)
    table = connection.ops.quote_name(Post._meta.db_table)
    known: set[tuple[str, str]] = set()
    with connection.cursor() as cursor:
        for platform, exts in by_platform.items():
            for i in range(0, len(exts), 900):
                chunk = exts[i : i + 900]
                cursor.execute(
                    f"SELECT platform, external_id FROM {table} WHERE platform = %s "
                    f"AND external_id IN ({', '.join(['%s'] * len(chunk))})",
                    [platform, *chunk],
                )
                known.update(cursor.fetchall())
    return known


def _new_ids(n: int) -> range:
    """``n`` fresh post ids. SQLite: after the largest id ever given (``AUTOINCREMENT``'s
    counter included); this connection is the only writer inside the write transaction, and a
    row that still collides is caught by the insert's count. PostgreSQL: from the sequence."""
    table = Post._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            ids = [r[0] for r in cursor.fetchall()]
            if ids == list(range(ids[0], ids[0] + n)):
                return range(ids[0], ids[0] + n)
            return ids  # type: ignore[return-value]  # a sequence with a cache or an increment
        cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
    return range(top + 1, top + 1 + n)


class _Prep:
    """Values as the database takes them: on SQLite the strings Django would write (UTC
    datetimes, ISO dates, JSON text), memoised per value; elsewhere the Python values."""

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"
        json_field = Post._meta.get_field("urls")
        self._days: dict[dt.date, object] = {}
        self._clauses: dict[tuple[int, ...], object] = {}
        self.json_list = (
            (lambda value: orjson.dumps(value).decode() if value else "[]")
            if self.sqlite
            else (lambda value: json_field.get_db_prep_save(list(value), connection))
        )

    def when(self, moment: dt.datetime) -> object:
        if not self.sqlite:
            return moment
        return str(moment.astimezone(dt.UTC).replace(tzinfo=None))

    def day(self, day: dt.date) -> object:
        value = self._days.get(day)
        if value is None:
            value = self._days[day] = day.isoformat() if self.sqlite else day
        return value

    def clauses(self, clauses: tuple[int, ...]) -> object:
        value = self._clauses.get(clauses)
        if value is None:
            value = self._clauses[clauses] = self.json_list(list(clauses))
        return value


def _rows(
    ids, fresh: list[RawPost], results: list[Classified], election_id: int, job_id: int
) -> tuple[list[tuple], list[tuple], list[tuple], set[dt.date]]:
    """The rows of the posts, their mentions and their issues, and the WIB days they fall on."""
    prep = _Prep()
    when, json_list, clauses_of = prep.when, prep.json_list, prep.clauses
    posts: list[tuple] = []
    mentions: list[tuple] = []
    issues: list[tuple] = []
    days: set[dt.date] = set()
    for pk, raw, c in zip(ids, fresh, results, strict=True):
        date = raw.created_at.astimezone(WIB).date()
        days.add(date)
        day = prep.day(date)
        platform, text = raw.platform, raw.text
        if platform == "online_news":
            url = raw.url or (raw.urls[0] if raw.urls else "")
            url_key, hashed = normalize_url(url)[:500], title_hash(raw.title or text[:200])
        else:
            url_key = hashed = ""
        posts.append((
            pk, platform, raw.external_id[:300], election_id, raw.author_id[:100],
            raw.author_handle[:200], text.replace("\x00", "") if "\x00" in text else text,
            c.norm, when(raw.created_at), day, json_list(raw.urls), json_list(raw.hashtags),
            raw.reply_to[:100], raw.repost_of[:100], raw.quote_of[:100], raw.followers,
            raw.likes, raw.shares, raw.comments, raw.views, c.language, raw.title[:500],
            url_key, hashed, raw.is_synthetic, job_id,
        ))  # fmt: skip
        if c.found:
            engagement = raw.likes + raw.shares + raw.comments
            for f in c.found:
                mentions.append((
                    pk, f.contestant_id, day, platform, raw.followers, engagement, f.label,
                    f.positive, f.neutral, f.negative, f.model_version, clauses_of(f.clauses),
                    f.query_version, raw.is_synthetic,
                ))  # fmt: skip
        for code in c.issues:
            issues.append((pk, code, day))
    return posts, mentions, issues, days


def store_batch(
    job: IngestJob,
    election: Election,
    pipe: Queries,
    raws: list[RawPost],
    rejects: list[Rejected],
    last_line: int,
    classified: dict[tuple[str, str], Classified] | None = None,
) -> set[dt.date]:
    """Store one batch and advance the job, in one transaction; then append its rejects.
    ``classified`` holds the nlp results when a worker computed them already.

    Posts get their ids here (``_new_ids``) so that mentions and issues are written without
    reading the posts back; rows are plain tuples of prepared values."""
    unique: dict[tuple[str, str], RawPost] = {}
    for raw in raws:
        unique.setdefault((raw.platform, raw.external_id[:300]), raw)
    days: set[dt.date] = set()
    with transaction.atomic():
        known = _known(list(unique))
        fresh = [raw for key, raw in unique.items() if key not in known]
        if classified is None:
            results = classify([r.text for r in fresh], pipe)
        else:
            results = [classified[_key(r)] for r in fresh]
        if fresh:
            ids = _new_ids(len(fresh))
            posts, mentions, issues, days = _rows(ids, fresh, results, election.pk, job.pk)
            if connection.vendor == "postgresql":
                kept = set(_copy_insert(Post, _POST_COLUMNS, posts))
            else:
                kept = set(ids) if _insert(Post, _POST_COLUMNS, posts) == len(posts) else None
            if kept is None:  # some other writer got in between: keep what this batch wrote
                kept = _written(ids, job)
            if len(kept) < len(posts):
                mentions = [m for m in mentions if m[0] in kept]
                issues = [i for i in issues if i[0] in kept]
                days = {
                    raw.created_at.astimezone(WIB).date()
                    for pk, raw in zip(ids, fresh, strict=True)
                    if pk in kept
                }
            _insert(Mention, _MENTION_COLUMNS, mentions)
            _insert(PostIssue, _ISSUE_COLUMNS, issues)
            n_stored = len(kept)
        else:
            n_stored = 0
        job.records += len(raws) + len(rejects)
        job.stored += n_stored
        job.duplicates += len(raws) - n_stored
        job.rejected += len(rejects)
        job.line_reached = last_line
        job.batches += 1
        job.save(
            update_fields=["records", "stored", "duplicates", "rejected", "line_reached", "batches"]
        )
    if rejects:
        _write_rejects(Path(job.reject_file), rejects)
    return days


def _written(ids, job: IngestJob) -> set[int]:
    """Of ``ids``, those stored by this job (after an insert that skipped some rows)."""
    first, last = min(ids), max(ids)
    return set(
        Post.objects.filter(job=job, id__gte=first, id__lte=last).values_list("id", flat=True)
    )


def _write_rejects(path: Path, rejects: Iterable[Rejected]) -> None:
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["line", "reason", "raw"])
        for r in rejects:
            writer.writerow([r.line, r.reason, r.raw])


# --- into the ledger ------------------------------------------------------------------------


def _touchpoint(row: queries.RollupRow, election_slug: str) -> TouchpointIn:
    source = f"{ROLLUP_PREFIX}:{row.contestant_id}:{row.platform}:{row.day.isoformat()}"
    if row.owned:
        media, initiator = "owned", "staff"
        source += ":owned"
    elif row.platform == "online_news":
        media, initiator = "earned", "media"
    else:
        media, initiator = "shared", "public"
    if row.synthetic:
        source += ":synthetic"
    return TouchpointIn(
        source=source,
        occurred_on=row.day,
        front="online",
        channel=row.platform,
        imc_element="publicity_pr",
        contestant_id=row.contestant_id,
        media_type=media,
        initiated_by=initiator,
        count=row.mentions,
        reach=row.reach,
        reach_basis="jumlah pengikut akun yang menyebut (batas atas; tumpang tindih dihitung)",
        tone=round(row.net, 4) if row.mentions else None,
        illustrative=row.synthetic,
    )


def roll_up(election: Election, days: Iterable[dt.date] | None = None) -> dict[str, int]:
    """Daily mentions per contestant × platform into the ledger (front ``online``).

    One touchpoint per contestant, platform, WIB day (and owned/not, synthetic/not), on
    source ``social:rollup:<contestant>:<platform>:<date>[:owned][:synthetic]``: running it
    again changes nothing; a day with new posts updates its touchpoint.
    """
    rows = queries.daily_rollup(election, days)
    items = [_touchpoint(r, election.slug) for r in rows]
    existing: set[str] = set()
    sources = [i.source for i in items]
    for start in range(0, len(sources), 900):
        existing.update(
            Touchpoint.objects.filter(source__in=sources[start : start + 900]).values_list(
                "source", flat=True
            )
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        new = [i for i in items if i.source not in existing]
        counts["created"] = record_touchpoints(new)["created"] if new else 0
        for item in items:
            if item.source in existing:
                counts[record_touchpoint(item)[1]] += 1
    return counts


def update_figures(election: Election, days: Iterable[dt.date] | None = None) -> dict[str, int]:
    """After posts change: the ledger's daily touchpoints (``roll_up``) and the dashboard's
    aggregates for the given WIB days, or for every day when ``days`` is None."""
    if days is not None:
        days = set(days)
        if not days:
            return {"created": 0, "updated": 0, "unchanged": 0}
    counts = roll_up(election, days)
    refresh_aggregates(election, days)
    return counts
