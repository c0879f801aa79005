"""Importing files: every record accounted for, re-import changes nothing, resume after a crash."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from kampanye.ledger.models import Touchpoint
from kampanye.social import actions, columns
from kampanye.social.models import IngestJob, Mention, MentionDay, Post, PostIssue
from kampanye.social.synthetic import write_csv

FIXTURES = Path(__file__).parent / "fixtures"


def _rejects(job: IngestJob) -> list[dict]:
    with open(job.reject_file, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_record_is_stored_duplicate_or_rejected_with_line_and_reason(election):
    # when
    job = actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    # then: m1, m2 stored; m1 again duplicate; lines 4 and 6 rejected
    assert (job.records, job.stored, job.duplicates, job.rejected) == (5, 2, 1, 2)
    assert job.status == IngestJob.Status.DONE
    assert [(r["line"], r["reason"]) for r in _rejects(job)] == [
        ("4", "followers: '-5' bukan bilangan bulat tidak negatif"),
        ("6", "jumlah kolom tidak sesuai header"),
    ]
    m1 = Post.objects.get(external_id="m1")
    assert m1.text == "Café bareng Jokowi, mantap" and m1.day.isoformat() == "2012-07-05"
    assert {m.contestant.ballot_no for m in Mention.objects.filter(post=m1)} == {3}


def test_news_with_the_same_normalised_url_is_a_duplicate(election):
    job = actions.ingest_file(FIXTURES / "news.csv", election=election)
    assert (job.stored, job.duplicates, job.rejected) == (1, 1, 1)
    assert Post.objects.get().url_key == "tempo.co/x/1"


@pytest.mark.parametrize(
    "name",
    [
        "x_v1.jsonl",
        "x_v2.json",
        "crowdtangle.csv",
        "tiktok.json",
        "youtube.json",
        "feed.rss",
        "feed.atom",
    ],
)
def test_each_format_imports_and_accounts_for_every_record(election, name):
    job = actions.ingest_file(FIXTURES / name, election=election)
    assert job.records == job.stored + job.duplicates + job.rejected > 0
    assert Post.objects.count() == job.stored


def test_importing_the_same_file_again_changes_nothing(election, tmp_path):
    # given
    path = write_csv(tmp_path / "posts.csv", n=120, seed=3)
    first = actions.ingest_file(path, election=election, batch_size=50)
    counts = (Post.objects.count(), Mention.objects.count(), PostIssue.objects.count())
    # when: the same file, then a copy with another name (another job, all duplicates)
    again = actions.ingest_file(path, election=election, batch_size=50)
    copy = shutil.copy(path, tmp_path / "copy.csv")
    Path(copy).write_text(Path(copy).read_text() + "\n")  # other bytes, same posts
    other = actions.ingest_file(copy, election=election, batch_size=50)
    # then
    assert again.pk == first.pk and again.stored == 120
    assert (other.stored, other.duplicates) == (0, 120)
    assert (Post.objects.count(), Mention.objects.count(), PostIssue.objects.count()) == counts


def test_an_interrupted_import_resumes_after_the_last_committed_batch(
    election, tmp_path, monkeypatch
):
    # given: a file with bad lines, and a store that fails on its third batch
    path = write_csv(tmp_path / "posts.csv", n=100, seed=5)
    lines = path.read_text().splitlines()
    lines.insert(30, "rusak,,,,,,teks,bukan-waktu,,,,,,,,x,1,,")
    lines.insert(75, lines[1])  # line 76 repeats the first post
    path.write_text("\n".join(lines) + "\n")
    real = actions.store_prepared
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("listrik padam")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "store_prepared", failing)
    with pytest.raises(RuntimeError):
        actions.ingest_file(path, election=election, batch_size=20)
    job = IngestJob.objects.get()
    assert (job.status, job.batches, job.records) == ("running", 2, 40)
    # when: the same file again
    monkeypatch.setattr(actions, "store_prepared", real)
    with pytest.raises(actions.IngestRefused):
        actions.ingest_file(
            tmp_path / "posts.csv", election=election, require_resume=True, fmt="x-v1"
        )
    job = actions.ingest_file(path, election=election, batch_size=20, require_resume=True)
    # then: 102 records, each counted once
    assert job.status == "done"
    assert (job.records, job.stored, job.duplicates, job.rejected) == (102, 100, 1, 1)
    assert Post.objects.count() == 100
    assert [r["line"] for r in _rejects(job)] == ["31"]


def test_stored_fields_read_back_as_python_values(election):
    actions.ingest_file(FIXTURES / "x_v1.jsonl", election=election)
    post = Post.objects.get(external_id="1001")
    assert post.created_at.isoformat() == "2012-07-11T08:15:00+00:00"
    assert post.day.isoformat() == "2012-07-11"
    assert post.urls == ["https://kompas.com/a"] and post.hashtags == ["jakartabaru"]
    late = Post.objects.get(external_id="1002")  # 23:30 UTC is the next day in WIB
    assert late.day.isoformat() == "2012-07-12"
    mention = Mention.objects.get(post=post)
    assert mention.clauses == [] or all(isinstance(i, int) for i in mention.clauses)
    assert mention.model_version.startswith("smsa-")
    assert abs(mention.p_positive + mention.p_neutral + mention.p_negative - 1) < 1e-3


@pytest.mark.slow
def test_worker_processes_store_the_same_as_one_process(election, tmp_path, monkeypatch):
    # given: the same posts in two files (other bytes: a trailing blank line), cut into
    # parts of some 20 posts for the pool
    monkeypatch.setattr(actions, "PART_BYTES", 3000)
    one = write_csv(tmp_path / "one.csv", n=90, seed=11)
    two = tmp_path / "two.csv"
    two.write_text(one.read_text() + "\n")

    def snapshot():
        return sorted(
            Mention.objects.values_list("post__external_id", "contestant_id", "label", "clauses")
        ), sorted(PostIssue.objects.values_list("post__external_id", "issue"))

    # when
    actions.ingest_file(one, election=election, batch_size=20, workers=0)
    alone = snapshot()
    Post.objects.all().delete()
    job = actions.ingest_file(two, election=election, batch_size=20, workers=2)
    # then
    assert (job.records, job.stored, job.duplicates) == (90, 90, 0)
    assert job.batches > 5  # a short batch at the end of each part
    assert snapshot() == alone


@pytest.mark.slow
def test_the_workers_of_an_import_end_when_it_is_killed(tmp_path):
    # given: a process with a pool of two busy workers, both started
    script = tmp_path / "pool.py"
    script.write_text(
        "import os, time\n"
        "from kampanye.social.prepare import local_pool\n"
        "def started():\n"
        "    time.sleep(1)\n"
        "    return os.getpid()\n"
        "if __name__ == '__main__':\n"
        "    with local_pool(2, ()) as (submit, _window):\n"
        "        pids = {f.result() for f in [submit(started) for _ in range(4)]}\n"
        "        busy = [submit(time.sleep, 120) for _ in range(2)]\n"
        "        print(*pids, flush=True)\n"
        "        time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    children = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(children) >= 2
    # when: it is killed, as by the out-of-memory killer or ``kill -9``
    parent.kill()
    parent.wait()
    # then: none of its children is left
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.django_db(transaction=True)
def test_an_import_leaves_the_connection_as_it_found_it(election, tmp_path):
    # given: SQLite checkpoints less often while an import stores
    if connection.vendor != "sqlite":
        pytest.skip("the import's pragmas are SQLite's")
    path = write_csv(tmp_path / "a.csv", n=30, seed=3)
    # when
    actions.ingest_file(path, election=election, batch_size=10)
    # then: a row that breaks either is refused after the import
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 1000
    mention = Mention.objects.first()
    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=mention.post_id).update(followers=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.filter(pk=mention.pk).update(contestant_id=999_999)


def test_counts_past_32_bits_are_stored_and_summed_as_they_are(election, tmp_path):
    # given: a post by an account of five billion followers with three billion likes, and
    # one more on the same day
    path = tmp_path / "big.csv"
    path.write_text(
        "message_id,platform,username,text,timestamp,followers,likes\n"
        "b1,x,besar,Jokowi mantap,2012-07-05 10:00:00,5000000000,3000000000\n"
        "b2,x,besar,Jokowi lagi,2012-07-05 11:00:00,5000000000,1\n",
        encoding="utf-8",
    )
    # when
    job = actions.ingest_file(path, election=election)
    # then: nothing capped at 2,147,483,647, in the posts, the mentions, the figures and
    # the ledger
    assert (job.stored, job.rejected) == (2, 0)
    assert Post.objects.get(external_id="b1").likes == 3_000_000_000
    assert Mention.objects.get(post__external_id="b1").reach == 5_000_000_000
    day = MentionDay.objects.get(election=election)
    assert (day.reach, day.engagement) == (10_000_000_000, 3_000_000_001)
    authors = columns.frame(election, columns.AUTHOR).filter(cmask=0)
    assert authors["followers"].to_list() == [5_000_000_000]
    assert Touchpoint.objects.get().reach == 10_000_000_000
