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
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from queue import Empty
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kampanye.core.audit import record_change
from kampanye.core.exchange import rejects_dir
from kampanye.core.tabular import csv_cells
from kampanye.elections.models import Contestant, Election
from kampanye.elections.queries import current_election
from kampanye.ledger.actions import TouchpointIn, record_touchpoints
from kampanye.nlp import QuerySyntaxError, parse_query
from kampanye.social import aggregates, increments, queries
from kampanye.social.bulk import copy_insert, insert, last_id, new_ids, stored_posts, storing
from kampanye.social.classify import Classified, Queries
from kampanye.social.ingest import RawPost, Rejected
from kampanye.social.models import (
    ContestantQuery,
    IngestJob,
    Mention,
    Post,
    PostIssue,
    RollupDay,
    Source,
)
from kampanye.social.prepare import (
    P_DAY,
    P_EXTERNAL_ID,
    P_PLATFORM,
    READY,
    Context,
    Figures,
    Prepared,
    Preparer,
    Tally,
    author_key,
    batches,
    gc_paused,
    prepare_into,
    unpacked,
)

BATCH_SIZE = 10_000  # posts a transaction; larger batches cost SQLite fewer commits
PARALLEL_FROM_BYTES = 4 << 20  # about 20,000 posts of the generic CSV
# batches this process prepares itself at most while the worker starts (None: until it is
# ready, some two seconds)
HEAD_BATCHES: int | None = None
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
    election = current_election()
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
    progress: Callable[[IngestJob, str], None] | None = None,
    workers: int | None = None,
    dashboard: bool = True,
) -> IngestJob:
    """Import every record of a file: stored, duplicate, or rejected into the reject file.

    Each batch commits with the job's counts and the last line it reached, so running the
    same file again continues after the last committed batch; a finished file changes
    nothing. ``require_resume`` refuses when there is no unfinished import of this file.
    ``progress(job, phase)`` is called after every batch (``"store"``), before the figures
    (``"figures"``) and at the end (``"done"``).
    ``workers`` = 1 parses, classifies and prepares the batches in a second process while
    this one stores them (in file order); None chooses: the second process for a file of
    more than ``PARALLEL_FROM_BYTES`` on a machine with more than one CPU, else none.

    Social's daily counts with the ledger's touchpoints written from them, and the
    dashboard's aggregates, are added up from the batches as they are stored and written
    once at the end (``dashboard=False`` leaves the dashboard's aggregates to
    ``add_to_dashboard(election, job.figures)``; the ledger is written all the same); an
    import that found posts stored before, or that resumes, recomputes them instead for the
    days its posts fall on.
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
    resumed = job.batches > 0
    attach_reject_file(job, path)
    ctx = context_for(election, job)
    if workers is None:
        workers = default_workers(path)
    tally = Tally(ctx)
    if workers > 0:
        stream = _prepared_elsewhere(ctx, path, fmt, job.line_reached, batch_size)
    else:
        preparer = Preparer(ctx)
        stream = (preparer.batch(*b) for b in batches(path, fmt, job.line_reached, batch_size))
    mention_ids: list[range | list[int]] = []
    exact = not resumed  # the figures hold every post of the days they touch as stored
    with gc_paused(), storing():
        for prepared in stream:
            stored = store_prepared(job, prepared)
            mention_ids.append(stored.mention_ids)
            exact = exact and stored.all_new
            if exact:  # else the days are recomputed at the end
                tally.add(prepared)  # while the worker prepares the next batch
            if progress:
                progress(job, "store")
        figures = tally.close()
    if progress:
        progress(job, "figures")
    # figures before the job is done: if this stops here, running the file again finds no
    # batch left, counts as resumed and recomputes the days of its posts
    if exact:
        figures.finish(mention_ids)
        roll_up_figures(election, figures)
        if dashboard:
            add_to_dashboard(election, figures)
        else:
            job.figures = figures  # type: ignore[attr-defined]  # for add_to_dashboard later
    else:  # posts stored before (or before an interruption) are not in the figures
        days = Post.objects.filter(job=job).order_by().values_list("day", flat=True).distinct()
        update_figures(election, days)
    job.status = IngestJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    if progress:
        progress(job, "done")
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
    return job


def default_workers(path: Path) -> int:
    """Worker processes for a file: one when the machine has a second CPU and the file is
    large enough to repay starting it (a couple of seconds), else none."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if (cpus or 1) > 1 and path.stat().st_size > PARALLEL_FROM_BYTES else 0


