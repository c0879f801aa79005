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


# what any split needs: sentence punctuation, or whitespace right before a contrast word
_MAY_SPLIT = re.compile(r"\s(?:" + "|".join(CONTRAST_WORDS) + ")", re.IGNORECASE)


def split_clauses(text: str) -> list[str]:
    """Clauses of ``text``, in order, without empty ones."""
    if not (
        "." in text or "!" in text or "?" in text or ";" in text or "\n" in text
    ) and not _MAY_SPLIT.search(text):
        return [text.strip()] if text.strip(" .!?;,\n\t") else []
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
    texts: Sequence[str],
    matcher: QueryMatcher[K],
    model: SentimentModel,
    hits: Sequence[set[K]] | None = None,
) -> list[dict[K, Attribution[K]]]:
    """For each text, the sentiment attributed to every contestant it names.

    ``hits``: ``matcher.match(texts)`` when the caller has it already. Only texts that name
    someone are split and scored, and the whole text is scored only when a contestant it
    names is named by none of its clauses (a one-clause text's clause is its whole).
    """
    whole_hits = matcher.match(texts) if hits is None else hits
    named = [i for i, h in enumerate(whole_hits) if h]
    clause_lists = [split_clauses(texts[i]) for i in named]
    flat = [c for clauses in clause_lists for c in clauses]
    width = len(model.classes_)
    clause_proba = model.predict_proba(flat) if flat else np.zeros((0, width))
    # a text that is its own single clause has its own hits; only the others' clauses are matched
    whole = [len(c) == 1 and c[0] == texts[i] for i, c in zip(named, clause_lists, strict=True)]
    split = [c for clauses, w in zip(clause_lists, whole, strict=True) if not w for c in clauses]
    clause_hits = iter(matcher.match(split))
    wheres: list[dict[K, tuple[int, ...]]] = []
    need_whole: list[int] = []
    for i, clauses, is_whole in zip(named, clause_lists, whole, strict=True):
        if is_whole:
            wheres.append(dict.fromkeys(whole_hits[i], (0,)))
            continue
        own = [next(clause_hits) for _c in clauses]
        found_in = {key: tuple(j for j, h in enumerate(own) if key in h) for key in whole_hits[i]}
        if not all(found_in.values()):
            need_whole.append(i)
        wheres.append(found_in)
    whole_proba = (
        dict(zip(need_whole, model.predict_proba([texts[i] for i in need_whole]), strict=True))
        if need_whole
        else {}
    )
    names = [str(c) for c in model.classes_]
    out: list[dict[K, Attribution[K]]] = [{} for _ in texts]
    start = 0
    for i, clauses, where_by_key in zip(named, clause_lists, wheres, strict=True):
        result = out[i]
        for key, where in where_by_key.items():
            if len(where) == 1:
                proba = clause_proba[start + where[0]]
            elif where:
                proba = clause_proba[[start + j for j in where]].mean(axis=0)
            else:
                proba = whole_proba[i]
            result[key] = Attribution(
                key=key,
                label=names[int(proba.argmax())],
                proba={n: round(float(p), 4) for n, p in zip(names, proba, strict=True)},
                model_version=model.version_,
                clauses=where,
            )
        start += len(clauses)
    return out
