"""Hashed word and character n-grams computed for a whole batch at once in numpy.

A batch arrives as one normalised string, one text per line (``Normalizer.normalize_batch``).
Its code points become one uint32 array; every n-gram is a polynomial hash over that array
(character n-grams by a rolling update, words and word pairs through prefix hashes), folded
into ``2**n_bits`` buckets by Fibonacci hashing. No Python code runs per n-gram, which is
what lets the sentiment model score tens of thousands of texts a second on one core.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["HashedNgrams"]

_P = 0x01000193  # odd, so invertible modulo 2**32
_P_INV = pow(_P, -1, 2**32)
_GOLDEN = 0x9E3779B1
_SPACE = 32
_NEWLINE = 10
_NEGATION_SALT = 200
# after the normaliser: gak, nggak, ga, tdk, tak → tidak; bkn → bukan; blm → belum; jgn → jangan
NEGATORS = ("tidak", "bukan", "belum", "jangan", "tanpa")
# a negation's scope ends at a clause boundary: punctuation, a line break, a contrast word
SCOPE_ENDS = ("tapi", "tetapi", "namun", "padahal", "melainkan", "sedangkan")

U32 = npt.NDArray[np.uint32]
F32 = npt.NDArray[np.float32]
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


def _word_hash(word: str) -> int:
    """The hash ``_word_grams`` gives a word: ``sum(code_i * P**(n - 1 - i))`` mod 2**32."""
    value = 0
    for char in word:
        value = (value * _P + ord(char)) & 0xFFFFFFFF
    return value


_NEGATOR_HASHES = np.array([_word_hash(w) for w in NEGATORS], dtype=np.uint32)
_SCOPE_END_HASHES = np.array([_word_hash(w) for w in SCOPE_ENDS], dtype=np.uint32)


def _squeeze_spaces(codes: U32) -> U32:
    """One space between tokens, and one on each side of every line break."""
    space = codes == _SPACE
    keep = np.ones(codes.shape[0], dtype=bool)
    keep[1:] = ~(space[1:] & space[:-1])
    return codes[keep]


def _is_mark(codes: U32) -> npt.NDArray[np.bool_]:
    """Whether each code point is a punctuation mark or symbol (not a letter or digit)."""
    out = np.zeros(codes.shape[0], dtype=bool)
    ascii_ = codes < 128
    small = codes[ascii_].astype(np.uint8)
    is_alnum = (
        ((small >= 48) & (small <= 57))
        | ((small >= 65) & (small <= 90))
        | ((small >= 97) & (small <= 122))
        | (small == 95)
    )
    out[ascii_] = ~is_alnum
    return out


@dataclass(frozen=True)
class _Grams:
    """Buckets of the n-grams of a batch and where each one starts.

    Character n-gram ``k`` of ``chars[i]`` starts at position ``k``; word n-gram ``k`` of
    ``words[i]`` at word ``k``, which starts at position ``word_starts[k]``. N-grams that
    cross a line break fall into the crossing bucket. ``line_starts`` is each text's first
    position, ``line_words`` the index of its first word (of the next text's when empty).
    """

    chars: list[I64]
    words: list[I64]
    word_starts: I64
    line_starts: I64
    line_words: I64
    n_chars: int


@dataclass(frozen=True)
class HashedNgrams:
    """Word n-grams and character n-grams (across word boundaries) hashed into buckets."""

    n_bits: int = 19
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    negation_scope: int = 0

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
        words, starts = self._word_grams(codes)
        line_words = np.searchsorted(starts, line_starts)
        return _Grams(chars, words, starts, line_starts, line_words, n)

    def _word_grams(self, codes: U32) -> tuple[list[I64], I64]:
        """Buckets of the word n-grams of each size, and where each word starts."""
        separator = np.ones(codes.shape[0] + 2, dtype=np.int8)
        np.logical_or(codes == _SPACE, codes == _NEWLINE, out=separator[1:-1].view(bool))
        edges = np.diff(separator)
        starts, ends = np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)
        buckets: list[I64] = []
        if starts.shape[0] == 0:
            return buckets, starts
        powers, inverse = _powers(codes.shape[0])
        prefix = np.zeros(codes.shape[0] + 1, dtype=np.uint32)
        np.cumsum(codes * inverse, dtype=np.uint32, out=prefix[1:])
        # word k and word k + 1 are on one line when one separator, not a line break, parts
        # them (spaces are squeezed, so a longer gap holds a line break)
        parted = (starts[1:] - ends[:-1] != 1) | (codes[ends[:-1]] == _NEWLINE)
        broken = np.concatenate(([0], np.cumsum(parted, dtype=np.int64)))
        low, high = self.word_ngrams
        for size in range(low, min(high, starts.shape[0]) + 1):
            first, stop = starts[: starts.shape[0] - size + 1], ends[size - 1 :]
            hashes = (prefix[stop] - prefix[first]) * powers[stop - 1]
            bucket = self._bucket(hashes, 100 + size)
            if size > 1:  # a single word never holds a separator
                bucket[broken[size - 1 :] != broken[: broken.shape[0] - size + 1]] = 2**self.n_bits
            buckets.append(bucket)
        if self.negation_scope > 0:
            words = (prefix[ends] - prefix[starts]) * powers[ends - 1]
            buckets.append(self._negated(codes, words, starts, ends, broken))
        return buckets, starts

    def _negated(self, codes: U32, words: U32, starts: I64, ends: I64, broken: I64) -> I64:
        """A second feature for each word in a negation's scope ("tidak ... baik" → ¬baik).

        Word k is in scope when one of the ``negation_scope`` words before it is a negator
        and no line break, punctuation mark or contrast word lies between them (or is k).
        Words out of scope fall into the crossing bucket.
        """
        negator = np.isin(words, _NEGATOR_HASHES)
        single = ends - starts == 1
        stop = (single & _is_mark(codes[starts])) | np.isin(words, _SCOPE_END_HASHES)
        stops = np.cumsum(stop, dtype=np.int64)
        scoped = np.zeros(words.shape[0], dtype=bool)
        for distance in range(1, self.negation_scope + 1):
            k = slice(distance, None)
            j = slice(None, words.shape[0] - distance)
            scoped[k] |= negator[j] & (broken[k] == broken[j]) & (stops[k] == stops[j])
        bucket = self._bucket(words, _NEGATION_SALT)
        bucket[~scoped] = 2**self.n_bits
        return bucket

    def transform(self, batch: str) -> sparse.csr_matrix:
        """Counts of every bucket in every line of ``batch`` (texts × ``n_features``)."""
        from scipy import sparse

        grams = self._grams(batch)
        n_lines = grams.line_starts.shape[0]
        line_of = np.searchsorted(grams.line_starts, np.arange(grams.n_chars), side="right") - 1
        word_line = line_of[grams.word_starts]
        rows = np.concatenate(
            [line_of[: b.shape[0]] for b in grams.chars]
            + [word_line[: b.shape[0]] for b in grams.words]
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
        Rows are summed per starting position (character n-grams) or per starting word
        (word n-grams), then per line with ``reduceat``.
        """
        grams = self._grams(batch)
        width = table.shape[1]
        n_words = grams.word_starts.shape[0]
        found, total = _scratch(grams.n_chars + 1, width)
        sums = _position_sums(table, grams.chars, grams.n_chars, grams.line_starts, found, total)
        sums += _position_sums(table, grams.words, n_words, grams.line_words, found, total)
        return sums


_SCRATCH = threading.local()


def _scratch(rows: int, width: int) -> tuple[F32, F32]:
    """Two float32 work arrays of at least ``rows`` × ``width``, kept per thread.

    Scoring a batch needs two arrays of a few megabytes; fresh ones cost the kernel a page
    fault per 4 KiB on first touch (a large share of the scoring time), reused ones do not.
    """
    held: tuple[F32, F32] | None = getattr(_SCRATCH, "arrays", None)
    if held is None or held[0].shape[0] < rows or held[0].shape[1] != width:
        size = max(rows, 2 * held[0].shape[0] if held is not None else 0)
        held = (
            np.empty((size, width), dtype=np.float32),
            np.empty((size, width), dtype=np.float32),
        )
        _SCRATCH.arrays = held
    return held[0][:rows], held[1][:rows]


def _position_sums(
    table: F32, buckets: list[I64], n: int, firsts: I64, found: F32, scratch: F32
) -> F32:
    """Rows of ``table`` summed per position (bucket ``k`` of each array is at ``k``), then
    per segment starting at each of ``firsts`` (a segment may be empty). ``found`` and
    ``scratch`` are work arrays of at least ``n + 1`` rows."""
    total = scratch[: n + 1]
    covered = buckets[0].shape[0] if buckets else 0
    if buckets:  # the first array is the longest: it fills the total directly
        np.take(table, buckets[0], axis=0, out=total[:covered], mode="clip")
    total[covered:] = 0
    for bucket in buckets[1:]:
        rows = found[: bucket.shape[0]]
        np.take(table, bucket, axis=0, out=rows, mode="clip")
        total[: bucket.shape[0]] += rows
    sums: F32 = np.add.reduceat(total, firsts, axis=0)
    empty = np.append(firsts[1:], n) == firsts
    sums[empty] = 0
    return sums
