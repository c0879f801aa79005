"""Normalisation of Indonesian social-media text: case, elongation, slang, emoji, URLs, handles.

The whole batch is processed as one string joined by newlines, so the regular expressions run
once per batch in C rather than once per text in Python; only the slang look-up touches each
token from Python. ``normalize(normalize(t)) == normalize(t)`` for every text (a tested
property), so normalised text can be stored and normalised again safely.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = [
    "LexiconError",
    "Normalizer",
    "load_lexicon",
    "normalize",
    "tokenize",
]

URL_TOKEN = "<url>"
USER_TOKEN = "<user>"
EMOJI_TOKEN = "<emoji>"

_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w.-]+\.(?:com|id|net|org|ly|me|co|io|info|go\.id|co\.id|ac\.id|or\.id)\b(?:/\S*)?"
)
_MENTION = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<![\w#])#(?=\w)")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
    "[\U0001f3fb-\U0001f3ff\ufe0f\u200d]*"
)
_MODIFIERS = re.compile("[\ufe0f\u200d\U0001f3fb-\U0001f3ff]")
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}")
_REPEATED_MARK = re.compile(r"([^\w\s])\1+")
_REDUPLICATION = re.compile(r"\b([^\W\d_]{2,})2\b")
_TOKEN = re.compile(r"<[a-z_]+>|\w+(?:-\w+)*|[^\w\s]|\n")


_MEMO_LIMIT = 500_000
_NEWLINE = 10


class LexiconError(ValueError):
    """A lexicon file has a malformed line; ``line`` is 1-based."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}, baris {line}: {message}")
        self.path = path
        self.line = line


def _data_text(name: str) -> str:
    return resources.files("kampanye.nlp").joinpath("data", name).read_text(encoding="utf-8")


