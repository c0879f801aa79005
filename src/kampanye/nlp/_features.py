"""Hashed word and character n-grams computed for a whole batch at once in numpy.

A batch arrives as one normalised string, one text per line (``Normalizer.normalize_batch``).
Its code points become one uint32 array; every n-gram is a polynomial hash over that array
(character n-grams by a rolling update, words and word pairs through prefix hashes), folded
into ``2**n_bits`` buckets by Fibonacci hashing. No Python code runs per n-gram, which is
what lets the sentiment model score tens of thousands of texts a second on one core.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["HashedNgrams"]

_P = 0x01000193  # odd, so invertible modulo 2**32
_P_INV = pow(_P, -1, 2**32)
_GOLDEN = 0x9E3779B1
_SPACE = 32
_NEWLINE = 10

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def _codes(batch: str) -> U32:
    return np.frombuffer(batch.encode("utf-32-le"), dtype=np.uint32)


_POWERS: list[tuple[U32, U32]] = []


def _powers(n: int) -> tuple[U32, U32]:
    """``P**i`` and ``P**-i`` modulo 2**32 for i < n (cached, grown by doubling)."""
    if not _POWERS or _POWERS[0][0].shape[0] < n:
        size = max(n, 2 * _POWERS[0][0].shape[0] if _POWERS else 1 << 16)
        ups = np.full(size, _P, dtype=np.uint32)
        downs = np.full(size, _P_INV, dtype=np.uint32)
        ups[0] = downs[0] = 1
        _POWERS[:] = [(np.cumprod(ups, dtype=np.uint32), np.cumprod(downs, dtype=np.uint32))]
    ups, downs = _POWERS[0]
    return ups[:n], downs[:n]


def _squeeze_spaces(codes: U32) -> U32:
    """One space between tokens, and one on each side of every line break."""
    space = codes == _SPACE
    keep = np.ones(codes.shape[0], dtype=bool)
    keep[1:] = ~(space[1:] & space[:-1])
    return codes[keep]


@dataclass(frozen=True)
class _Grams:
    """Buckets of the n-grams of a batch and where each one starts.

    Character n-gram ``k`` of ``chars[i]`` starts at position ``k``; word n-gram ``k`` of
    ``words[i]`` at ``word_positions[i][k]``. ``line_starts`` is each text's first position.
    """

    chars: list[I64]
    words: list[I64]
    word_positions: list[I64]
    line_starts: I64
    n_chars: int


@dataclass(frozen=True)
class HashedNgrams:
    """Word n-grams and character n-grams (across word boundaries) hashed into buckets."""

    n_bits: int = 19
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)

    @property
    def n_features(self) -> int:
        """Buckets, plus one always-zero bucket that n-grams crossing two texts fall into."""
        return int(2**self.n_bits) + 1

    def _bucket(self, hashes: U32, salt: int) -> I64:
        """Fibonacci hashing with a multiplier per kind of n-gram (in place on ``hashes``)."""
        multiplier = np.uint32((_GOLDEN + 2 * salt * 0x27D4EB2F) & 0xFFFFFFFF | 1)
        np.multiply(hashes, multiplier, out=hashes)
        np.right_shift(hashes, np.uint32(32 - self.n_bits), out=hashes)
        return hashes.astype(np.int64)

    def _grams(self, batch: str) -> _Grams:
        codes = _squeeze_spaces(_codes(batch))
        n = codes.shape[0]
        newlines = np.flatnonzero(codes == _NEWLINE)
        line_starts = np.concatenate(([0], newlines + 1)).astype(np.int64)
        dummy = 2**self.n_bits
        chars: list[I64] = []
        words: list[I64] = []
        word_positions: list[I64] = []
        low, high = self.char_ngrams
        rolling = codes.copy()
        for size in range(2, high + 1):
            rolling = rolling[:-1] * np.uint32(_P) + codes[size - 1 :]
            if size < low:
                continue
            bucket = self._bucket(rolling.copy() if size < high else rolling, size)
            crossing = (newlines[:, None] - np.arange(size)[None, :]).ravel()
            bucket[crossing[(crossing >= 0) & (crossing < bucket.shape[0])]] = dummy
            chars.append(bucket)
        self._word_grams(codes, words, word_positions)
        return _Grams(chars, words, word_positions, line_starts, n)

    def _word_grams(self, codes: U32, buckets: list[I64], positions: list[I64]) -> None:
        separator = (codes == _SPACE) | (codes == _NEWLINE)
        edges = np.diff(separator.astype(np.int8))
        starts = np.flatnonzero(edges == -1) + 1
        ends = np.flatnonzero(edges == 1) + 1
        if starts.shape[0] == 0:
            return
        ends = (
            ends[: starts.shape[0]]
            if ends.shape[0] >= starts.shape[0]
            else np.append(ends, codes.shape[0])
        )
        powers, inverse = _powers(codes.shape[0])
        prefix = np.zeros(codes.shape[0] + 1, dtype=np.uint32)
        np.cumsum(codes * inverse, dtype=np.uint32, out=prefix[1:])

        def span(first: I64, stop: I64) -> U32:
            return (prefix[stop] - prefix[first]) * powers[stop - 1]

        low, high = self.word_ngrams
        newlines = np.flatnonzero(codes == _NEWLINE)
        for size in range(low, high + 1):
            if size > starts.shape[0]:
                break
            first, stop = starts[: starts.shape[0] - size + 1], ends[size - 1 :]
            same_line = np.searchsorted(newlines, first) == np.searchsorted(newlines, stop - 1)
            buckets.append(self._bucket(span(first, stop), 100 + size)[same_line])
            positions.append(first[same_line])

    def transform(self, batch: str) -> sparse.csr_matrix:
        """Counts of every bucket in every line of ``batch`` (texts × ``n_features``)."""
        grams = self._grams(batch)
        n_lines = grams.line_starts.shape[0]
        line_of = np.searchsorted(grams.line_starts, np.arange(grams.n_chars), side="right") - 1
        rows = np.concatenate(
            [line_of[: b.shape[0]] for b in grams.chars]
            + [line_of[p] for p in grams.word_positions]
            + [np.zeros(0, dtype=np.int64)]
        )
        cols = np.concatenate([*grams.chars, *grams.words, np.zeros(0, dtype=np.int64)])
        inside = cols != 2**self.n_bits
        counts = sparse.csr_matrix(
            (np.ones(int(inside.sum()), dtype=np.float64), (rows[inside], cols[inside])),
            shape=(n_lines, self.n_features),
        )
        counts.sum_duplicates()
        return counts

    def score(self, batch: str, table: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Sum of ``table`` rows over every n-gram of every line: shape (lines, table columns).

        ``table`` has one row per feature; its last row, the crossing bucket, is all zeros.
        """
        grams = self._grams(batch)
        total = np.zeros((grams.n_chars, table.shape[1]), dtype=np.float32)
        for bucket in grams.chars:
            total[: bucket.shape[0]] += np.take(table, bucket, axis=0)
        sums: npt.NDArray[np.float32] = np.add.reduceat(total, grams.line_starts, axis=0)
        for bucket, position in zip(grams.words, grams.word_positions, strict=True):
            sums += _segment_sums(np.take(table, bucket, axis=0), position, grams.line_starts)
        return sums


def _segment_sums(
    values: npt.NDArray[np.float32], positions: I64, line_starts: I64
) -> npt.NDArray[np.float32]:
    """Sum ``values`` (ordered by ``positions``) within each line; empty lines give zeros."""
    first = np.searchsorted(positions, line_starts)
    padded = np.concatenate((values, np.zeros((1, values.shape[1]), dtype=values.dtype)))
    sums: npt.NDArray[np.float32] = np.add.reduceat(padded, first, axis=0)
    empty = np.append(first[1:], values.shape[0]) == first
    sums[empty] = 0
    return sums
