"""Offline outboxes syncing at once: ``kampanye serve`` with production settings on PostgreSQL.

``python -m benchmarks ground_sync [--volunteers 1000] [--reports 20] [--batch 10]
[--postgres-url URL] [--threads 8] [--json FILE]``

1,000 simulated volunteers each hold an outbox of reports filed offline and sync it at the
same moment, in batches, through ``POST /api/ground/contacts/sync`` with their own API token.
On the way they misbehave like phones do: some answers are "lost" (the client ignores the
reply and sends the same batch again), some batches repeat a report already acknowledged,
some repeat a report twice in one batch. The server is a child process running
``kampanye serve`` (waitress) with ``KAMPANYE_DEBUG=0``; the database is a throw-away
PostgreSQL cluster made with ``initdb`` (or the empty database named by ``--postgres-url``;
never point it at real data).

Pass when, at the end, every generated report is stored exactly once (zero lost, zero
duplicated, checked UUID by UUID), with one touchpoint each, and the sustained rate is at
least ``TARGET_PER_S`` reports per second. Request latency p50/p99 is reported. For
comparison: Spoke's database gave way at about 233 messages/s (Spoke PR #1788).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TARGET_PER_S = 300.0
AREA_CODES = [f"31.75.01.10{k:02d}" for k in range(1, 11)]


def _free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_cluster(folder: Path):
    """A throw-away PostgreSQL cluster on 127.0.0.1; yields its URL."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        raise SystemExit("PostgreSQL's initdb/pg_ctl are not on PATH; pass --postgres-url")
    data, port = folder / "pg", _free_port()
    data.mkdir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    run = lambda cmd: subprocess.run(as_postgres + cmd, check=True, capture_output=True)  # noqa: E731
    run([initdb, "-D", str(data), "-U", "kampanye", "--auth=trust", "-E", "UTF8"])
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -c max_connections=200 -k {data}"
    run([pg_ctl, "-D", str(data), "-o", opts, "-l", str(data / "log"), "-w", "start"])
    try:
        run(
            [
                shutil.which("createdb") or "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "kampanye",
                "kampanye",
            ]
        )
        yield f"postgres://kampanye@127.0.0.1:{port}/kampanye"
    finally:
        run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"])


def _seed(volunteers: int) -> list[str]:
    """An election, ten kelurahan, ``volunteers`` volunteers with logins; their API tokens."""
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connections

    from kampanye.areas.models import Area
    from kampanye.core.models import ApiToken, Membership
    from kampanye.elections.models import Contestant, Election
    from kampanye.product.models import Theme
    from kampanye.volunteers.models import Volunteer

    dki = Area.objects.create(code="31", name="DKI Jakarta", level=1)
    jaktim = Area.objects.create(code="31.75", name="Jakarta Timur", level=2, parent=dki)
    kec = Area.objects.create(code="31.75.01", name="Matraman", level=3, parent=jaktim)
    Area.objects.bulk_create(
        Area(code=code, name=f"Kelurahan {code[-2:]}", level=4, parent=kec) for code in AREA_CODES
    )
    election = Election.objects.create(
        slug="dki-2012", name="Pilgub DKI 2012", office="Gubernur", region=dki
    )
    jokowi = Contestant.objects.create(
        election=election,
        ballot_no=3,
        name="Jokowi–Basuki",
        short="Jokowi–Basuki",
        head="Joko Widodo",
        deputy="Basuki Tjahaja Purnama",
    )
    for slug in ("banjir", "kjs", "kjp"):
        Theme.objects.create(contestant=jokowi, slug=slug, name=slug.upper())
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"relawan-{i:04d}", password="!") for i in range(volunteers)
    )
    Membership.objects.bulk_create(
        Membership(user=u, role="volunteer", area=jaktim, contestant=jokowi) for u in users
    )
    Volunteer.objects.bulk_create(
        Volunteer(
            contestant=jokowi,
            user=u,
            name=f"Relawan Contoh {i:04d}",
            home_area=jaktim,
            joined_on=dt.date(2012, 5, 1),
            referral_code=f"B{i:07d}",
            illustrative=True,
        )
        for i, u in enumerate(users)
    )
    raws = [f"kmp_bench_{uuid.uuid4().hex}" for _ in users]
    ApiToken.objects.bulk_create(
        ApiToken(user=u, name="bench", digest=ApiToken.digest_of(raw))
        for u, raw in zip(users, raws, strict=True)
    )
    connections.close_all()
    return raws


