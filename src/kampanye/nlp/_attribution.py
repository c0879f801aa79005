"""Sentiment per contestant: split a text into clauses, score each, credit who it names.

Clauses end at sentence punctuation and begin at Indonesian contrast conjunctions
("Jokowi bagus, tapi Foke lamban" gives Jokowi the first clause and Foke the second).
A contestant the whole text matches but no single clause does (a query satisfied only by
words in different clauses) gets the sentiment of the whole text.

``attribute_rows`` is the batch form: one pass that splits only the texts that can split,
matches only clauses that are not their whole text, scores every clause and whole text in one
model call (texts the caller has normalised already are not normalised again), and gives the
rounded probabilities as one array. ``attribute_sentiment`` builds its dicts from it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from kampanye.nlp._matcher import QueryMatcher
from kampanye.nlp._sentiment import SentimentModel

__all__ = [
    "CONTRAST_WORDS",
    "Attribution",
    "SentimentRows",
    "attribute_rows",
    "attribute_sentiment",
    "split_clauses",
]

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
_FIRSTS = "".join(sorted({w[0] for w in CONTRAST_WORDS}))
# a contrast word starts here (its first letter is looked at first: most words fail there)
_WORDS = r"(?=(?i:[" + _FIRSTS + r"]))(?=(?i:" + "|".join(CONTRAST_WORDS) + r")\b)"
# ``_SPLIT`` rewritten to start with a character set (every match of it starts at whitespace,
# a comma or a mark): its branches are ``_SPLIT``'s, in order, with the first character taken
# by the set and checked by a look-behind; it gives the same pieces (a tested property), and
# the regular-expression engine skips every position the leading set rules out
_SPLIT_FAST = re.compile(
    r"[\s.!?;,](?:(?<=[.!?;\n]\s)\s*|(?<=[.!?;\n])[.!?;\n]*(?=\S)"
    r"|(?<=\s)\s*,?\s+" + _WORDS + r"|(?<=\s)" + _WORDS + r"|(?<=,)\s+" + _WORDS + ")"
)
_SEP = "\x00"  # neither whitespace nor a mark nor a letter: no test match spans two texts
# the only characters that a case-blind pattern equates with an ASCII letter although their
# lower case is not that letter (İ is also the only one whose lower case is two characters);
# a batch without them is tested in lower case by a case-sensitive pattern, which is cheaper
_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")
_CONTRAST_LOWER = re.compile(r"\s(?=[" + _FIRSTS + "])(?:" + "|".join(CONTRAST_WORDS) + ")")

F64 = npt.NDArray[np.float64]
_FIRST = (0,)


def split_clauses(text: str) -> list[str]:
    """Clauses of ``text``, in order, without empty ones."""
    if not (
        "." in text or "!" in text or "?" in text or ";" in text or "\n" in text
    ) and not _MAY_SPLIT.search(text):
        return [text.strip()] if text.strip(" .!?;,\n\t") else []
    return [c.strip() for c in _SPLIT_FAST.split(text) if c and c.strip(" .!?;,\n\t")]


def _split_many(texts: Sequence[str]) -> list[list[str]]:
    """``split_clauses`` of every text, one pass of each pattern over many texts at a time.

    The texts that may split are found first (a mark, or whitespace before a contrast word),
    then split all together, joined by `` \x00 ``: no match holds ``\x00``, and next to it a
    match only takes the joining spaces or parts clauses where a text ends or starts (a tested
    property), so a piece holding ``\x00`` falls apart into the end of one text's clause and
    the start of the next one's.
    """
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:
        return [split_clauses(t) for t in texts]
    if any(c in joined for c in _FOLDS):
        contrasts = _MAY_SPLIT.finditer(joined)
    else:
        contrasts = _CONTRAST_LOWER.finditer(joined.lower())
    may = np.zeros(len(texts), dtype=bool)
    starts = [m.start() for m in contrasts]
    if starts:
        may[np.searchsorted(np.cumsum([len(t) + 1 for t in texts]), starts, side="right")] = True
    out: list[list[str]] = []
    splitting: list[str] = []
    into: list[list[str]] = []
    for text, contrast in zip(texts, may.tolist(), strict=True):
        if contrast or "." in text or "!" in text or "?" in text or ";" in text or "\n" in text:
            clauses: list[str] = []
            splitting.append(text)
            into.append(clauses)
            out.append(clauses)
        else:
            out.append([text.strip()] if text.strip(_BLANK) else [])
    if splitting:
        _split_joined(splitting, into)
    return out


def _split_joined(texts: list[str], into: list[list[str]]) -> None:
    """Append the clauses of ``texts[k]`` to ``into[k]``."""
    k = 0
    clauses = into[0]
    for piece in _SPLIT_FAST.split(" \x00 ".join(texts)):
        if _SEP in piece:
            parts = piece.split(_SEP)
            for part in parts[:-1]:
                if part.strip(_BLANK):
                    clauses.append(part.strip())
                k += 1
                clauses = into[k]
            piece = parts[-1]
        if piece and piece.strip(_BLANK):
            clauses.append(piece.strip())


_BLANK = " .!?;,\n\t"


@dataclass(frozen=True)
class Attribution(Generic[K]):
    """The sentiment one text carries about one contestant."""

    key: K
    label: str
    proba: dict[str, float]
    model_version: str
    clauses: tuple[int, ...]  # indices of the clauses that named the contestant; () = whole text


@dataclass(frozen=True)
class SentimentRows(Generic[K]):
    """Every (text, contestant it names) of a batch as one row, in text order and, within a
    text, in the order of its hits. ``proba`` holds the probabilities rounded to 4 decimals
    (columns in ``classes`` order), ``label`` the most probable class before rounding,
    ``clauses`` the clauses that named the contestant (``()``: the whole text)."""

    text: list[int]
    key: list[K]
    label: list[str]
    proba: F64
    clauses: list[tuple[int, ...]]
    classes: tuple[str, ...]
    model_version: str


def attribute_rows(
    texts: Sequence[str],
    matcher: QueryMatcher[K],
    model: SentimentModel,
    hits: Sequence[Collection[K]] | None = None,
    normalized: Sequence[str] | None = None,
) -> SentimentRows[K]:
    """The sentiment every text carries about every contestant it names, as rows.

    ``hits``: ``matcher.match(texts)`` when the caller has it already (the rows of a text
    follow the order of its hits). ``normalized``: the texts as ``normalize`` gives them, when
    the caller has them already (the model then scores them without normalising again).
    """
    whole_hits: Sequence[Collection[K]] = matcher.match(texts) if hits is None else hits
    named = [i for i, h in enumerate(whole_hits) if h]
    normalizer = model._normalizer()
    norms: Mapping[int, str] | Sequence[str] = (
        dict(zip(named, normalizer.normalize_many([texts[i] for i in named]), strict=True))
        if normalized is None
        else normalized
    )
    clause_lists = _split_many([texts[i] for i in named])
    # a text that is its own single clause has its own hits; only the others' clauses are matched
    whole = [len(c) == 1 and c[0] == texts[i] for i, c in zip(named, clause_lists, strict=True)]
    split = [c for clauses, w in zip(clause_lists, whole, strict=True) if not w for c in clauses]
    split_hits = matcher.match_keys(split)
    split_norms = normalizer.normalize_many(split)
    lines: list[str] = []  # what the model scores: clauses, and whole texts where needed
    text_of: list[int] = []
    keys: list[K] = []
    wheres: list[tuple[int, ...]] = []
    row_of: list[int] = []
    means: list[tuple[int, list[int]]] = []  # (row, its clauses' lines) to average
    at = 0
    for i, clauses, is_whole in zip(named, clause_lists, whole, strict=True):
        first = len(lines)
        if is_whole:
            lines.append(norms[i])
            named_keys = whole_hits[i]
            n = len(named_keys)
            keys.extend(named_keys)
            if n == 1:
                text_of.append(i)
                wheres.append(_FIRST)
                row_of.append(first)
            else:
                text_of.extend([i] * n)
                wheres.extend([_FIRST] * n)
                row_of.extend([first] * n)
            continue
        own = split_hits[at : at + len(clauses)]
        lines.extend(split_norms[at : at + len(clauses)])
        at += len(clauses)
        whole_line = -1
        for key in whole_hits[i]:
            where = tuple(j for j, h in enumerate(own) if key in h)
            if len(where) == 1:
                row = first + where[0]
            elif where:
                row = first
                means.append((len(row_of), [first + j for j in where]))
            else:
                if whole_line < 0:
                    whole_line = len(lines)
                    lines.append(norms[i])
                row = whole_line
            text_of.append(i)
            keys.append(key)
            wheres.append(where)
            row_of.append(row)
    width = len(model.classes_)
    scored = model.predict_proba_normalized(lines) if lines else np.zeros((0, width))
    proba = scored[np.asarray(row_of, dtype=np.intp)]
    for k, clause_lines in means:
        proba[k] = scored[clause_lines].mean(axis=0)
    names = tuple(str(c) for c in model.classes_)
    labels = np.asarray(names)[proba.argmax(axis=1)].tolist() if len(row_of) else []
    return SentimentRows(text_of, keys, labels, _round4(proba), wheres, names, str(model.version_))


def _round4(values: F64) -> F64:
    """``round(v, 4)`` of every value, as Python rounds it (correctly, halves to even).

    ``rint(v * 1e4) / 1e4`` gives the same float except where ``v * 1e4`` lies so close to
    a half that the multiplication's rounding may have moved it across: those few are
    rounded by Python.
    """
    scaled = values * 1e4
    out: F64 = np.rint(scaled) / 1e4
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        out[near] = [round(float(v), 4) for v in values[near]]
    return out


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
    rows = attribute_rows(texts, matcher, model, hits)
    out: list[dict[K, Attribution[K]]] = [{} for _ in texts]
    names = rows.classes
    for i, key, label, proba, where in zip(
        rows.text, rows.key, rows.label, rows.proba.tolist(), rows.clauses, strict=True
    ):
        out[i][key] = Attribution(
            key=key,
            label=label,
            proba=dict(zip(names, proba, strict=True)),
            model_version=rows.model_version,
            clauses=where,
        )
    return out
