"""Use cases of the social front: importing posts, editing who counts as a mention, and
turning daily mentions into ledger touchpoints."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
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
from kampanye.social.bulk import insert, insert_returning, stored_posts, storing
from kampanye.social.classify import Queries
from kampanye.social.ingest import Rejected
from kampanye.social.ingest._partitions import partitions
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
    Context,
    MentionRow,
    PostRow,
    Prepared,
    gc_paused,
    in_order,
    local_pool,
    prepare_part,
)
from kampanye.social.tally import Figures, Tally, author_key

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

BATCH_SIZE = 10_000  # posts a transaction; larger batches cost SQLite fewer commits
PART_BYTES = 4 << 20  # a local worker's unit of work: about 20,000 posts of the generic CSV
PARALLEL_FROM_BYTES = 4 << 20  # smaller files are prepared in the importing process
FIGURES_EVERY = 100_000  # posts whose figures an import holds before it adds them


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


def open_job(
    path: Path, fmt: str, election: Election, user=None, create: bool = True
) -> IngestJob | None:
    """The file's import (a file is known by its content and format), created when there
    is none and ``create``."""
    digest = file_hash(path)
    job = IngestJob.objects.filter(file_hash=digest, format=fmt).first()
    if job is None and create:
        job = IngestJob.objects.create(
            path=str(path), file_hash=digest, format=fmt, election=election, started_by=user
        )
    return job


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
) -> IngestJob:
    """Import every record of a file: stored, duplicate, or rejected into the reject file.

    Each batch commits with the job's counts and the last line it reached, so running the
    same file again continues after the last committed batch; a finished file changes
    nothing. ``require_resume`` refuses when there is no unfinished import of this file.
    ``progress(job, phase)`` is called after every batch (``"store"``), before the last
    figures (``"figures"``) and at the end (``"done"``).
    ``workers`` processes parse and classify the file's parts while this one stores them
    (``import_job``); 0: this process does it all; None chooses: one fewer than the CPUs
    for a file of more than ``PARALLEL_FROM_BYTES``, else 0.
    """
    path = Path(path)
    if not isinstance(election, Election):
        election = _election(election)
    from kampanye.social.ingest import detect_format

    fmt = detect_format(path) if fmt == "auto" else fmt
    job = open_job(path, fmt, election, user, create=not require_resume)
    if job is None:  # none is created when asked to resume
        raise IngestRefused(_("belum ada impor berkas ini yang terhenti"))
    if job.status == IngestJob.Status.DONE:
        if require_resume:
            raise IngestRefused(_("berkas ini sudah selesai diimpor; tidak ada yang dilanjutkan"))
        return job
    if workers is None:
        workers = default_workers(path)
    with local_pool(workers, pipeline_for(election)) as (submit, window):
        return import_job(
            job, path, election, submit, window,
            batch_size=batch_size, part_bytes=PART_BYTES, progress=progress, user=user,
        )  # fmt: skip


def import_job(
    job: IngestJob,
    path: Path,
    election: Election,
    submit: Callable,
    window: int,
    *,
    batch_size: int,
    part_bytes: int,
    progress: Callable[[IngestJob, str], None] | None = None,
    user=None,
) -> IngestJob:
    """The import engine, for ``ingest_file`` (a local pool) and ``scaleout`` (Dask) alike.

    The file after the job's last line is cut into parts of about ``part_bytes``;
    ``submit(prepare_part, …)`` parses and classifies each (``window`` parts at most in
    flight); their batches are stored in file order, each in one transaction with the
    job's counts. The figures of the stored posts (social's daily counts with the ledger's
    touchpoints written from them, and the dashboard's aggregates) are added up as the
    batches are stored and added to the tables every ``FIGURES_EVERY`` posts and at the
    end. An import that resumes, or that finds posts another import stored, recomputes
    instead the days its posts fall on.
    """
    attach_reject_file(job, path)
    ctx = context_for(election, job)
    calls = (
        (prepare_part, ctx, part, batch_size, job.line_reached)
        for part in partitions(path, job.format, part_bytes, job.line_reached)
    )
    tally = Tally(ctx) if job.batches == 0 else None  # else the days are recomputed
    with gc_paused(), storing():
        for batch in in_order(submit, calls, window):
            stored = store_prepared(job, batch)
            if tally is not None and not stored.exact:
                tally = None
            if tally is not None:
                tally.add(batch, stored.post_ids, stored.mention_ids)
                if tally.posts >= FIGURES_EVERY:
                    _add_figures(election, tally)
            if progress:
                progress(job, "store")
    if progress:
        progress(job, "figures")
    # figures before the job is done: if this stops here, running the file again finds no
    # batch left, counts as resumed and recomputes the days of its posts
    if tally is not None:
        _add_figures(election, tally)
    else:
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


def _add_figures(election: Election, tally: Tally) -> None:
    """The tally's figures into social's daily counts, the ledger and the dashboard; the
    references to posts not stored yet stay in the tally (they may come later)."""
    figures = tally.take()
    roll_up_figures(election, figures)
    add_to_dashboard(election, figures)
    tally.figures.refs = figures.refs


def default_workers(path: Path) -> int:
    """Worker processes for a file: all CPUs but this process's when there are two or more
    and the file is large enough to repay starting them (a couple of seconds), else none."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) - 1 if path.stat().st_size > PARALLEL_FROM_BYTES else 0


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


