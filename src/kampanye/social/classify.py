"""The nlp steps of an import as one pure function over a batch of texts (no Django), so
worker processes can run them while the main process parses and stores.

``classify(texts, queries)`` normalises each text, guesses its language, finds the
contestants its text names (``queries``: ``(contestant id, version, query text)``), their
per-clause sentiment, and the issues it raises. Identical texts in a batch (retweets) are
classified once. Results are named tuples: cheap to build and to send between processes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from kampanye.nlp import (
    IssueDetector,
    Normalizer,
    QueryMatcher,
    attribute_sentiment,
    default_model,
    detect_language,
)

Queries = tuple[tuple[int, int, str], ...]


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


@lru_cache(maxsize=4)
def _tools(queries: Queries) -> tuple[QueryMatcher[int], Normalizer, IssueDetector]:
    matcher = QueryMatcher({cid: text for cid, _version, text in queries})
    return matcher, Normalizer(), IssueDetector()


def classify(texts: list[str], queries: Queries) -> list[Classified]:
    """One ``Classified`` per text, in order. A text scores the same in any batch."""
    first: dict[str, int] = {}
    for text in texts:
        first.setdefault(text, len(first))
    if len(first) == len(texts):
        return _classify_unique(texts, queries)
    unique = _classify_unique(list(first), queries)
    return [unique[first[t]] for t in texts]


def _classify_unique(texts: list[str], queries: Queries) -> list[Classified]:
    matcher, normalizer, issues = _tools(queries)
    versions = {cid: version for cid, version, _text in queries}
    norms = normalizer.normalize_many(texts)
    hits = matcher.match(texts)
    named = [i for i, h in enumerate(hits) if h]
    attributions = attribute_sentiment(
        [texts[i] for i in named], matcher, default_model(), [hits[i] for i in named]
    )
    found: dict[int, tuple[Found, ...]] = {}
    for i, by_key in zip(named, attributions, strict=True):
        found[i] = tuple(
            Found(
                cid, versions.get(cid, 1), a.label, a.proba.get("positive", 0.0),
                a.proba.get("neutral", 0.0), a.proba.get("negative", 0.0), a.model_version,
                tuple(a.clauses),
            )
            for cid, a in sorted(by_key.items())
        )  # fmt: skip
    detected = issues.detect(texts)
    return [
        Classified(
            norms[i],
            detect_language(t).label,
            found.get(i, ()),
            tuple(sorted(detected[i])) if detected[i] else (),
        )
        for i, t in enumerate(texts)
    ]
