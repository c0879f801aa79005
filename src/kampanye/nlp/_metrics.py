"""Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix (pure numpy)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["ClassScore", "Evaluation", "evaluate"]


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and F1 of one class, with the counts they come from."""

    label: str
    true_positives: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.actual if self.actual else 0.0

    @property
    def f1(self) -> float:
        both = self.predicted + self.actual
        return 2 * self.true_positives / both if both else 0.0


@dataclass(frozen=True)
class Evaluation:
    """How predictions compare with true labels; ``confusion[i][j]``: true i, predicted j."""

    labels: tuple[str, ...]
    confusion: npt.NDArray[np.int64]

    @property
    def total(self) -> int:
        return int(self.confusion.sum())

    @property
    def correct(self) -> int:
        return int(np.trace(self.confusion))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def per_class(self) -> tuple[ClassScore, ...]:
        return tuple(
            ClassScore(
                label=label,
                true_positives=int(self.confusion[i, i]),
                predicted=int(self.confusion[:, i].sum()),
                actual=int(self.confusion[i, :].sum()),
            )
            for i, label in enumerate(self.labels)
        )

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
                    "support": s.actual,
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
    index = {label: i for i, label in enumerate(order)}
    unknown = (set(y_true) | set(y_pred)) - index.keys()
    if unknown:
        raise ValueError(f"label tidak dikenal: {', '.join(sorted(unknown))}")
    confusion = np.zeros((len(order), len(order)), dtype=np.int64)
    np.add.at(confusion, ([index[t] for t in y_true], [index[p] for p in y_pred]), 1)
    return Evaluation(labels=order, confusion=confusion)
