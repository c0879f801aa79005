"""Reach and influencers of the social dashboard (re-exported by ``queries``; tests pin them).

Definitions (docs/social.md, "Reach and influencers"):

* *potential reach* = Σ over the distinct posts with mentions of the author's followers
  when posting (an author posting 50 times counts 50 times);
* *unique reach* = Σ over the distinct authors (platform × account) of their largest
  follower count in the period (each author once);
* the *network* is directed, author → the author of the post reposted, replied to or
  quoted (when that post is stored) and → every account @mentioned, weighted by the number
  of such references, over the posts with mentions of the period and filters;
* *in-degree* = Σ of the weights of an account's incoming edges; *PageRank* with damping
  ``DAMPING`` over the accounts in the network (a dangling account's rank is spread evenly),
  on the ``EDGE_LIMIT`` heaviest edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from kampanye.social import columns
from kampanye.social.filters import column_rows

DAMPING = 0.85
ITERATIONS = 100
TOLERANCE = 1e-10  # 100 rounds leave an L1 error under 2·0.85¹⁰⁰ ≈ 2e-7
EDGE_LIMIT = 100_000  # heaviest edges of the period read for PageRank
RANKINGS = {
    "pagerank": _("PageRank"),
    "in_degree": _("derajat masuk"),
    "posts": _("unggahan"),
    "engagement": _("keterlibatan"),
    "followers": _("pengikut"),
}


def pagerank(
    n: int,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    damping: float = DAMPING,
    iterations: int = ITERATIONS,
    tol: float = TOLERANCE,
) -> np.ndarray:
    """Weighted PageRank of ``n`` nodes by power iteration: each node passes ``damping`` of
    its rank along its out-edges in proportion to their weights (a node without out-edges
    spreads it over all nodes), plus ``(1 − damping) / n`` to every node. Sums to 1.

    One sparse matrix-vector product a round (``damping × weight / out-weight`` at
    ``[target, source]``); the change is checked every fifth round."""
    if n == 0:
        return np.zeros(0)
    w = weight.astype(float)
    out = np.bincount(source, weights=w, minlength=n)
    dangling = (out == 0).astype(float)
    flow = sparse.csr_matrix(
        (damping * w / out[source], (target, source)), shape=(n, n), dtype=float
    )
    rank = np.full(n, 1.0 / n)
    for i in range(iterations):
        new = flow @ rank
        new += (1.0 - damping) / n + damping * (dangling @ rank) / n
        done = (i % 5 == 4 or i == iterations - 1) and np.abs(new - rank).sum() < tol
        rank = new
        if done:
            break
    return rank


def _per_author(f) -> pl.LazyFrame:
    """Per account (platform, author): posts, engagement, reach summed, largest followers."""
    return (
        column_rows(f, columns.AUTHOR)
        .group_by("platform", "author")
        .agg(*columns.SUMS[columns.AUTHOR])
    )


@dataclass(frozen=True)
class Reach:
    posts: int
    potential: int
    authors: int
    unique: int


def reach(f) -> Reach:
    """Distinct posts with mentions and their potential reach; distinct authors and their
    unique reach (each author's largest follower count, summed)."""
    r = _per_author(f).select(
        pl.col("posts").sum(), pl.col("reach").sum(), pl.len(), pl.col("followers").sum()
    )
    posts, potential, authors, unique = r.collect().row(0)
    return Reach(posts or 0, potential or 0, authors or 0, unique or 0)


@dataclass(frozen=True)
class Influencer:
    platform: str
    author: str
    posts: int
    engagement: int
    followers: int
    in_degree: int
    pagerank: float | None  # None: not in the network


@dataclass(frozen=True)
class Influence:
    rows: list[Influencer]
    by: str
    accounts: int  # in the network
    edges: int  # distinct (platform, source, target) read
    truncated: bool  # more than EDGE_LIMIT edges: PageRank on the heaviest only
    edge_limit: int = EDGE_LIMIT


def influencers(f, by: str = "pagerank", k: int = 10) -> Influence:
    """The ``k`` accounts first by ``by`` (a key of ``RANKINGS``; ties by platform, account)
    with their posts naming the chosen contestants, engagement, largest follower count,
    weighted in-degree and PageRank in the network of the period."""
    if by not in RANKINGS:
        raise ValueError(f"unknown ranking {by!r}")
    edges = (
        column_rows(f, columns.EDGE)
        .group_by("platform", "source", "target")
        .agg(pl.col("weight").sum())
        .sort(["weight", "platform", "source", "target"], descending=[True, False, False, False])
        .head(EDGE_LIMIT + 1)
        .collect()
        .rows()
    )
    truncated = len(edges) > EDGE_LIMIT
    edges = edges[:EDGE_LIMIT]
    index: dict[tuple[str, str], int] = {}
    add = index.setdefault
    src = np.array([add((p, s), len(index)) for p, s, _t, _w in edges], dtype=np.int64)
    dst = np.array([add((p, t), len(index)) for p, _s, t, _w in edges], dtype=np.int64)
    weight = np.array([e[3] for e in edges], dtype=np.int64)
    n = len(index)
    ranks = pagerank(n, src, dst, weight)
    indeg = np.bincount(dst, weights=weight, minlength=n).astype(np.int64)
    nodes = list(index)
    per = _per_author(f)
    if by in ("pagerank", "in_degree"):
        score = ranks if by == "pagerank" else indeg
        picked = [nodes[i] for i in _first(score, nodes, k)]
        rows = per.filter(pl.col("author").is_in([a for _p, a in picked])).collect().rows()
    else:
        rows = (
            per.sort([by, "platform", "author"], descending=[True, False, False])
            .head(k)
            .collect()
            .rows()
        )
        picked = [(platform, author) for platform, author, *_ in rows]
    stats = {(platform, author): rest for platform, author, *rest in rows}
    out = []
    for key in picked:
        posts, engagement, _reach, followers = stats.get(key, (0, 0, 0, 0))
        i = index.get(key)
        out.append(
            Influencer(
                key[0],
                key[1],
                posts,
                engagement,
                followers,
                0 if i is None else int(indeg[i]),
                None if i is None else float(ranks[i]),
            )
        )
    return Influence(out, by, n, len(edges), truncated)


def _first(score: np.ndarray, nodes: list, k: int) -> list[int]:
    """The indexes of the ``k`` highest scores, ties by node: sorted among the scores at
    least the ``k``-th highest only (a few, where the network has many thousand nodes)."""
    candidates = range(len(score))
    if len(score) > k > 0:
        kth = np.partition(score, len(score) - k)[len(score) - k]
        candidates = np.flatnonzero(score >= kth).tolist()
    return sorted(candidates, key=lambda i: (-score[i], nodes[i]))[:k]


INFLUENCER_COLUMNS = (
    "platform",
    "akun",
    "unggahan",
    "keterlibatan",
    "pengikut",
    "derajat_masuk",
    "pagerank",
)


def influencer_rows(f, by: str = "pagerank", k: int = 100) -> list[tuple]:
    """The influencers table for the CSV export (``k`` rows)."""
    return [
        (
            r.platform,
            r.author,
            r.posts,
            r.engagement,
            r.followers,
            r.in_degree,
            "" if r.pagerank is None else f"{r.pagerank:.6f}",
        )
        for r in influencers(f, by, k).rows
    ]
