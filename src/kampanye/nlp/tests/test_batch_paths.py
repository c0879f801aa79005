"""The batch paths (many texts through one pass) give what the one-text paths give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.nlp import (
    Normalizer,
    QueryMatcher,
    default_model,
    detect_language,
    detect_languages,
    read_political,
    split_clauses,
)
from kampanye.nlp._attribution import _round4, _split_many
from kampanye.nlp._language import _MARKERS

# marks, spaces of several kinds, contrast words in several cases, letters a case-blind
# pattern equates with ASCII ones (ſ, K, ı, İ), a separator the batch paths use (\x00)
PIECES = [
    *"ab ,.!?;\n\t\r\x00ſKıİé😡\u00a0\u2028\x1c",
    "tapi", "TAPI", "Tapi", "namun", "tp", "tpi", "meski", "meskipun", "Sebaliknya", "tapis",
    ", ", " ,", ". ", "...", "!!", "jokowi",
]  # fmt: skip
WORDS = [*sorted(set().union(*_MARKERS.values())), "xyz", "Yang", "TIDAK", "the1", "ſudah", "é"]


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=10).map("".join), max_size=12))
def test_splitting_many_texts_at_once_gives_each_text_its_own_clauses(texts):
    # when
    together = _split_many(texts)
    # then
    assert together == [split_clauses(t) for t in texts]


@settings(max_examples=300)
@given(
    st.lists(st.lists(st.sampled_from([*WORDS, *PIECES]), max_size=12).map(" ".join), max_size=12)
)
def test_language_of_many_texts_at_once_is_each_texts_own(texts):
    assert detect_languages(texts) == [detect_language(t).label for t in texts]


def test_language_of_long_texts_and_real_posts_is_each_texts_own():
    # given: texts long enough for rounding to tie two languages, and the political posts
    texts = ["yang " * 2600 + "the " * 2601, "the " * 3000 + "yang " * 3000, "", "123 _"]
    texts += read_political().texts
    # then
    assert detect_languages(texts) == [detect_language(t).label for t in texts]


def test_the_model_scores_normalised_texts_as_it_scores_raw_ones():
    # given
    texts = [*read_political().texts, "", "   ", "!!!", "a\nb", "Gw gak suka bangeeet 😡😡"]
    model = default_model()
    # when
    normalised = model.predict_proba_normalized(Normalizer().normalize_many(texts))
    # then
    assert np.array_equal(normalised, model.predict_proba(texts))


@given(st.floats(min_value=0, max_value=1) | st.integers(0, 10**4).map(lambda k: k / 1e4 + 5e-5))
def test_rounding_many_probabilities_rounds_as_python_rounds(value):
    assert _round4(np.array([value, 1 - value])).tolist() == [round(value, 4), round(1 - value, 4)]


def test_matching_as_frozensets_matches_as_sets():
    # given
    matcher = QueryMatcher({1: "jokowi OR ahok", 2: "foke AND NOT nara", 3: '"joko widodo"'})
    texts = ["Jokowi dan Foke", "foke nara", "", "joko  widodo", "ahok\x00foke", "x"] * 3
    # when
    keys = matcher.match_keys(texts)
    # then
    assert [set(k) for k in keys] == matcher.match(texts) == [matcher.match_one(t) for t in texts]
    assert keys[0] is keys[6]  # texts with the same terms share one frozenset
