"""A light language check: Indonesian, Malay or English, from small marker-word lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LanguageGuess", "detect_language"]


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
