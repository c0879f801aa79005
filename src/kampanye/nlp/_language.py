"""A light language check: Indonesian, Malay or English, from small marker-word lists.

``detect_languages(texts)`` gives the labels ``detect_language`` gives, for a whole batch at
once in numpy: the batch's code points are cut into letter runs, every run of up to 12 ASCII
letters is packed exactly into one integer (5 bits a letter) and looked up among the packed
marker words, and the hits are summed per text. Only a text long enough for rounding to tie
two languages (over 9,000 characters) goes through ``detect_language``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["LanguageGuess", "detect_language", "detect_languages"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MARKERS: dict[str, frozenset[str]] = {
    "id": _words(
        "yang tidak dengan ini itu dan di ke dari untuk sudah belum akan bisa saja juga tapi "
        "karena kalau sangat banget gak nggak enggak aja udah kok dong sih deh nya kami kita "
        "mereka apa bagaimana kenapa sekarang lagi harus banyak bagus jelek enak mau ingin "
        "pemerintah rakyat warga presiden gubernur bapak ibu terima kasih"
    ),
    "ms": _words(
        "tak boleh kerajaan awak sahaja hendak nak kami kita mereka sangat sudah belum akan "
        "dengan yang ini itu dan untuk kepada daripada bagi tetapi lagi pun ialah adalah "
        "sebab kerana macam mana apa kenapa saya kamu ke dia orang ramai negeri negara encik "
        "cik puan tuan memang betul baik bagus teruk tau lah kan"
    ),
    "en": _words(
        "the and is are was were be been to of in on for with that this it not no yes you i "
        "we they he she my your our their have has had do does did will would can could "
        "should very good bad but or so if what why how all just"
    ),
}
# words that only one of the two close languages uses often count twice: they decide
_DISTINCT: dict[str, frozenset[str]] = {
    "id": _words("tidak gak nggak enggak banget aja udah kok dong sih deh karena bisa mau"),
    "ms": _words("tak boleh kerajaan awak sahaja nak hendak kerana daripada teruk ramai encik"),
    "en": _MARKERS["en"],
}
_WORD = re.compile(r"[^\W\d_]+")
# each marker word's hits per language (markers + distinct markers), for one pass over words
_WEIGHTS: dict[str, tuple[int, ...]] = {
    word: tuple(int(word in _MARKERS[lang]) + int(word in _DISTINCT[lang]) for lang in _MARKERS)
    for word in frozenset().union(*_MARKERS.values(), *_DISTINCT.values())
}


@dataclass(frozen=True)
class LanguageGuess:
    """``label`` is ``id``, ``ms``, ``en`` or ``und`` (no marker word at all).

    ``scores``: marker-word hits per word of the text, distinctive markers counting twice.
    """

    label: str
    scores: dict[str, float]


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text`` by the share of marker words of each language."""
    words = _WORD.findall(text.lower())
    if not words:
        return LanguageGuess("und", {lang: 0.0 for lang in _MARKERS})
    hits = [0] * len(_MARKERS)
    get = _WEIGHTS.get
    for word in words:
        weights = get(word)
        if weights is not None:
            for k, weight in enumerate(weights):
                hits[k] += weight
    n = len(words)
    scores = {lang: round(h / n, 4) for lang, h in zip(_MARKERS, hits, strict=True)}
    best = max(scores, key=lambda lang: (scores[lang], lang == "id"))
    return LanguageGuess(best if scores[best] > 0 else "und", scores)


# -- the batch path --------------------------------------------------------------------------
_LANGS = tuple(_MARKERS)
_MAX_WORD = max(len(w) for w in _WEIGHTS)  # 12 letters × 5 bits fit in an int64
_LONG = 9_000  # under this many characters (< 5,000 words) rounding cannot tie two scores
_SEP = "\x00"  # not a letter: never part of a word


def _packed(word: str) -> int:
    """``word`` (a-z only) as base-32 digits 1..26, padded with zeros to ``_MAX_WORD``."""
    value = 0
    for k in range(_MAX_WORD):
        value = value * 32 + (ord(word[k]) - 96 if k < len(word) else 0)
    return value


