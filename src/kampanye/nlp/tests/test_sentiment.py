"""The sentiment model: the shipped one meets its target; fit/save/load behave like sklearn."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_estimator_repr,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from kampanye.nlp import (
    LABELS,
    QueryMatcher,
    SentimentModel,
    attribute_sentiment,
    default_model,
    evaluate,
    read_smsa,
    split_clauses,
)

SMSA = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "smsa"

TINY_TEXTS = [
    "makanannya enak sekali, puas",
    "pelayanan bagus dan ramah",
    "mantap, sangat suka",
    "buruk sekali, kecewa berat",
    "jelek, lambat dan mahal",
    "mengecewakan, tidak akan kembali",
    "rapat dimulai jam sembilan",
    "kantor tutup hari minggu",
    "jalan sudirman ke arah monas",
] * 3
TINY_LABELS = (["positive"] * 3 + ["negative"] * 3 + ["neutral"] * 3) * 3


@pytest.fixture(scope="module")
def tiny_model():
    return SentimentModel(n_bits=12, C=10.0).fit(TINY_TEXTS, TINY_LABELS)


def test_the_shipped_model_labels_texts_with_probabilities_and_its_version():
    # given
    model = default_model()
    # when
    predictions = model.classify(["Pelayanannya lama bgt, kecewaaa 😡", "enak, mantap 👍", ""])
    # then
    assert [p.label for p in predictions[:2]] == ["negative", "positive"]
    assert all(set(p.proba) == set(LABELS) for p in predictions)
    assert all(abs(sum(p.proba.values()) - 1) < 1e-3 for p in predictions)
    assert re.fullmatch(r"smsa-lr-\d{8}-[0-9a-f]{8}", predictions[0].model_version)


@pytest.mark.skipif(not (SMSA / "valid.tsv").is_file(), reason="SmSA is not beside the checkout")
def test_the_shipped_model_reaches_macro_f1_080_on_smsa_valid():
    # given
    valid = read_smsa(SMSA / "valid.tsv")
    # when
    result = evaluate(valid.labels, list(default_model().predict(valid.texts)), LABELS)
    # then
    assert result.macro_f1 >= 0.80


def test_a_text_scores_the_same_alone_or_in_any_batch():
    # given
    model = default_model()
    texts = ["Jokowi hebat", "", "macet parah\ndi sudirman", "biasa saja", "a " * 300]
    # when
    together = model.predict_proba(texts)
    alone = np.vstack([model.predict_proba([t]) for t in texts])
    # then
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_fit_learns_a_separable_corpus_and_returns_self(tiny_model):
    # then
    assert list(tiny_model.classes_) == list(LABELS)
    assert list(tiny_model.predict(["enak sekali", "kecewa berat", "kantor tutup"])) == [
        "positive",
        "negative",
        "neutral",
    ]


def test_save_then_load_predicts_identically_without_pickle(tiny_model, tmp_path):
    # when
    path = tiny_model.save(tmp_path / "m.npz")
    loaded = SentimentModel.load(path)
    # then
    with np.load(path, allow_pickle=False) as data:
        assert set(data.files) == {"rows", "weights", "intercept", "classes", "meta"}
    assert loaded.version_ == tiny_model.version_
    np.testing.assert_allclose(
        loaded.predict_proba(TINY_TEXTS), tiny_model.predict_proba(TINY_TEXTS), atol=1e-6
    )
    assert loaded.get_params() == tiny_model.get_params()


def test_loading_something_else_is_a_clear_error(tmp_path):
    path = tmp_path / "x.npz"
    np.savez(path, meta=np.frombuffer(b'{"format": "lain"}', dtype=np.uint8))
    with pytest.raises(ValueError, match="bukan berkas model"):
        SentimentModel.load(path)


@pytest.mark.parametrize(
    "check",
    [
        check_parameters_default_constructible,
        check_no_attributes_set_in_init,
        check_get_params_invariance,
        check_set_params,
        check_estimator_repr,
    ],
)
def test_scikit_learn_checks_that_apply_to_text_input(check):
    # the other checks feed numeric arrays, which a text model rejects by design
    check("SentimentModel", SentimentModel())


def test_clone_keeps_settings_and_drops_learned_state(tiny_model):
    copy = clone(tiny_model)
    assert copy.get_params() == tiny_model.get_params()
    assert not hasattr(copy, "table_")


def test_non_text_input_is_refused():
    with pytest.raises(TypeError):
        default_model().predict_proba([1, 2])  # type: ignore[list-item]


def test_clauses_split_at_punctuation_and_contrast_words():
    assert split_clauses("Jokowi bagus, tapi Foke lamban. Ahok tegas!") == [
        "Jokowi bagus",
        "tapi Foke lamban.",
        "Ahok tegas!",
    ]
    assert split_clauses("") == []


def test_sentiment_is_attributed_per_contestant_by_clause():
    # given one text praising one contestant and criticising the other
    matcher = QueryMatcher({"jokowi": "jokowi", "foke": "foke", "sby": "sby"})
    text = "Jokowi orangnya baik dan ramah sekali, tapi Foke mengecewakan dan buruk"
    model = default_model()
    # when
    [result] = attribute_sentiment([text], matcher, model)
    # then each gets the sentiment of its own clause, exactly as the model scores that clause
    assert set(result) == {"jokowi", "foke"}
    first, second = model.classify(split_clauses(text))
    assert result["jokowi"].clauses == (0,) and result["jokowi"].proba == first.proba
    assert result["foke"].clauses == (1,) and result["foke"].proba == second.proba
    assert (result["jokowi"].label, result["foke"].label) == ("positive", "negative")
    assert result["foke"].model_version == model.version_


def test_a_contestant_matched_only_across_clauses_gets_the_whole_text():
    # given a query that needs words from two clauses
    matcher = QueryMatcher({"pair": "jokowi AND ahok"})
    # when
    [result] = attribute_sentiment(["Jokowi datang. Ahok juga, bagus"], matcher, default_model())
    # then
    assert result["pair"].clauses == ()
