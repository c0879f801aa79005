"""Three-class sentiment (negative / neutral / positive) as a fast hashed linear model.

Training uses scikit-learn's logistic regression on TF-IDF-weighted hashed n-grams; the
learned weights are folded into one table (bucket → idf·weight per class, plus idf² for the
norm) and saved as ``.npz``. Prediction needs only numpy: normalise the batch, sum table rows
over each text's n-grams, divide by the norm, add the intercept, softmax.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin

from kampanye.nlp._features import HashedNgrams
from kampanye.nlp._normalize import Normalizer

__all__ = ["Prediction", "SentimentModel", "default_model", "shipped_model_path"]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
FORMAT = "kampanye-sentiment-1"


@dataclass(frozen=True)
class Prediction:
    """One text's label, the probability of every class, and the model that said so."""

    label: str
    proba: dict[str, float]
    model_version: str


def shipped_model_path() -> Path:
    """Where the shipped model (SmSA + the project's political posts) lies in the package."""
    return Path(str(resources.files("kampanye.nlp").joinpath("models", "sentiment.npz")))


class SentimentModel(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Hashed word (1–2) and character (3–5) n-grams, TF-IDF, multinomial logistic regression.

    ``negation_scope`` > 0 adds a feature "negated w" for each word w up to that many words
    after a negator (tidak, bukan, belum, jangan, tanpa) within one clause.
    ``fit(texts, labels)`` takes raw texts; ``predict_proba`` returns one row per text with
    columns in the order of ``classes_``. ``version_`` names the learned weights.
    """

    def __init__(
        self,
        *,
        n_bits: int = 19,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (3, 5),
        negation_scope: int = 0,
        C: float = 10.0,
        min_df: int = 2,
        max_iter: int = 3000,
        batch_size: int = 2000,
        name: str = "smsa",
    ) -> None:
        self.n_bits = n_bits
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.negation_scope = negation_scope
        self.C = C
        self.min_df = min_df
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.name = name

    # -- shared pieces -----------------------------------------------------------------
    def _hasher(self) -> HashedNgrams:
        return HashedNgrams(
            n_bits=self.n_bits,
            word_ngrams=tuple(self.word_ngrams),  # type: ignore[arg-type]
            char_ngrams=tuple(self.char_ngrams),  # type: ignore[arg-type]
            negation_scope=self.negation_scope,
        )

    @staticmethod
    def _normalizer() -> Normalizer:
        return _shared_normalizer()

    def _counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        hasher, normalizer = self._hasher(), self._normalizer()
        blocks = [
            hasher.transform(normalizer.normalize_batch(texts[i : i + self.batch_size]))
            for i in range(0, len(texts), self.batch_size)
        ]
        return sparse.vstack(blocks).tocsr()

    # -- training ----------------------------------------------------------------------
    def fit(
        self,
        X: Sequence[str],
        y: Sequence[str],
        sample_weight: Sequence[float] | npt.NDArray[np.floating[Any]] | None = None,
    ) -> Self:
        """Learn from raw texts ``X`` and their labels ``y`` (optionally weighted)."""
        from sklearn.linear_model import LogisticRegression

        texts = _as_texts(X)
        labels = np.asarray(y).astype(str)
        if len(texts) != labels.shape[0]:
            raise ValueError(f"{len(texts)} teks tetapi {labels.shape[0]} label")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if weights is not None and weights.shape != (len(texts),):
            raise ValueError(f"{len(texts)} teks tetapi {weights.shape[0]} bobot")
        counts = self._counts(texts)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)
        idf[df < self.min_df] = 0.0
        idf[-1] = 0.0
        weighted = counts.multiply(idf[None, :]).tocsr()
        norms = np.sqrt(np.asarray(counts.multiply((idf**2)[None, :]).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        features = sparse.diags(1.0 / norms) @ weighted
        classifier = LogisticRegression(C=self.C, max_iter=self.max_iter)
        classifier.fit(features, labels, sample_weight=weights)
        self.classes_ = classifier.classes_
        coef = classifier.coef_.astype(np.float32)
        table = np.zeros((counts.shape[1], len(self.classes_) + 1), dtype=np.float32)
        table[:, :-1] = (coef * idf[None, :]).T
        table[:, -1] = idf**2
        self.table_ = table
        self.intercept_ = classifier.intercept_.astype(np.float32)
        self.n_train_ = len(texts)
        self.created_ = datetime.now(UTC).strftime("%Y-%m-%d")
        self.version_ = self._version()
        return self

    def _version(self) -> str:
        digest = hashlib.sha256(self.table_.tobytes() + self.intercept_.tobytes()).hexdigest()
        return f"{self.name}-lr-{self.created_.replace('-', '')}-{digest[:8]}"

    # -- prediction --------------------------------------------------------------------
    def decision_function(self, X: Sequence[str]) -> F64:
        """Class logits, one row per text."""
        texts = _as_texts(X)
        normalizer = self._normalizer()
        return self._logits(texts, normalizer.normalize_batch)

    def _logits(self, texts: list[str], batch_of: Callable[[list[str]], str]) -> F64:
        """Class logits of ``texts``, each chunk of them turned into one normalised batch
        (one text a line) by ``batch_of``."""
        hasher = self._hasher()
        out = np.empty((len(texts), len(self.classes_)), dtype=np.float64)
        for i in range(0, len(texts), self.batch_size):
            chunk = texts[i : i + self.batch_size]
            sums = hasher.score(batch_of(chunk), self.table_)
            norm = np.sqrt(sums[:, -1])
            norm[norm == 0] = 1.0
            out[i : i + len(chunk)] = sums[:, :-1] / norm[:, None] + self.intercept_
        return out

    def predict_proba(self, X: Sequence[str]) -> F64:
        """Probability of each class (columns in ``classes_`` order), one row per text."""
        return _softmax(self.decision_function(X))

    def predict_proba_normalized(self, texts: Sequence[str]) -> F64:
        """``predict_proba`` of texts already normalised (as ``normalize`` or
        ``Normalizer().normalize_many`` give them): the same rows, without normalising again.

        The model scores a text by its normalised lines, and only through the n-grams of its
        tokens with one space around each (runs of spaces count as one), so ``" " + norm + " "``
        is the line ``normalize_batch`` would give.
        """
        texts = _as_texts(texts)
        if any("\n" in t for t in texts):
            raise ValueError("teks yang sudah dinormalisasi tidak berisi baris baru")
        return _softmax(self._logits(texts, _as_batch))

    def predict(self, X: Sequence[str]) -> npt.NDArray[np.str_]:
        """The most probable class of each text."""
        labels: npt.NDArray[np.str_] = self.classes_[self.decision_function(X).argmax(axis=1)]
        return labels

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        """Label, class probabilities and model version for each text."""
        proba = self.predict_proba(texts)
        names = [str(c) for c in self.classes_]
        return [
            Prediction(
                label=names[int(row.argmax())],
                proba={n: round(float(p), 4) for n, p in zip(names, row, strict=True)},
                model_version=self.version_,
            )
            for row in proba
        ]

    # -- files -------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the learned weights (rows that are not all zero) and settings as ``.npz``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = np.flatnonzero(np.any(self.table_ != 0, axis=1)).astype(np.int32)
        meta = {
            "format": FORMAT,
            "version": self.version_,
            "created": self.created_,
            "n_train": self.n_train_,
            "params": self.get_params(),
            **getattr(self, "metadata_", {}),
        }
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                rows=rows,
                weights=self.table_[rows],
                intercept=self.intercept_,
                classes=np.asarray(self.classes_, dtype=str),
                meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            )
        return path

    @classmethod
    def load(cls, path: str | Path) -> SentimentModel:
        """Read a model written by ``save`` (no pickle involved)."""
        with np.load(Path(path), allow_pickle=False) as data:
            meta: dict[str, Any] = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT:
                raise ValueError(f"{path}: bukan berkas model sentimen kampanye")
            params = meta["params"]
            params["word_ngrams"] = tuple(params["word_ngrams"])
            params["char_ngrams"] = tuple(params["char_ngrams"])
            model = cls(**params)
            width = data["weights"].shape[1]
            table = np.zeros((2**model.n_bits + 1, width), dtype=np.float32)
            table[data["rows"]] = data["weights"]
            model.table_ = table
            model.intercept_ = data["intercept"].astype(np.float32)
            model.classes_ = data["classes"].astype(str)
        model.created_ = meta["created"]
        model.n_train_ = meta["n_train"]
        model.version_ = meta["version"]
        model.metadata_ = {
            k: v for k, v in meta.items() if k not in {"format", "version", "created", "params"}
        }
        return model


def _softmax(logits: F64) -> F64:
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    proba: F64 = exp / exp.sum(axis=1, keepdims=True)
    return proba


def _as_batch(norms: list[str]) -> str:
    return " " + " \n ".join(norms) + " "


def _as_texts(X: Sequence[str]) -> list[str]:
    texts = list(X)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("SentimentModel hanya menerima teks (str)")
    return texts


@lru_cache(maxsize=1)
def _shared_normalizer() -> Normalizer:
    return Normalizer()


@lru_cache(maxsize=1)
def default_model() -> SentimentModel:
    """The model shipped in the package (loaded once per process)."""
    return SentimentModel.load(shipped_model_path())
