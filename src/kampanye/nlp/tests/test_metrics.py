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
