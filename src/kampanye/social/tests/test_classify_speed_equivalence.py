"""The batch ``classify`` gives what the nlp library gives one text and one clause at a time:
the same norm, language, contestants (label, probabilities, clauses, versions) and issues;
and its cache across batches changes nothing but the work done."""

from __future__ import annotations

from functools import lru_cache

import pytest

from kampanye.nlp import (
    IssueDetector,
    QueryMatcher,
    default_model,
    detect_language,
    normalize,
    read_political,
    split_clauses,
)
from kampanye.social import classify as module
from kampanye.social.classify import Classified, Found, classify
from kampanye.social.synthetic import synthetic_posts

QUERIES = (
    (1, 1, 'foke OR "fauzi bowo" OR "bang foke" OR nara OR nachrowi OR "foke nara" OR fokenara'),
    (2, 3, 'hendardji OR "hendardji soepandji" OR "riza patria" OR "ahmad riza patria"'),
    (3, 1, 'jokowi OR "joko widodo" OR jokowidodo OR ahok OR basuki OR btp OR jokowiahok'),
    (4, 2, '"hidayat nur wahid" OR hnw OR hidayat OR "didik rachbini" OR "hidayat didik"'),
    (5, 1, '"faisal basri" OR faisal OR biem OR "biem benyamin" OR "faisal biem"'),
    (6, 1, '("alex noerdin" OR alex OR nono) AND NOT (sampono AND korupsi)'),
    (7, 1, "rusun AND warga"),  # named by a text but perhaps by none of its clauses
)
ODD = [
    "",
    "   ",
    "jokowi",
    "  Jokowi  ",
    "Jokowi!!",
    "Jokowi bagus, tapi Foke lamban. Alex? nono; HNW\nbiem",
    "Alex bagus tp nono sampono... korupsi",
    "Rusun bagus. Warga kecewa tapi jokowi, rusun warga",
    "Rusun bagus. Warga kecewa tapi jokowi",
    "TAPI jokowi TETAPI foke",
    "ſedangkan jokowi İni Kota tapi foke",
    "foke\x00jokowi tapi alex",
    "yang " * 2500 + "jokowi",
    "😡😡 Jokowi 👍, Foke 👎 #FokeNara @jokowi_do2 https://t.co/x",
]


def _texts() -> list[str]:
    synthetic = [row["text"] for row in synthetic_posts(2500, seed=7)]
    distinct = [f"{t} {i}" for i, t in enumerate(synthetic[:1500])]
    return synthetic + distinct + read_political().texts + ODD


@lru_cache(maxsize=1)
def _library() -> tuple[QueryMatcher[int], IssueDetector]:
    return QueryMatcher({cid: query for cid, _version, query in QUERIES}), IssueDetector()


def _expected(text: str) -> Classified:
    """One text, the slow way: every clause matched and scored on its own."""
    matcher, detector = _library()
    versions = {cid: version for cid, version, _query in QUERIES}
    model = default_model()
    names = [str(c) for c in model.classes_]
    clauses = split_clauses(text)
    found = []
    for cid in sorted(matcher.match_one(text)):
        where = tuple(j for j, c in enumerate(clauses) if cid in matcher.match_one(c))
        if len(where) <= 1:  # one clause names the contestant, or none does: the whole text
            prediction = model.classify([clauses[where[0]] if where else text])[0]
            label, proba = prediction.label, prediction.proba
        else:  # the mean of the clauses that name the contestant
            mean = model.predict_proba([clauses[j] for j in where]).mean(axis=0)
            label = names[int(mean.argmax())]
            proba = {n: round(float(p), 4) for n, p in zip(names, mean, strict=True)}
        found.append(
            Found(
                cid, versions[cid], label, proba["positive"], proba["neutral"],
                proba["negative"], model.version_, where,
            )
        )  # fmt: skip
    issues = tuple(sorted(detector.detect_one(text)))
    return Classified(normalize(text), detect_language(text).label, tuple(found), issues)


@pytest.fixture(autouse=True)
def _fresh_cache():
    module.clear_cache()
    yield
    module.clear_cache()


@pytest.mark.slow
def test_classify_gives_what_the_library_gives_one_text_and_one_clause_at_a_time():
    # given: synthetic posts (repeated and made distinct), the political posts, odd texts
    texts = _texts()
    # when: in batches of 700, as an import's workers call it
    got = [c for i in range(0, len(texts), 700) for c in classify(texts[i : i + 700], QUERIES)]
    # then
    expected = [_expected(t) for t in dict.fromkeys(texts)]
    by_text = dict(zip(dict.fromkeys(texts), expected, strict=True))
    assert [by_text[t] for t in texts] == got
    assert sum(len(c.found) for c in got) > 3000
    assert sum(len(f.clauses) > 1 for c in got for f in c.found) > 0  # averaged clauses
    assert any(f.clauses == () for c in got for f in c.found)  # whole-text sentiment
    assert sum(bool(c.issues) for c in got) > 500
    assert {c.language for c in got} >= {"id", "en", "und"}


def test_a_text_seen_in_an_earlier_batch_comes_from_the_cache_unchanged(monkeypatch) -> None:
    # given
    texts = [row["text"] for row in synthetic_posts(300, seed=3)] + ODD
    first = classify(texts, QUERIES)
    calls: list[int] = []
    original = module._classify_unique

    def counting(t, q):
        calls.append(len(t))
        return original(t, q)

    monkeypatch.setattr(module, "_classify_unique", counting)
    # when: the same texts again, with two new ones
    again = classify(["baru: jokowi mantap", *texts, "baru: foke"], QUERIES)
    # then: only the new texts are classified, and every result is the same
    assert calls == [2]
    assert again[1:-1] == first
    assert again[0] == classify(["baru: jokowi mantap"], QUERIES)[0]


def test_the_cache_stays_bounded_by_dropping_its_older_half(monkeypatch):
    # given: a cache of at most 100 texts
    monkeypatch.setattr(module, "CACHE_LIMIT", 100)
    texts = [f"jokowi nomor {i}" for i in range(260)]
    # when
    results = [classify(texts[i : i + 40], QUERIES) for i in range(0, 260, 40)]
    # then
    cache = module._caches[QUERIES]
    assert len(cache) <= 100
    assert list(cache)[-1] == texts[-1]  # the newest stay
    assert [c for r in results for c in r] == [classify([t], QUERIES)[0] for t in texts]


def test_each_queries_value_has_its_own_cache():
    # given
    other = ((9, 1, "foke"),)
    # when
    with_jokowi = classify(["jokowi dan foke"], QUERIES)[0]
    only_foke = classify(["jokowi dan foke"], other)[0]
    # then
    assert [f.contestant_id for f in with_jokowi.found] == [1, 3]
    assert [f.contestant_id for f in only_foke.found] == [9]
