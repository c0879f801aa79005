"""The nlp steps of an import as one pure function over a batch of texts (no Django), so
worker processes can run them while the importing process stores.

``classify(texts, queries)`` normalises each text, guesses its language, finds the
contestants its text names (``queries``: ``(contestant id, version, query text)``), their
per-clause sentiment, and the issues it raises. Results are named tuples: cheap to build and
to send between processes.

Each step runs once for the whole batch: one automaton scan finds contestants and issues
together, the sentiment model scores the texts' normalised form (not normalising them again)
and every clause in one call (``attribute_rows``), and the language guess is computed in
numpy (``detect_languages``). The cyclic garbage collector is held off while a batch runs.

Repeated texts (retweets, copy-paste campaigns) are classified once: within a batch, and
across the batches of one process through a cache per ``queries`` value (a text's result
depends only on the text, the queries and the shipped model). A cache holds at most
``CACHE_LIMIT`` texts (about 1 KB each with their results, so some 200 MB when full); when a
batch would pass that, the older half is dropped (a dict keeps insertion order: one slice).
Only the last ``CACHE_QUERIES`` queries values keep a cache. ``clear_cache()`` empties them.
"""

from __future__ import annotations

import gc
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from kampanye.nlp import (
    IssueDetector,
    Normalizer,
    QueryMatcher,
    attribute_rows,
    default_model,
    detect_languages,
)

Queries = tuple[tuple[int, int, str], ...]

CACHE_LIMIT = 200_000
CACHE_QUERIES = 4


class Found(NamedTuple):
    """One contestant named in one text, with the sentiment attributed to it."""

    contestant_id: int
    query_version: int
    label: str
    positive: float
    neutral: float
    negative: float
    model_version: str
    clauses: tuple[int, ...]


class Classified(NamedTuple):
    norm: str
    language: str
    found: tuple[Found, ...]
    issues: tuple[str, ...]


class _Tools(NamedTuple):
    matcher: QueryMatcher[int]  # contestants only: for clauses
    both: QueryMatcher[int | str]  # contestants (ids) and issues (codes): for whole texts
    normalizer: Normalizer
    versions: dict[int, int]
    # what ``both`` found, split into contestant ids and issue codes, each sorted
    parts: dict[frozenset[int | str], tuple[tuple[int, ...], tuple[str, ...]]]


@lru_cache(maxsize=CACHE_QUERIES)
def _tools(queries: Queries) -> _Tools:
    contestants = {cid: text for cid, _version, text in queries}
    both: dict[int | str, str] = dict(contestants.items())
    both.update({i.code: i.query for i in IssueDetector().issues})
    return _Tools(
        QueryMatcher(contestants),
        QueryMatcher(both),
        Normalizer(),
        {cid: version for cid, version, _text in queries},
        {},
    )


def _parts(keys: frozenset[int | str]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    return (
        tuple(sorted(k for k in keys if isinstance(k, int))),
        tuple(sorted(k for k in keys if isinstance(k, str))),
    )


_caches: dict[Queries, dict[str, Classified]] = {}


def warm_up(queries: Queries) -> None:
    """Load the sentiment model and compile the queries now, not with the first batch."""
    _tools(queries)
    default_model()


def clear_cache() -> None:
    """Forget every text classified so far (the next batches classify them again)."""
    _caches.clear()


def _cache(queries: Queries) -> dict[str, Classified]:
    cache = _caches.get(queries)
    if cache is None:
        if len(_caches) >= CACHE_QUERIES:
            del _caches[next(iter(_caches))]
        cache = _caches[queries] = {}
    return cache


def classify(texts: list[str], queries: Queries) -> list[Classified]:
    """One ``Classified`` per text, in order. A text scores the same in any batch."""
    cache = _cache(queries)
    known = list(map(cache.get, texts))
    if None not in known:
        return known  # type: ignore[return-value]
    new = list(dict.fromkeys(t for t, k in zip(texts, known, strict=True) if k is None))
    done = _classify_unique(new, queries)
    if len(cache) + len(new) > CACHE_LIMIT:  # keep the newer half, or less: room for these
        keep = min(len(cache) // 2, max(CACHE_LIMIT - len(new), 0))
        kept = list(cache.items())[len(cache) - keep :] if keep else []
        cache.clear()
        cache.update(kept)
    fresh = dict(zip(new, done, strict=True))
    cache.update(fresh)
    return [k if k is not None else fresh[t] for t, k in zip(texts, known, strict=True)]


def _classify_unique(texts: list[str], queries: Queries) -> list[Classified]:
    # a batch allocates tens of thousands of containers and frees them by reference counting
    # (it makes no reference cycles): the cyclic garbage collector, which would otherwise run
    # dozens of times a batch and walk the cache as well, waits until the batch is done
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _classify_batch(texts, queries)
    finally:
        if enabled:
            gc.enable()


def _classify_batch(texts: list[str], queries: Queries) -> list[Classified]:
    matcher, both, normalizer, versions, parts = _tools(queries)
    norms = normalizer.normalize_many(texts)
    if len(parts) > 10_000:
        parts.clear()
    split = [parts.get(k) or parts.setdefault(k, _parts(k)) for k in both.match_keys(texts)]
    hits = [named for named, _issues in split]  # contestant ids in order
    rows = attribute_rows(texts, matcher, default_model(), hits, norms)
    columns = dict(zip(rows.classes, rows.proba.T.tolist(), strict=True))
    zeros = [0.0] * len(rows.key)
    # ``tuple.__new__`` builds the named tuples without a Python-level ``__new__`` call each
    founds: list[Found] = list(
        map(
            tuple.__new__,
            repeat(Found),
            zip(
                rows.key,
                [versions.get(cid, 1) for cid in rows.key],
                rows.label,
                columns.get("positive", zeros),
                columns.get("neutral", zeros),
                columns.get("negative", zeros),
                repeat(rows.model_version),
                rows.clauses,
            ),
        )
    )
    found: list[tuple[Found, ...]] = [()] * len(texts)
    at = 0
    for i, named in enumerate(hits):
        if named:
            found[i] = tuple(founds[at : at + len(named)])
            at += len(named)
    issue_codes = [codes for _named, codes in split]
    return list(
        map(
            tuple.__new__,
            repeat(Classified),
            zip(norms, detect_languages(texts), found, issue_codes, strict=True),
        )
    )
