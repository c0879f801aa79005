"""Three-class sentiment (negative / neutral / positive) as a fast hashed linear model.

Training uses scikit-learn's logistic regression on TF-IDF-weighted hashed token features
(``_tokens``); the learned weights are folded into one table (bucket → idf·weight per class,
plus idf² for the norm) and saved as ``.npz``. Prediction needs only numpy: the table's rows
summed once per distinct token (``TokenTable``), then per text, divided by the norm, plus the
intercept, over the temperature, softmax. Neither scikit-learn nor scipy is imported until a
model is trained.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import numpy as np
import numpy.typing as npt

from kampanye.nlp._corpus import sentiment_lexicon_path
from kampanye.nlp._normalize import Normalizer
from kampanye.nlp._tokens import TokenFeatures, TokenTable, read_sentiment_lexicon

if TYPE_CHECKING:
    from scipy import sparse

__all__ = [
    "NetSentiment",
    "Prediction",
    "SentimentModel",
    "default_model",
    "net_sentiment",
    "shipped_model_path",
]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
FORMAT = "kampanye-sentiment-3"  # 3: the lexicon's word classes are in the file
VOCABULARY = 30_000  # common training tokens a model file lists


@dataclass(frozen=True)
class Prediction:
    """One text's label, the probability of every class, the model that said so, and whether
    it is sure enough to count in net sentiment."""

    label: str
    proba: dict[str, float]
    model_version: str
    sure: bool = True  # False: the top probability is below the model's abstain band


def shipped_model_path() -> Path:
    """Where the shipped model (SmSA + the project's political posts) lies in the package."""
    return Path(str(resources.files("kampanye.nlp").joinpath("models", "sentiment.npz")))


class _EstimatorParams:
    """``get_params``/``set_params``/``repr`` as scikit-learn estimators have them, without
    importing scikit-learn (a command that only scores must start fast)."""

    _estimator_type = "classifier"

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [p.name for p in signature.parameters.values() if p.kind == p.KEYWORD_ONLY]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's settings, as scikit-learn's ``clone`` reads them."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> Self:
        """Change constructor settings (an unknown name is an error)."""
        valid = set(self._param_names())
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"parameter {name!r} tidak dikenal untuk {type(self).__name__}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {
            p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()
        }
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if defaults.get(k) != v]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self) -> Any:
        from sklearn.utils import ClassifierTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(),
        )


