"""The fast paths of attribution, matching, clause splitting and language guessing give
exactly what the plain algorithms give (kept here as references)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.nlp import QueryMatcher, attribute_sentiment, default_model, detect_language
from kampanye.nlp._attribution import _SPLIT, split_clauses
from kampanye.nlp._language import _DISTINCT, _MARKERS, _WORD

QUERIES = {
    1: 'foke OR "fauzi bowo" OR #fokenara',
    2: '(jokowi OR ahok OR "joko widodo") AND NOT solo',
    3: 'hnw OR "hidayat nur wahid"',
    4: "alex AND NOT (nono OR noerdin)",
}
NAMES = ["Foke", "Fauzi Bowo", "#FokeNara", "Jokowi", "Ahok", "Joko Widodo", "HNW", "alex"]
WORDS = ["bagus", "jelek", "banjir", "macet", "mantap", "kecewa", "solo", "nono", "gak", "yg"]
GLUE = [" ", ", ", ". ", "! ", " tapi ", " namun ", ", padahal ", "; ", "\n", "... ", " 😡 "]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(NAMES + WORDS) for _ in range(rng.randrange(1, 9))]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(GLUE) + part
        out.append(text if rng.random() < 0.8 else f"  {text} ")
    return out


def _split_reference(text: str) -> list[str]:
    return [c.strip() for c in _SPLIT.split(text) if c and c.strip(" .!?;,\n\t")]


def _attribute_reference(texts, matcher, model):
    """The plain algorithm: split every text, match and score every clause and every text."""
    clause_lists = [_split_reference(t) for t in texts]
    flat = [c for clauses in clause_lists for c in clauses]
    whole_hits = [matcher.match_one(t) for t in texts]
    clause_hits = [matcher.match_one(c) for c in flat]
    clause_proba = model.predict_proba(flat) if flat else np.zeros((0, 3))
    whole_proba = model.predict_proba(texts)
    names = [str(c) for c in model.classes_]
    out, start = [], 0
    for i, clauses in enumerate(clause_lists):
        result = {}
        for key in whole_hits[i]:
            where = tuple(j for j in range(len(clauses)) if key in clause_hits[start + j])
            rows = clause_proba[[start + j for j in where]] if where else whole_proba[i][None, :]
            proba = rows.mean(axis=0)
            probabilities = {n: round(float(p), 4) for n, p in zip(names, proba, strict=True)}
            result[key] = (names[int(proba.argmax())], probabilities, where)
        out.append(result)
        start += len(clauses)
    return out


def test_attribution_gives_what_the_plain_algorithm_gives_on_thousands_of_texts():
    # given
    texts = _texts(3000, seed=2012)
    matcher, model = QueryMatcher(QUERIES), default_model()
    # when
    fast = attribute_sentiment(texts, matcher, model)
    with_hits = attribute_sentiment(texts, matcher, model, matcher.match(texts))
    # then
    expected = _attribute_reference(texts, matcher, model)
    got = [{k: (a.label, a.proba, a.clauses) for k, a in r.items()} for r in fast]
    assert got == expected
    assert with_hits == fast
    assert sum(len(r) for r in expected) > 1000  # the texts do name contestants


def test_matching_remembers_verdicts_without_changing_them():
    # given
    texts = _texts(400, seed=7)
    matcher = QueryMatcher(QUERIES)
    # when
    first, again = matcher.match(texts), matcher.match(texts)
    # then: the same as a new matcher (nothing remembered) for each text on its own
    assert first == again == [QueryMatcher(QUERIES).match_one(t) for t in texts]
    assert any("solo" in t.lower() and "jokowi" in t.lower() and 2 not in h
               for t, h in zip(texts, first, strict=True))  # fmt: skip


PIECES = [*"ab ,.!?;\n\tſKıİ😡\u00a0", "tapi", "TAPI", "Tapi", "namun", "tp", "meski"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_split_clauses_fast_path_agrees_with_the_regular_expression(pieces):
    # given
    text = "".join(pieces)
    # then
    assert split_clauses(text) == _split_reference(text)


def _language_reference(text: str) -> tuple[str, dict[str, float]]:
    words = _WORD.findall(text.lower())
    if not words:
        return "und", {lang: 0.0 for lang in _MARKERS}
    scores = {}
    for lang, markers in _MARKERS.items():
        hits = sum(1 for w in words if w in markers) + sum(1 for w in words if w in _DISTINCT[lang])
        scores[lang] = round(hits / len(words), 4)
    best = max(scores, key=lambda lang: (scores[lang], lang == "id"))
    return (best if scores[best] > 0 else "und"), scores


@given(st.lists(st.sampled_from([*sorted(set().union(*_MARKERS.values())), "xyz", "123"])))
def test_language_guess_counts_marker_words_as_before(words):
    # given
    text = " ".join(words)
    # when
    guess = detect_language(text)
    # then
    assert (guess.label, guess.scores) == _language_reference(text)
