"""Reading labelled texts: SmSA TSV files and CSV files of posts labelled by a team.

Every problem is reported as ``CorpusError`` naming the file and the 1-based line, so the
command line can print one plain sentence instead of a traceback.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

__all__ = [
    "LABELS",
    "CorpusError",
    "LabelledTexts",
    "canonical_label",
    "political_posts_path",
    "pool_labels_path",
    "read_labelled",
    "read_political",
    "read_pool_labels",
    "read_prdect",
    "read_smsa",
    "sentiment_lexicon_path",
    "shared_data_dir",
]

LABELS = ("negative", "neutral", "positive")
_SYNONYMS = {
    "negative": "negative", "negatif": "negative", "neg": "negative", "-1": "negative",
    "neutral": "neutral", "netral": "neutral", "neu": "neutral", "0": "neutral",
    "positive": "positive", "positif": "positive", "pos": "positive", "1": "positive",
}  # fmt: skip


class CorpusError(ValueError):
    """A labelled file cannot be read; ``line`` is 1-based (0 when the whole file is wrong)."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        where = f"{path}, baris {line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line


@dataclass
class LabelledTexts:
    """Texts and their labels, in file order."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # where each text comes from, when known

    def __len__(self) -> int:
        return len(self.texts)

    def __add__(self, other: LabelledTexts) -> LabelledTexts:
        return LabelledTexts(
            self.texts + other.texts, self.labels + other.labels, self.keys + other.keys
        )


def canonical_label(value: str) -> str | None:
    """``positive``/``neutral``/``negative`` for the usual spellings (also Indonesian)."""
    return _SYNONYMS.get(value.strip().lower())


def read_smsa(path: str | Path) -> LabelledTexts:
    """Read an SmSA file: ``text<TAB>label`` per line."""
    path = Path(path)
    out = LabelledTexts()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(path, 0, f"tidak dapat dibaca ({error.__class__.__name__})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        text, tab, raw = line.rpartition("\t")
        label = canonical_label(raw) if tab else None
        if label is None:
            raise CorpusError(
                path, number, "harus berisi teks<TAB>label (positive/neutral/negative)"
            )
        out.texts.append(text)
        out.labels.append(label)
        out.keys.append(f"{path.parent.name}/{path.stem}:{number}")
    return out


def read_labelled(
    path: str | Path,
    text_column: str = "text",
    label_column: str | None = "label",
    *,
    split: str | None = None,
    split_column: str = "split",
) -> LabelledTexts:
    """Read texts (and labels, unless ``label_column`` is None) from a CSV or TSV file.

    With ``split``, only the rows whose ``split_column`` holds that value are read.
    """
    path = Path(path)
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    out = LabelledTexts()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            header = reader.fieldnames or []
            wanted = (text_column, label_column, split_column if split is not None else None)
            for column in wanted:
                if column is not None and column not in header:
                    found = ", ".join(header) or "tidak ada"
                    raise CorpusError(path, 1, f"kolom '{column}' tidak ada (kolom: {found})")
            for row in reader:
                number = reader.line_num
                if split is not None and (row.get(split_column) or "").strip() != split:
                    continue
                text = row.get(text_column)
                if text is None:
                    raise CorpusError(path, number, "jumlah kolom kurang dari judul kolom")
                out.texts.append(text)
                out.keys.append(f"{path.stem}:{number}")
                if label_column is not None:
                    raw = row.get(label_column) or ""
                    label = canonical_label(raw)
                    if label is None:
                        message = f"label '{raw}' bukan positive/neutral/negative"
                        raise CorpusError(path, number, message)
                    out.labels.append(label)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CorpusError(path, 0, f"tidak dapat dibaca ({error})") from None
    return out


def political_posts_path() -> Path:
    """The project's labelled political posts (``text``, ``label``, ``split`` columns)."""
    folder = resources.files("kampanye.nlp").joinpath("data", "political", "posts.tsv")
    return Path(str(folder))


def read_political(split: str | None = None) -> LabelledTexts:
    """The project's political posts: all of them, or the ``train`` or ``test`` split."""
    return read_labelled(political_posts_path(), split=split)


def shared_data_dir() -> Path:
    """``../shared/data`` beside the checkout, where the raw corpora stay (never shipped)."""
    return Path(__file__).resolve().parents[4] / "shared" / "data"


def sentiment_lexicon_path(shared: str | Path | None = None) -> Path:
    """The SentiStrengthID word list in ``shared`` (by default ``../shared/data``): read when a
    model is trained, never shipped; a trained model carries the word classes it derived."""
    folder = Path(shared) if shared is not None else shared_data_dir()
    return folder / "sentiment-extra" / "sentistrength-id" / "sentimentword.txt"


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_prdect(path: str | Path) -> tuple[LabelledTexts, LabelledTexts]:
    """PRDECT-ID product reviews (positive/negative) as (train, check): a third of them, by a
    hash of the text, is the check set. Reviews whose stars contradict their label (negative
    with 4–5 stars, positive with 3 or fewer) are left out of both."""
    train, check = LabelledTexts(), LabelledTexts()
    for number, row in enumerate(_tsv_rows(path), start=2):
        label = canonical_label(row.get("label") or "")
        stars = (row.get("stars") or "").strip()
        if label is None or not stars.isdigit():
            raise CorpusError(path, number, "label atau stars tidak sah")
        if (label == "negative" and int(stars) >= 4) or (label == "positive" and int(stars) <= 3):
            continue
        text = row["text"]
        key = _text_key(text)
        part = check if int(key, 16) % 3 == 0 else train
        part.texts.append(text)
        part.labels.append(label)
        part.keys.append(f"prdect:{key}")
    return train, check


def pool_labels_path() -> Path:
    """The project's labels of tweets in the pilpres-2024 pool (key, line, label, labeller,
    date, split); the tweets themselves stay in ``../shared``."""
    folder = resources.files("kampanye.nlp").joinpath("data", "political", "pool_labels.tsv")
    return Path(str(folder))


def read_pool_labels(pool: str | Path, split: str | None = None) -> LabelledTexts:
    """The labelled tweets of the pool file ``pool`` (``tweets.tsv``): all, ``train`` or
    ``check``. A label whose tweet is not in the pool is an error naming its line."""
    texts = {_text_key(row["text"]): row["text"] for row in _tsv_rows(pool)}
    out = LabelledTexts()
    for number, row in enumerate(_tsv_rows(pool_labels_path()), start=2):
        if split is not None and row["split"] != split:
            continue
        text = texts.get(row["key"])
        label = canonical_label(row["label"])
        if text is None or label is None:
            raise CorpusError(pool_labels_path(), number, f"kunci {row['key']} tidak ada di {pool}")
        out.texts.append(text)
        out.labels.append(label)
        out.keys.append(f"pilpres:{row['key']}")
    return out


def _tsv_rows(path: str | Path) -> list[dict[str, str]]:
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CorpusError(path, 0, f"tidak dapat dibaca ({error})") from None
