"""Train the sentiment model from SmSA (plus a team's labelled posts), tuning C on valid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kampanye.nlp._corpus import LABELS, LabelledTexts, read_smsa
from kampanye.nlp._metrics import Evaluation, evaluate
from kampanye.nlp._sentiment import SentimentModel

__all__ = ["TrainingResult", "train_sentiment"]

DEFAULT_GRID = (3.0, 10.0, 30.0)


@dataclass(frozen=True)
class TrainingResult:
    """The chosen model, its validation scores, and the score of every C tried."""

    model: SentimentModel
    valid: Evaluation
    tried: tuple[tuple[float, float], ...]
    n_train: int
    n_extra: int


def train_sentiment(
    data_dir: str | Path,
    extra: LabelledTexts | None = None,
    *,
    grid: Sequence[float] = DEFAULT_GRID,
    on_step: Callable[[str], None] | None = None,
) -> TrainingResult:
    """Fit one model per C on train (+ extra), keep the best macro-F1 on valid.

    ``on_step(description)`` is called before each fit, for a progress display.
    """
    data_dir = Path(data_dir)
    train = read_smsa(data_dir / "train.tsv")
    valid = read_smsa(data_dir / "valid.tsv")
    extra = extra or LabelledTexts()
    corpus = train + extra
    name = "smsa+posts" if len(extra) else "smsa"
    best: tuple[float, SentimentModel, Evaluation] | None = None
    tried: list[tuple[float, float]] = []
    for c in grid:
        if on_step is not None:
            on_step(f"C={c:g}")
        model = SentimentModel(C=c, name=name).fit(corpus.texts, corpus.labels)
        scores = evaluate(valid.labels, list(model.predict(valid.texts)), LABELS)
        tried.append((c, scores.macro_f1))
        if best is None or scores.macro_f1 > best[2].macro_f1:
            best = (c, model, scores)
    if best is None:
        raise ValueError("grid C kosong")
    _, model, scores = best
    model.metadata_ = {
        "valid_macro_f1": round(scores.macro_f1, 4),
        "valid_accuracy": round(scores.accuracy, 4),
        "n_extra": len(extra),
        "trained_on": name,
    }
    return TrainingResult(model, scores, tuple(tried), len(train), len(extra))
