"""The evaluation protocol: no text of a check set reaches training, the splits are fixed,
the shipped model is calibrated and abstains where it should, and net sentiment leaves
unsure texts out with their count shown."""

from __future__ import annotations

import numpy as np
import pytest

from kampanye.nlp import (
    LABELS,
    default_model,
    net_sentiment,
    pool_labels_path,
    read_labelled,
    shared_data_dir,
)
from kampanye.nlp._protocol import calibration, load_domains, score, training_set

SHARED = shared_data_dir()
HAS_DATA = (SHARED / "sentiment-extra" / "pilpres2024-pool" / "tweets.tsv").is_file() and (
    SHARED / "smsa" / "train.tsv"
).is_file()
needs_data = pytest.mark.skipif(not HAS_DATA, reason="../shared/data is not beside the checkout")


@pytest.fixture(scope="module")
def domains():
    return load_domains(SHARED)


@needs_data
def test_no_text_of_a_check_set_reaches_training(domains):
    # given every check set, by where each text comes from
    checks = {key for d in domains for key in d.check.keys}
    # when
    train = training_set(domains)
    # then
    assert len(train.keys) == len(train.texts) > 10_000
    assert not checks & set(train.keys)
    assert not any(key.startswith("valid:") or "/valid:" in key for key in train.keys)
    assert {key.split(":")[0] for key in checks} >= {"smsa/valid", "prdect", "pilpres"}


@needs_data
def test_the_political_check_set_is_a_third_of_every_label_and_fixed(domains):
    # given
    pilpres = next(d for d in domains if d.name == "pilpres")
    labels = read_labelled(pool_labels_path(), "key", "label")
    # then 600 labelled tweets, a third of each label kept for the check
    assert len(labels) == len(pilpres.train) + len(pilpres.check) == 600
    for label in LABELS:
        share = pilpres.check.labels.count(label) / labels.labels.count(label)
        assert 0.32 <= share <= 0.35
    assert len(set(pilpres.train.keys)) == len(pilpres.train)


@needs_data
def test_prdect_leaves_out_reviews_whose_stars_contradict_their_label(domains):
    prdect = next(d for d in domains if d.name == "prdect")
    total = len(prdect.train) + len(prdect.check)
    assert 5398 - 80 <= total < 5398
    assert set(prdect.check.labels) == {"positive", "negative"}
    assert 0.30 <= len(prdect.check) / total <= 0.36


@needs_data
def test_the_shipped_model_is_calibrated_on_the_political_check_set(domains):
    # given tweets the model never saw, nor was chosen on
    pilpres = next(d for d in domains if d.name == "pilpres")
    model = default_model()
    # when
    proba = model.predict_proba(pilpres.check.texts)
    result = calibration(pilpres.check.labels, proba, model.classes_, model.abstain_below_)
    # then its confidence says how often it is right, and being sure means being right more
    assert result["ece"] <= 0.15
    overall = score(pilpres.check.labels, proba, model.classes_)["macro_f1"]
    assert overall is not None
    assert result["sure_accuracy"] > np.mean(
        np.asarray(model.classes_)[proba.argmax(axis=1)] == np.asarray(pilpres.check.labels)
    )


def test_unsure_predictions_are_left_out_of_net_sentiment_and_counted():
    # given three sure texts and two the model is unsure of
    proba = np.array(
        [
            [0.1, 0.1, 0.8],
            [0.8, 0.1, 0.1],
            [0.1, 0.1, 0.8],
            [0.4, 0.2, 0.4],
            [0.35, 0.3, 0.35],
        ]
    )
    # when
    net = net_sentiment(proba, LABELS, abstain_below=0.5)
    # then
    assert (net.positive, net.negative, net.unsure, net.n, net.sure) == (2, 1, 2, 5, 3)
    assert net.net == pytest.approx(1 / 3)
    assert net_sentiment(proba[3:], LABELS, 0.5).net is None


def test_the_shipped_model_marks_unsure_texts():
    # given
    model = default_model()
    # when
    predictions = model.classify(["enak banget, mantap 👍", "hmm"])
    # then
    assert 0.34 <= model.abstain_below_ < 0.95
    assert predictions[0].sure
    assert all(
        p.sure == (max(p.proba.values()) >= model.abstain_below_ - 1e-4) for p in predictions
    )
