"""How the shipped sentiment model is chosen and measured, so that its figures can be trusted.

* Four domains, each with a training part and a check part: SmSA reviews (train / valid),
  PRDECT-ID product reviews (two thirds / a third, by a hash of the text; positive and
  negative only), tweets of the pilpres-2024 pool labelled in the project (train / check,
  drawn once per label and kept in ``data/political/pool_labels.tsv``) and the project's
  written political posts (train / test).
* Settings are chosen by k-fold cross-validation on the training parts only (folds drawn per
  domain and label): the mean over domains of each domain's macro-F1 on its held-out folds.
  The same out-of-fold probabilities fit the calibration temperature and the abstain band.
* The check parts are scored once, at the end, beside a plain baseline fitted in the same
  run on the same texts: TF-IDF on words 1–2 and characters 2–5, logistic regression with
  balanced classes. Cross-domain pairs train on one domain alone and score every check set.
* Binary domains (PRDECT) and binary figures: positive vs negative by the larger of the two
  probabilities, on the texts labelled positive or negative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from kampanye.nlp._corpus import (
    LABELS,
    LabelledTexts,
    read_political,
    read_pool_labels,
    read_prdect,
    read_smsa,
    sentiment_lexicon_path,
)
from kampanye.nlp._metrics import evaluate
from kampanye.nlp._sentiment import SentimentModel, _softmax
from kampanye.nlp._tokens import read_sentiment_lexicon
from kampanye.nlp._training import split_holdout

if TYPE_CHECKING:
    from scipy import sparse

__all__ = [
    "CONFIGS",
    "Config",
    "Domain",
    "ProtocolReport",
    "load_domains",
    "plain_baseline",
    "run_protocol",
    "score",
    "training_set",
]

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Config:
    """One setting tried: the model's ``C`` and how much a political text counts against a
    review."""

    C: float
    tweet_weight: float

    @property
    def name(self) -> str:
        return f"C={self.C:g}, bobot politik {self.tweet_weight:g}"


CONFIGS = (Config(3.0, 3.0), Config(3.0, 10.0), Config(3.0, 30.0))
# political text, the product's own: weighted by ``Config.tweet_weight`` against a review,
# and the texts whose out-of-fold predictions set the abstain band
POLITICAL = ("pilpres", "posts", "tim")


@dataclass(frozen=True)
class Domain:
    """A source of labelled texts with the part it trains on and the part that checks it."""

    name: str
    title: str
    train: LabelledTexts
    check: LabelledTexts
    binary: bool = False


def load_domains(shared: str | Path) -> list[Domain]:
    """The four domains read from ``shared`` (``../shared/data``) and the package."""
    shared = Path(shared)
    extra = shared / "sentiment-extra"
    prdect_train, prdect_check = read_prdect(extra / "prdect-id" / "reviews.tsv")
    pool = extra / "pilpres2024-pool" / "tweets.tsv"
    return [
        Domain(
            "smsa",
            "SmSA ulasan (valid)",
            read_smsa(shared / "smsa" / "train.tsv"),
            read_smsa(shared / "smsa" / "valid.tsv"),
        ),
        Domain("prdect", "PRDECT-ID ulasan produk", prdect_train, prdect_check, binary=True),
        Domain(
            "pilpres",
            "tweet pilpres 2024 (label proyek)",
            read_pool_labels(pool, "train"),
            read_pool_labels(pool, "check"),
        ),
        Domain(
            "posts", "unggahan politik tulisan proyek", read_political("train"),
            read_political("test"),
        ),
    ]  # fmt: skip


def plain_baseline() -> Any:
    """TF-IDF on words 1–2 and characters 2–5, logistic regression, balanced classes."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2)),
            TfidfVectorizer(analyzer="char", ngram_range=(2, 5)),
        ),
        LogisticRegression(class_weight="balanced", max_iter=2000),
    )


def _columns(proba: F64, classes: Any) -> dict[str, F64]:
    names = [str(c) for c in classes]
    return {label: proba[:, names.index(label)] for label in LABELS if label in names}


def score(labels: Sequence[str], proba: F64, classes: Any) -> dict[str, float | None]:
    """Macro-F1 over three classes (None when the texts or the model know no neutral) and
    binary macro-F1, positive vs negative, on the texts labelled so."""
    columns = _columns(proba, classes)
    truth = np.asarray(labels)
    out: dict[str, float | None] = {"n": float(len(truth))}
    if "neutral" in columns and "neutral" in set(labels):
        names = np.asarray([str(c) for c in classes])
        predicted = names[proba.argmax(axis=1)]
        out["macro_f1"] = evaluate(list(truth), list(predicted), LABELS).macro_f1
    else:
        out["macro_f1"] = None
    polar = truth != "neutral"
    guess = np.where(columns["positive"] > columns["negative"], "positive", "negative")
    out["binary_f1"] = evaluate(
        list(truth[polar]), list(guess[polar]), ("negative", "positive")
    ).macro_f1
    return out


