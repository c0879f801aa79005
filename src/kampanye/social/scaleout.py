"""Scale-out import on Dask: ``kampanye social ingest ARCHIVE --engine dask``.

An archive is a file, a directory (its files, sorted) or a glob. Each file is imported by
the import engine itself (``actions.import_job``), with its parts prepared by Dask tasks
instead of a local pool: the same per-part function (``prepare.prepare_part``: parse,
classify and make the rows, pure, no Django on the workers, which must see the same paths),
the same store, dedupe, accounting, reject file, figures and ``IngestJob``, so a re-run
changes nothing and an interrupted run resumes after its last committed batch.
"""

from __future__ import annotations

import contextlib
import glob
import importlib
import logging
import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

PARTITION_BYTES = 32 << 20


def archive_files(source: str | Path) -> list[Path]:
    """The files of an archive: a file, a directory's files (sorted), or a glob's matches."""
    path = Path(source)
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    return sorted(Path(p) for p in glob.glob(str(source)) if Path(p).is_file())


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
    progress: Callable[[Any, str], None] | None = None,
) -> list[Any]:
    """Import every file of an archive on Dask; one ``IngestJob`` per file, as ``ingest_file``
    gives (the same posts, mentions, counts and rejects). Returns the jobs in file order."""
    from django.utils.translation import gettext as _

    from kampanye.elections.models import Election
    from kampanye.social import actions
    from kampanye.social.ingest import detect_format
    from kampanye.social.models import IngestJob

    files = archive_files(source)
    if not files:
        raise actions.IngestRefused(_("%(s)s: tidak ada berkas") % {"s": source})
    if not isinstance(election, Election):
        election = actions._election(election)
    opened = [
        (path, actions.open_job(
            path, detect_format(path) if fmt == "auto" else fmt, election, user,
            create=not require_resume,
        ))
        for path in files
    ]  # fmt: skip
    waiting = [(p, job) for p, job in opened if job and job.status != IngestJob.Status.DONE]
    if require_resume and not waiting:
        raise actions.IngestRefused(_("belum ada impor berkas ini yang terhenti"))
    with dask_client(scheduler) as client:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) + 1)
        for path, job in waiting:
            actions.import_job(
                job, path, election, partial(client.submit, pure=False), window,
                batch_size=batch_size or actions.BATCH_SIZE, part_bytes=partition_bytes,
                progress=progress, user=user,
            )  # fmt: skip
    return [job for _p, job in opened if job is not None]
