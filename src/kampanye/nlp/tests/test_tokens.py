"""The features a model is fitted on (sparse counts) and those it scores with (sums per
distinct token and piece) are the same features."""

from __future__ import annotations

import numpy as np
import pytest

from kampanye.nlp import SentimentModel, normalize
from kampanye.nlp._tokens import TokenFeatures

ODD = [
    "",
    "   ",
    "tidak",
    "Gak BAGUS!!\nsama sekali",
    "bukan pemimpin yg baik, tapi jujur",
    "😡😡 Jokowi 👍 @jokowi_do2 https://t.co/x #FokeNara",
    "tidak tidak tidak buruk",
    "hati2 di jalan, mantaaap",
    "İstanbul ſedangkan",
    "a " * 300,
]


@pytest.fixture(scope="module")
def model():
    texts = ["enak sekali", "tidak enak", "buruk dan lambat", "bagus, puas", "rapat jam 9"] * 4
    labels = ["positive", "negative", "negative", "positive", "neutral"] * 4
    return SentimentModel(n_bits=14, C=10.0, min_df=1).fit(texts, labels)


def _from_counts(model: SentimentModel, texts: list[str]) -> np.ndarray:
    sums = model._counts(texts) @ model.table_
    norm = np.sqrt(sums[:, -1])
    norm[norm == 0] = 1.0
    logits: np.ndarray = sums[:, :-1] / norm[:, None] + model.intercept_
    return logits


def test_scoring_per_token_equals_the_features_the_model_was_fitted_on(model):
    # when
    scored = model.decision_function(ODD)
    # then
    np.testing.assert_allclose(scored, _from_counts(model, ODD), atol=1e-5)


def test_normalised_texts_score_like_their_raw_texts(model):
    # given
    norms = [normalize(t) for t in ODD]
    # then
    np.testing.assert_allclose(
        model.predict_proba_normalized(norms), model.predict_proba(ODD), atol=1e-6
    )


@pytest.mark.parametrize(
    ("text", "scoped"),
    [
        ("saya tidak suka foke", [False, False, True, True]),
        ("bukan pemimpin yang baik , tapi jujur", [False, True, True, True, False, False, False]),
        ("tidak . baik", [False, False, False]),
    ],
)
def test_a_negation_reaches_three_tokens_up_to_a_mark_or_contrast_word(text, scoped):
    # given
    features = TokenFeatures(negation_scope=3)
    tokens = text.split()
    negator, stop = features.kinds(tokens)
    # when
    found = features.in_scope(negator, stop, np.zeros(len(tokens), dtype=np.int64))
    # then
    assert found.tolist() == scoped


def test_lexicon_words_add_their_class_feature():
    # given
    plain = TokenFeatures(n_bits=16)
    lexical = TokenFeatures(n_bits=16, lexicon={"bagus": 2})
    # when
    extra = lexical.counts(" bagus sekali \n meja ") - plain.counts(" bagus sekali \n meja ")
    # then "bagus" has a class, "meja" has none
    assert extra.sum(axis=1).A1.tolist()[1] == 0
    assert extra.sum() >= 1
