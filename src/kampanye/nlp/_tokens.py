"""Sentiment features built from each distinct token once, then summed per text.

A text's features are the features of its tokens (the word, its character 2–5-grams inside
``" token "``, its SentiStrengthID class), of each pair of neighbouring tokens, and of each
token in a negation's scope ("negated w", "negated positive word"). The first part depends
on the token alone, so a model scores it once per distinct token and keeps the sum of its
table rows; scoring a text is then one table row per token and one per token pair, which is
what lets the model score tens of thousands of texts a second on one core.

Training builds the same features as sparse counts (``TokenFeatures.counts``), prediction as
sums of table rows (``TokenTable.score``); both come from the same token features, so they
agree (tested).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kampanye.nlp._corpus import CorpusError
from kampanye.nlp._features import NEGATORS, SCOPE_ENDS, HashedNgrams, _powers, _word_hash

if TYPE_CHECKING:
    from scipy import sparse

    from kampanye.nlp._normalize import Normalizer

__all__ = ["TokenFeatures", "TokenTable", "read_sentiment_lexicon", "split_tokens"]

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]
B = npt.NDArray[np.bool_]

_PAIR_SALT = 102
_NEGATED_SALT = 200
_LEXICON_SALT = 300
_PAIR_MULTIPLIER = np.uint32(0x2C1B3C6D)
# SentiStrengthID scores (−5…+5) fall into four classes: strong or weak, positive or negative
LEXICON_CLASSES = ("<lex-kuat>", "<lex->", "<lex+>", "<lex+kuat>")
_TABLE_LIMIT = 500_000  # distinct tokens a scorer remembers before it starts again


@lru_cache(maxsize=2)
def read_sentiment_lexicon(path: Path) -> dict[str, int]:
    """SentiStrengthID words as the normaliser writes them, each with its class (an index
    into ``LEXICON_CLASSES``); words scored 0 have none.

    Wahid & Azhari (2016), GPL-3.0. The word list stays in ``../shared`` and is read only to
    train (``sentiment_lexicon_path``); a trained model keeps these classes in its own file.
    """
    from kampanye.nlp._normalize import Normalizer

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(path, 0, f"tidak dapat dibaca ({error.__class__.__name__})") from None
    parts = [line.strip().rpartition(" ") for line in text.splitlines()]
    scored = [(w, s) for w, _, s in parts if w and s.lstrip("-").isdigit()]
    scores: dict[str, int] = {}
    normalised = Normalizer().normalize_many([w for w, _ in scored])
    for token, (_word, score) in zip(normalised, scored, strict=True):
        if token and " " not in token:
            scores.setdefault(token, int(score))
    return {token: lexicon_class(score) for token, score in scores.items() if score}


def lexicon_class(score: int) -> int:
    """Index into ``LEXICON_CLASSES`` of a non-zero score."""
    return (0 if score <= -3 else 1) if score < 0 else (2 if score < 3 else 3)


def split_tokens(batch: str) -> tuple[list[str], I64, I64]:
    """The tokens of a normalised batch (one text a line), the index of each line's first
    token, and the line of each token."""
    per_line = list(map(str.split, batch.split("\n")))
    lengths = np.fromiter(map(len, per_line), dtype=np.int64, count=len(per_line))
    starts = np.zeros(len(per_line), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    line_of = np.repeat(np.arange(len(per_line), dtype=np.int64), lengths)
    return list(chain.from_iterable(per_line)), starts, line_of


@dataclass(frozen=True)
class TokenFeatures:
    """Which features a token, a token pair and a negated token give (hashed buckets).

    ``lexicon`` maps a token to its SentiStrengthID class (``read_sentiment_lexicon``, or
    the classes a trained model carries); empty, no token gives a class feature.
    """

    n_bits: int = 19
    char_ngrams: tuple[int, int] = (2, 5)
    negation_scope: int = 3
    lexicon: Mapping[str, int] = field(default_factory=dict, hash=False)

    @property
    def n_features(self) -> int:
        """Buckets, plus one always-zero bucket (nothing counts there)."""
        return int(2**self.n_bits) + 1

    def _hasher(self) -> HashedNgrams:
        return HashedNgrams(self.n_bits, (1, 1), tuple(self.char_ngrams), 0)  # type: ignore[arg-type]

    def _bucket(self, hashes: U32, salt: int) -> I64:
        return self._hasher()._bucket(hashes.astype(np.uint32), salt)

    def token_counts(self, tokens: list[str]) -> sparse.csr_matrix:
        """Counts of the features each token gives alone (tokens × ``n_features``)."""
        from scipy import sparse

        counts = self._hasher().transform(" " + " \n ".join(tokens) + " ") if tokens else None
        if counts is None:
            return sparse.csr_matrix((0, self.n_features), dtype=np.float64)
        if self.lexicon:
            counts = counts + self._lexicon_counts(tokens, negated=False)
        return counts.tocsr()

    def negated_counts(self, tokens: list[str]) -> sparse.csr_matrix:
        """Counts of the features a token gives when it lies in a negation's scope."""
        from scipy import sparse

        n = len(tokens)
        buckets = self._bucket(self.hashes(tokens), _NEGATED_SALT)
        counts = sparse.csr_matrix(
            (np.ones(n), (np.arange(n), buckets)), shape=(n, self.n_features)
        )
        if self.lexicon:
            counts = counts + self._lexicon_counts(tokens, negated=True)
        return counts.tocsr()

    def _lexicon_buckets(self, tokens: list[str], *, negated: bool) -> tuple[I64, I64]:
        """The tokens in the lexicon, and the bucket of each one's class."""
        words = self.lexicon
        rows = [i for i, t in enumerate(tokens) if t in words]
        classes = np.array([words[tokens[i]] for i in rows], dtype=np.int64)
        hashes = np.array(list(map(_word_hash, LEXICON_CLASSES)), dtype=np.uint32)
        salt = _LEXICON_SALT + (1 if negated else 0)
        buckets = self._bucket(hashes, salt)[classes] if rows else np.zeros(0, np.int64)
        return np.asarray(rows, dtype=np.int64), buckets

    def _lexicon_counts(self, tokens: list[str], *, negated: bool) -> sparse.csr_matrix:
        from scipy import sparse

        rows, buckets = self._lexicon_buckets(tokens, negated=negated)
        return sparse.csr_matrix(
            (np.ones(rows.shape[0]), (rows, buckets)), shape=(len(tokens), self.n_features)
        )

    def token_sums(self, tokens: list[str], table: F32) -> tuple[F32, F32]:
        """``token_counts(tokens) @ table`` and ``negated_counts(tokens) @ table``, summed
        straight from the table's rows (no sparse matrix: this runs for every new token)."""
        batch = " " + " \n ".join(tokens) + " "
        alone = self._hasher().score(batch, table).astype(np.float32)
        negated = table[self._bucket(self.hashes(tokens), _NEGATED_SALT)]
        if self.lexicon:
            for out, flag in ((alone, False), (negated, True)):
                rows, buckets = self._lexicon_buckets(tokens, negated=flag)
                out[rows] += table[buckets]
        return alone, negated

    @staticmethod
    def hashes(tokens: list[str]) -> U32:
        """Each token's word hash, ``_word_hash(token)``, for all tokens at once in numpy."""
        if not tokens:
            return np.zeros(0, dtype=np.uint32)
        codes = np.frombuffer(" ".join(tokens).encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        ends = np.cumsum(lengths + 1) - 1
        starts = ends - lengths
        powers, inverse = _powers(codes.shape[0])
        prefix = np.zeros(codes.shape[0] + 1, dtype=np.uint32)
        np.cumsum(codes * inverse, dtype=np.uint32, out=prefix[1:])
        hashes: U32 = (prefix[ends] - prefix[starts]) * powers[ends - 1]
        return hashes

    @staticmethod
    def kinds(tokens: list[str]) -> tuple[B, B]:
        """Whether each token is a negator, and whether it ends a negation's scope."""
        negators = set(NEGATORS)
        ends = set(SCOPE_ENDS)
        negator = np.fromiter((t in negators for t in tokens), dtype=bool, count=len(tokens))
        stop = np.fromiter(
            (t in ends or (len(t) == 1 and not t.isalnum()) for t in tokens),
            dtype=bool,
            count=len(tokens),
        )
        return negator, stop

    # -- context: pairs and negation scopes over a batch of token ids ----------------------
    def pair_buckets(self, hashes: U32, line_of: I64) -> I64:
        """Bucket of each pair (token k, token k + 1); pairs across two texts get the
        always-zero bucket."""
        if hashes.shape[0] < 2:
            return np.zeros(0, dtype=np.int64)
        pairs = hashes[:-1] * _PAIR_MULTIPLIER + hashes[1:]
        buckets = self._bucket(pairs, _PAIR_SALT)
        buckets[line_of[:-1] != line_of[1:]] = 2**self.n_bits
        return buckets

    def in_scope(self, negator: B, stop: B, line_of: I64) -> B:
        """Whether each token lies within ``negation_scope`` tokens after a negator, in the
        same text, with no punctuation mark or contrast word between them (or being it)."""
        n = negator.shape[0]
        scoped = np.zeros(n, dtype=bool)
        if self.negation_scope <= 0 or not negator.any():
            return scoped
        stops = np.cumsum(stop, dtype=np.int64)
        for distance in range(1, min(self.negation_scope, n - 1) + 1):
            k, j = slice(distance, None), slice(None, n - distance)
            scoped[k] |= negator[j] & (line_of[k] == line_of[j]) & (stops[k] == stops[j])
        return scoped

    def counts(self, batch: str) -> sparse.csr_matrix:
        """Feature counts of every line of a normalised batch (texts × ``n_features``)."""
        from scipy import sparse

        tokens, starts, line_of = split_tokens(batch)
        n_lines = starts.shape[0]
        vocabulary = list(dict.fromkeys(tokens))
        index = {t: i for i, t in enumerate(vocabulary)}
        ids = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        shape = (n_lines, len(vocabulary))
        ones = np.ones(len(tokens))
        occurrences = sparse.csr_matrix((ones, (line_of, ids)), shape=shape)
        out = occurrences @ self.token_counts(vocabulary)
        hashes = self.hashes(vocabulary)[ids]
        pairs = self.pair_buckets(hashes, line_of)
        inside = pairs != 2**self.n_bits
        out = out + sparse.csr_matrix(
            (ones[: pairs.shape[0]][inside], (line_of[:-1][inside], pairs[inside])),
            shape=(n_lines, self.n_features),
        )
        negator, stop = self.kinds(vocabulary)
        scoped = self.in_scope(negator[ids], stop[ids], line_of)
        if scoped.any():
            negated = sparse.csr_matrix((ones[scoped], (line_of[scoped], ids[scoped])), shape=shape)
            out = out + negated @ self.negated_counts(vocabulary)
        return out.tocsr()


class TokenTable:
    """A trained table turned into sums per distinct token, learned as texts arrive.

    ``table`` has one row per feature (the last one all zeros). Each distinct token gets the
    sum of the table rows of its own features (``alone``) and of its features when negated
    (``negated``); each distinct whitespace-separated piece of raw lower-cased text gets the
    tokens the normaliser makes of it. Token 0 is the line break between two texts: its rows
    are zero, it ends every negation scope and no pair is made with it. Scoring a batch is
    then one dictionary look-up per piece in Python and the rest in numpy.
    """

    def __init__(
        self,
        features: TokenFeatures,
        table: F32,
        normalizer: Normalizer,
        vocabulary: Sequence[str] = (),
    ) -> None:
        self.features, self.table, self.normalizer = features, table, normalizer
        self.vocabulary = list(vocabulary)
        self._reset()

    def _reset(self) -> None:
        width = self.table.shape[1]
        self.tokens: dict[str, int] = {}
        self.alone = np.zeros((1, width), dtype=np.float32)
        self.negated = np.zeros((1, width), dtype=np.float32)
        self.hashes = np.zeros(1, dtype=np.uint32)
        self.negator = np.zeros(1, dtype=bool)
        self.stop = np.ones(1, dtype=bool)
        # piece -> index into piece_start/piece_length; its tokens are
        # piece_tokens[piece_start[i] : piece_start[i] + piece_length[i]]
        self.pieces: dict[str, int] = {"\n": 0, "": 1}
        self.piece_start = np.array([0, 0], dtype=np.int64)
        self.piece_length = np.array([1, 0], dtype=np.int64)
        self.piece_tokens = np.zeros(1, dtype=np.int64)
        if self.vocabulary:  # the model's common tokens: a text seen first is fast too
            self._learn_tokens(self.vocabulary)
            # a token is also the piece of raw text that normalises to it alone
            ids = np.arange(1, len(self.vocabulary) + 1, dtype=np.int64)
            self._add_pieces(self.vocabulary, ids, np.ones(len(ids), dtype=np.int64))

    def _learn_tokens(self, tokens: list[str]) -> None:
        features, table = self.features, self.table
        self.tokens.update(
            zip(tokens, range(len(self.alone), len(self.alone) + len(tokens)), strict=True)
        )
        negator, stop = features.kinds(tokens)
        alone, negated = features.token_sums(tokens, table)
        self.alone = np.concatenate([self.alone, alone])
        self.negated = np.concatenate([self.negated, negated])
        self.hashes = np.concatenate([self.hashes, features.hashes(tokens)])
        self.negator = np.concatenate([self.negator, negator])
        self.stop = np.concatenate([self.stop, stop])

    def _learn_pieces(self, pieces: list[str]) -> None:
        if len(self.pieces) + len(pieces) > _TABLE_LIMIT or len(self.tokens) > _TABLE_LIMIT:
            self._reset()
            pieces = [p for p in pieces if p not in self.pieces]
        split = list(map(str.split, self.normalizer.normalize_pieces(pieces)))
        new = set(chain.from_iterable(split)).difference(self.tokens)
        if new:
            self._learn_tokens(sorted(new))
        ids = np.fromiter(map(self.tokens.__getitem__, chain.from_iterable(split)), np.int64)
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        self._add_pieces(pieces, ids, lengths)

    def _add_pieces(self, pieces: list[str], ids: I64, lengths: I64) -> None:
        starts = np.zeros(len(pieces), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        self.pieces.update(
            zip(pieces, range(len(self.pieces), len(self.pieces) + len(pieces)), strict=True)
        )
        self.piece_start = np.concatenate([self.piece_start, starts + len(self.piece_tokens)])
        self.piece_length = np.concatenate([self.piece_length, lengths])
        self.piece_tokens = np.concatenate([self.piece_tokens, ids])

    def _ids(self, texts: list[str]) -> I64:
        """Token ids of the texts, with token 0 between two texts."""
        batch = " \n ".join(texts)
        if batch.count("\n") != len(texts) - 1:
            batch = " \n ".join(t.replace("\n", " ") for t in texts)
        pieces = batch.lower().split(" ")
        found = list(map(self.pieces.get, pieces))
        if None in found:
            self._learn_pieces(list(set(pieces).difference(self.pieces)))
            found = list(map(self.pieces.__getitem__, pieces))
        index = np.fromiter(found, dtype=np.int64, count=len(found))
        lengths = self.piece_length[index]
        total = int(lengths.sum())
        ends = np.cumsum(lengths)
        offsets = np.arange(total, dtype=np.int64) - np.repeat(ends - lengths, lengths)
        ids: I64 = self.piece_tokens[np.repeat(self.piece_start[index], lengths) + offsets]
        return ids

    def score(self, texts: list[str]) -> F32:
        """Sum of the table rows of every feature of every text (texts × table width)."""
        ids = self._ids(texts)
        rows = self.alone[ids]
        breaks = np.flatnonzero(ids == 0)
        features = self.features
        line_of = np.zeros(ids.shape[0], dtype=np.int64)
        line_of[breaks] = 1
        np.cumsum(line_of, out=line_of)
        line_of[breaks] -= 1  # a line break belongs to the text it ends
        hashes = self.hashes[ids]
        pairs = features.pair_buckets(hashes, line_of)
        if pairs.shape[0]:
            pairs[(ids[:-1] == 0) | (ids[1:] == 0)] = 2**features.n_bits
            rows[:-1] += np.take(self.table, pairs, axis=0, mode="clip")
        scoped = features.in_scope(self.negator[ids], self.stop[ids], line_of)
        if scoped.any():
            rows[scoped] += self.negated[ids[scoped]]
        starts = np.concatenate(([0], breaks + 1))
        if rows.shape[0] == 0:
            return np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        sums: F32 = np.add.reduceat(rows, np.minimum(starts, rows.shape[0] - 1), axis=0)
        sums[starts >= rows.shape[0]] = 0
        return sums