def _count_stored(expected: set[str]) -> dict[str, int]:
    from django.db import connections

    from kampanye.ground.models import Contact
    from kampanye.ledger.models import Touchpoint

    stored = [str(u) for u in Contact.objects.values_list("client_uuid", flat=True)]
    stored_set = set(stored)
    sources = Touchpoint.objects.filter(source__startswith="ground:contact:").count()
    connections.close_all()
    return {
        "generated": len(expected),
        "stored_rows": len(stored),
        "lost": len(expected - stored_set),
        "unexpected": len(stored_set - expected),
        "duplicated": len(stored) - len(stored_set),
        "touchpoints": sources,
    }


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    acked: list[float] = field(default_factory=list)  # when each report left the outbox
    requests: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    lost_answers: int = 0
    errors: int = 0


async def _post(host: str, port: int, token: str, body: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = (
            f"POST /api/ground/contacts/sync HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        writer.write(head + body)
        await writer.drain()
        raw = await reader.read()  # the server closes: read to the end
    finally:
        writer.close()
    header, _sep, payload = raw.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1]) if header else 0
    return status, payload


def _report(rng: random.Random, now_iso: str) -> dict:
    return {
        "client_uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "occurred_at": now_iso,
        "area_code": rng.choice(AREA_CODES),
        "response": rng.choice(("supportive", "undecided", "opposed", "not_home")),
        "households": 1,
        "themes": rng.sample(["banjir", "kjs", "kjp"], rng.randint(0, 2)),
    }


async def _volunteer(i, token, outbox, args, tally, start, host, port) -> None:
    rng = random.Random(args.seed * 100_003 + i)
    acknowledged: list[dict] = []
    while outbox:
        batch = outbox[: args.batch]
        send = list(batch)
        if acknowledged and rng.random() < args.duplicate_share:
            send.append(rng.choice(acknowledged))  # a report the server already has
        if rng.random() < args.duplicate_share:
            send.append(rng.choice(batch))  # the same report twice in one batch
        body = json.dumps({"reports": send}).encode()
        t0 = time.perf_counter()
        try:
            status, payload = await asyncio.wait_for(_post(host, port, token, body), 120)
        except (OSError, TimeoutError, IndexError, ValueError):
            tally.errors += 1
            await asyncio.sleep(0.2 + rng.random())
            continue
        tally.latencies.append(time.perf_counter() - t0)
        tally.requests += 1
        if status != 200:
            tally.errors += 1
            await asyncio.sleep(0.2 + rng.random())
            continue
        if rng.random() < args.lose_share:
            tally.lost_answers += 1  # the phone never saw the answer: it will send again
            continue
        results = json.loads(payload)["results"]
        now = time.perf_counter() - start
        done = set()
        for r in results:
            tally.__dict__[r["status"]] += 1
            if r["status"] in ("accepted", "duplicate"):
                done.add(r["client_uuid"])
        stored = [x for x in batch if x["client_uuid"] in done]
        tally.acked += [now] * len(stored)  # when the phone learned each report is safe
        acknowledged += stored
        outbox[:] = [x for x in outbox if x["client_uuid"] not in done]


async def _progress(outboxes, tally, start) -> None:
    while True:
        await asyncio.sleep(5)
        left = sum(len(box) for box in outboxes)
        print(
            f"[{time.perf_counter() - start:6.1f} s] {left} reports still in outboxes, "
            f"{tally.requests} requests, {tally.errors} errors",
            file=sys.stderr,
        )


