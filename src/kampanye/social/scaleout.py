"""Scale-out import on Dask: ``kampanye social ingest ARCHIVE --engine dask``.

An archive is a file, a directory (its files, sorted) or a glob. Big files in a
line-partitionable format (the CSV formats and X v1.1 JSON lines) are cut into partitions by
byte ranges on record boundaries; other files are one partition each. A Dask task parses one
partition and runs ``classify`` on its posts (both pure: no Django on the workers, which must
see the same paths); the client stores the results partition by partition, in file order,
through ``actions.store_batch`` (the local engine's code path: same dedupe, accounting,
reject file and ``IngestJob``, so a re-run changes nothing and an interrupted run resumes
after its last committed batch). On PostgreSQL the rows reach the tables through ``COPY``.

The module imports no Django at its top, so worker processes can unpickle ``run_partition``.
"""

from __future__ import annotations

import contextlib
import glob
import importlib
import itertools
import json
import logging
import mmap
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kampanye.social.classify import Classified, Queries, classify
from kampanye.social.ingest import Item, RawPost, Rejected, detect_encoding, parse
from kampanye.social.prepare import post_key

PARTITION_BYTES = 32 << 20
_CSV_FORMATS = frozenset({"generic", "crowdtangle", "news-csv"})
_JUNK_LINE = b"#\n"  # makes a JSON-lines chunk read line by line; rejected, then dropped


@dataclass(frozen=True)
class Partition:
    """Bytes ``[start, end)`` of ``path`` (``end`` −1: the whole file, parsed as it is).

    ``head`` (the CSV header, or a junk line for JSON lines) is put before the bytes; records
    on its ``head_lines`` lines are dropped; the bytes start on line ``first_line``. Records
    on lines ≤ ``after`` were stored by an earlier run and are dropped too.
    """

    path: str
    fmt: str
    encoding: str
    start: int = 0
    end: int = -1
    first_line: int = 1
    head: bytes = b""
    head_lines: int = 0
    after: int = 0


@dataclass(frozen=True)
class PartResult:
    """What a worker sends back: records in file order, and the nlp result of each post."""

    items: list[Item]
    classified: list[Classified]


# --- on the workers (pure) ------------------------------------------------------------------