def context_for(election: Election, job: IngestJob) -> Context:
    """What preparing a batch needs from the database, read once per import."""
    owned = Source.objects.filter(contestant__election=election).values_list(
        "platform", "account", "contestant_id"
    )
    return Context(
        pipeline_for(election),
        dict(election.contestants.values_list("id", "ballot_no")),
        frozenset((platform, account.lower(), cid) for platform, account, cid in owned),
        election.pk,
        job.pk,
        connection.vendor == "sqlite",
    )


def _prepared_elsewhere(ctx: Context, path: Path, fmt: str, after: int, size: int):
    """The prepared batches of a file, from a worker process (spawned: it shares no
    database connection) at most eight batches ahead of the store.

    The worker takes seconds to start (imports, the model). Until it says it is ready this
    process prepares the first batches itself (at most ``HEAD_BATCHES``), then tells the
    worker how many it took; the worker reads the posts of those only to skip repeats of
    them. A file done before the worker is ready does not wait for it."""
    context = multiprocessing.get_context("spawn")
    queue, start = context.Queue(maxsize=8), context.Queue()
    worker = context.Process(
        target=prepare_into, args=(ctx, path, fmt, after, size, queue, start), daemon=True
    )
    worker.start()
    try:
        taken, told, preparer = 0, False, Preparer(ctx)
        with closing(batches(path, fmt, after, size)) as own:
            for batch in own:
                if told or taken == HEAD_BATCHES:
                    break
                prepared = preparer.batch(*batch)
                taken += 1
                if _said(queue) == READY:  # told now, it starts while this batch is stored
                    start.put(taken)
                    told = True
                yield prepared
            else:
                return  # the whole file was prepared here
        if not told:
            start.put(taken)
        while True:
            try:
                item = queue.get(timeout=5)
            except Empty:
                if not worker.is_alive():
                    raise RuntimeError(_("proses pembantu impor berhenti tanpa pesan")) from None
                continue
            if item is None:
                break
            if item == READY:
                continue
            if isinstance(item, Exception):
                raise item
            yield unpacked(item)
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _said(queue) -> object:
    """What the worker has put into ``queue`` (READY or an error), or None: nothing yet."""
    try:
        item = queue.get_nowait()
    except Empty:
        return None
    if isinstance(item, Exception):
        raise item
    return item


POST_COLUMNS = (
    "id", "platform", "external_id", "election_id", "author_id", "author_handle", "text",
    "text_norm", "created_at", "day", "urls", "hashtags", "reply_to", "repost_of", "quote_of",
    "followers", "likes", "shares", "comments", "views", "language", "title", "url_key",
    "title_hash", "is_synthetic", "job_id",
)  # fmt: skip
MENTION_COLUMNS = (
    "id", "post_id", "contestant_id", "day", "platform", "reach", "engagement", "label",
    "p_positive", "p_neutral", "p_negative", "model_version", "clauses", "query_version",
    "is_synthetic",
)  # fmt: skip
ISSUE_COLUMNS = ("post_id", "issue", "day")


def store_batch(
    job: IngestJob,
    election: Election,
    pipe: Queries,
    raws: list[RawPost],
    rejects: list[Rejected],
    last_line: int,
    classified: dict[tuple[str, str], Classified] | None = None,
) -> set[dt.date]:
    """Prepare and store one batch (the Dask engine's path; ``classified`` holds the nlp
    results its workers computed). Returns the WIB days of the posts stored."""
    preparer = Preparer(context_for(election, job)._replace(queries=pipe))
    batch = preparer.batch(raws, rejects, last_line, classified)
    stored = store_prepared(job, batch)
    return {_date(batch.posts[i][P_DAY]) for i, pid in enumerate(stored.post_ids) if pid}


