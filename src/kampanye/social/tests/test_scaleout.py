"""``--engine dask``: partitions read like the whole file, and the import stores what the
local pool stores (posts, mentions with their sentiment, issues, counts, rejects)."""

from __future__ import annotations

import csv
import logging
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.social import actions, scaleout
from kampanye.social.ingest import parse
from kampanye.social.ingest._partitions import partitions, read_part
from kampanye.social.models import IngestJob, Mention, Post, PostIssue
from kampanye.social.synthetic import write_csv

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    yield cluster.scheduler_address
    cluster.close()


def _archive(path: Path, n: int = 120, seed: int = 7) -> Path:
    """Synthetic posts with a quoted multi-line text, a bad row and a repeated post."""
    write_csv(path, n=n, seed=seed)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(
        20, 'q1,u,w,,,,"Jokowi ""hebat""\nbaris dua, Foke",2012-07-05 20:00,,,1,0,0,0,0,x,1,,'
    )
    lines.insert(50, "rusak,,,,,,teks,bukan-waktu,,,,,,,,x,1,,")
    lines.insert(90, lines[2])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _items(parts):
    return [i for p in parts for i in read_part(p)]


def _snapshot() -> dict:
    posts = {
        (p.platform, p.external_id): (p.text, p.text_norm, p.created_at, p.day, p.language,
                                      p.followers, tuple(p.hashtags), p.url_key)
        for p in Post.objects.all()
    }  # fmt: skip
    mentions = sorted(
        (m.post.external_id, m.contestant_id, m.label, round(m.p_positive, 9), tuple(m.clauses))
        for m in Mention.objects.select_related("post")
    )
    issues = sorted((i.post.external_id, i.issue) for i in PostIssue.objects.select_related("post"))
    return {"posts": posts, "mentions": mentions, "issues": issues}


def _clear() -> None:
    PostIssue.objects.all().delete()
    Mention.objects.all().delete()
    Post.objects.all().delete()
    IngestJob.objects.all().delete()


def _rejects(job: IngestJob) -> list[tuple[str, str]]:
    with open(job.reject_file, encoding="utf-8") as handle:
        return [(r["line"], r["reason"]) for r in csv.DictReader(handle)]


# --- partitions (pure) ----------------------------------------------------------------------


@settings(max_examples=15)
@given(size=st.integers(min_value=40, max_value=4000))
def test_partitions_of_a_csv_read_as_the_whole_file_for_any_size(tmp_path_factory, size):
    # given: a CSV with a quoted newline, a bad row and a duplicate
    path = _archive(tmp_path_factory.mktemp("p") / "posts.csv", n=40)
    # when
    parts = partitions(path, "generic", size)
    # then: the same records, with the same lines
    assert _items(parts) == list(parse(path, "generic"))
    assert len(parts) > 1 or size > path.stat().st_size // 2


def test_json_lines_and_latin1_csv_are_cut_too(tmp_path):
    # given: fixtures doubled so there is something to cut
    for name, fmt in (("x_v1.jsonl", "x-v1"), ("generic_latin1.csv", "generic")):
        path = tmp_path / name
        shutil.copy(FIXTURES / name, path)
        # when
        parts = partitions(path, fmt, 60)
        # then
        assert len(parts) > 2
        assert _items(parts) == list(parse(path, fmt))


def test_partitions_already_stored_are_left_out(tmp_path):
    path = _archive(tmp_path / "posts.csv", n=100)
    parts = partitions(path, "generic", 1000)
    later = partitions(path, "generic", 1000, after=60)
    assert len(later) < len(parts)
    assert [i.line for i in _items(later) if i.line > 60] == [
        i.line for i in parse(path, "generic") if i.line > 60
    ]


# --- the import ---------------------------------------------------------------------------


def test_dask_stores_exactly_what_the_local_engine_stores(election, tmp_path, scheduler):
    # given
    path = _archive(tmp_path / "posts.csv", n=150)
    local = actions.ingest_file(path, election=election, batch_size=25)
    expected, counts = _snapshot(), (local.records, local.stored, local.duplicates, local.rejected)
    lines = _rejects(local)
    _clear()
    # when: cut into many partitions
    (job,) = scaleout.ingest_archive(
        path, election=election, scheduler=scheduler, batch_size=25, partition_bytes=2000
    )
    # then
    assert counts == (153, 151, 1, 1)
    assert (job.records, job.stored, job.duplicates, job.rejected) == counts
    assert job.status == IngestJob.Status.DONE
    assert _snapshot() == expected
    assert _rejects(job) == lines == [("52", lines[0][1])]
    assert Mention.objects.filter(post__external_id="q1").count() == 2


def test_a_directory_is_one_job_per_file_and_a_rerun_changes_nothing(election, tmp_path, scheduler):
    # given: two files, the second repeating the first's posts
    folder = tmp_path / "arsip"
    folder.mkdir()
    write_csv(folder / "a.csv", n=60, seed=1)
    shutil.copy(FIXTURES / "x_v1.jsonl", folder / "b.jsonl")
    (folder / "c.csv").write_text((folder / "a.csv").read_text() + "\n", encoding="utf-8")
    # when
    jobs = scaleout.ingest_archive(folder, election=election, scheduler=scheduler)
    before = (_snapshot(), Post.objects.count(), Mention.objects.count())
    again = scaleout.ingest_archive(folder, election=election, scheduler=scheduler)
    # then
    assert [Path(j.path).name for j in jobs] == ["a.csv", "b.jsonl", "c.csv"]
    assert [(j.stored, j.duplicates) for j in (jobs[0], jobs[2])] == [(60, 0), (0, 60)]
    assert all(j.records == j.stored + j.duplicates + j.rejected for j in jobs)
    assert (_snapshot(), Post.objects.count(), Mention.objects.count()) == before
    assert [j.pk for j in again] == [j.pk for j in jobs] and IngestJob.objects.count() == 3


def test_an_interrupted_dask_import_resumes_by_partition(
    election, tmp_path, scheduler, monkeypatch
):
    # given: the store fails on the third batch
    path = _archive(tmp_path / "posts.csv", n=100)
    real, calls = actions.store_prepared, {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("listrik padam")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "store_prepared", failing)
    with pytest.raises(RuntimeError):
        scaleout.ingest_archive(
            path, election=election, scheduler=scheduler, batch_size=20, partition_bytes=1500
        )
    assert IngestJob.objects.get().status == "running"
    monkeypatch.setattr(actions, "store_prepared", real)
    # when
    (job,) = scaleout.ingest_archive(
        path, election=election, scheduler=scheduler, require_resume=True, partition_bytes=1500
    )
    # then: every record counted once
    assert (job.status, job.records, job.stored, job.duplicates, job.rejected) == (
        "done", 103, 101, 1, 1,
    )  # fmt: skip
    assert Post.objects.count() == 101
    assert [line for line, _r in _rejects(job)] == ["52"]


def test_the_command_takes_engine_and_scheduler(election, tmp_path, scheduler):
    path = write_csv(tmp_path / "posts.csv", n=30, seed=3)
    out = StringIO()
    call_command(
        "social", "ingest", str(path), "--engine", "dask", "--scheduler", scheduler,
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert "posts.csv (generic): 30 rekaman = 30 tersimpan + 0 duplikat + 0 ditolak" in (
        out.getvalue()
    )
