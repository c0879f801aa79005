"""An import adds its own figures to the dashboard's aggregates and the ledger: the result is
what recomputing every day from the stored posts gives (``refresh_aggregates``, ``roll_up``),
whatever the order of the file, the batches, the duplicates or the days already there."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kampanye.ledger.models import Touchpoint
from kampanye.social import actions, aggregates, columns, influence, models
from kampanye.social.columns import ColumnChunk
from kampanye.social.filters import Filters
from kampanye.social.models import Source
from kampanye.social.synthetic import write_csv


def _figures(election) -> dict[str, list]:
    """Every aggregate row of the election, the rows of the columns one per key; top mentions
    by what ranks them (equal engagement and time may keep either mention)."""
    out: dict[str, list] = {kind: _rows(election, kind) for kind in columns.SCHEMAS}
    for model in models.AGGREGATES:
        skip = {"id", "mention_id"}
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        out[model.__name__] = sorted(
            model.objects.filter(election=election).values_list(*fields), key=str
        )
    out["ledger"] = sorted(
        Touchpoint.objects.filter(source__startswith=actions.ROLLUP_PREFIX).values_list(
            "source", "count", "reach", "tone", "media_type"
        )
    )
    return out


def _rows(election, kind: str) -> list[tuple]:
    """The election's rows of a kind of ``columns``, one per key, accounts and platforms as
    text, sorted (the ids depend on the order the accounts came in)."""
    found = columns.compacted(kind, columns.frame(election, kind))
    names = columns.accounts(election).names.with_row_index("id")
    for c in columns.NAMED.get(kind, ()):
        text = names.select(pl.col("id").cast(pl.Int32).alias(c), pl.col("account").alias("name"))
        found = found.join(text, on=c, how="left").with_columns(pl.col("name").alias(c))
        found = found.drop("name")  # the next column's name joins under the same
    found = found.select(*columns.SCHEMAS[kind]).with_columns(pl.col(pl.Categorical).cast(pl.Utf8))
    return found.sort(columns.KEYS[kind]).rows()


def _recomputed(election) -> dict[str, list]:
    aggregates.refresh_aggregates(election)
    actions.roll_up(election)
    return _figures(election)


def _posts_file(path: Path, n: int, seed: int, reverse: bool = False, at_every: int = 5) -> Path:
    """Synthetic posts with @mentions added to some texts; ``reverse``: newest first, so
    reposts and replies come before the posts they refer to."""
    write_csv(path, n=n, seed=seed)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        if i % at_every == 0:
            row["text"] += f" cc @Akun_{i % 7} @{row['username'] or 'x'}"
    if reverse:
        rows.reverse()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("reverse", [False, True])
def test_an_import_adds_what_recomputing_every_day_gives(election, tmp_path, reverse):
    # given: the account of a post on X naming Jokowi is one of his campaign's own
    jokowi = election.contestants.get(ballot_no=3)
    path = _posts_file(tmp_path / "a.csv", n=600, seed=4, reverse=reverse)
    with path.open(encoding="utf-8") as handle:
        account = next(
            r["username"]
            for r in csv.DictReader(handle)
            if r["platform"] == "x" and r["username"] and "Jokowi " in r["text"]
        )
    Source.objects.create(platform="x", account=account.upper(), contestant=jokowi)
    # when
    job = actions.ingest_file(path, election=election, batch_size=70)
    added = _figures(election)
    # then
    assert job.stored == 600
    assert added[columns.EDGE] and added[columns.NEWS] and added["TopMention"]
    assert any(":owned" in source for source, *_ in added["ledger"])
    assert added == _recomputed(election)


def _jokowi_on_x(path: Path) -> set[tuple[str, str]]:
    """(account, WIB day) of the posts on X naming Jokowi."""
    with path.open(encoding="utf-8") as handle:
        return {
            (r["username"], r["timestamp"][:10])
            for r in csv.DictReader(handle)
            if r["platform"] == "x" and r["username"] and "Jokowi" in r["text"]
        }


def _owned(election) -> dict[str, int]:
    """The count of each touchpoint of the ledger's rollup for a contestant's own accounts."""
    return {s: n for s, n, *_ in _figures(election)["ledger"] if ":owned" in s}


@pytest.mark.parametrize("repeats", [0, 20])
def test_a_second_import_on_the_same_days_adds_up(election, tmp_path, repeats):
    # given: a first import, and a second file of other posts on the same days that may
    # repeat posts of the first (one batch all repeats, others partly); an account on X that
    # posts in both is Jokowi's own
    first = _posts_file(tmp_path / "a.csv", n=300, seed=5)
    second = _posts_file(tmp_path / "b.csv", n=300, seed=6, at_every=3)
    account, _day = min(_jokowi_on_x(first) & _jokowi_on_x(second))
    jokowi = election.contestants.get(ballot_no=3)
    Source.objects.create(platform="x", account=account, contestant=jokowi)
    actions.ingest_file(first, election=election, batch_size=50)
    before = _owned(election)
    lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
    more = second.read_text(encoding="utf-8").splitlines(keepends=True)
    again = lines[1 : 1 + repeats]
    second.write_text("".join(more[:1] + again + more[1:151] + again + more[151:]))
    # when
    job = actions.ingest_file(second, election=election, batch_size=20)
    added = _figures(election)
    # then
    assert (job.stored, job.duplicates) == (300, 2 * repeats)
    after = _owned(election)
    assert before and any(after[source] > count for source, count in before.items())
    assert added == _recomputed(election)


def test_a_day_of_more_than_ten_thousand_mentions_rolls_up_exactly_without_a_recount(
    election, tmp_path, monkeypatch
):
    # given: social's daily count of Jokowi on X on the busiest day of a file holds 12,000
    # mentions (7,000 positive, 3,001 negative) counted before and not stored
    path = _posts_file(tmp_path / "b.csv", n=300, seed=6)
    busiest = Counter(day for _account, day in _jokowi_on_x(path)).most_common(1)[0][0]
    jokowi = election.contestants.get(ballot_no=3)
    key = {
        "contestant_id": jokowi.pk,
        "platform": "x",
        "day": dt.date.fromisoformat(busiest),
        "owned": False,
        "synthetic": True,
    }
    days = models.RollupDay.objects.filter(election=election)
    days.create(
        election=election, mentions=12_000, positive=7_000, negative=3_001, reach=10**6, **key
    )
    # when: the file is imported, the queries of its ledger step seen
    real, seen = actions.roll_up_figures, []

    def watched(*args):
        with CaptureQueriesContext(connection) as queries:
            counts = real(*args)
        seen.extend(q["sql"] for q in queries.captured_queries)
        return counts

    monkeypatch.setattr(actions, "roll_up_figures", watched)
    actions.ingest_file(path, election=election)
    # then: the touchpoint holds the day's counts exactly, the 12,000 included, and no
    # mention was read to write it
    row = days.get(**key)
    source = f"{actions.ROLLUP_PREFIX}:{jokowi.pk}:x:{busiest}:synthetic"
    touchpoint = Touchpoint.objects.get(source=source)
    assert (touchpoint.count, touchpoint.reach) == (row.mentions, row.reach)
    assert touchpoint.tone == round((row.positive - row.negative) / row.mentions, 4)
    mentions = f'"{models.Mention._meta.db_table}"'
    assert seen and not [sql for sql in seen if mentions in sql]
    aggregates.refresh_aggregates(election, only=(models.RollupDay,))
    counted = days.get(**key)
    assert counted.mentions > 0  # the file's own mentions of that day
    assert (row.mentions, row.positive, row.negative, row.reach) == (
        counted.mentions + 12_000,
        counted.positive + 7_000,
        counted.negative + 3_001,
        counted.reach + 10**6,
    )


def test_reposts_of_posts_imported_before_become_edges(election, tmp_path):
    # given: a first import, and a second file whose posts repost the first file's
    first = _posts_file(tmp_path / "a.csv", n=100, seed=9)
    actions.ingest_file(first, election=election)
    edges_before = _edges(election)
    with first.open(encoding="utf-8", newline="") as handle:
        earlier = [r for r in csv.DictReader(handle) if r["username"]]
    second = tmp_path / "b.csv"
    write_csv(second, n=100, seed=10)
    with second.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row, original in zip(rows, earlier, strict=False):
        row["repost_id"] = original["message_id"]
        row["platform"] = original["platform"]
    with second.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # when
    job = actions.ingest_file(second, election=election)
    added = _figures(election)
    # then: nearly every post of the second file (it names a contestant) adds an edge to
    # the author of the post it reposts, as recomputing gives them
    assert job.stored == 100
    assert _edges(election) - edges_before >= 90
    assert added == _recomputed(election)


def _edges(election) -> int:
    """References in the network of all posts with mentions (``cmask = 0``)."""
    edges = columns.frame(election, columns.EDGE)
    return int(edges.filter(cmask=0)["weight"].sum())


@pytest.mark.parametrize(("workers", "reverse"), [(0, True), (1, False)])
def test_an_import_in_parts_adds_the_same(election, tmp_path, monkeypatch, workers, reverse):
    # given: parts of some 40 posts, prepared here or by a worker; later parts repeat posts
    # of the first; the figures added every 100 posts (``reverse``: reposts and replies
    # come before the posts they refer to, some in a later hundred)
    monkeypatch.setattr(actions, "PART_BYTES", 40 * 190)
    monkeypatch.setattr(actions, "FIGURES_EVERY", 100)
    path = _posts_file(tmp_path / "a.csv", n=300, seed=7, reverse=reverse)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + lines[1:11] + lines[101:106]), encoding="utf-8")
    # when
    job = actions.ingest_file(path, election=election, batch_size=40, workers=workers)
    # then
    assert (job.records, job.stored, job.duplicates) == (315, 300, 15)
    added = _figures(election)
    assert added["MentionDay"] and added == _recomputed(election)


def test_an_import_stopped_while_adding_its_figures_recomputes_them_when_run_again(
    election, tmp_path, monkeypatch
):
    # given: an import whose posts are stored but whose dashboard figures fail
    path = _posts_file(tmp_path / "a.csv", n=200, seed=8)

    def power_cut(*args):
        raise RuntimeError("listrik padam")

    monkeypatch.setattr(actions, "add_to_dashboard", power_cut)
    with pytest.raises(RuntimeError):
        actions.ingest_file(path, election=election, batch_size=50)
    monkeypatch.undo()
    assert not models.MentionDay.objects.exists()
    # when: the same file again
    job = actions.ingest_file(path, election=election, batch_size=50)
    # then
    added = _figures(election)
    assert (job.status, job.stored) == ("done", 200)
    assert added["MentionDay"] and added == _recomputed(election)


def test_chunks_past_the_limit_merge_and_every_read_sees_the_imports_before_it(
    election, tmp_path, monkeypatch
):
    # given: at most two chunks of each kind, and the reach of the whole campaign read once
    # before (this process then keeps the frames it read)
    monkeypatch.setattr(columns, "MAX_CHUNKS", 2)
    f = Filters(election)
    seen = [influence.reach(f).posts]
    # when: three imports of other posts on the same days, the reach read after each
    for seed in (11, 12, 13):
        path = _posts_file(tmp_path / f"{seed}.csv", n=120, seed=seed)
        actions.ingest_file(path, election=election)
        seen.append(influence.reach(f).posts)
    # then: every read counted the posts imported before it, the chunks merged, and the
    # figures are what recomputing gives
    assert seen[0] == 0 and seen == sorted(set(seen))
    for kind in (*columns.SCHEMAS, columns.ACCOUNT):
        assert 1 <= ColumnChunk.objects.filter(election=election, kind=kind).count() <= 2
    last = influence.reach(f)
    assert _figures(election) == _recomputed(election)
    assert influence.reach(f) == last


def test_chunks_from_before_the_accounts_were_numbered_are_written_again(election, tmp_path):
    # given: an import's figures, then its chunks as migration 0007 left them: accounts as
    # text, one chunk of each kind sorted by its keys (day first), no numbered accounts
    actions.ingest_file(_posts_file(tmp_path / "a.csv", n=200, seed=9), election=election)
    before, reach = _figures(election), influence.reach(Filters(election))
    old = {kind: _rows(election, kind) for kind in columns.SCHEMAS}
    ColumnChunk.objects.filter(election=election).delete()
    for kind, found in old.items():
        text = pl.DataFrame(found, schema=columns.conformed(kind, []).schema, orient="row")
        buffer = io.BytesIO()
        text.write_ipc(buffer)
        ColumnChunk.objects.create(election=election, kind=kind, token=kind, data=buffer.getvalue())
    # when
    migration = importlib.import_module("kampanye.social.migrations.0008_numbered_accounts")
    migration.number_accounts(None, None)
    # then
    for kind, schema in columns.SCHEMAS.items():
        assert dict(columns.frame(election, kind).schema) == schema
    assert _figures(election) == before
    assert influence.reach(Filters(election)) == reach


def test_migration_0010_counts_the_stored_mentions_and_reads_nothing_more_when_there_are_none(
    election, tmp_path
):
    # given: an import's daily counts, one of its accounts Jokowi's own, then the table
    # emptied as before migration 0010 made it
    path = _posts_file(tmp_path / "a.csv", n=200, seed=9)
    account, _day = min(_jokowi_on_x(path))
    jokowi = election.contestants.get(ballot_no=3)
    Source.objects.create(platform="x", account=account, contestant=jokowi)
    actions.ingest_file(path, election=election)
    counted = _figures(election)["RollupDay"]
    models.RollupDay.objects.all().delete()
    migration = importlib.import_module("kampanye.social.migrations.0010_rollup_day")
    # when
    migration.count_rollup_days(django_apps, None)
    # then
    assert any(row[4] for row in counted)  # owned
    assert _figures(election)["RollupDay"] == counted
    # and: with no mention stored, one query and nothing written
    models.Post.objects.all().delete()
    models.RollupDay.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        migration.count_rollup_days(django_apps, None)
    assert len(queries.captured_queries) == 1
    assert not models.RollupDay.objects.exists()
