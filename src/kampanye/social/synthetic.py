"""Synthetic Indonesian posts about the 2012 Jakarta contestants, for the demo and benchmarks.

Pure Python (no Django), seeded: ``synthetic_posts(n, seed)`` gives the same rows for the
same arguments. Every row has ``is_synthetic = 1`` and a ``sint-`` message id, so it can
never be mistaken for a real post. Rows follow the generic CSV layout
(``kampanye.social.ingest.GENERIC_COLUMNS`` plus ``platform`` and ``is_synthetic``).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from pathlib import Path

from kampanye.social.ingest import GENERIC_COLUMNS, WIB

# names people use, per ballot number; the sentiment mix (positive, neutral, negative)
CONTESTANTS: dict[int, dict] = {
    1: {
        "names": ["Foke", "Fauzi Bowo", "Bang Foke", "Foke-Nara", "Nachrowi"],
        "tags": ["#FokeNara", "#LanjutkanFoke", "#BangFoke"],
        "mix": (0.25, 0.35, 0.40),
        "weight": 0.24,
    },
    2: {
        "names": ["Hendardji", "Hendardji-Riza", "Riza Patria"],
        "tags": ["#HendardjiRiza"],
        "mix": (0.30, 0.50, 0.20),
        "weight": 0.05,
    },
    3: {
        "names": ["Jokowi", "Ahok", "Jokowi-Ahok", "Joko Widodo", "Basuki"],
        "tags": ["#JokowiAhok", "#JakartaBaru", "#KotakKotak"],
        "mix": (0.50, 0.30, 0.20),
        "weight": 0.42,
    },
    4: {
        "names": ["Hidayat Nur Wahid", "HNW", "Hidayat-Didik"],
        "tags": ["#HidayatDidik", "#HNW"],
        "mix": (0.35, 0.40, 0.25),
        "weight": 0.13,
    },
    5: {
        "names": ["Faisal Basri", "Faisal-Biem", "Biem Benyamin"],
        "tags": ["#FaisalBiem", "#Independen"],
        "mix": (0.40, 0.40, 0.20),
        "weight": 0.09,
    },
    6: {
        "names": ["Alex Noerdin", "Alex-Nono", "Nono Sampono"],
        "tags": ["#AlexNono"],
        "mix": (0.20, 0.45, 0.35),
        "weight": 0.07,
    },
}

ISSUES = {
    "banjir": ["banjir", "Jakarta kebanjiran lagi", "normalisasi kali Ciliwung", "genangan"],
    "macet": ["macet", "busway", "kemacetan parah", "transjakarta", "monorel mangkrak"],
    "kesehatan": ["Kartu Jakarta Sehat", "puskesmas", "berobat gratis", "rumah sakit"],
    "pendidikan": ["Kartu Jakarta Pintar", "biaya sekolah", "guru honorer", "beasiswa"],
    "perumahan": ["kampung deret", "rusun", "penggusuran"],
    "korupsi": ["korupsi", "KPK", "pungli"],
    "pasar": ["pasar tradisional", "harga sembako", "pedagang kaki lima"],
    "kerja": ["lapangan kerja", "pengangguran", "upah minimum"],
}

BALLOTS = list(CONTESTANTS)
BALLOT_WEIGHTS = [CONTESTANTS[b]["weight"] for b in BALLOTS]
ISSUE_CODES = list(ISSUES)
POSITIVE = [
    "{name} mantap, programnya soal {issue} jelas banget {tag}",
    "salut sama {name}, blusukan ke warga soal {issue} 👍",
    "gw dukung {name}! akhirnya ada yg peduli {issue} {tag}",
    "{name} keren, merakyat dan gak banyak omong. {tag}",
    "suka bgt cara {name} jelasin solusi {issue}, semoga menang {tag}",
    "Debat semalam {name} paling meyakinkan soal {issue}",
]
NEUTRAL = [
    "{name} hari ini kunjungan ke Jakarta Utara bahas {issue}",
    "ada yg tau jadwal kampanye {name} besok? {tag}",
    "{name} akan hadir di debat cagub malam ini",
    "berita: {name} sampaikan visi misi soal {issue}",
    "rekap hari ini: {name} dan tim keliling pasar, isu {issue} {tag}",
]
NEGATIVE = [
    "kecewa sama {name}, janji soal {issue} cuma omong doang",
    "{name} gak becus urus {issue}, udah lah ganti aja",
    "males bgt liat {name}, pencitraan terus tp {issue} gak beres",
    "{name} ngecewain, {issue} makin parah dan gak ada solusi",
    "jgn pilih {name}! {issue} aja gak bisa diatasi 😡",
]
NEWS = [
    "{name} Paparkan Program {issue} di Hadapan Warga Jakarta Utara",
    "Kampanye Hari Ini, {name} Bicara soal {issue}",
    "Tim Pemenangan {name} Siapkan Saksi di Seluruh TPS",
]
NEWS_UP = [
    "Warga Sambut Antusias Kedatangan {name}, Tagih Janji soal {issue}",
    "Survei: Program {issue} {name} Dinilai Paling Realistis",
]
NEWS_DOWN = [
    "{name} Dikritik Warga karena Persoalan {issue} Tak Kunjung Selesai",
    "Pengamat: Janji {name} soal {issue} Sulit Diwujudkan",
]
CONTRAST = "{a} oke soal {issue}, tapi {b} mengecewakan"
PLATFORMS = (
    ("x", 0.55),
    ("facebook", 0.17),
    ("instagram", 0.07),
    ("tiktok", 0.03),
    ("youtube", 0.06),
    ("online_news", 0.12),
)
START = dt.datetime(2012, 5, 1, tzinfo=WIB)
DAYS = 143  # to the second round, 20 September 2012
END = START + dt.timedelta(days=DAYS) - dt.timedelta(seconds=1)
# share of X posts that are retweets: 43.5 % of 234,697 tweets on the 2010 Massachusetts
# Senate race (Mustafaraj & Metaxas, "What Edited Retweets Reveal about Online Political
# Discourse", AAAI WS-11-05, 2011); 60 % of the Clinton/Trump tweets in the last days of the
# 2016 campaign (Boynton, electionanalysis2016.us, "Ideas are for sharing")
REPOST_SHARE = 0.45
VIRAL_POOL = 200_000  # originals (and repeats for their retweets) a retweet is drawn from
OUTLETS = ("kompas.com", "detik.com", "tempo.co", "okezone.com", "republika.co.id")
OPENERS = (
    "jujur", "btw", "menurut gw", "wkwk", "hmm", "eh", "duh", "asli", "sumpah", "kok",
    "nah", "yah", "gila", "woy", "coba deh liat",
)  # fmt: skip
CLOSERS = (
    "sih", "deh", "lho", "ya kan?", "bener gak?", "wkwkwk", "gimana menurut kalian?",
    "setuju?", "semoga", "amin", "titik.", "pokoknya", "cmiiw", "ckck",
)  # fmt: skip
EMOJIS = ("👍", "😡", "🙏", "🔥", "😂", "💪", "😤", "🤔", "👏", "😭")
# the 42 kecamatan of DKI Jakarta's five kota (the other two are the Thousand Islands')
PLACES = (
    "Gambir", "Sawah Besar", "Kemayoran", "Senen", "Cempaka Putih", "Menteng", "Tanah Abang",
    "Johar Baru", "Penjaringan", "Pademangan", "Tanjung Priok", "Koja", "Kelapa Gading",
    "Cilincing", "Cengkareng", "Grogol Petamburan", "Taman Sari", "Tambora", "Kebon Jeruk",
    "Kalideres", "Palmerah", "Kembangan", "Tebet", "Setiabudi", "Mampang Prapatan",
    "Pasar Minggu", "Kebayoran Lama", "Cilandak", "Kebayoran Baru", "Pancoran", "Jagakarsa",
    "Pesanggrahan", "Matraman", "Pulo Gadung", "Jatinegara", "Kramat Jati", "Pasar Rebo",
    "Cakung", "Duren Sawit", "Makasar", "Ciracas", "Cipayung",
)  # fmt: skip
PEAKS = (dt.date(2012, 7, 11), dt.date(2012, 9, 20), dt.date(2012, 9, 14))


def _day_weights() -> list[float]:
    weights = []
    for i in range(DAYS):
        day = (START + dt.timedelta(days=i)).date()
        w = 1.0 + 0.01 * i
        for peak in PEAKS:
            w += 6.0 * math.exp(-abs((day - peak).days) / 1.5)
        weights.append(w)
    return weights


def synthetic_posts(n: int = 5000, seed: int = 2012) -> Iterator[dict[str, str]]:
    """``n`` rows in the generic CSV layout, reproducible for a ``seed``.

    Accounts (``n // 8``, at least 50) each live on one platform, with a fixed follower count
    and an activity drawn from a heavy-tailed (Pareto) law, so that a few accounts post much
    of the volume. On X, ``REPOST_SHARE`` of the posts are retweets: ``RT @author: text`` of an
    earlier original, chosen with probability growing with its retweets so far (a few go
    viral), posted after it. The other posts are originals: a template with its slots filled
    and, at random, an opener, a closer, a place, an emoji, an @mention of another account of
    the platform or a stretched word ("bangeeet"), so that few originals repeat exactly.
    """
    rng = random.Random(seed)
    days = list(range(DAYS))
    dweights = _day_weights()
    platforms = [p for p, _ in PLATFORMS]
    pweights = [w for _, w in PLATFORMS]
    accounts = _accounts(rng, max(50, n // 8), platforms, pweights)
    # originals on X, once each and once more for each of their retweets
    viral: list[tuple[int, str, str, dt.datetime]] = []
    for i in range(n):
        platform = rng.choices(platforms, pweights)[0]
        handles, cum, user_ids, follower_counts = accounts[platform]
        a = bisect.bisect_left(cum, rng.random() * cum[-1])
        user, followers = handles[a], follower_counts[a]
        repost_id = reply_id = ""
        if platform == "x" and viral and rng.random() < REPOST_SHARE:
            picked = rng.choice(viral)
            _push(viral, picked, rng)  # each retweet makes the next one likelier
            original, author, said, posted = picked
            text, repost_id = f"RT @{author}: {said}", f"sint-{seed}-{original}"
            when = min(posted + dt.timedelta(seconds=int(rng.expovariate(1 / 7200))), END)
        else:
            text = _original(rng, platform, handles)
            when = START + dt.timedelta(
                days=rng.choices(days, dweights)[0], seconds=rng.randrange(6 * 3600, 24 * 3600)
            )
            if platform == "x":
                _push(viral, (i, user, text, when), rng)
            if i and platform != "online_news" and rng.random() < 0.1:
                reply_id = f"sint-{seed}-{rng.randrange(i)}"
        likes = int(followers * rng.random() * 0.05)
        news = platform == "online_news"
        yield {
            "message_id": f"sint-{seed}-{i}",
            "user_id": user_ids[a],
            "username": user,
            "repost_id": repost_id,
            "reply_id": reply_id,
            "quote_id": "",
            "text": text,
            "timestamp": when.strftime("%Y-%m-%d %H:%M:%S") + " WIB",
            "urls": f"https://berita.example/{seed}/{i}" if news else "",
            "hashtags": "",
            "followers": str(followers),
            "likes": str(likes),
            "shares": str(likes // 4),
            "comments": str(likes // 6),
            "views": str(followers * 3 if platform in {"tiktok", "youtube"} else 0),
            "platform": platform,
            "is_synthetic": "1",
            "title": text[:80] if news else "",
            "url": f"https://berita.example/{seed}/{i}" if news else "",
        }


def _push(pool: list, item: tuple, rng: random.Random) -> None:
    """Add ``item`` to ``pool``; once it holds ``VIRAL_POOL``, in place of a random entry."""
    if len(pool) < VIRAL_POOL:
        pool.append(item)
    else:
        pool[rng.randrange(VIRAL_POOL)] = item


def _accounts(
    rng: random.Random, n: int, platforms: list[str], weights: list[float]
) -> dict[str, tuple[list[str], list[float], list[str], list[int]]]:
    """Per platform: handles, cumulative activity weights, user ids and follower counts.
    News comes from ``OUTLETS``; every other platform has at least one account."""
    out: dict[str, tuple[list[str], list[float], list[str], list[int]]] = {
        p: ([], [], [], []) for p in platforms
    }
    for k, outlet in enumerate(OUTLETS):
        _add_account(out["online_news"], outlet, f"n{k}", 1.0, int(math.exp(rng.gauss(12, 1))))
    social = [p for p in platforms if p != "online_news"]
    social_weights = [w for p, w in zip(platforms, weights, strict=True) if p != "online_news"]
    for u in range(n):
        p = social[u] if u < len(social) else rng.choices(social, social_weights)[0]
        activity = min(rng.paretovariate(1.3), 1000.0)
        _add_account(out[p], f"warga{u:05d}", f"u{u:05d}", activity,
                     int(math.exp(rng.gauss(5.5, 1.6))))  # fmt: skip
    return out


def _add_account(into, handle: str, user_id: str, activity: float, followers: int) -> None:
    handles, cum, user_ids, follower_counts = into
    handles.append(handle)
    cum.append((cum[-1] if cum else 0.0) + activity)
    user_ids.append(user_id)
    follower_counts.append(followers)


def _original(rng: random.Random, platform: str, handles: list[str]) -> str:
    """One original post's text: a template, its slots filled, then varied at random."""
    ballot = rng.choices(BALLOTS, BALLOT_WEIGHTS)[0]
    info = CONTESTANTS[ballot]
    issue = rng.choice(ISSUE_CODES)
    slots = {
        "name": rng.choice(info["names"]),
        "issue": rng.choice(ISSUES[issue]),
        "tag": rng.choice(info["tags"]) if rng.random() < 0.6 else "",
    }
    roll = rng.random()
    pos, neu, _neg = info["mix"]
    if platform == "online_news":
        pool = NEWS_UP if roll < pos else NEWS if roll < pos + neu else NEWS_DOWN
        text = rng.choice(pool).format(**slots)
        if rng.random() < 0.5:
            text = f"{text} di {rng.choice(PLACES)}"
        return text
    if roll < 0.05:
        other = CONTESTANTS[rng.choice([b for b in BALLOTS if b != ballot])]
        text = CONTRAST.format(a=slots["name"], b=rng.choice(other["names"]), issue=slots["issue"])
    else:
        pool = POSITIVE if roll < pos else NEUTRAL if roll < pos + neu else NEGATIVE
        text = rng.choice(pool).format(**slots)
    words = text.split()
    if rng.random() < 0.2:  # a stretched word: "banget" → "bangeeet"
        k = rng.randrange(len(words))
        w = words[k]
        vowels = [j for j, c in enumerate(w) if c in "aeiou"]
        if vowels and w.isalpha() and w.islower():
            j = vowels[-1]
            words[k] = w[:j] + w[j] * rng.randint(3, 6) + w[j + 1 :]
    if rng.random() < 0.3:
        words.insert(0, rng.choice(OPENERS))
    if rng.random() < 0.25:
        words.append(f"di {rng.choice(PLACES)}")
    if rng.random() < 0.3:
        words.append(rng.choice(CLOSERS))
    if rng.random() < 0.2:
        words.append(rng.choice(EMOJIS))
    if rng.random() < 0.15:
        words.insert(0, f"@{rng.choice(handles)}")
    return " ".join(w for w in words if w)


def write_csv(path: str | Path, n: int = 5000, seed: int = 2012) -> Path:
    """Write ``synthetic_posts(n, seed)`` as a generic CSV file."""
    path = Path(path)
    columns = [*GENERIC_COLUMNS, "platform", "is_synthetic", "title", "url"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(synthetic_posts(n, seed))
    return path


COORDINATED_TEXTS = [
    "Ayo warga Jakarta, {name} pilihan tepat untuk {issue}! {tag}",
    "Sudah jelas {name} paling peduli soal {issue}, jangan ragu lagi {tag}",
    "Jakarta butuh {name}, bukan janji kosong soal {issue} {tag}",
    "Kami dukung {name} karena {issue} harus beres tahun ini {tag}",
    "Hanya {name} yang berani bereskan {issue}, sebarkan! {tag}",
    "Tanggal 11 Juli coblos {name}, demi {issue} yang lebih baik {tag}",
]


def coordinated_posts(
    clusters: int = 2, members: int = 8, bursts: int = 6, seed: int = 2012
) -> Iterator[dict[str, str]]:
    """Planted coordinated accounts for the demo of the buzzer watch: ``clusters`` groups of
    ``members`` accounts (``akun_serentak_<c>_<m>``), each group posting ``bursts`` texts
    within 40 seconds, half of them with one word added at the end. Generic CSV rows, synthetic."""
    rng = random.Random(seed * 7 + 1)
    ballots = list(CONTESTANTS)
    issues = list(ISSUES)
    n = 0
    for c in range(clusters):
        info = CONTESTANTS[ballots[c % len(ballots)]]
        for b in range(bursts):
            text = COORDINATED_TEXTS[b % len(COORDINATED_TEXTS)].format(
                name=info["names"][0],
                issue=rng.choice(ISSUES[rng.choice(issues)]),
                tag=info["tags"][0] if info["tags"] else "",
            )
            start = START + dt.timedelta(days=20 + 9 * b + 3 * c, hours=rng.randrange(7, 22))
            for m in range(members):
                words = text.split()
                if m % 2:
                    words.append(rng.choice(["pokoknya", "pasti", "memang"]))
                when = start + dt.timedelta(seconds=rng.randrange(0, 40))
                n += 1
                user = f"akun_serentak_{c}_{m}"
                yield {
                    "message_id": f"sint-koord-{seed}-{n}",
                    "user_id": f"k{c}{m:03d}",
                    "username": user,
                    "repost_id": "",
                    "reply_id": "",
                    "quote_id": "",
                    "text": " ".join(words),
                    "timestamp": when.strftime("%Y-%m-%d %H:%M:%S") + " WIB",
                    "urls": "",
                    "hashtags": "",
                    "followers": str(rng.randrange(5, 60)),
                    "likes": "0",
                    "shares": "0",
                    "comments": "0",
                    "views": "0",
                    "platform": "x",
                    "is_synthetic": "1",
                    "title": "",
                    "url": "",
                }


def write_coordinated_csv(path: str | Path, seed: int = 2012) -> Path:
    """Write ``coordinated_posts(seed=seed)`` as a generic CSV file."""
    path = Path(path)
    columns = [*GENERIC_COLUMNS, "platform", "is_synthetic", "title", "url"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(coordinated_posts(seed=seed))
    return path