class Stored(NamedTuple):
    post_ids: range | list[int | None]  # the id of each post of the batch, None if skipped
    mention_ids: range | list[int]  # the ids given to the batch's mentions, in order
    all_new: bool  # whether every post of the batch was stored (none was there already)


def store_prepared(job: IngestJob, batch: Prepared) -> Stored:
    """Store one prepared batch and advance the job, in one transaction; then append its
    rejects. Posts stored already (by an earlier import) are counted as duplicates."""
    n = len(batch.posts)
    post_ids: range | list[int | None] = range(0)
    mention_ids: range | list[int] = range(0)
    with transaction.atomic():
        n_stored = 0
        if n:
            # no look-up first: a post stored already is a conflict the insert skips
            if connection.vendor == "sqlite":
                post_ids, mention_ids = _store_sqlite(job, batch)
            else:
                post_ids, mention_ids = _store_copy(job, batch)
            n_stored = sum(1 for pid in post_ids if pid) if isinstance(post_ids, list) else n
        job.records += batch.raws + len(batch.rejects)
        job.stored += n_stored
        job.duplicates += batch.raws - n_stored
        job.rejected += len(batch.rejects)
        job.line_reached = batch.last
        job.batches += 1
        job.save(
            update_fields=["records", "stored", "duplicates", "rejected", "line_reached", "batches"]
        )
    if batch.rejects:
        _write_rejects(Path(job.reject_file), batch.rejects)
    return Stored(post_ids, mention_ids, n_stored == n)


def _store_sqlite(job: IngestJob, batch: Prepared) -> tuple[range | list, range | list]:
    """SQLite: the rows as the worker made them, numbered by ``AUTOINCREMENT`` from the
    next id on; the database adds that first id to the post indices of mentions and issues.
    When some post was skipped (stored already) or the ids are not the expected ones, the
    batch's ids are read back and its mentions and issues written from them."""
    n = len(batch.posts)
    first = new_ids(Post, n)[0]
    if insert(Post, POST_COLUMNS[1:], batch.posts) == n and last_id() == first + n - 1:
        mention_ids = new_ids(Mention, len(batch.mentions)) if batch.mentions else range(0)
        insert(Mention, MENTION_COLUMNS[1:], batch.mentions, plus={"post_id": first})
        if batch.mentions and last_id() != mention_ids[-1]:
            raise RuntimeError("mention ids out of step")  # cannot happen: one writer
        insert(PostIssue, ISSUE_COLUMNS, batch.issues, plus={"post_id": first})
        return range(first, first + n), mention_ids
    written = Post.objects.filter(job=job, id__gte=first).values_list(
        "platform", "external_id", "id"
    )
    ids = {(platform, external_id): pk for platform, external_id, pk in written}
    return _store_rest(batch, [ids.get((p[P_PLATFORM], p[P_EXTERNAL_ID])) for p in batch.posts])


def _store_copy(job: IngestJob, batch: Prepared) -> tuple[list, range | list]:
    """PostgreSQL: posts with ids from the sequence, through ``COPY``."""
    ids = new_ids(Post, len(batch.posts))
    rows = [(pid, *row) for pid, row in zip(ids, batch.posts, strict=True)]
    written = set(copy_insert(Post, POST_COLUMNS, rows, new=True))
    return _store_rest(batch, [pid if pid in written else None for pid in ids])


