"""Train the sentiment model from SmSA (plus labelled posts), choosing settings on held-out data.

SmSA (product and restaurant reviews) teaches the language of opinion; labelled posts (the
project's political posts, a team's own) teach how people write about candidates. Settings
(``C`` and the weight of a post against a review) are chosen on SmSA valid together with a
held-out part of the posts, so that a model good at reviews but bad at posts, or the other
way round, is not chosen; the chosen settings are then refitted on all the posts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kampanye.nlp._corpus import LABELS, LabelledTexts, read_smsa
from kampanye.nlp._metrics import Evaluation, evaluate
from kampanye.nlp._sentiment import SentimentModel

__all__ = ["MIN_HOLDOUT", "TrainingResult", "Trial", "split_holdout", "train_sentiment"]

DEFAULT_GRID = (3.0, 10.0, 30.0)
DEFAULT_WEIGHTS = (1.0,)
MIN_HOLDOUT = 30  # fewer labelled posts than this: no held-out part, choose on SmSA alone


@dataclass(frozen=True)
class Trial:
    """One setting tried: SmSA valid macro-F1, held-out posts macro-F1 (None without)."""

    C: float
    extra_weight: float
    valid_macro_f1: float
    holdout_macro_f1: float | None

    @property
    def score(self) -> float:
        """What the choice maximises: the mean of both macro-F1, or SmSA valid alone."""
        if self.holdout_macro_f1 is None:
            return self.valid_macro_f1
        return (self.valid_macro_f1 + self.holdout_macro_f1) / 2


@dataclass(frozen=True)
class TrainingResult:
    """The chosen model, its SmSA valid scores, and every setting tried."""

    model: SentimentModel
    valid: Evaluation
    tried: tuple[Trial, ...]
    n_train: int
    n_extra: int
    holdout: Evaluation | None = None


def split_holdout(
    extra: LabelledTexts, fraction: float, seed: int = 0
) -> tuple[LabelledTexts, LabelledTexts]:
    """Split ``extra`` into (fit, held out), ``fraction`` of every label held out."""
    rng = np.random.default_rng(seed)
    labels = np.asarray(extra.labels)
    held = np.zeros(len(extra), dtype=bool)
    for label in np.unique(labels):
        where = np.flatnonzero(labels == label)
        take = round(fraction * where.shape[0])
        held[rng.choice(where, size=take, replace=False)] = True
    texts = np.asarray(extra.texts, dtype=object)
    keys = np.asarray(extra.keys if len(extra.keys) == len(extra) else [""] * len(extra))

    def part(mask: npt.NDArray[np.bool_]) -> LabelledTexts:
        return LabelledTexts(
            [str(t) for t in texts[mask]],
            [str(x) for x in labels[mask]],
            [str(k) for k in keys[mask]] if len(extra.keys) == len(extra) else [],
        )

    return part(~held), part(held)


def _fit(
    corpus: LabelledTexts, n_extra: int, c: float, weight: float, params: dict[str, Any]
) -> SentimentModel:
    weights = np.ones(len(corpus))
    if n_extra:
        weights[len(corpus) - n_extra :] = weight
    model = SentimentModel(**{**params, "C": c})
    return model.fit(corpus.texts, corpus.labels, sample_weight=weights)


def train_sentiment(
    data_dir: str | Path,
    extra: LabelledTexts | None = None,
    *,
    grid: Sequence[float] = DEFAULT_GRID,
    extra_weights: Sequence[float] = DEFAULT_WEIGHTS,
    holdout: float = 0.2,
    seed: int = 0,
    name: str | None = None,
    params: Mapping[str, Any] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> TrainingResult:
    """Fit one model per (C, weight of a post), keep the best, refit it on all the posts.

    With at least ``MIN_HOLDOUT`` posts in ``extra``, ``holdout`` of them (per label, drawn
    with ``seed``) are held out while choosing, and the choice maximises the mean of SmSA
    valid macro-F1 and held-out macro-F1; otherwise it maximises SmSA valid macro-F1.
    ``params`` are further ``SentimentModel`` settings (``n_bits``, ``negation_scope``...).
    ``on_step(description)`` is called before each fit, for a progress display.
    """
    data_dir = Path(data_dir)
    train = read_smsa(data_dir / "train.tsv")
    valid = read_smsa(data_dir / "valid.tsv")
    extra = extra or LabelledTexts()
    name = name or ("smsa+posts" if len(extra) else "smsa")
    settings = {**(params or {}), "name": name}
    use_holdout = len(extra) >= MIN_HOLDOUT and holdout > 0
    fit_part, held = split_holdout(extra, holdout, seed) if use_holdout else (extra, None)
    weights = tuple(extra_weights) if len(extra) else (1.0,)
    if not grid or not weights:
        raise ValueError("grid C atau bobot kosong")
    tried: list[Trial] = []
    models: list[SentimentModel] = []
    for c in grid:
        for weight in weights:
            if on_step is not None:
                on_step(f"C={c:g}, bobot={weight:g}")
            model = _fit(train + fit_part, len(fit_part), c, weight, settings)
            scores = evaluate(valid.labels, list(model.predict(valid.texts)), LABELS)
            held_f1 = None
            if held is not None:
                held_f1 = evaluate(held.labels, list(model.predict(held.texts)), LABELS).macro_f1
            tried.append(Trial(c, weight, scores.macro_f1, held_f1))
            models.append(model)
    best = max(range(len(tried)), key=lambda i: tried[i].score)
    chosen = tried[best]
    held_scores = None
    if held is not None:
        held_scores = evaluate(held.labels, list(models[best].predict(held.texts)), LABELS)
        if on_step is not None:
            on_step(f"C={chosen.C:g}, bobot={chosen.extra_weight:g} (semua)")
        model = _fit(train + extra, len(extra), chosen.C, chosen.extra_weight, settings)
    else:
        model = models[best]
    scores = evaluate(valid.labels, list(model.predict(valid.texts)), LABELS)
    model.metadata_ = {
        "valid_macro_f1": round(scores.macro_f1, 4),
        "valid_accuracy": round(scores.accuracy, 4),
        "n_extra": len(extra),
        "extra_weight": chosen.extra_weight,
        "trained_on": name,
    }
    if held_scores is not None:
        model.metadata_["holdout_macro_f1"] = round(held_scores.macro_f1, 4)
    return TrainingResult(model, scores, tuple(tried), len(train), len(extra), held_scores)