async def _load(tokens, outboxes, args, host, port) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    ticker = asyncio.create_task(_progress(outboxes, tally, start))
    await asyncio.gather(
        *(
            _volunteer(i, token, outboxes[i], args, tally, start, host, port)
            for i, token in enumerate(tokens)
        )
    )
    ticker.cancel()
    return tally, time.perf_counter() - start


def _wait_for(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kampanye serve exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("kampanye serve did not start")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(args, url: str, folder: Path) -> dict:
    os.environ.update(
        {
            "DATABASE_URL": url,
            "KAMPANYE_DATA_DIR": str(folder / "data"),
            "KAMPANYE_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "kampanye.settings",
        }
    )
    env = dict(os.environ)
    subprocess.run([sys.executable, "-m", "kampanye", "migrate", "-v", "0"], env=env, check=True)
    tokens = _seed(args.volunteers)
    print(f"seeded {len(tokens)} volunteers", file=sys.stderr)
    rng = random.Random(args.seed)
    now_iso = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 600))
    outboxes = [[_report(rng, now_iso) for _ in range(args.reports)] for _ in tokens]
    expected = {r["client_uuid"] for box in outboxes for r in box}
    port = _free_port()
    log = (folder / "serve.log").open("wb")  # a pipe nobody reads would stall waitress
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kampanye",
            "serve",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, server)
        tally, wall = asyncio.run(_load(tokens, outboxes, args, "127.0.0.1", port))
    finally:
        server.terminate()
        server.wait(10)
    counts = _count_stored(expected)
    acked = sorted(tally.acked)
    lo, hi = acked[len(acked) // 10], acked[(len(acked) * 9) // 10]  # the middle 80 %
    sustained = (0.8 * len(acked)) / (hi - lo) if hi > lo else float("nan")
    return {
        "volunteers": args.volunteers,
        "reports_per_volunteer": args.reports,
        "batch": args.batch,
        "server_threads": args.threads,
        "wall_s": round(wall, 2),
        "reports_per_s_overall": round(len(expected) / wall, 1),
        "reports_per_s_sustained": round(sustained, 1),
        "requests": tally.requests,
        "latency_p50_ms": round(1000 * statistics.median(tally.latencies), 1),
        "latency_p99_ms": round(1000 * _percentile(tally.latencies, 0.99), 1),
        "answers_lost_on_purpose": tally.lost_answers,
        "server_said": {
            "accepted": tally.accepted,
            "duplicate": tally.duplicate,
            "rejected": tally.rejected,
        },
        "transport_errors_or_non_200": tally.errors,
        **counts,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks ground_sync")
    parser.add_argument("--volunteers", type=int, default=1000)
    parser.add_argument("--reports", type=int, default=20, help="reports in each outbox")
    parser.add_argument("--batch", type=int, default=10, help="reports per sync request")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--duplicate-share", type=float, default=0.2)
    parser.add_argument(
        "--lose-share",
        type=float,
        default=0.1,
        help="share of answers the client pretends it never got",
    )
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument(
        "--postgres-url",
        default="",
        help="an EMPTY database; default: a throw-away cluster via initdb",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))  # so the clean-up still runs
    with tempfile.TemporaryDirectory(prefix="kampanye-ground-bench-") as tmp:
        folder = Path(tmp)
        if args.postgres_url:
            result = run(args, args.postgres_url, folder)
        else:
            with postgres_cluster(folder) as url:
                result = run(args, url, folder)
    ok = (
        result["lost"] == 0
        and result["duplicated"] == 0
        and result["unexpected"] == 0
        and result["touchpoints"] == result["generated"]
        and result["reports_per_s_sustained"] >= TARGET_PER_S
    )
    result["target_reports_per_s"] = TARGET_PER_S
    result["pass"] = ok
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