def _domain_score(domain: Domain, labels: Sequence[str], proba: F64, classes: Any) -> float:
    result = score(labels, proba, classes)
    value = result["binary_f1"] if domain.binary else result["macro_f1"]
    return float(value if value is not None else 0.0)


@dataclass
class ProtocolReport:
    """Every figure of one run, each named with what it was computed on."""

    cv: list[dict[str, Any]] = field(default_factory=list)
    chosen: str = ""
    temperature: float = 1.0
    abstain_below: float = 0.0
    final: list[dict[str, Any]] = field(default_factory=list)
    cross: list[dict[str, Any]] = field(default_factory=list)
    sizes: dict[str, dict[str, int]] = field(default_factory=dict)
    lexicon: dict[str, Any] = field(default_factory=dict)


def training_set(domains: Sequence[Domain]) -> LabelledTexts:
    """Every domain's training part, in domain order: all that a model is fitted on."""
    train = LabelledTexts()
    for domain in domains:
        train = train + domain.train
    return train


def _folds(domains: Sequence[Domain], k: int, seed: int) -> npt.NDArray[np.int64]:
    """A fold number for every training text, drawn per domain and label."""
    rng = np.random.default_rng(seed)
    parts = []
    for domain in domains:
        labels = np.asarray(domain.train.labels)
        fold = np.zeros(labels.shape[0], dtype=np.int64)
        for label in np.unique(labels):
            where = rng.permutation(np.flatnonzero(labels == label))
            fold[where] = np.arange(where.shape[0]) % k
        parts.append(fold)
    return np.concatenate(parts)


def _weights(domains: Sequence[Domain], tweet_weight: float) -> F64:
    return np.concatenate(
        [np.full(len(d.train), tweet_weight if d.name in POLITICAL else 1.0) for d in domains]
    )


def _fit_temperature(logits: F64, labels: npt.NDArray[np.int64]) -> float:
    """The temperature that minimises the log loss of the out-of-fold predictions."""
    best, best_loss = 1.0, np.inf
    for t in np.arange(0.3, 3.01, 0.05):
        proba = _softmax(logits / t)
        loss = -np.mean(np.log(proba[np.arange(labels.shape[0]), labels] + 1e-12))
        if loss < best_loss:
            best, best_loss = float(t), float(loss)
    return round(best, 2)


def _abstain_below(proba: F64, labels: npt.NDArray[np.int64], accuracy: float = 0.8) -> float:
    """The lowest top probability above which out-of-fold predictions are right at least
    ``accuracy`` of the time (0 when they all are)."""
    top = proba.max(axis=1)
    right = proba.argmax(axis=1) == labels
    for threshold in np.arange(0.34, 0.96, 0.01):
        kept = top >= threshold
        if kept.any() and right[kept].mean() >= accuracy:
            return round(float(threshold), 2)
    return 0.95


