"""Use cases of the social front: importing posts, editing who counts as a mention, and
turning daily mentions into ledger touchpoints."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import multiprocessing
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

from kampanye import conf
from kampanye.core.actions import TouchpointIn, record_touchpoint, record_touchpoints
from kampanye.core.audit import record_change
from kampanye.core.models import Touchpoint
from kampanye.elections.models import Contestant, Election
from kampanye.nlp import QuerySyntaxError, parse_query
from kampanye.social import queries
from kampanye.social.classify import Classified, Queries, classify
from kampanye.social.ingest import WIB, RawPost, Rejected, normalize_url, parse, title_hash
from kampanye.social.models import ContestantQuery, IngestJob, Mention, Post, PostIssue

BATCH_SIZE = 2000
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
    folder = conf.data_dir() / "rejects"
    folder.mkdir(parents=True, exist_ok=True)
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
    roll_up_after: bool = True,
    workers: int = 0,
) -> IngestJob:
    """Import every record of a file: stored, duplicate, or rejected into the reject file.

    Each batch commits with the job's counts and the last line it reached, so running the
    same file again continues after the last committed batch; a finished file changes
    nothing. ``require_resume`` refuses when there is no unfinished import of this file.
    ``workers`` > 0 runs the nlp steps in that many processes while this one parses and
    stores (batches still commit in file order).
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
    if roll_up_after and days:
        roll_up(election, days)
    return job


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
    "platform", "external_id", "election_id", "author_id", "author_handle", "text", "text_norm",
    "created_at", "day", "urls", "hashtags", "reply_to", "repost_of", "quote_of", "followers",
    "likes", "shares", "comments", "views", "language", "title", "url_key", "title_hash",
    "is_synthetic", "job_id",
)  # fmt: skip
_MENTION_COLUMNS = (
    "post_id", "contestant_id", "day", "platform", "reach", "engagement", "label", "p_positive",
    "p_neutral", "p_negative", "model_version", "clauses", "query_version", "is_synthetic",
)  # fmt: skip


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` with executemany (SQLite ≥ 3.24 and PostgreSQL):
    the same as ``bulk_create(ignore_conflicts=True)`` without building model instances."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_insert(model, columns, rows)
        return
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])


def _copy_insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """``COPY`` the rows into a temporary table, then ``INSERT … SELECT … ON CONFLICT DO
    NOTHING``: ``_insert`` with one round trip for the rows (PostgreSQL, psycopg 3)."""
    if not rows:
        return
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
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {temp} ON CONFLICT DO NOTHING"
        )


def _json_prep(field):
    """How a list reaches a JSON column: JSON text on SQLite (what Django stores there, read
    back by ``JSONField``), the backend's own adapter elsewhere."""
    if connection.vendor == "sqlite":
        return lambda value: orjson.dumps(value).decode() if value else "[]"
    return lambda value: field.get_db_prep_save(value, connection)


def _post_row(
    raw: RawPost, c: Classified, election: Election, job: IngestJob, json_prep, when_prep, day_prep
) -> tuple:
    news = raw.platform == "online_news"
    url = raw.url or (raw.urls[0] if news and raw.urls else "")
    return (
        raw.platform,
        raw.external_id[:300],
        election.pk,
        raw.author_id[:100],
        raw.author_handle[:200],
        raw.text.replace("\x00", ""),
        c.norm,
        when_prep(raw.created_at),
        day_prep(raw.created_at.astimezone(WIB).date()),
        json_prep(list(raw.urls)),
        json_prep(list(raw.hashtags)),
        raw.reply_to[:100],
        raw.repost_of[:100],
        raw.quote_of[:100],
        raw.followers,
        raw.likes,
        raw.shares,
        raw.comments,
        raw.views,
        c.language,
        raw.title[:500],
        normalize_url(url)[:500] if news else "",
        title_hash(raw.title or raw.text[:200]) if news else "",
        raw.is_synthetic,
        job.pk,
    )


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
    ``classified`` holds the nlp results when a worker computed them already."""
    unique: dict[tuple[str, str], RawPost] = {}
    for raw in raws:
        unique.setdefault((raw.platform, raw.external_id[:300]), raw)
    by_platform: dict[str, list[str]] = {}
    for platform, ext in unique:
        by_platform.setdefault(platform, []).append(ext)
    json_prep = _json_prep(Post._meta.get_field("urls"))
    ops = connection.ops
    with transaction.atomic():
        known: set[tuple[str, str]] = set()
        for platform, exts in by_platform.items():
            for i in range(0, len(exts), 900):
                known.update(
                    Post.objects.filter(
                        platform=platform, external_id__in=exts[i : i + 900]
                    ).values_list("platform", "external_id")
                )
        fresh = [raw for key, raw in unique.items() if key not in known]
        if classified is None:
            results = classify([r.text for r in fresh], pipe)
        else:
            results = [classified[_key(r)] for r in fresh]
        _insert(
            Post,
            _POST_COLUMNS,
            [
                _post_row(
                    r,
                    c,
                    election,
                    job,
                    json_prep,
                    ops.adapt_datetimefield_value,
                    ops.adapt_datefield_value,
                )
                for r, c in zip(fresh, results, strict=True)
            ],
        )
        ids: dict[tuple[str, str], int] = {}
        for platform in {r.platform for r in fresh}:
            exts = [r.external_id[:300] for r in fresh if r.platform == platform]
            for i in range(0, len(exts), 900):
                ids.update(
                    ((p, e), pk)
                    for pk, p, e in Post.objects.filter(
                        platform=platform, external_id__in=exts[i : i + 900], job=job
                    ).values_list("id", "platform", "external_id")
                )
        stored = [(r, c) for r, c in zip(fresh, results, strict=True) if _key(r) in ids]
        _store_found(stored, ids)
        job.records += len(raws) + len(rejects)
        job.stored += len(stored)
        job.duplicates += len(raws) - len(stored)
        job.rejected += len(rejects)
        job.line_reached = last_line
        job.batches += 1
        job.save(
            update_fields=["records", "stored", "duplicates", "rejected", "line_reached", "batches"]
        )
    if rejects:
        _write_rejects(Path(job.reject_file), rejects)
    return {r.created_at.astimezone(WIB).date() for r, _c in stored}


def _store_found(stored: list[tuple[RawPost, Classified]], ids: dict[tuple[str, str], int]) -> None:
    json_prep = _json_prep(Mention._meta.get_field("clauses"))
    day = connection.ops.adapt_datefield_value
    mentions: list[tuple] = []
    issues: list[tuple] = []
    for raw, c in stored:
        pk, when = ids[_key(raw)], day(raw.created_at.astimezone(WIB).date())
        for f in c.found:
            mentions.append((
                pk, f.contestant_id, when, raw.platform, raw.followers,
                raw.likes + raw.shares + raw.comments, f.label, f.positive, f.neutral,
                f.negative, f.model_version, json_prep(list(f.clauses)), f.query_version,
                raw.is_synthetic,
            ))  # fmt: skip
        issues.extend((pk, code, when) for code in c.issues)
    _insert(Mention, _MENTION_COLUMNS, mentions)
    _insert(PostIssue, ("post_id", "issue", "day"), issues)


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
