"""Coordination networks for the buzzer watch (pure Python and numpy, no Django).

Two accounts *act together* when they do the same thing within ``window`` seconds of each
other: post the same normalised text (``co_post``), nearly the same text (``co_similarity``:
Jaccard of word-bigram sets ≥ ``threshold``, found with seeded MinHash/LSH and then checked
exactly), repost the same post (``co_repost``), use the same hashtag (``co_hashtag``) or share
the same link (``co_link``). An edge's weight is the number of post pairs that acted together;
each edge keeps one such pair as evidence. Clusters are connected components of the accounts
over edges of weight ≥ ``min_weight``.

Account heuristics (``account_signals``) are shown component by component; a high score only
asks for review ("perlu ditinjau"), it never labels an account on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = [
    "KINDS",
    "AccountSignals",
    "Edges",
    "Posts",
    "account_signals",
    "clusters",
    "co_action",
    "co_hashtag",
    "co_link",
    "co_post",
    "co_repost",
    "co_similarity",
    "combine",
    "estimate_window",
    "network",
]

KINDS = ("co_post", "co_similarity", "co_repost", "co_hashtag", "co_link")
_PRIME = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class Posts:
    """One row per post: ``account`` (int index), ``time`` (int seconds), normalised ``text``,
    ``repost`` target id ('' when none), ``hashtags`` and ``urls`` (lists per post)."""

    account: np.ndarray
    time: np.ndarray
    text: Sequence[str]
    repost: Sequence[str] = ()
    hashtags: Sequence[Sequence[str]] = ()
    urls: Sequence[Sequence[str]] = ()

    def __len__(self) -> int:
        return len(self.account)


@dataclass(frozen=True)
class Edges:
    """Undirected edges ``a < b`` between accounts with their ``weight`` and one evidence pair
    of posts (``post_a`` by ``a``, ``post_b`` by ``b``)."""

    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    post_a: np.ndarray
    post_b: np.ndarray

    def __len__(self) -> int:
        return len(self.a)

    @staticmethod
    def empty() -> Edges:
        z = np.zeros(0, dtype=np.int64)
        return Edges(z, z, z, z, z)


def _intern(keys: Sequence[str]) -> np.ndarray:
    """Integer ids for string keys; '' becomes -1."""
    table: dict[str, int] = {}
    out = np.fromiter(
        (table.setdefault(k, len(table)) if k else -1 for k in keys),
        dtype=np.int64,
        count=len(keys),
    )
    return out


def _pairs_in_window(
    group: np.ndarray, time: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs (i, j) of events in the same group with |time_i − time_j| ≤ window."""
    keep = np.flatnonzero(group >= 0)
    order = keep[np.lexsort((time[keep], group[keep]))]
    g, t = group[order], time[order]
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    active = np.arange(len(order) - 1)
    k = 1
    while active.size:
        j = active + k
        ok = j < len(order)
        active, j = active[ok], j[ok]
        ok = (g[j] == g[active]) & (t[j] - t[active] <= window)
        active, j = active[ok], j[ok]
        left.append(order[active])
        right.append(order[j])
        k += 1
    if not left:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(left), np.concatenate(right)


