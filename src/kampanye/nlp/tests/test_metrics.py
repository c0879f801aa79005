"""Evaluation figures against a confusion matrix computed by hand."""

from __future__ import annotations

import pytest

from kampanye.nlp import LABELS, evaluate


def test_evaluation_matches_the_hand_computed_confusion_matrix():
    # given 8 texts: true / predicted
    y_true = [
        "negative",
        "negative",
        "negative",
        "neutral",
        "neutral",
        "positive",
        "positive",
        "positive",
    ]
    y_pred = [
        "negative",
        "negative",
        "positive",
        "neutral",
        "negative",
        "positive",
        "positive",
        "neutral",
    ]
    # when
    result = evaluate(y_true, y_pred, LABELS)
    # then rows are true labels, columns predictions
    assert result.confusion.tolist() == [[2, 0, 1], [1, 1, 0], [0, 1, 2]]
    assert (result.correct, result.total) == (5, 8)
    negative, neutral, positive = result.per_class
    # negative: P = 2/3, R = 2/3, F1 = 2/3; neutral: P = 1/2, R = 1/2; positive: P = 2/3, R = 2/3
    assert negative.precision == pytest.approx(2 / 3) and negative.recall == pytest.approx(2 / 3)
    assert neutral.f1 == pytest.approx(1 / 2)
    assert positive.f1 == pytest.approx(2 / 3)
    assert result.macro_f1 == pytest.approx((2 / 3 + 1 / 2 + 2 / 3) / 3)
    assert result.as_dict()["accuracy"] == 0.625


def test_a_class_never_predicted_scores_zero_without_dividing_by_zero():
    result = evaluate(["neutral", "positive"], ["positive", "positive"], LABELS)
    assert [s.f1 for s in result.per_class] == [0.0, 0.0, pytest.approx(2 / 3)]


def test_unknown_labels_and_length_mismatch_are_errors():
    with pytest.raises(ValueError, match="tidak dikenal"):
        evaluate(["bagus"], ["positive"], LABELS)
    with pytest.raises(ValueError):
        evaluate(["positive"], [], LABELS)


def test_no_predictions_give_an_empty_matrix_and_zero_scores():
    # given no texts at all
    # when
    result = evaluate([], [], LABELS)
    # then
    assert result.confusion.shape == (3, 3) and result.total == 0
    assert (result.accuracy, result.macro_f1) == (0.0, 0.0)


def test_support_counts_the_true_labels_of_each_class():
    # given two negative texts and one positive, one negative mistaken for positive
    # when
    result = evaluate(["negative", "negative", "positive"], ["negative", "positive", "positive"])
    # then labels default to the sorted union; precision of positive = 1/2, recall = 1
    negative, positive = result.per_class
    assert (negative.support, positive.support) == (2, 1)
    assert positive.precision == pytest.approx(0.5) and positive.recall == 1.0
    assert result.as_dict()["per_class"] == {
        "negative": {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4), "support": 2},
        "positive": {"precision": 0.5, "recall": 1.0, "f1": round(2 / 3, 4), "support": 1},
    }
