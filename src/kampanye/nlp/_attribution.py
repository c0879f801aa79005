"""Sentiment per contestant: split a text into clauses, score each, credit who it names.

Clauses end at sentence punctuation and begin at Indonesian contrast conjunctions
("Jokowi bagus, tapi Foke lamban" gives Jokowi the first clause and Foke the second).
A contestant the whole text matches but no single clause does (a query satisfied only by
words in different clauses) gets the sentiment of the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

from kampanye.nlp._matcher import QueryMatcher
from kampanye.nlp._sentiment import SentimentModel

__all__ = ["CONTRAST_WORDS", "Attribution", "attribute_sentiment", "split_clauses"]

K = TypeVar("K", bound=Hashable)

CONTRAST_WORDS = (
    "tapi", "tetapi", "tp", "tpi", "namun", "sedangkan", "sementara", "padahal",
    "melainkan", "walaupun", "meskipun", "walau", "meski", "biarpun", "sebaliknya",
)  # fmt: skip
_SPLIT = re.compile(
    r"(?<=[.!?;\n])\s+|[.!?;\n]+(?=\S)|\s*,?\s+(?=(?:" + "|".join(CONTRAST_WORDS) + r")\b)",
    re.IGNORECASE,
)


def split_clauses(text: str) -> list[str]:
    """Clauses of ``text``, in order, without empty ones."""
    return [c.strip() for c in _SPLIT.split(text) if c and c.strip(" .!?;,\n\t")]


@dataclass(frozen=True)
class Attribution(Generic[K]):
    """The sentiment one text carries about one contestant."""

    key: K
    label: str
    proba: dict[str, float]
    model_version: str
    clauses: tuple[int, ...]  # indices of the clauses that named the contestant; () = whole text


def attribute_sentiment(
    texts: Sequence[str], matcher: QueryMatcher[K], model: SentimentModel
) -> list[dict[K, Attribution[K]]]:
    """For each text, the sentiment attributed to every contestant it names."""
    clause_lists = [split_clauses(t) for t in texts]
    flat = [c for clauses in clause_lists for c in clauses]
    whole_hits = matcher.match(texts)
    clause_hits = matcher.match(flat)
    clause_proba = model.predict_proba(flat) if flat else np.zeros((0, len(model.classes_)))
    need_whole = [i for i, hits in enumerate(whole_hits) if hits]
    whole_proba = dict(
        zip(need_whole, model.predict_proba([texts[i] for i in need_whole]), strict=True)
    )
    names = [str(c) for c in model.classes_]
    out: list[dict[K, Attribution[K]]] = []
    start = 0
    for i, clauses in enumerate(clause_lists):
        result: dict[K, Attribution[K]] = {}
        for key in whole_hits[i]:
            where = tuple(j for j in range(len(clauses)) if key in clause_hits[start + j])
            rows = clause_proba[[start + j for j in where]] if where else whole_proba[i][None, :]
            proba = rows.mean(axis=0)
            result[key] = Attribution(
                key=key,
                label=names[int(proba.argmax())],
                proba={n: round(float(p), 4) for n, p in zip(names, proba, strict=True)},
                model_version=model.version_,
                clauses=where,
            )
        out.append(result)
        start += len(clauses)
    return out
