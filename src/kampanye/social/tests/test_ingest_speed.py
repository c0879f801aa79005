"""The fast import paths keep what the plain ones did: ids after every id ever given, rows
read like ``csv.DictReader``, repeated texts classified once, parts read like the whole
file, workers only for big files."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.social import actions
from kampanye.social.bulk import STATEMENT_ROWS
from kampanye.social.classify import classify
from kampanye.social.ingest import WIB
from kampanye.social.ingest._common import RowError
from kampanye.social.ingest._partitions import partitions
from kampanye.social.ingest._tables import _rows
from kampanye.social.models import IngestJob, Mention, Post, PostIssue
from kampanye.social.prepare import Values, prepare_part
from kampanye.social.synthetic import write_csv


def test_posts_get_ids_after_every_id_ever_given_and_mentions_point_at_them(election, tmp_path):
    # given: an import, then its posts deleted (SQLite's AUTOINCREMENT never reuses an id)
    first = actions.ingest_file(write_csv(tmp_path / "a.csv", n=60, seed=1), election=election)
    highest = Post.objects.order_by("-id").values_list("id", flat=True).first()
    Post.objects.all().delete()
    n = 2 * STATEMENT_ROWS + 200  # more rows than one insert statement holds
    # when
    job = actions.ingest_file(write_csv(tmp_path / "b.csv", n=n, seed=2), election=election)
    # then
    ids = sorted(Post.objects.values_list("id", flat=True))
    assert first.stored == 60 and job.stored == n
    assert ids == list(range(highest + 1, highest + 1 + n))
    assert Mention.objects.count() > STATEMENT_ROWS  # the mentions too
    assert not Mention.objects.exclude(post_id__in=ids).exists()
    assert not PostIssue.objects.exclude(post_id__in=ids).exists()
    for post in Post.objects.filter(mentions__isnull=False)[:20]:
        assert all(m.day == post.day and m.platform == post.platform for m in post.mentions.all())


def test_repeated_texts_are_classified_as_each_alone(election):
    # given
    queries = actions.pipeline_for(election)
    texts = ["Jokowi mantap, tapi Foke lamban", "banjir lagi", "Jokowi mantap, tapi Foke lamban"]
    # when
    together = classify(texts, queries)
    # then
    assert together == [classify([t], queries)[0] for t in texts]
    assert together[0] == together[2] and together[0].found


def test_a_files_parts_prepared_apart_give_the_batches_of_the_whole_file(election, tmp_path):
    # given: 22 posts whose last two repeat the first two, cut into parts of some 8 posts
    path = write_csv(tmp_path / "a.csv", n=20, seed=5)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + lines[1:3]), encoding="utf-8")
    job = IngestJob.objects.create(path=str(path), file_hash="x", format="generic")
    ctx = actions.context_for(election, job)
    whole = partitions(path, "generic", 1 << 20)
    parts = partitions(path, "generic", 8 * len(lines[1]))
    # when
    together = [b for part in whole for b in prepare_part(ctx, part, 100, 0)]
    apart = [b for part in parts for b in prepare_part(ctx, part, 100, 0)]
    # then: the same rows (the repeats too: the store keeps the first), the last line reached
    assert len(together) == 1 and len(apart) == len(parts) > 2
    assert [p for b in apart for p in b.posts] == together[0].posts
    assert [p.external_id for p in together[0].posts][-2:] == [
        row.split(",")[0] for row in lines[1:3]
    ]
    assert apart[-1].last == together[0].last == 23


def test_small_files_are_imported_in_one_process(tmp_path):
    assert actions.default_workers(write_csv(tmp_path / "small.csv", n=50, seed=1)) == 0


def _dict_reader_rows(text: str) -> list[tuple[int, object]]:
    """The rows as ``csv.DictReader`` reads them, a row of the wrong width refused."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = [h.strip() for h in reader.fieldnames or []]
    out: list[tuple[int, object]] = []
    start = reader.line_num + 1
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            out.append((start, "jumlah kolom tidak sesuai header"))
        else:
            out.append((start, row))
        start = reader.line_num + 1
    return out


@settings(max_examples=30)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "", "x y", '"q,"', "c\nd"]), max_size=4),
        max_size=6,
    )
)
def test_rows_are_read_as_dict_reader_read_them(tmp_path_factory, body):
    # given: a header with a repeated name, rows of any width, blank lines
    lines = ["text, text ,n"] + [",".join(cells) for cells in body]
    path = tmp_path_factory.mktemp("rows") / "rows.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # when
    got = [(line, str(r) if isinstance(r, RowError) else r) for line, r in _rows(path)]
    # then
    assert got == _dict_reader_rows(path.read_text(encoding="utf-8"))


def test_rows_stored_already_count_as_duplicates_and_keep_no_mentions(election, tmp_path):
    # given: a post stored already (the import does not look it up: the insert skips it)
    path = write_csv(tmp_path / "all.csv", n=30, seed=3)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "one.csv").write_text(lines[0] + lines[5], encoding="utf-8")
    actions.ingest_file(tmp_path / "one.csv", election=election)
    before = Mention.objects.count()
    # when
    job = actions.ingest_file(path, election=election)
    # then: the insert skipped it, and the import noticed
    assert (job.stored, job.duplicates, job.rejected) == (29, 1, 0)
    assert Post.objects.count() == 30
    assert Mention.objects.filter(post__job=job).count() == Mention.objects.count() - before
    assert not Mention.objects.exclude(post_id__in=Post.objects.values("id")).exists()


@settings(max_examples=200)
@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([dt.UTC, WIB, dt.timezone(dt.timedelta(hours=-5))]),
    )
)
def test_moments_are_written_as_django_writes_them_on_sqlite(moment):
    # given: any moment, in UTC or another zone, with or without microseconds
    values = Values(sqlite=True)
    # when
    written = values.when(moment)
    # then: the naive UTC text Django's SQLite backend writes
    assert written == str(moment.astimezone(dt.UTC).replace(tzinfo=None))
