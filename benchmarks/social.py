"""Social ingest end to end: parse, dedupe, match, sentiment, issues, store, rollups.

``python -m benchmarks social [--posts 100000] [--batch-size 10000] [--workers N] [--distinct]
[--second] [--no-anchors] [--database sqlite|postgres] [--postgres-url URL] [--json]``
(``--workers``: worker processes, by default as ``ingest_file`` chooses; ``--distinct``:
append the row number to every text, so no text repeats; ``--no-anchors``: the import only)
``python -m benchmarks social --coordination [--posts 1000000]`` times the buzzer watch's
co-post and co-similarity networks on random texts with planted clusters (no database).

Runs in a throw-away data folder (SQLite: a fresh file, migrated; PostgreSQL: the database
of ``--postgres-url`` or ``DATABASE_URL``, emptied first with ``flush`` — never point it at
real data), with an election of the six 2012 pairs and their aliases. Writes ``--posts``
synthetic posts as a generic CSV, then times ``kampanye.social.actions.ingest_file`` end to
end (parse, dedupe, match, sentiment, issues, store, the ledger's daily rollups and the
dashboard's figures) with its CPU time per post and the peak memory of the importing process
and of its largest worker, then the anchors of the same run: (1) parsing alone and (2) the
nlp steps alone (normalise, match, attribute sentiment, issues, language) in one process.
``--second``: then the import again for a second file of as many other posts on the same
days (the generator's next seed), as when a team imports a second export into the same
campaign.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._measure import cpu_model


def _setup(folder: str) -> None:
    os.environ["KAMPANYE_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampanye.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    if connection.vendor == "postgresql":  # a throw-away database, emptied
        call_command("flush", interactive=False, verbosity=0)


def _election():
    import csv

    from kampanye.areas.models import Area
    from kampanye.elections.models import Contestant, Election

    region, _ = Area.objects.get_or_create(code="31", defaults={"name": "DKI Jakarta", "level": 1})
    election, _ = Election.objects.get_or_create(
        slug="jakarta-2012",
        defaults={"name": "Pilkada DKI 2012", "office": "Gubernur", "region": region},
    )
    shared = Path(__file__).resolve().parents[1].parent / "shared/data/elections"
    rows = csv.DictReader((shared / "jakarta_2012_contestants.csv").open(encoding="utf-8"))
    for r in rows:
        Contestant.objects.get_or_create(
            election=election,
            ballot_no=int(r["ballot_no"]),
            defaults={
                "name": r["pair"],
                "short": r["short"],
                "head": r["governor"],
                "deputy": r["vice_governor"],
                "aliases": [a for a in r["aliases"].split("|") if a],
            },
        )
    return election


def run(
    posts: int,
    batch_size: int,
    seed: int,
    workers: int | None = None,
    distinct: bool = False,
    second: bool = False,
    anchors: bool = True,
) -> dict[str, object]:
    from django.db import connection

    from kampanye.social import actions
    from kampanye.social.models import Mention, Post
    from kampanye.social.synthetic import write_csv

    load_before = os.getloadavg()
    election = _election()
    folder = Path(os.environ["KAMPANYE_DATA_DIR"])
    path = write_csv(folder / "posts.csv", n=posts, seed=seed)
    if distinct:
        _make_distinct(path)
    if workers is None:
        workers = actions.default_workers(path)
    # the import first, so that the peak memory of this process is the import's own
    job, t_total, cpu_main, cpu_workers = _timed_import(path, election, batch_size, workers)
    rss = (_max_rss_mb("SELF"), _max_rss_mb("CHILDREN"))
    mentions = Mention.objects.count()
    more = _second(election, folder, posts, batch_size, seed + 1, workers) if second else {}
    passes = _anchors(path, election, batch_size) if anchors else {}
    nlp_rate = passes.get("nlp_posts_per_s")
    return {
        "posts": posts,
        "batch_size": batch_size,
        "workers": workers,
        "stored": job.stored,
        "mentions": mentions,
        "rejected": job.rejected,
        # end to end as ``kampanye social ingest`` runs it: parse, dedupe, nlp, store, the
        # ledger's rollups and the dashboard's figures
        "end_to_end_s": round(t_total, 2),
        "end_to_end_posts_per_s": round(posts / t_total),
        # CPU time, which other programs on the machine do not inflate (wall time they do)
        "cpu_main_us_per_post": round(cpu_main / posts * 1e6, 1),
        "cpu_workers_us_per_post": round(cpu_workers / posts * 1e6, 1),
        "cpu_us_per_post": round((cpu_main + cpu_workers) / posts * 1e6, 1),
        # peak resident memory of the importing process and of its largest worker
        "max_rss_mb_main_worker": rss,
        **passes,
        "ratio_to_nlp_alone": round(posts / t_total / nlp_rate, 3) if nlp_rate else None,
        **more,
        "load_average_before_after": (round(load_before[0], 2), round(os.getloadavg()[0], 2)),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "stored_posts": Post.objects.count(),
        "database": connection.vendor,
        "python": platform.python_version(),
    }


def _anchors(path: Path, election, batch_size: int) -> dict[str, object]:
    """(1) parsing alone and (2) the nlp steps alone, in this process, after the import."""
    from kampanye.social import actions
    from kampanye.social.classify import classify, clear_cache
    from kampanye.social.ingest import RawPost, parse

    t0 = time.perf_counter()
    texts = [i.text for i in parse(path, "generic") if isinstance(i, RawPost)]
    t_parse = time.perf_counter() - t0
    queries = actions.pipeline_for(election)
    classify(texts[:10], queries)  # load the model and compile the queries first
    clear_cache()  # each text is classified once, as in one import
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        classify(texts[i : i + batch_size], queries)
    t_nlp = time.perf_counter() - t0
    clear_cache()
    n = len(texts)
    return {
        "distinct_texts": len(set(texts)),
        "parse_posts_per_s": round(n / t_parse),
        "nlp_posts_per_s": round(n / t_nlp),
    }


def _timed_import(path: Path, election, batch_size: int, workers: int) -> tuple:
    """``ingest_file`` end to end: the job, its seconds, and its CPU seconds in this
    process and in its workers."""
    from kampanye.social import actions

    t0, cpu0, children0 = time.perf_counter(), time.process_time(), _children_cpu()
    job = actions.ingest_file(
        path, "generic", election=election, batch_size=batch_size, workers=workers
    )
    t_total = time.perf_counter() - t0
    return job, t_total, time.process_time() - cpu0, _children_cpu() - children0


def _second(election, folder: Path, posts: int, batch_size: int, seed: int, workers: int) -> dict:
    """The import again for a second file of ``posts`` other posts on the same days."""
    from kampanye.social.synthetic import write_csv

    path = write_csv(folder / "second.csv", n=posts, seed=seed)
    job, t_total, *_cpu = _timed_import(path, election, batch_size, workers)
    return {
        "second_stored": job.stored,
        "second_end_to_end_s": round(t_total, 2),
        "second_end_to_end_posts_per_s": round(posts / t_total),
    }


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _max_rss_mb(who: str) -> int:
    """Peak resident memory of this process or of its largest child (Linux: KiB)."""
    import resource

    return resource.getrusage(getattr(resource, f"RUSAGE_{who}")).ru_maxrss // 1024


def _make_distinct(path: Path) -> None:
    """Append the row number to every text, so that no two texts are the same (the
    generator's few templates repeat texts far more often than real data does)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for i, row in enumerate(rows):
            row["text"] = f"{row['text']} {i}"
            writer.writerow(row)


def coordination_posts(n: int, seed: int, clusters: int = 20, members: int = 15, bursts: int = 30):
    """``n`` posts of random 5–24-word texts over 140 days by ``n // 10`` accounts, with
    ``clusters`` planted groups of ``members`` accounts posting ``bursts`` texts within 30 s
    (half of the copies with the last word changed)."""
    import numpy as np

    from kampanye.social.coordination import Posts

    rng = np.random.default_rng(seed)
    vocab = np.array([f"k{i}" for i in range(20_000)])
    accounts = n // 10
    account = rng.integers(0, accounts, n)
    when = rng.integers(0, 140 * 86400, n)
    lengths = rng.integers(5, 25, n)
    words = vocab[rng.integers(0, len(vocab), int(lengths.sum()))]
    texts = [" ".join(ws) for ws in np.split(words, np.cumsum(lengths)[:-1])]
    k = 0
    planted = []
    chosen = rng.choice(accounts, clusters * members, replace=False).reshape(clusters, members)
    for group in chosen:
        planted.append(sorted(int(a) for a in group))
        for _b in range(bursts):
            base = texts[k].split()
            t0 = int(rng.integers(0, 140 * 86400))
            for a in group:
                ws = list(base)
                if rng.random() < 0.5:
                    ws[-1] = "ubah"
                texts[k], account[k], when[k] = " ".join(ws), a, t0 + int(rng.integers(0, 30))
                k += 1
    return Posts(account, when, texts), planted


def run_coordination(posts: int, seed: int) -> dict[str, object]:
    from kampanye.social import coordination as co

    data, planted = coordination_posts(posts, seed)
    t0 = time.perf_counter()
    copost = co.co_post(data, window=60)
    t1 = time.perf_counter()
    cosim = co.co_similarity(data, window=60, threshold=0.8, seed=seed)
    t2 = time.perf_counter()
    found = co.clusters(co.combine({"co_post": copost, "co_similarity": cosim}), posts // 10, 5)
    t3 = time.perf_counter()
    recovered = sum(1 for g in found if sorted(int(a) for a in g) in planted)
    return {
        "posts": posts,
        "co_post_s": round(t1 - t0, 2),
        "co_post_edges": len(copost),
        "co_similarity_s": round(t2 - t1, 2),
        "co_similarity_edges": len(cosim),
        "clusters_s": round(t3 - t2, 3),
        "clusters": len(found),
        "planted_clusters": len(planted),
        "planted_recovered_exactly": recovered,
        "total_s": round(t3 - t0, 2),
        "python": platform.python_version(),
        "machine": platform.processor() or platform.machine(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks social")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument(
        "--workers", type=int, default=None, help="nlp worker processes (default: as ingest)"
    )
    parser.add_argument(
        "--distinct", action="store_true", help="make every text unique (no retweet-like repeats)"
    )
    parser.add_argument(
        "--second", action="store_true", help="then import a second file onto the same days"
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--no-anchors", action="store_true", help="the import only (no parse and nlp passes)"
    )
    parser.add_argument(
        "--coordination",
        action="store_true",
        help="time co-post + co-similarity (pure numpy, no database) instead of the ingest",
    )
    args = parser.parse_args(argv)
    if args.coordination:
        result = run_coordination(args.posts, args.seed)
        print(
            json.dumps(result)
            if args.json
            else "\n".join(f"{k:>26}: {v}" for k, v in result.items())
        )
        return 0
    os.environ.pop("DATABASE_URL", None)  # SQLite unless asked
    if args.database == "postgres":
        if not args.postgres_url:
            parser.error("PostgreSQL needs --postgres-url or DATABASE_URL")
        os.environ["DATABASE_URL"] = args.postgres_url
    with tempfile.TemporaryDirectory(prefix="kampanye-bench-social-") as folder:
        _setup(folder)
        result = run(
            args.posts, args.batch_size, args.seed, args.workers, args.distinct, args.second,
            anchors=not args.no_anchors,
        )  # fmt: skip
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