def run_protocol(
    shared: str | Path,
    *,
    configs: Sequence[Config] = CONFIGS,
    folds: int = 3,
    seed: int = 0,
    cross_domain: bool = True,
    extra: LabelledTexts | None = None,
    on_step: Callable[[str], None] | None = None,
) -> tuple[SentimentModel, ProtocolReport]:
    """Choose by cross-validation, fit on all training parts, score every check set once.

    ``extra`` (a team's own labelled posts) becomes a fifth domain, ``tim``: a third of
    every label checks, the rest trains.
    """
    step = on_step or (lambda _text: None)
    domains = load_domains(shared)
    if extra is not None and len(extra):
        fit, held = split_holdout(extra, 1 / 3, seed)
        domains.append(Domain("tim", "unggahan berlabel tim", fit, held))
    # the word list stays in ``shared``: every model fitted here carries the classes read now
    words = read_sentiment_lexicon(sentiment_lexicon_path(shared))

    def new_model(**params: Any) -> SentimentModel:
        model = SentimentModel(**params)
        model.lexicon_ = words
        return model

    report = ProtocolReport(
        sizes={d.name: {"train": len(d.train), "check": len(d.check)} for d in domains},
        lexicon={
            "source": "SentiStrengthID (Wahid & Azhari 2016), GPL-3.0",
            "read_from": "../shared/data/sentiment-extra/sentistrength-id/sentimentword.txt",
            "word_classes_in_model": len(words),
        },
    )
    train = training_set(domains)
    labels = np.asarray(train.labels)
    fold = _folds(domains, folds, seed)
    owner = np.concatenate([np.full(len(d.train), i) for i, d in enumerate(domains)])
    step("fitur teks latih")
    counts: sparse.csr_matrix = new_model()._counts(train.texts)
    oof: dict[Config, F64] = {}
    for config in configs:
        logits = np.zeros((len(train), len(LABELS)))
        weights = _weights(domains, config.tweet_weight)
        for k in range(folds):
            step(f"validasi silang {config.name}, lipatan {k + 1}/{folds}")
            fit = fold != k
            model = new_model(C=config.C, tol=1e-3)._fit_counts(
                counts[fit], labels[fit], weights[fit]
            )
            logits[~fit] = _held_logits(model, counts[~fit])
        oof[config] = logits
        proba = _softmax(logits.copy())
        per = {
            d.name: round(_domain_score(d, list(labels[owner == i]), proba[owner == i], LABELS), 4)
            for i, d in enumerate(domains)
        }
        report.cv.append(
            {"config": config.name, **per, "mean": round(np.mean(list(per.values())), 4)}
        )
    best = max(range(len(configs)), key=lambda i: report.cv[i]["mean"])
    chosen = configs[best]
    report.chosen = chosen.name
    truth = np.searchsorted(np.asarray(LABELS), labels)
    report.temperature = _fit_temperature(oof[chosen], truth)
    # the band is drawn where the dashboards need it: on political text (reviews, which the
    # model reads far better, would otherwise set it for every text)
    political = np.isin(owner, [i for i, d in enumerate(domains) if d.name in POLITICAL])
    report.abstain_below = _abstain_below(
        _softmax(oof[chosen][political] / report.temperature), truth[political]
    )

    step(f"model akhir {chosen.name}")
    model = new_model(C=chosen.C, tol=1e-3, name="smsa-prdect-pilpres-posts")
    model.fit(train.texts, train.labels, _weights(domains, chosen.tweet_weight))
    model.temperature_ = report.temperature
    model.abstain_below_ = report.abstain_below
    model.version_ = model._version()
    step("garis dasar pada semua data latih")
    baseline = plain_baseline().fit(train.texts, train.labels)
    for domain in domains:  # the check sets, scored once
        report.final.append(_row(domain, "semua domain", model, baseline))
    if cross_domain:
        for source in domains:
            if source.name in ("posts", "tim"):
                continue
            step(f"lintas domain: latih pada {source.name}")
            alone = new_model(C=chosen.C, tol=1e-3).fit(source.train.texts, source.train.labels)
            plain = plain_baseline().fit(source.train.texts, source.train.labels)
            for target in domains:
                report.cross.append(_row(target, source.name, alone, plain))
    model.metadata_ = {
        "trained_on": [d.name for d in domains],
        "chosen": report.chosen,
        "cv": report.cv,
        "check": report.final,
    }
    return model, report


def _held_logits(model: SentimentModel, counts: sparse.csr_matrix) -> F64:
    sums = counts @ model.table_
    norm = np.sqrt(sums[:, -1])
    norm[norm == 0] = 1.0
    logits: F64 = sums[:, :-1] / norm[:, None] + model.intercept_
    return logits


def _row(domain: Domain, trained_on: str, model: SentimentModel, baseline: Any) -> dict[str, Any]:
    proba = model.predict_proba(domain.check.texts)
    ours = score(domain.check.labels, proba, model.classes_)
    plain = score(
        domain.check.labels, baseline.predict_proba(domain.check.texts), baseline.classes_
    )
    return {
        "check": domain.name,
        "trained_on": trained_on,
        "n": len(domain.check),
        "ours_macro_f1": _round(ours["macro_f1"]),
        "ours_binary_f1": _round(ours["binary_f1"]),
        "baseline_macro_f1": _round(plain["macro_f1"]),
        "baseline_binary_f1": _round(plain["binary_f1"]),
        **calibration(domain.check.labels, proba, model.classes_, model.abstain_below_),
    }


def calibration(
    labels: Sequence[str], proba: F64, classes: Any, abstain_below: float
) -> dict[str, float]:
    """Expected calibration error of the top probability (10 bins), and the share of texts
    the model is sure of with its accuracy on them."""
    names = np.asarray([str(c) for c in classes])
    truth = np.asarray(labels)
    top = proba.max(axis=1)
    right = names[proba.argmax(axis=1)] == truth
    bins = np.minimum((top * 10).astype(int), 9)
    ece = sum(
        abs(right[bins == b].mean() - top[bins == b].mean()) * (bins == b).mean()
        for b in range(10)
        if (bins == b).any()
    )
    sure = top >= abstain_below
    return {
        "ece": round(float(ece), 4),
        "sure_share": round(float(sure.mean()), 4),
        "sure_accuracy": round(float(right[sure].mean()) if sure.any() else 0.0, 4),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
