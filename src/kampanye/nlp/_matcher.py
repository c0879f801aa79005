"""Match many queries against many texts at once with one Aho-Corasick automaton.

Every term of every query goes into a single automaton as `` term `` (padded with spaces,
which is what makes matching whole-word). A batch of texts is prepared as one string (lower
case, punctuation other than ``#``/``@``/``_`` and all whitespace turned into spaces) with a
separator between texts, scanned once, and only the texts where some term occurred have
their queries evaluated. Spaces are not squeezed (that would cost more than the scan), so
the words of a phrase may be separated by one or two spaces, that is by whitespace or by one
punctuation mark next to a space ("joko, widodo"), but not by more.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

import ahocorasick

from kampanye.nlp._query import Node, Term, holds, parse_query, terms_of

__all__ = ["QueryMatcher", "prepare_for_matching"]

K = TypeVar("K", bound=Hashable)
_MAX_PHRASE_GAPS = 4  # a phrase's words may be split by one or two spaces up to this many gaps
_SEPARATOR = "\x00"
_VERDICT_LIMIT = 100_000
_KEEP = set("#@_")
_TABLE = {
    code: " "
    for code in [*range(1, 128), 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2013, 0x2014]
    if not (chr(code).isalnum() or chr(code) in _KEEP)
}


def prepare_for_matching(text: str) -> str:
    """The form texts and terms are compared in: lower case, words split by single spaces."""
    return " ".join(text.lower().translate(_TABLE).split())


_TABLE.update({ord(c): " " for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029"})
# the same replacement as a regular expression: ``str.translate`` leaves its fast path on a
# batch that holds any non-ASCII character (an emoji), the expression does not
_SPACED = re.compile("[" + re.escape("".join(chr(c) for c in sorted(_TABLE) if c != 32)) + "]")


def _patterns(term: Term) -> list[str]:
    text = prepare_for_matching(term.text)
    if not text:
        return []
    if term.kind == "word" and " " not in text and text[0] not in "#@":
        return [f" {text} ", f" #{text} "]
    variants = [""]
    for i, word in enumerate(text.split(" ")):
        gaps = (" ", "  ") if i and len(text.split(" ")) <= _MAX_PHRASE_GAPS + 1 else (" ",)
        variants = [v + gap + word for v in variants for gap in gaps]
    return [f"{v} " for v in variants]


class QueryMatcher(Generic[K]):
    """Which keys' queries a text satisfies; ``queries`` maps a key (a contestant) to a query.

    A text that names two contestants counts for both.
    """

    def __init__(self, queries: Mapping[K, str | Node]) -> None:
        self.queries: dict[K, Node] = {
            key: parse_query(q) if isinstance(q, str) else q for key, q in queries.items()
        }
        automaton = ahocorasick.Automaton()
        self._terms: list[Term] = []
        ids: dict[Term, int] = {}
        self._keys_by_term: list[list[K]] = []
        for key, node in self.queries.items():
            if holds(node, set()):
                raise ValueError(
                    f"kueri untuk {key!r} cocok dengan teks kosong; beri istilah wajib"
                )
            for term in terms_of(node):
                if term not in ids:
                    ids[term] = len(self._terms)
                    self._terms.append(term)
                    self._keys_by_term.append([])
                    patterns = _patterns(term)
                    if not patterns:
                        raise ValueError(f"istilah {term.text!r} untuk {key!r} tidak berisi huruf")
                    for pattern in patterns:
                        existing = automaton.get(pattern, ())
                        automaton.add_word(pattern, (*existing, ids[term]))
                if key not in self._keys_by_term[ids[term]]:
                    self._keys_by_term[ids[term]].append(key)
        automaton.add_word(_SEPARATOR, ())
        automaton.make_automaton()
        self._automaton = automaton
        self._verdicts: dict[frozenset[int], frozenset[K]] = {}

    def match(self, texts: Sequence[str] | Iterable[str]) -> list[set[K]]:
        """For each text, the keys whose query it satisfies."""
        return [set(keys) for keys in self.match_keys(texts)]

    def match_keys(self, texts: Sequence[str] | Iterable[str]) -> list[frozenset[K]]:
        """``match`` as frozensets, shared between texts that hold the same terms (cheaper to
        build, and to turn into something else once per distinct set)."""
        texts = list(texts)
        batch = f" {_SEPARATOR} ".join(texts)
        if batch.count(_SEPARATOR) != max(len(texts) - 1, 0):
            batch = f" {_SEPARATOR} ".join(t.replace(_SEPARATOR, " ") for t in texts)
        batch = " " + _SPACED.sub(" ", batch.lower()) + " "
        found: dict[int, set[int]] = {}
        index = 0
        for _end, term_ids in self._automaton.iter(batch):
            if term_ids:
                if index in found:
                    found[index].update(term_ids)
                else:
                    found[index] = set(term_ids)
            else:
                index += 1
        none: frozenset[K] = frozenset()
        result = [none] * len(texts)
        verdicts = self._verdicts
        for text_index, term_ids in found.items():
            present = frozenset(term_ids)
            keys = verdicts.get(present)
            if keys is None:
                keys = verdicts[present] = self._evaluate(present)
            result[text_index] = keys
        return result

    def _evaluate(self, term_ids: frozenset[int]) -> frozenset[K]:
        """The keys whose query holds when exactly these terms occur (remembered per set:
        texts repeat the same few combinations of terms)."""
        if len(self._verdicts) > _VERDICT_LIMIT:
            self._verdicts.clear()
        present = {self._terms[i] for i in term_ids}
        candidates = {k for i in term_ids for k in self._keys_by_term[i]}
        return frozenset(k for k in candidates if holds(self.queries[k], present))

    def match_one(self, text: str) -> set[K]:
        """The keys whose query ``text`` satisfies."""
        return self.match([text])[0]