def _store_rest(batch: Prepared, post_ids: list) -> tuple[list, range | list]:
    """Mentions and issues of the posts stored (``post_ids[i]``, None where skipped)."""
    mentions = [m for m in batch.mentions if post_ids[m[0]] is not None]
    mention_ids = new_ids(Mention, len(mentions)) if mentions else range(0)
    insert(Mention, MENTION_COLUMNS, [
        (mid, post_ids[m[0]], *m[1:]) for mid, m in zip(mention_ids, mentions, strict=True)
    ], new=True)  # fmt: skip
    insert(PostIssue, ISSUE_COLUMNS, [
        (post_ids[i], code, day) for i, code, day in batch.issues if post_ids[i] is not None
    ], new=True)  # fmt: skip
    return post_ids, mention_ids


def _date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _write_rejects(path: Path, rejects: Iterable[Rejected]) -> None:
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["line", "reason", "raw"])
        for r in rejects:
            writer.writerow(csv_cells([r.line, r.reason, r.raw]))


def roll_up_figures(election: Election, figures: Figures) -> dict[str, int]:
    """The ledger's daily touchpoints of an import's days: the import's daily counts added to
    social's own (``RollupDay``), and the touchpoints of those days written from the sums,
    in one transaction."""
    with transaction.atomic():
        # one import at a time adds to an election's counts (PostgreSQL: others wait here)
        Election.objects.select_for_update().filter(pk=election.pk).exists()
        return _record(election, increments.add_rollup(election, figures))


def add_to_dashboard(election: Election, figures: Figures) -> None:
    """Add an import's figures to the dashboard's aggregates, after resolving its reposts,
    replies and quotes to posts stored before to their authors (network edges; those to
    posts of the same file ``Tally.close`` resolved)."""
    authors = {
        (platform, ext): author_key(handle, author_id)
        for platform, ext, handle, author_id in stored_posts(
            {(r[1], r[4]) for r in figures.refs},
            "platform, external_id, author_handle, author_id",
        )
    }
    for day, platform, cmask, source, referenced in figures.refs:
        target = authors.get((platform, referenced))
        if target:
            figures.add_edge(day, platform, cmask, source, target)
    figures.refs.clear()
    with gc_paused(), storing(), transaction.atomic():  # rows the import made, as its posts
        increments.add_figures(election, figures)


# --- into the ledger ------------------------------------------------------------------------


def _rollup_source(row: queries.RollupRow) -> str:
    source = f"{ROLLUP_PREFIX}:{row.contestant_id}:{row.platform}:{row.day.isoformat()}"
    return source + (":owned" if row.owned else "") + (":synthetic" if row.synthetic else "")


def _touchpoint(row: queries.RollupRow) -> TouchpointIn:
    if row.owned:
        media, initiator = "owned", "staff"
    elif row.platform == "online_news":
        media, initiator = "earned", "media"
    else:
        media, initiator = "shared", "public"
    return TouchpointIn(
        source=_rollup_source(row),
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
    """Daily mentions per contestant × platform into the ledger (front ``online``), recounted
    from the mentions of the given WIB days (every day when None).

    One touchpoint per contestant, platform, WIB day (and owned/not, synthetic/not), on
    source ``social:rollup:<contestant>:<platform>:<date>[:owned][:synthetic]``: running it
    again changes nothing; a day with new posts updates its touchpoint.
    """
    days = None if days is None else set(days)
    with transaction.atomic():
        aggregates.refresh_aggregates(election, days, only=(RollupDay,))
        return _record(election, days)


def _record(election: Election, days: Iterable[dt.date] | None) -> dict[str, int]:
    """The touchpoints of the given days (every day when None) written from ``RollupDay``."""
    rows = queries.daily_rollup(election, days)
    counts = record_touchpoints([_touchpoint(r) for r in rows], update=True)
    return {k: counts[k] for k in ("created", "updated", "unchanged")}


def update_figures(election: Election, days: Iterable[dt.date] | None = None) -> dict[str, int]:
    """After posts change: the dashboard's aggregates and social's daily counts recomputed
    for the given WIB days, or for every day when ``days`` is None, and the ledger's daily
    touchpoints of those days written from them."""
    if days is not None:
        days = set(days)
        if not days:
            return {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        aggregates.refresh_aggregates(election, days)
        return _record(election, days)
