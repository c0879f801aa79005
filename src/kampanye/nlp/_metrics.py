"""Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix, computed by
scikit-learn; this module keeps them beside the counts they come from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["ClassScore", "Evaluation", "evaluate"]


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and F1 of one class (0 where undefined), with its support."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    """How predictions compare with true labels; ``confusion[i][j]``: true i, predicted j."""

    labels: tuple[str, ...]
    confusion: npt.NDArray[np.int64]
    accuracy: float
    per_class: tuple[ClassScore, ...]

    @property
    def total(self) -> int:
        return int(self.confusion.sum())

    @property
    def correct(self) -> int:
        return int(np.trace(self.confusion))

    @property
    def macro_f1(self) -> float:
        scores = self.per_class
        return sum(s.f1 for s in scores) / len(scores) if scores else 0.0

    def as_dict(self) -> dict[str, object]:
        """Plain numbers for JSON: counts beside every ratio."""
        return {
            "n": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "labels": list(self.labels),
            "confusion": self.confusion.tolist(),
            "per_class": {
                s.label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for s in self.per_class
            },
        }


def evaluate(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> Evaluation:
    """Compare predicted with true labels; ``labels`` fixes the order (default: sorted union)."""
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} label benar tetapi {len(y_pred)} prediksi")
    order = tuple(labels) if labels is not None else tuple(sorted(set(y_true) | set(y_pred)))
    # scikit-learn drops labels outside ``labels`` silently; an unknown label is a typo here.
    unknown = (set(y_true) | set(y_pred)) - set(order)
    if unknown:
        raise ValueError(f"label tidak dikenal: {', '.join(sorted(unknown))}")
    if not y_true:
        empty = np.zeros((len(order), len(order)), dtype=np.int64)
        zero = tuple(ClassScore(label, 0.0, 0.0, 0.0, 0) for label in order)
        return Evaluation(labels=order, confusion=empty, accuracy=0.0, per_class=zero)
    # counted in numpy: importing scikit-learn would cost a command a second of start-up
    index = {label: i for i, label in enumerate(order)}
    truth = np.fromiter(map(index.__getitem__, y_true), dtype=np.int64, count=len(y_true))
    guess = np.fromiter(map(index.__getitem__, y_pred), dtype=np.int64, count=len(y_pred))
    size = len(order)
    confusion = np.bincount(truth * size + guess, minlength=size * size).reshape(size, size)
    right = np.diag(confusion).astype(np.float64)
    support = confusion.sum(axis=1)
    predicted = confusion.sum(axis=0)
    precision = np.divide(right, predicted, out=np.zeros(size), where=predicted > 0)
    recall = np.divide(right, support, out=np.zeros(size), where=support > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros(size), where=both > 0)
    per_class = tuple(
        ClassScore(label, float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(order, precision, recall, f1, support, strict=True)
    )
    return Evaluation(
        labels=order,
        confusion=confusion,
        accuracy=float(right.sum() / len(y_true)),
        per_class=per_class,
    )