class SentimentModel(_EstimatorParams):
    """Token features (word, character 2–5-grams, SentiStrengthID class), token pairs and
    negated tokens; TF-IDF; multinomial logistic regression; a temperature for calibration.

    ``negation_scope`` > 0 adds "negated w" for each token w up to that many tokens after a
    negator (tidak, bukan, belum, jangan, tanpa) within one clause; ``lexicon`` adds each
    token's SentiStrengthID class. ``fit(texts, labels)`` takes raw texts; ``predict_proba``
    returns one row per text with columns in the order of ``classes_``. ``version_`` names
    the learned weights; ``temperature_`` divides the logits (1 until calibrated) and
    ``abstain_below_`` is the top probability under which a prediction counts as unsure.
    """

    # learned by ``fit`` (or read by ``load``); none is set before
    classes_: npt.NDArray[np.str_]
    table_: F32
    intercept_: F32
    temperature_: float
    abstain_below_: float
    vocabulary_: list[str]
    lexicon_: dict[str, int]
    n_train_: int
    created_: str
    version_: str
    metadata_: dict[str, Any]

    def __init__(
        self,
        *,
        n_bits: int = 19,
        char_ngrams: tuple[int, int] = (2, 5),
        negation_scope: int = 3,
        lexicon: bool = True,
        C: float = 3.0,
        class_weight: str | None = "balanced",
        min_df: int = 2,
        max_iter: int = 3000,
        tol: float = 1e-4,
        batch_size: int = 2000,
        name: str = "smsa",
    ) -> None:
        self.n_bits = n_bits
        self.char_ngrams = char_ngrams
        self.negation_scope = negation_scope
        self.lexicon = lexicon
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.name = name

    # -- shared pieces -----------------------------------------------------------------
    def _features(self) -> TokenFeatures:
        return TokenFeatures(
            n_bits=self.n_bits,
            char_ngrams=tuple(self.char_ngrams),  # type: ignore[arg-type]
            negation_scope=self.negation_scope,
            lexicon=self._word_classes(),
        )

    def _word_classes(self) -> dict[str, int]:
        """SentiStrengthID word -> class as this model reads text: the classes it was trained
        (or loaded) with; before training, read from the word list in ``../shared``."""
        if not self.lexicon:
            return {}
        if "lexicon_" not in self.__dict__:
            self.lexicon_ = read_sentiment_lexicon(sentiment_lexicon_path())
        return self.lexicon_

    @staticmethod
    def _normalizer() -> Normalizer:
        return _shared_normalizer()

    def _counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        from scipy import sparse

        features, normalizer = self._features(), self._normalizer()
        blocks = [
            features.counts(normalizer.normalize_batch(texts[i : i + self.batch_size]))
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
        texts = _as_texts(X)
        labels = np.asarray(y).astype(str)
        if len(texts) != labels.shape[0]:
            raise ValueError(f"{len(texts)} teks tetapi {labels.shape[0]} label")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if weights is not None and weights.shape != (len(texts),):
            raise ValueError(f"{len(texts)} teks tetapi {weights.shape[0]} bobot")
        self._fit_counts(self._counts(texts), labels, weights)
        self.vocabulary_ = self._common_tokens(texts)
        return self

    def _fit_counts(
        self,
        counts: sparse.csr_matrix,
        labels: npt.NDArray[np.str_],
        weights: npt.NDArray[np.float64] | None,
    ) -> Self:
        """Fit on feature counts already made (cross-validation makes them once for all
        folds); the vocabulary is left empty."""
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression

        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)
        idf[df < self.min_df] = 0.0
        idf[-1] = 0.0
        kept = np.flatnonzero(idf)  # fitting on the columns that can count is much faster
        used = counts[:, kept]
        norms = np.sqrt(np.asarray(used.multiply((idf[kept] ** 2)[None, :]).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        features = sparse.diags(1.0 / norms) @ used.multiply(idf[kept][None, :]).tocsr()
        classifier = LogisticRegression(
            C=self.C, max_iter=self.max_iter, class_weight=self.class_weight, tol=self.tol
        )
        classifier.fit(features, labels, sample_weight=weights)
        self.classes_ = classifier.classes_
        learned, intercept = classifier.coef_, classifier.intercept_
        if len(self.classes_) == 2:  # one logit for the second class: softmax of (0, it)
            learned = np.vstack([np.zeros_like(learned), learned])
            intercept = np.concatenate([[0.0], intercept])
        coef = np.zeros((len(self.classes_), counts.shape[1]), dtype=np.float32)
        coef[:, kept] = learned
        table = np.zeros((counts.shape[1], len(self.classes_) + 1), dtype=np.float32)
        table[:, :-1] = (coef * idf[None, :]).T
        table[:, -1] = idf**2
        self.table_ = table
        self.intercept_ = np.asarray(intercept, dtype=np.float32)
        self.temperature_ = 1.0
        self.abstain_below_ = 0.0
        self.vocabulary_ = []
        self.n_train_ = counts.shape[0]
        self.created_ = datetime.now(UTC).strftime("%Y-%m-%d")
        self.version_ = self._version()
        return self

    def _common_tokens(self, texts: list[str], top: int = VOCABULARY) -> list[str]:
        """The ``top`` most frequent tokens of the training texts: scored at load, so that a
        first batch finds most of its tokens ready."""
        normalizer = self._normalizer()
        seen: Counter[str] = Counter()
        for i in range(0, len(texts), self.batch_size):
            seen.update(normalizer.normalize_batch(texts[i : i + self.batch_size]).split())
        return [token for token, n in seen.most_common(top) if n > 1]

    def _version(self) -> str:
        digest = hashlib.sha256(self.table_.tobytes() + self.intercept_.tobytes()).hexdigest()
        return f"{self.name}-lr-{self.created_.replace('-', '')}-{digest[:8]}"

    # -- prediction --------------------------------------------------------------------
    def decision_function(self, X: Sequence[str]) -> F64:
        """Class logits, one row per text."""
        return self._logits(_as_texts(X))

    def _logits(self, texts: list[str]) -> F64:
        """Class logits of raw or normalised ``texts`` (normalising is idempotent)."""
        scorer = self._scorer()
        out = np.empty((len(texts), len(self.classes_)), dtype=np.float64)
        for i in range(0, len(texts), self.batch_size):
            chunk = texts[i : i + self.batch_size]
            sums = scorer.score(chunk)
            norm = np.sqrt(sums[:, -1])
            norm[norm == 0] = 1.0
            out[i : i + len(chunk)] = sums[:, :-1] / norm[:, None] + self.intercept_
        out /= self.temperature_
        return out

    def _scorer(self) -> TokenTable:
        """The table summed per distinct token, kept with the model and grown as it reads."""
        scorer: TokenTable | None = self.__dict__.get("_token_table")
        if scorer is None or scorer.table is not self.table_:
            vocabulary = getattr(self, "vocabulary_", ())
            scorer = TokenTable(self._features(), self.table_, self._normalizer(), vocabulary)
            self.__dict__["_token_table"] = scorer
        return scorer

    def predict_proba(self, X: Sequence[str]) -> F64:
        """Probability of each class (columns in ``classes_`` order), one row per text."""
        return _softmax(self.decision_function(X))

    def predict_proba_normalized(self, texts: Sequence[str]) -> F64:
        """``predict_proba`` of texts already normalised (as ``normalize`` or
        ``Normalizer().normalize_many`` give them): the same rows, since normalising a
        normalised text changes nothing."""
        texts = _as_texts(texts)
        if any("\n" in t for t in texts):
            raise ValueError("teks yang sudah dinormalisasi tidak berisi baris baru")
        return _softmax(self._logits(texts))

    def score(self, X: Sequence[str], y: Sequence[str]) -> float:
        """Accuracy on ``X`` against ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y).astype(str)))

    def predict(self, X: Sequence[str]) -> npt.NDArray[np.str_]:
        """The most probable class of each text."""
        labels: npt.NDArray[np.str_] = self.classes_[self.decision_function(X).argmax(axis=1)]
        return labels

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        """Label, class probabilities, whether the model is sure, and its version."""
        proba = self.predict_proba(texts)
        names = [str(c) for c in self.classes_]
        return [
            Prediction(
                label=names[int(row.argmax())],
                proba={n: round(float(p), 4) for n, p in zip(names, row, strict=True)},
                model_version=self.version_,
                sure=bool(row.max() >= self.abstain_below_),
            )
            for row in proba
        ]

    # -- files -------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the learned weights (rows that are not all zero) and settings as ``.npz``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = np.flatnonzero(np.any(self.table_ != 0, axis=1)).astype(np.int32)
        word_classes = self._word_classes()
        meta = {
            "format": FORMAT,
            "version": self.version_,
            "created": self.created_,
            "n_train": self.n_train_,
            "temperature": self.temperature_,
            "abstain_below": self.abstain_below_,
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
                vocabulary=_joined(self.vocabulary_),
                lexicon_words=_joined(list(word_classes)),
                lexicon_classes=np.fromiter(word_classes.values(), dtype=np.int8),
                meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            )
        return path

    @classmethod
    def load(cls, path: str | Path) -> SentimentModel:
        """Read a model written by ``save`` (no pickle involved)."""
        with np.load(Path(path), allow_pickle=False) as data:
            meta: dict[str, Any] = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT:
                older = str(meta.get("format", "")).startswith("kampanye-sentiment-")
                raise ValueError(
                    f"{path}: model sentimen kampanye versi lama, latih ulang dengan "
                    "kampanye nlp train"
                    if older
                    else f"{path}: bukan berkas model sentimen kampanye"
                )
            params = meta["params"]
            params["char_ngrams"] = tuple(params["char_ngrams"])
            model = cls(**params)
            width = data["weights"].shape[1]
            table = np.zeros((2**model.n_bits + 1, width), dtype=np.float32)
            table[data["rows"]] = data["weights"]
            model.table_ = table
            model.intercept_ = data["intercept"].astype(np.float32)
            model.classes_ = data["classes"].astype(str)
            model.vocabulary_ = _split(data["vocabulary"])
            words = _split(data["lexicon_words"])
            classes = data["lexicon_classes"].astype(int).tolist()
            model.lexicon_ = dict(zip(words, classes, strict=True))
        model.created_ = meta["created"]
        model.n_train_ = meta["n_train"]
        model.version_ = meta["version"]
        model.temperature_ = float(meta["temperature"])
        model.abstain_below_ = float(meta["abstain_below"])
        own = {"format", "version", "created", "params", "temperature", "abstain_below"}
        model.metadata_ = {k: v for k, v in meta.items() if k not in own}
        return model


@dataclass(frozen=True)
class NetSentiment:
    """Net sentiment of texts the model is sure of: (positive − negative) / sure texts.

    ``unsure`` texts (top probability under the model's abstain band) are counted apart
    rather than guessed; ``n`` is every text, so a dashboard can show how many it rests on.
    """

    positive: int
    neutral: int
    negative: int
    unsure: int

    @property
    def n(self) -> int:
        return self.positive + self.neutral + self.negative + self.unsure

    @property
    def sure(self) -> int:
        return self.n - self.unsure

    @property
    def net(self) -> float | None:
        """None when no text is sure: no figure rather than a figure from nothing."""
        return (self.positive - self.negative) / self.sure if self.sure else None


def net_sentiment(proba: F64, classes: Sequence[str], abstain_below: float) -> NetSentiment:
    """Count each text's label, or ``unsure`` when its top probability is under
    ``abstain_below`` (``SentimentModel.abstain_below_``)."""
    proba = np.asarray(proba, dtype=np.float64).reshape(-1, len(classes))
    names = np.asarray([str(c) for c in classes])
    sure = proba.max(axis=1) >= abstain_below if proba.shape[0] else np.zeros(0, dtype=bool)
    labels = names[proba.argmax(axis=1)][sure] if proba.shape[0] else names[:0]
    return NetSentiment(
        positive=int((labels == "positive").sum()),
        neutral=int((labels == "neutral").sum()),
        negative=int((labels == "negative").sum()),
        unsure=int((~sure).sum()),
    )


def _joined(words: list[str]) -> npt.NDArray[np.uint8]:
    """Words as one UTF-8 array, a line each (an npz without pickle holds no str objects)."""
    return np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)


def _split(data: npt.NDArray[np.uint8]) -> list[str]:
    text = data.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _softmax(logits: F64) -> F64:
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    proba: F64 = exp / exp.sum(axis=1, keepdims=True)
    return proba


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
