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
from kampanye.social.filters import column_parts

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


def _column(found: list[pl.DataFrame], name: str) -> np.ndarray:
    """A column of the author or edge rows of a filter (``column_parts``) as one array."""
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([part[name].to_numpy() for part in found])


def _largest_followers(found: list[pl.DataFrame], n: int) -> np.ndarray:
    """Per account id (0 … n − 1): its largest follower count in the author rows ``found``,
    −1 without rows (follower counts are never negative). Each part in turn: no copies."""
    top = np.full(n, -1, dtype=np.int32)  # the columns' type: numpy's fast ``at`` needs it
    for part in found:
        np.maximum.at(top, part["author"].to_numpy(), part["followers"].to_numpy())
    return top


def _summed(found: list[pl.DataFrame], n: int, name: str | None) -> np.ndarray:
    """Per account id (0 … n − 1): ``name`` summed over its author rows (None: the rows)."""
    out = np.zeros(n, dtype=np.int64)
    for part in found:
        values = None if name is None else part[name].to_numpy()
        out += np.bincount(part["author"].to_numpy(), weights=values, minlength=n).astype(np.int64)
    return out


@dataclass(frozen=True)
class Reach:
    posts: int
    potential: int
    authors: int
    unique: int


def reach(f) -> Reach:
    """Distinct posts with mentions and their potential reach; distinct authors and their
    unique reach (each author's largest follower count, summed)."""
    found = column_parts(f, columns.AUTHOR)
    top = _largest_followers(found, len(columns.accounts(f.election)))
    seen = top[top >= 0]
    return Reach(
        sum(int(part["posts"].sum()) for part in found),
        sum(int(part["reach"].sum()) for part in found),
        len(seen),
        int(seen.sum(dtype=np.int64)),
    )


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


def _edges(f, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """The network's edges of the filters, summed per (source, target): the ``EDGE_LIMIT``
    heaviest (ties by platform, source, target), and whether there were more."""
    found = column_parts(f, columns.EDGE)
    n = len(rank)
    key = _column(found, "source").astype(np.int64) * n + _column(found, "target")
    summed = (
        pl.DataFrame({"key": key, "weight": _column(found, "weight")})
        .group_by("key")
        .agg(pl.col("weight").sum())
    )
    key, weight = summed["key"].to_numpy(), summed["weight"].to_numpy()
    source, target = key // n, key % n
    truncated = len(key) > EDGE_LIMIT
    if truncated:  # every edge heavier than the last one taken, then the first ties by name
        last = np.sort(weight)[len(weight) - EDGE_LIMIT]  # (np.partition: slow on ties)
        heavier = np.flatnonzero(weight > last)
        tied = np.flatnonzero(weight == last)
        need = EDGE_LIMIT - len(heavier)
        names = rank[source[tied]] * n + rank[target[tied]]  # source and target: one platform
        if need < len(tied):
            tied = tied[np.argpartition(names, need - 1)[:need]]
        keep = np.concatenate([heavier, tied])
        source, target, weight = source[keep], target[keep], weight[keep]
    return source, target, weight, truncated


def _figures_of(found: list[pl.DataFrame], picked: np.ndarray) -> dict[int, list[int]]:
    """Posts, engagement and largest follower count of the ``picked`` account ids."""
    out = {int(a): [0, 0, 0] for a in picked}
    for part in found:
        rows = part.filter(pl.col("author").is_in(picked.tolist()))
        for a, posts, engagement, followers in rows.select(
            "author", "posts", "engagement", "followers"
        ).iter_rows():
            have = out[a]
            have[0] += posts
            have[1] += engagement
            have[2] = max(have[2], followers)
    return out


def influencers(f, by: str = "pagerank", k: int = 10) -> Influence:
    """The ``k`` accounts first by ``by`` (a key of ``RANKINGS``; ties by platform, account)
    with their posts naming the chosen contestants, engagement, largest follower count,
    weighted in-degree and PageRank in the network of the period."""
    if by not in RANKINGS:
        raise ValueError(f"unknown ranking {by!r}")
    known = columns.accounts(f.election)
    n = len(known)
    source, target, weight, truncated = _edges(f, known.rank)
    present = np.zeros(n, dtype=bool)
    present[source] = present[target] = True
    nodes = np.flatnonzero(present)  # the network's account ids, in order
    local = np.cumsum(present) - 1  # an account id's place among them
    src, dst = local[source], local[target]
    ranks = pagerank(len(nodes), src, dst, weight)
    indeg = np.bincount(dst, weights=weight, minlength=len(nodes)).astype(np.int64)
    found = column_parts(f, columns.AUTHOR)
    if by in ("pagerank", "in_degree"):
        score = ranks if by == "pagerank" else indeg
        picked = nodes[_first(score, known.rank[nodes], k)]
    else:
        score = _largest_followers(found, n) if by == "followers" else _summed(found, n, by)
        seen = np.flatnonzero(score > 0)
        if len(seen) < k:  # then accounts with rows but a score of 0 too, by name
            rows = score + 1 if by == "followers" else _summed(found, n, None)
            seen = np.flatnonzero(rows)
        picked = seen[_first(score[seen], known.rank[seen], k)]
    figures = _figures_of(found, picked)
    out = []
    for account in picked.tolist():
        platform, author = known.names.row(account)
        i = int(local[account]) if present[account] else None
        posts, engagement, followers = figures[account]
        out.append(
            Influencer(
                platform,
                author,
                posts,
                engagement,
                followers,
                0 if i is None else int(indeg[i]),
                None if i is None else float(ranks[i]),
            )
        )
    return Influence(out, by, len(nodes), len(weight), truncated)


def _first(score: np.ndarray, tie: np.ndarray, k: int) -> list[int]:
    """The indexes of the ``k`` highest scores, ties by the lowest ``tie``: ordered among
    the scores at least the ``k``-th highest only."""
    candidates = np.arange(len(score))
    if len(score) > k > 0:
        kth = pl.Series(score).top_k(k).min()  # (np.partition: slow where many scores tie)
        candidates = np.flatnonzero(score >= kth)
    order = np.lexsort((tie[candidates], -score[candidates]))
    return candidates[order[:k]].tolist()


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