def _read_items(part: Partition) -> Iterator[Item]:
    if part.end < 0:
        yield from parse(part.path, part.fmt)
        return
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    text = (part.head + data).decode(part.encoding)
    fd, name = tempfile.mkstemp(suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
        shift = part.first_line - part.head_lines - 1
        for item in parse(name, part.fmt):
            if item.line > part.head_lines:
                yield item._replace(line=item.line + shift)
    finally:
        os.unlink(name)


def run_partition(part: Partition, queries: Queries) -> PartResult:
    """Parse one partition and classify its posts (a Dask task; no Django)."""
    items = [item for item in _read_items(part) if item.line > part.after]
    posts = [item for item in items if isinstance(item, RawPost)]
    return PartResult(items, classify([p.text for p in posts], queries))


# --- cutting an archive (client, still pure) ------------------------------------------------


def archive_files(source: str | Path) -> list[Path]:
    """The files of an archive: a file, a directory's files (sorted), or a glob's matches."""
    path = Path(source)
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    return sorted(Path(p) for p in glob.glob(str(source)) if Path(p).is_file())


def _jsonl_splittable(path: Path, encoding: str) -> bool:
    """X v1.1 JSON lines (the first non-blank line is one object by itself): a record per line."""
    with path.open(encoding=encoding, errors="replace") as handle:
        for line in handle:
            if line.strip():
                if line.lstrip().startswith("window.YTD"):
                    return False
                try:
                    return isinstance(json.loads(line), dict)
                except json.JSONDecodeError:
                    return False
    return False


def partitions(
    path: Path, fmt: str, size: int = PARTITION_BYTES, after: int = 0
) -> list[Partition]:
    """Cut one file into partitions of about ``size`` bytes on record boundaries (a newline
    outside CSV quotes: an even number of ``"`` before it). Partitions whose records all lie
    on lines ≤ ``after`` are left out."""
    encoding = detect_encoding(path)
    total = path.stat().st_size
    csv_like = fmt in _CSV_FORMATS
    if total <= size or not (csv_like or (fmt == "x-v1" and _jsonl_splittable(path, encoding))):
        return [Partition(str(path), fmt, encoding, after=after)]
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        bom = 3 if encoding == "utf-8-sig" else 0
        pos, quotes = bom, 0
        if csv_like:  # the header: up to the first record boundary
            while (nl := mm.find(b"\n", pos)) >= 0:
                quotes += mm[pos:nl].count(b'"')
                pos = nl + 1
                if quotes % 2 == 0:
                    break
            else:
                return [Partition(str(path), fmt, encoding, after=after)]
            head, head_lines = mm[:pos], mm[:pos].count(b"\n")
        else:
            head, head_lines = _JUNK_LINE, 1
        cuts = [pos]
        while cuts[-1] + size < total:
            target = cuts[-1] + size
            quotes += mm[pos:target].count(b'"') if csv_like else 0
            pos = target
            while (nl := mm.find(b"\n", pos)) >= 0:
                quotes += mm[pos:nl].count(b'"') if csv_like else 0
                pos = nl + 1
                if quotes % 2 == 0:
                    break
            if nl < 0 or pos >= total:
                break
            cuts.append(pos)
        cuts.append(total)
        out: list[Partition] = []
        line = 1 + mm[: cuts[0]].count(b"\n")
        for i, (start, end) in enumerate(itertools.pairwise(cuts)):
            next_line = line + mm[start:end].count(b"\n")
            if after < next_line - 1 or end == total:
                first_csv = csv_like and i == 0
                out.append(
                    Partition(
                        str(path), fmt, encoding,
                        start=0 if first_csv else start,
                        end=end,
                        first_line=1 if first_csv else line,
                        head=b"" if first_csv else head,
                        head_lines=0 if first_csv else head_lines,
                        after=after,
                    )
                )  # fmt: skip
            line = next_line
    return out


# --- the client (Django) --------------------------------------------------------------------


@contextlib.contextmanager
def dask_client(address: str | None = None) -> Iterator[Any]:
    """A client of the scheduler at ``address`` (else ``KAMPANYE_DASK_SCHEDULER``), or of a
    local cluster with one single-threaded worker process per core when neither is set."""
    from kampanye import conf

    distributed: Any = importlib.import_module("dask.distributed")
    address = address or conf.get("KAMPANYE_DASK_SCHEDULER") or None
    cluster = None
    if address:
        client = distributed.Client(address)
    else:
        cluster = distributed.LocalCluster(
            n_workers=max(1, os.cpu_count() or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _open_job(path: Path, fmt: str, election, user, require_resume: bool):
    """The file's ``IngestJob`` as ``ingest_file`` finds or creates it (with its reject file)."""
    from kampanye.social.actions import attach_reject_file, file_hash
    from kampanye.social.ingest import detect_format
    from kampanye.social.models import IngestJob

    fmt = detect_format(path) if fmt == "auto" else fmt
    digest = file_hash(path)
    job = IngestJob.objects.filter(file_hash=digest, format=fmt).first()
    if job is None:
        if require_resume:
            return None, fmt
        job = IngestJob.objects.create(
            path=str(path), file_hash=digest, format=fmt, election=election, started_by=user
        )
    attach_reject_file(job, path)
    return job, fmt


def ingest_archive(
    source: str | Path,
    fmt: str = "auto",
    *,
    election=None,
    user=None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    partition_bytes: int = PARTITION_BYTES,
    require_resume: bool = False,
    progress: Callable[[Any], None] | None = None,
) -> list[Any]:
    """Import every file of an archive on Dask; one ``IngestJob`` per file, as ``ingest_file``
    gives (the same posts, mentions, counts and rejects). Returns the jobs in file order."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kampanye.core.audit import record_change
    from kampanye.elections.models import Election
    from kampanye.social import actions
    from kampanye.social.models import IngestJob

    files = archive_files(source)
    if not files:
        raise actions.IngestRefused(_("%(s)s: tidak ada berkas") % {"s": source})
    if not isinstance(election, Election):
        election = actions._election(election)
    batch_size = batch_size or actions.BATCH_SIZE
    opened = [_open_job(p, fmt, election, user, require_resume) for p in files]
    if require_resume and not any(
        job is not None and job.status != IngestJob.Status.DONE for job, _f in opened
    ):
        raise actions.IngestRefused(_("belum ada impor berkas ini yang terhenti"))
    pipe = actions.pipeline_for(election)
    work: list[tuple[Any, Partition, bool]] = []  # job, partition, last of its file
    for path, (job, file_fmt) in zip(files, opened, strict=True):
        if job is None or job.status == IngestJob.Status.DONE:
            continue
        parts = partitions(path, file_fmt, partition_bytes, job.line_reached)
        work.extend((job, part, i == len(parts) - 1) for i, part in enumerate(parts))
    days: set = set()
    with dask_client(scheduler) as client:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) + 1)
        pending: deque = deque()
        queue = iter(work)
        for job, part, last in queue:
            pending.append((job, client.submit(run_partition, part, pipe, pure=False), last))
            if len(pending) >= window:
                break
        while pending:
            job, future, last = pending.popleft()
            result: PartResult = future.result()
            future.release()
            nxt = next(queue, None)
            if nxt is not None:
                j, part, lst = nxt
                pending.append((j, client.submit(run_partition, part, pipe, pure=False), lst))
            days |= _store(job, election, pipe, result, batch_size, progress)
            if last:
                job.status = IngestJob.Status.DONE
                job.finished_at = timezone.now()
                job.save(update_fields=["status", "finished_at"])
                if progress:
                    progress(job)
                if user is not None:
                    record_change(
                        user, "ingest_posts", job,
                        after={"path": job.path, "stored": job.stored,
                               "duplicates": job.duplicates, "rejected": job.rejected},
                    )  # fmt: skip
    actions.update_figures(election, days)
    return [job for job, _f in opened if job is not None]


def _store(job, election, pipe: Queries, result: PartResult, size: int, progress) -> set:
    """A partition's records, in batches of ``size``, through ``actions.store_batch``."""
    from kampanye.social import actions

    posts = (i for i in result.items if isinstance(i, RawPost))
    known: dict[tuple[str, str], Classified] = {}
    for post, c in zip(posts, result.classified, strict=True):
        known.setdefault(post_key(post), c)  # the first of a duplicated id is stored
    days: set = set()
    for start in range(0, max(1, len(result.items)), size):
        chunk = result.items[start : start + size]
        if not chunk and start:
            break
        batch = [i for i in chunk if isinstance(i, RawPost)]
        rejects = [i for i in chunk if isinstance(i, Rejected)]
        last = chunk[-1].line if chunk else job.line_reached
        days |= actions.store_batch(job, election, pipe, batch, rejects, last, known)
        if progress:
            progress(job)
    return days
