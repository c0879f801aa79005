"""The sentiment model: the shipped one meets its target; fit/save/load behave like sklearn."""

from __future__ import annotations

import re

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
    LabelledTexts,
    QueryMatcher,
    SentimentModel,
    attribute_sentiment,
    default_model,
    evaluate,
    read_labelled,
    read_smsa,
    shared_data_dir,
    shipped_model_path,
    split_clauses,
    train_sentiment,
)
from kampanye.nlp._corpus import CorpusError, political_posts_path, read_political
from kampanye.nlp._features import HashedNgrams
from kampanye.nlp._training import split_holdout

SMSA = shared_data_dir() / "smsa"

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
    assert re.fullmatch(
        r"smsa-prdect-pilpres-posts-lr-\d{8}-[0-9a-f]{8}", predictions[0].model_version
    )


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
        assert set(data.files) == {
            "rows", "weights", "intercept", "classes", "vocabulary", "lexicon_words",
            "lexicon_classes", "meta",
        }  # fmt: skip
    assert loaded.version_ == tiny_model.version_
    assert loaded.lexicon_ == tiny_model.lexicon_ and loaded.lexicon_["bagus"] == 2
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


# -- political posts ---------------------------------------------------------------------
POLITICAL_TEST_FLOOR = 0.78  # measured 0.8113 for smsa-prdect-pilpres-posts-lr-20261207-7c920cc4


def test_the_shipped_political_posts_have_a_fixed_balanced_split():
    # when
    train, test = read_political("train"), read_political("test")
    # then 60 % / 40 %, every label about a third of each split, no text in both
    assert (len(train), len(test)) == (603, 401)
    for part in (train, test):
        shares = [part.labels.count(label) / len(part) for label in LABELS]
        assert all(0.30 <= share <= 0.37 for share in shares)
    assert not set(train.texts) & set(test.texts)


def test_the_shipped_model_reads_political_posts_on_the_test_split():
    # given posts the model never saw, nor was tuned on
    test = read_political("test")
    # when
    result = evaluate(test.labels, list(default_model().predict(test.texts)), LABELS)
    # then
    assert result.macro_f1 >= POLITICAL_TEST_FLOOR


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("gw dukung Basuki!", "positive"),
        ("Ayo coblos nomor 3, Jokowi pasti bisa benahi Jakarta 💪", "positive"),
        ("Foke gagal urus banjir, jangan dipilih lagi", "negative"),
        ("Ahok kasar dan arogan, gak pantas jadi pemimpin", "negative"),
        ("Debat cagub DKI disiarkan langsung Kamis pukul 19.00", "neutral"),
        ("Hidayat Nur Wahid dijadwalkan berkampanye di Jakarta Timur besok", "neutral"),
    ],
)
def test_unmistakable_political_posts_get_their_label(text, label):
    assert default_model().classify([text])[0].label == label


def test_reading_one_split_of_a_labelled_file(tmp_path):
    # given
    path = tmp_path / "posts.tsv"
    path.write_text(
        "text\tlabel\tsplit\nbagus\tpositif\ttrain\njelek\tnegatif\ttest\nrapat\tnetral\ttrain\n",
        encoding="utf-8",
    )
    # when / then
    assert read_labelled(path, split="train").texts == ["bagus", "rapat"]
    assert read_labelled(path, split="test").labels == ["negative"]
    assert len(read_labelled(path)) == 3
    with pytest.raises(CorpusError, match="kolom 'bagian' tidak ada"):
        read_labelled(path, split="train", split_column="bagian")
    assert political_posts_path().is_file()


def test_a_held_out_part_takes_the_same_share_of_every_label():
    # given 10 positive, 20 neutral, 30 negative texts
    labels = ["positive"] * 10 + ["neutral"] * 20 + ["negative"] * 30
    extra = LabelledTexts([f"t{i}" for i in range(60)], labels)
    # when
    fit, held = split_holdout(extra, 0.2, seed=3)
    # then
    assert sorted(held.labels) == ["negative"] * 6 + ["neutral"] * 4 + ["positive"] * 2
    assert sorted(fit.texts + held.texts) == sorted(extra.texts)
    assert split_holdout(extra, 0.2, seed=3) == (fit, held)


@pytest.mark.slow
def test_training_with_posts_chooses_on_valid_and_held_out_posts(tmp_path):
    # given a tiny SmSA-shaped folder and 36 labelled posts
    (tmp_path / "train.tsv").write_text(
        "".join(f"{t}\t{y}\n" for t, y in zip(TINY_TEXTS, TINY_LABELS, strict=True)),
        encoding="utf-8",
    )
    (tmp_path / "valid.tsv").write_text("enak\tpositive\nburuk\tnegative\nkantor\tneutral\n")
    posts = LabelledTexts(
        [f"jokowi hebat {i}" for i in range(12)]
        + [f"foke gagal {i}" for i in range(12)]
        + [f"jadwal debat {i}" for i in range(12)],
        ["positive"] * 12 + ["negative"] * 12 + ["neutral"] * 12,
    )
    # when
    result = train_sentiment(
        tmp_path, posts, grid=(1.0, 10.0), extra_weights=(1.0, 3.0), params={"n_bits": 12}
    )
    # then every setting was scored on both, the best mean was kept and refitted on all
    assert len(result.tried) == 4
    assert all(t.holdout_macro_f1 is not None for t in result.tried)
    best = max(result.tried, key=lambda t: t.score)
    assert result.model.C == best.C
    assert result.model.metadata_["extra_weight"] == best.extra_weight
    assert result.model.n_train_ == len(TINY_TEXTS) + 36
    assert result.holdout is not None and result.holdout.total == 6  # round(0.2 · 12) · 3
    assert result.model.predict(["jokowi hebat sekali"])[0] == "positive"


def test_weights_must_match_the_texts():
    with pytest.raises(ValueError, match="bobot"):
        SentimentModel(n_bits=10).fit(["a", "b"], ["positive", "negative"], sample_weight=[1.0])


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        (" saya tidak suka foke ", 2),  # suka, foke
        (" bukan pemimpin yang baik , tapi jujur ", 3),  # up to the comma
        (" ahok tidak jelek tapi kasar ", 1),  # up to the contrast word
        (" tidak . baik ", 0),
        (" tidak \n baik ", 0),  # never into the next text
        (" baik ", 0),
    ],
)
def test_negation_adds_one_feature_per_word_in_its_scope(text, negated):
    # given
    plain = HashedNgrams(n_bits=16, word_ngrams=(1, 2), char_ngrams=(3, 5))
    scoped = HashedNgrams(n_bits=16, word_ngrams=(1, 2), char_ngrams=(3, 5), negation_scope=3)
    # when
    extra = scoped.transform(text).sum() - plain.transform(text).sum()
    # then
    assert extra == negated


def test_the_shipped_model_reads_the_lexicon_classes_from_its_own_file():
    # given the model shipped in the package (the word list itself stays in ../shared)
    model = SentimentModel.load(shipped_model_path())
    # when
    features = model._features()
    # then: SentiStrengthID's "bagus" (+2) and "buruk" (−3) have their classes
    assert features.lexicon is model.lexicon_
    assert model.lexicon_["bagus"] == 2 and model.lexicon_["buruk"] == 0