_PACKED = sorted((_packed(w), weights) for w, weights in _WEIGHTS.items())
_KEYS = np.array([k for k, _w in _PACKED], dtype=np.int64)
# one row per marker word, plus a zero row for "not a marker"
_ROWS = np.array([w for _k, w in _PACKED] + [(0,) * len(_LANGS)], dtype=np.float64)
_PLACES = (32 ** np.arange(_MAX_WORD - 1, -1, -1)).astype(np.int64)
_OFFSETS = np.arange(_MAX_WORD)


def _slots() -> int:
    """The smallest table size at which every marker word's number has a slot of its own."""
    low = 2 * _KEYS.shape[0]
    while True:
        sizes = np.arange(low, low + 4096)
        slots = np.sort(_KEYS[:, None] % sizes[None, :], axis=0)
        fits = np.flatnonzero(np.all(slots[1:] != slots[:-1], axis=0))
        if fits.shape[0]:
            return int(sizes[fits[0]])
        low += 4096


_SIZE = _slots()
# slot → the marker word there (``len(_KEYS)``: none); a word is a marker when the number of
# the marker in its slot is its own number
_SLOT = np.full(_SIZE, _KEYS.shape[0], dtype=np.intp)
_SLOT[_KEYS % _SIZE] = np.arange(_KEYS.shape[0])
_NUMBER = np.append(_KEYS, -1)
_LABELS = np.array([*_LANGS, "und"])


def _marker_hits(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Marker-word hits per text and language (distinctive markers counting twice)."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:
        joined = _SEP.join(t.replace(_SEP, " ") for t in texts)
    codes = np.frombuffer(joined.lower().encode("utf-32-le"), dtype=np.uint32)
    n = codes.shape[0]
    letters = codes - np.uint32(97)  # a..z → 0..25; everything else wraps above 25
    letter = np.zeros(n + 2, dtype=bool)
    np.less(letters, 26, out=letter[1:-1])
    high = np.flatnonzero(codes >= 128)
    wide = high[:0]  # non-ASCII letters: part of a word, never of a marker word
    if high.shape[0]:
        found = codes[high]
        yes = [c for c in np.unique(found).tolist() if _WORD.fullmatch(chr(c))]
        if yes:
            wide = high[np.isin(found, yes)]
            letter[1:-1][wide] = True
    edges = np.diff(letter.view(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = ends - starts
    short = lengths <= _MAX_WORD
    if wide.shape[0]:
        short[np.searchsorted(starts, wide, side="right") - 1] = False
    starts, lengths = starts[short], lengths[short]
    # each word's letters as digits 1..26, and 0 past its end (position n holds a 0)
    digits = np.empty(n + 1, dtype=np.int64)
    np.add(letters, 1, out=digits[:n], casting="unsafe")
    digits[n] = 0
    at = np.where(lengths[:, None] > _OFFSETS, starts[:, None] + _OFFSETS, n)
    keys = digits[at] @ _PLACES
    slot = _SLOT[keys % _SIZE]
    marker = np.where(_NUMBER[slot] == keys, slot, _KEYS.shape[0])
    text_of = np.searchsorted(np.flatnonzero(codes == 0), starts)
    hits = np.empty((len(texts), len(_LANGS)), dtype=np.float64)
    for k in range(len(_LANGS)):
        hits[:, k] = np.bincount(text_of, weights=_ROWS[marker, k], minlength=len(texts))
    return hits


def detect_languages(texts: Sequence[str]) -> list[str]:
    """``detect_language(t).label`` for every text of ``texts``, computed for all at once."""
    texts = list(texts)
    if not texts:
        return []
    hits = _marker_hits(texts)
    # equal word counts: the most hits wins, ties to the first language (``id`` first)
    best = hits.argmax(axis=1)
    best[hits.max(axis=1) == 0] = len(_LANGS)
    labels: list[str] = _LABELS[best].tolist()
    for i, text in enumerate(texts):
        if len(text) > _LONG:
            labels[i] = detect_language(text).label
    return labels