def _parse_pairs(text: str, source: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = raw.rstrip("\r\n").split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise LexiconError(source, number, "harus berisi dua kolom dipisah TAB: slang dan baku")
        pairs[parts[0].strip().lower()] = parts[1].strip().lower()
    return pairs


def load_lexicon(path: str | Path) -> dict[str, str]:
    """Read a slang lexicon (``slang<TAB>standard`` per line, ``#`` comments)."""
    return _parse_pairs(Path(path).read_text(encoding="utf-8"), str(path))


def _resolve(lexicon: Mapping[str, str]) -> dict[str, str]:
    """Follow chains (``dl→dulu→dahulu``) so that no output token is itself a key."""
    resolved: dict[str, str] = {}
    for key, value in lexicon.items():
        tokens = [t for t in _TOKEN.findall(value) if t != "\n"]
        for _ in range(5):
            mapped = " ".join(lexicon.get(t, t) for t in tokens).split()
            if mapped == tokens:
                break
            tokens = mapped
        if tokens and tokens != [key]:
            resolved[key] = " ".join(tokens)
    # a cycle (a→b, b→a) cannot be resolved: drop its entries rather than break idempotence
    return {k: v for k, v in resolved.items() if not any(t in resolved for t in v.split())}


class Normalizer:
    """Turn raw social text into lower-case, space-separated standard-Indonesian tokens.

    ``lexicon`` adds to (or, with ``extend_default=False``, replaces) the shipped slang
    lexicon ``data/slang.tsv``: a mapping or the path of a TSV file.
    """

    def __init__(
        self,
        lexicon: Mapping[str, str] | str | Path | None = None,
        *,
        extend_default: bool = True,
        slang: bool = True,
        emoji: bool = True,
    ) -> None:
        self.lexicon = lexicon
        self.extend_default = extend_default
        self.slang = slang
        self.emoji = emoji
        merged: dict[str, str] = {}
        if slang and extend_default:
            merged.update(_parse_pairs(_data_text("slang.tsv"), "slang.tsv"))
        if slang and lexicon is not None:
            extra = lexicon if isinstance(lexicon, Mapping) else load_lexicon(lexicon)
            merged.update({k.lower(): v.lower() for k, v in extra.items()})
        self._slang = _resolve(merged)
        self._emoji = _parse_pairs(_data_text("emoji.tsv"), "emoji.tsv") if emoji else {}
        self._memo: dict[str, str] = {"\n": "\n", "": ""}

    def _emoji_token(self, match: re.Match[str]) -> str:
        base = _MODIFIERS.sub("", match.group())
        return f" {self._emoji.get(base, EMOJI_TOKEN)} "

    def _chunk(self, chunk: str) -> str:
        """Normalise one lower-cased, whitespace-free piece of text (memoised by the caller)."""
        if chunk.isalpha():
            if _ELONGATION.search(chunk):
                chunk = _ELONGATION.sub(r"\1", chunk)
            return self._slang.get(chunk, chunk)
        get = self._slang.get
        return " ".join(get(t, t) for t in _TOKEN.findall(self._rewrite(chunk)))

    def _rewrite(self, text: str) -> str:
        """URLs, mentions, hashtags and emoji to tokens; elongations, repeated marks and
        reduplications undone (every rule keeps to one line)."""
        text = _URL.sub(f" {URL_TOKEN} ", text)
        text = _MENTION.sub(f" {USER_TOKEN} ", text)
        text = _HASHTAG.sub(" ", text)
        if self.emoji:
            text = _EMOJI.sub(self._emoji_token, text)
        text = _ELONGATION.sub(r"\1", text)
        text = _REPEATED_MARK.sub(r"\1", text)
        return _REDUPLICATION.sub(r"\1-\1", text)

    def _learn(self, pieces: set[str]) -> None:
        """Normalise unseen pieces all at once into the memo, exactly as ``_chunk`` would.

        ``normalize_batch`` splits at spaces a batch whose only line breaks are the pieces
        ``"\n"``, so no other piece holds one: joined by line breaks, the pieces go through
        each regular expression in one call (none matches across a line break) and the
        result splits back. Elongation is looked for only in words that repeat a letter
        three times, found in numpy, because the pattern is slow to scan everywhere.
        """
        memo, get = self._memo, self._slang.get
        if "\n" in pieces:
            pieces.discard("\n")
            memo["\n"] = "\n"
        alpha = [p for p in pieces if p.isalpha()]
        if alpha:
            joined = "\n".join(alpha)
            codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
            triple = np.flatnonzero((codes[2:] == codes[1:-1]) & (codes[1:-1] == codes[:-2]))
            words = alpha
            if triple.shape[0]:
                words = list(alpha)
                breaks = np.flatnonzero(codes == _NEWLINE)
                for k in np.unique(np.searchsorted(breaks, triple)).tolist():
                    words[k] = _ELONGATION.sub(r"\1", words[k])
            memo.update(zip(alpha, [get(w, w) for w in words], strict=True))
        other = list(pieces.difference(alpha))
        if other:
            text = self._rewrite("\n".join(other))
            joined = " ".join([get(t, t) for t in _TOKEN.findall(text)])
            memo.update(zip(other, [p.strip() for p in joined.split("\n")], strict=True))

    def normalize_batch(self, texts: Iterable[str]) -> str:
        """All texts normalised into one string, one text per line (the fast path).

        Tokens are separated by one or more spaces and each line starts and ends with a
        space; ``normalize_many`` tidies this into one clean string per text. Pieces
        between spaces are looked up in a memo; a batch with unseen pieces normalises
        them together first (``_learn``).
        """
        texts = list(texts)
        batch = " \n ".join(texts)
        if batch.count("\n") != len(texts) - 1:
            batch = " \n ".join(t.replace("\n", " ") for t in texts)
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        pieces = batch.lower().split(" ")
        try:
            return " " + " ".join(map(memo.__getitem__, pieces)) + " "
        except KeyError:
            self._learn(set(pieces).difference(memo))
        return " " + " ".join(map(memo.__getitem__, pieces)) + " "

    def normalize_pieces(self, pieces: list[str]) -> list[str]:
        """The normal form of each piece of lower-cased text without whitespace (tokens
        separated by one space), as ``normalize_batch`` writes it."""
        memo = self._memo
        if len(memo) + len(pieces) > _MEMO_LIMIT:
            memo.clear()
            memo.update({"\n": "\n", "": ""})
        unseen = set(pieces).difference(memo)
        if unseen:
            self._learn(unseen)
        return [memo[p].strip() for p in pieces]

    def normalize_many(self, texts: Iterable[str]) -> list[str]:
        """Normalise many texts at once (much faster per text than one at a time).

        Whitespace-separated pieces are normalised once and remembered: social text is
        repetitive, so after a warm-up almost every piece is a dictionary hit.
        """
        texts = list(texts)
        if not texts:
            return []
        lines = self.normalize_batch(texts).split("\n")
        return [" ".join(line.split()) if "  " in line else line.strip() for line in lines]

    def normalize(self, text: str) -> str:
        """Normalise one text; see the module docstring for what changes."""
        return self.normalize_many([text])[0]

    __call__ = normalize

    def tokenize(self, text: str) -> list[str]:
        """The tokens of the normalised text."""
        return self.normalize(text).split()


@lru_cache(maxsize=1)
def _default() -> Normalizer:
    return Normalizer()


def normalize(text: str) -> str:
    """Normalise one text with the shipped slang lexicon."""
    return _default().normalize(text)


def tokenize(text: str) -> list[str]:
    """Tokens of ``normalize(text)``: words (hyphenated reduplications kept), marks, <tokens>."""
    return _default().tokenize(text)