def _edges(account: np.ndarray, i: np.ndarray, j: np.ndarray) -> Edges:
    """Aggregate post pairs into account edges (pairs by the same account are dropped)."""
    ai, aj = account[i], account[j]
    differ = ai != aj
    i, j, ai, aj = i[differ], j[differ], ai[differ], aj[differ]
    if not i.size:
        return Edges.empty()
    swap = ai > aj
    a = np.where(swap, aj, ai)
    b = np.where(swap, ai, aj)
    pa = np.where(swap, j, i)
    pb = np.where(swap, i, j)
    n = int(account.max()) + 1
    key = a.astype(np.int64) * n + b
    uniq, first, counts = np.unique(key, return_index=True, return_counts=True)
    return Edges(uniq // n, uniq % n, counts.astype(np.int64), pa[first], pb[first])


def co_action(account: np.ndarray, time: np.ndarray, group: np.ndarray, window: int) -> Edges:
    """Edges between accounts whose events share a ``group`` (≥ 0) within ``window`` seconds."""
    i, j = _pairs_in_window(np.asarray(group), np.asarray(time, dtype=np.int64), window)
    return _edges(np.asarray(account, dtype=np.int64), i, j)


def _explode(lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(post index, item id) for every item of every post."""
    rows = [(p, item) for p, items in enumerate(lists) for item in set(items) if item]
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    post = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return post, _intern([r[1] for r in rows])


def _co_items(posts: Posts, lists: Sequence[Sequence[str]], window: int) -> Edges:
    post, item = _explode(lists)
    if not post.size:
        return Edges.empty()
    i, j = _pairs_in_window(item, np.asarray(posts.time, dtype=np.int64)[post], window)
    return _edges(np.asarray(posts.account, dtype=np.int64), post[i], post[j])


def co_post(posts: Posts, window: int = 60) -> Edges:
    """Same normalised text (reposts excluded: they are ``co_repost``)."""
    keys = [t if not (posts.repost and posts.repost[k]) else "" for k, t in enumerate(posts.text)]
    return co_action(posts.account, posts.time, _intern(keys), window)


def co_repost(posts: Posts, window: int = 60) -> Edges:
    """Reposts of the same post."""
    return co_action(posts.account, posts.time, _intern(list(posts.repost)), window)


def co_hashtag(posts: Posts, window: int = 60) -> Edges:
    """The same hashtag (case-insensitive)."""
    return _co_items(posts, [[h.lower() for h in tags] for tags in posts.hashtags], window)


def co_link(posts: Posts, window: int = 60) -> Edges:
    """The same link."""
    return _co_items(posts, posts.urls, window)


def _shingles(texts: Sequence[str], min_tokens: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word-bigram ids of each text: (text index, offsets, flat uint64 shingle ids)."""
    vocab: dict[str, int] = {}
    words: list[int] = []
    lengths: list[int] = []
    index: list[int] = []
    for k, text in enumerate(texts):
        tokens = text.split()
        if len(tokens) < min_tokens:
            continue
        index.append(k)
        lengths.append(len(tokens))
        words.extend(vocab.setdefault(w, len(vocab)) for w in tokens)
    if not index:
        z = np.zeros(0, dtype=np.int64)
        return z, np.zeros(1, dtype=np.int64), z.astype(np.uint64)
    w = np.asarray(words, dtype=np.uint64)
    n = np.asarray(lengths, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(n)[:-1]))
    last = np.zeros(len(w), dtype=bool)
    last[starts + n - 1] = True
    big = w[:-1] * np.uint64(1_000_003) + w[1:] + np.uint64(1)
    shingle = big[~last[:-1]]
    offsets = np.concatenate(([0], np.cumsum(n - 1)))
    return np.asarray(index, dtype=np.int64), offsets, shingle


def _signatures(offsets: np.ndarray, shingle: np.ndarray, perms: int, seed: int) -> np.ndarray:
    """MinHash signatures of every text at once (one array op per permutation); datasketch's
    one object per text costs about ten times the CPU: docs/decisions/0003."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 31, size=perms, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, size=perms, dtype=np.uint64)
    x = shingle & _MASK32
    sig = np.empty((len(offsets) - 1, perms), dtype=np.uint64)
    for k in range(perms):
        h = (a[k] * x + b[k]) % _PRIME
        sig[:, k] = np.minimum.reduceat(h, offsets[:-1])
    return sig


def co_similarity(
    posts: Posts,
    window: int = 60,
    threshold: float = 0.8,
    bands: int = 10,
    rows: int = 5,
    min_tokens: int = 3,
    seed: int = 0,
) -> Edges:
    """Nearly the same text: Jaccard of word-bigram sets ≥ ``threshold`` (identical texts
    included), candidates from MinHash LSH (``bands`` × ``rows``, seeded), each checked exactly."""
    uniq_text = _intern(list(posts.text))
    table: dict[int, int] = {}
    first: list[int] = []
    for k, t in enumerate(uniq_text.tolist()):
        if t >= 0 and t not in table:
            table[t] = len(first)
            first.append(k)
    texts = [posts.text[k] for k in first]
    index, offsets, shingle = _shingles(texts, max(2, min_tokens))
    if not index.size:
        return Edges.empty()
    sig = _signatures(offsets, shingle, bands * rows, seed)
    # map text id -> row of sig (-1 when too short)
    row_of = np.full(len(texts), -1, dtype=np.int64)
    row_of[index] = np.arange(len(index))
    post_row = np.where(uniq_text >= 0, row_of[np.maximum(uniq_text, 0)], -1)
    posts_time = np.asarray(posts.time, dtype=np.int64)
    have = np.flatnonzero(post_row >= 0)
    cand_i: list[np.ndarray] = []
    cand_j: list[np.ndarray] = []
    for band in range(bands):
        part = sig[:, band * rows : (band + 1) * rows]
        key = np.zeros(len(part), dtype=np.uint64)
        for c in range(rows):
            key = key * np.uint64(0x9E3779B97F4A7C15) + part[:, c]
        _, bucket = np.unique(key, return_inverse=True)
        i, j = _pairs_in_window(bucket[post_row[have]], posts_time[have], window)
        cand_i.append(have[i])
        cand_j.append(have[j])
    i = np.concatenate(cand_i)
    j = np.concatenate(cand_j)
    n = len(posts)
    pair = np.unique(np.minimum(i, j) * n + np.maximum(i, j))
    i, j = pair // n, pair % n
    ri, rj = post_row[i], post_row[j]
    same = ri == rj
    # exact Jaccard once per distinct pair of texts
    m = len(index)
    tkey = np.minimum(ri, rj) * m + np.maximum(ri, rj)
    tkeys, inverse = np.unique(tkey[~same], return_inverse=True)
    sets: dict[int, frozenset[int]] = {}

    def shingles_of(r: int) -> frozenset[int]:
        if r not in sets:
            sets[r] = frozenset(shingle[offsets[r] : offsets[r + 1]].tolist())
        return sets[r]

    ok_text = np.zeros(len(tkeys), dtype=bool)
    for q, tk in enumerate(tkeys.tolist()):
        s, t = shingles_of(tk // m), shingles_of(tk % m)
        ok_text[q] = len(s & t) >= threshold * len(s | t)
    ok = same.copy()
    ok[~same] = ok_text[inverse]
    return _edges(np.asarray(posts.account, dtype=np.int64), i[ok], j[ok])


def combine(parts: dict[str, Edges]) -> Edges:
    """One graph from several kinds: weights summed per account pair."""
    filled = [e for e in parts.values() if len(e)]
    if not filled:
        return Edges.empty()
    a = np.concatenate([e.a for e in filled])
    b = np.concatenate([e.b for e in filled])
    n = int(max(a.max(), b.max())) + 1
    key = a * n + b
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    weight = np.bincount(inverse, weights=np.concatenate([e.weight for e in filled]))
    pa = np.concatenate([e.post_a for e in filled])[first]
    pb = np.concatenate([e.post_b for e in filled])[first]
    return Edges(uniq // n, uniq % n, weight.astype(np.int64), pa, pb)


def network(
    posts: Posts, kinds: Sequence[str] = KINDS, window: int = 60, threshold: float = 0.8
) -> dict[str, Edges]:
    """The edges of each requested kind."""
    out: dict[str, Edges] = {}
    for kind in kinds:
        if kind == "co_similarity":
            out[kind] = co_similarity(posts, window, threshold)
        elif kind in KINDS:
            out[kind] = globals()[kind](posts, window)
        else:
            raise ValueError(f"jenis jaringan tidak dikenal: {kind}")
    return out


def clusters(edges: Edges, n_accounts: int, min_weight: int = 2) -> list[np.ndarray]:
    """Connected components (≥ 2 accounts) over edges of weight ≥ ``min_weight``, largest first."""
    strong = edges.weight >= min_weight
    if not strong.any():
        return []
    a, b = edges.a[strong], edges.b[strong]
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n_accounts, n_accounts))
    _, label = connected_components(graph, directed=False)
    counts = np.bincount(label)
    groups = [np.flatnonzero(label == c) for c in np.flatnonzero(counts >= 2)]
    return sorted(groups, key=lambda g: (-len(g), int(g[0])))


def estimate_window(posts: Posts, low: int = 10, high: int = 3600) -> int:
    """A window from the data: the median gap between consecutive posts of the same text by
    different accounts, clipped to [low, high] (``high`` when no text is posted twice)."""
    group = _intern(list(posts.text))
    keep = np.flatnonzero(group >= 0)
    time = np.asarray(posts.time, dtype=np.int64)
    account = np.asarray(posts.account)
    order = keep[np.lexsort((time[keep], group[keep]))]
    same = (group[order][1:] == group[order][:-1]) & (account[order][1:] != account[order][:-1])
    gaps = np.diff(time[order])[same]
    if not gaps.size:
        return high
    return int(min(high, max(low, math.ceil(float(np.median(gaps))))))


@dataclass(frozen=True)
class AccountSignals:
    """Per account: posts, posts per day, coefficient of variation of the gaps between posts
    (None under 3 posts), share of its posts whose text someone posted again, age in days
    (None when unknown), each component in 0…1 and their mean ``score``."""

    posts: int
    per_day: float
    gap_cv: float | None
    duplicate_share: float
    age_days: float | None
    rate: float
    regularity: float
    duplicate: float
    young: float | None
    score: float


def account_signals(
    posts: Posts,
    age_days: dict[int, float] | None = None,
    busy_per_day: float = 50.0,
    young_days: float = 90.0,
) -> dict[int, AccountSignals]:
    """Heuristics per account: rate = min(1, posts per day / ``busy_per_day``) over the span of
    its posts (at least one day); regularity = max(0, 1 − CV of gaps); duplicate = share of its
    posts with a text that appears more than once; young = max(0, 1 − age / ``young_days``)
    when the age is known. ``score`` is the mean of the known components."""
    account = np.asarray(posts.account, dtype=np.int64)
    time = np.asarray(posts.time, dtype=np.int64)
    text = _intern(list(posts.text))
    repeated = np.zeros(len(text), dtype=bool)
    has = text >= 0
    if has.any():
        counts = np.bincount(text[has])
        repeated[has] = counts[text[has]] > 1
    order = np.lexsort((time, account))
    out: dict[int, AccountSignals] = {}
    bounds = np.flatnonzero(np.diff(account[order])) + 1
    for idx in np.split(order, bounds):
        if not idx.size:
            continue
        acc = int(account[idx[0]])
        t = time[idx]
        n = len(idx)
        span_days = max(1.0, float(t[-1] - t[0]) / 86400)
        per_day = n / span_days
        gaps = np.diff(t).astype(float)
        cv = float(gaps.std() / gaps.mean()) if n >= 3 and gaps.mean() > 0 else None
        dup = float(repeated[idx].mean())
        age = (age_days or {}).get(acc)
        rate = min(1.0, per_day / busy_per_day)
        regularity = max(0.0, 1.0 - cv) if cv is not None else 0.0
        young = max(0.0, 1.0 - age / young_days) if age is not None else None
        parts = [rate, regularity, dup] + ([young] if young is not None else [])
        out[acc] = AccountSignals(
            n, per_day, cv, dup, age, rate, regularity, dup, young, sum(parts) / len(parts)
        )
    return out