POST_COLUMNS = PostRow._fields
MENTION_COLUMNS = ("post_id", *MentionRow._fields[1:])
ISSUE_COLUMNS = ("post_id", "issue", "day")


class Stored(NamedTuple):
    post_ids: list[int | None]  # the id of each post of the batch, None if not stored
    mention_ids: list[int | None]  # the id of each mention of the batch, None if not stored
    exact: bool  # no post of the batch was stored by another import before


def store_prepared(job: IngestJob, batch: Prepared) -> Stored:
    """Store one prepared batch and advance the job, in one transaction; then append its
    rejects. A post stored already (earlier in the file, or by an earlier import) is a
    duplicate: the insert skips it."""
    with transaction.atomic():
        post_ids, mention_ids = _store_rows(batch)
        skipped = [
            (p.platform, p.external_id)
            for p, pid in zip(batch.posts, post_ids, strict=True)
            if pid is None
        ]
        n_stored = len(post_ids) - len(skipped)
        job.records += len(batch.posts) + len(batch.rejects)
        job.stored += n_stored
        job.duplicates += len(skipped)
        job.rejected += len(batch.rejects)
        job.line_reached = batch.last
        job.batches += 1
        job.save(
            update_fields=["records", "stored", "duplicates", "rejected", "line_reached", "batches"]
        )
        exact = not skipped or all(j == job.pk for (j,) in stored_posts(skipped, "job_id"))
    if batch.rejects:
        _write_rejects(Path(job.reject_file), batch.rejects)
    return Stored(post_ids, mention_ids, exact)


def _store_rows(batch: Prepared) -> tuple[list[int | None], list[int | None]]:
    """Insert a batch's posts, then the mentions and issues of those stored; the ids given,
    matched to the rows by their natural keys (a post's platform and id; a mention's post
    and contestant). A post whose key came before gets None."""
    given = {
        (platform, ext): pk
        for platform, ext, pk in insert_returning(
            Post, POST_COLUMNS, batch.posts, ("platform", "external_id", "id")
        )
    }
    post_ids = [given.pop((p.platform, p.external_id), None) for p in batch.posts]
    mentions = [(post_ids[m.post], *m[1:]) for m in batch.mentions if post_ids[m.post]]
    numbered = {
        (post, contestant): pk
        for post, contestant, pk in insert_returning(
            Mention, MENTION_COLUMNS, mentions, ("post_id", "contestant_id", "id")
        )
    }
    mention_ids = [numbered.get((post_ids[m.post], m.contestant_id)) for m in batch.mentions]
    issues = [(post_ids[i.post], i.issue, i.day) for i in batch.issues if post_ids[i.post]]
    insert(PostIssue, ISSUE_COLUMNS, issues)
    return post_ids, mention_ids


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
    replies and quotes of stored posts to their authors (network edges); ``figures.refs``
    keeps those of posts not stored (yet)."""
    authors = {
        (platform, ext): author_key(handle, author_id)
        for platform, ext, handle, author_id in stored_posts(
            {(r[1], r[4]) for r in figures.refs},
            "platform, external_id, author_handle, author_id",
        )
    }
    left = []
    for ref in figures.refs:
        day, platform, cmask, source, referenced = ref
        target = authors.get((platform, referenced))
        if target is None:
            left.append(ref)
        else:
            figures.add_edge(day, platform, cmask, source, target)
    figures.refs = left
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
