"""A small boolean query language for who (or what) a text talks about.

    (jokowi OR "joko widodo" OR #jokowiahok OR @jokowi) AND NOT (solo AND pemkot)

Terms: a word (``jokowi``), a phrase in double quotes, a ``#hashtag`` or an ``@handle``.
Operators are upper case: ``NOT`` binds tightest, then ``AND``, then ``OR``; parentheses
group. Lower-case ``and``/``or``/``not`` are ordinary words. Words and phrases match whole
words only (``alex`` does not match ``alexander``); a word also matches the hashtag made of
it (``jokowi`` matches ``#jokowi``), but not the handle ``@jokowi``: name handles explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["And", "Node", "Not", "Or", "QuerySyntaxError", "Term", "format_query", "parse_query"]

TermKind = Literal["word", "phrase", "hashtag", "handle"]
_SPECIAL = '()"'
_OPERATORS = {"AND", "OR", "NOT"}


class QuerySyntaxError(ValueError):
    """A query cannot be parsed; ``position`` is the 0-based character offset."""

    def __init__(self, query: str, position: int, message: str) -> None:
        super().__init__(f"posisi {position + 1}: {message}")
        self.query = query
        self.position = position
        self.message = message


@dataclass(frozen=True)
class Term:
    """One thing to look for; ``text`` is lower case, words separated by single spaces."""

    kind: TermKind
    text: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "term", "end"
    position: int
    term: Term | None = None


def _word_text(raw: str) -> str:
    return " ".join(raw.lower().split())


def _tokens(query: str) -> Iterator[_Token]:
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            yield _Token(char, i)
            i += 1
        elif char == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError(query, i, "tanda kutip pembuka tidak ditutup")
            text = _word_text(query[i + 1 : end])
            if not text:
                raise QuerySyntaxError(query, i, "frasa dalam tanda kutip kosong")
            yield _Token("term", i, Term("phrase", text))
            i = end + 1
        else:
            start = i
            while i < n and not query[i].isspace() and query[i] not in _SPECIAL:
                i += 1
            raw = query[start:i]
            if raw in _OPERATORS:
                yield _Token(raw, start)
            elif raw[0] in "#@":
                if len(raw) == 1 or any(c in "#@" for c in raw[1:]):
                    what = "tagar" if raw[0] == "#" else "akun"
                    raise QuerySyntaxError(query, start, f"{what} '{raw}' tidak sah")
                kind: TermKind = "hashtag" if raw[0] == "#" else "handle"
                yield _Token("term", start, Term(kind, raw.lower()))
            elif any(c in "#@" for c in raw):
                raise QuerySyntaxError(query, start, f"'#' atau '@' hanya boleh di awal: '{raw}'")
            else:
                yield _Token("term", start, Term("word", raw.lower()))
    yield _Token("end", n)


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = list(_tokens(query))
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def error(self, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.query, self.current.position, message)

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise self.error("kueri kosong")
        node = self.parse_or()
        if self.current.kind == ")":
            raise self.error("kurung tutup ')' tanpa pasangan")
        if self.current.kind != "end":
            raise self.error("diharapkan AND atau OR di antara dua istilah")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.current.kind == "OR":
            self.index += 1
            children.append(self.parse_and())
        return _flat(Or, children)

    def parse_and(self) -> Node:
        children = [self.parse_not()]
        while self.current.kind == "AND":
            self.index += 1
            children.append(self.parse_not())
        return _flat(And, children)

    def parse_not(self) -> Node:
        if self.current.kind == "NOT":
            self.index += 1
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.current
        if token.kind == "term" and token.term is not None:
            self.index += 1
            return token.term
        if token.kind == "(":
            self.index += 1
            node = self.parse_or()
            if self.current.kind != ")":
                raise QuerySyntaxError(self.query, token.position, "kurung buka '(' tidak ditutup")
            self.index += 1
            return node
        if token.kind == "end":
            raise self.error("kueri berakhir padahal masih diharapkan istilah")
        raise self.error(f"diharapkan istilah, bukan '{token.kind}'")


def _flat(kind: type[And] | type[Or], children: list[Node]) -> Node:
    if len(children) == 1:
        return children[0]
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else (child,))
    return kind(tuple(flat))


def parse_query(query: str) -> Node:
    """Parse a query; raises ``QuerySyntaxError`` with a position and a message."""
    return _Parser(query).parse()


def _format_term(term: Term) -> str:
    return f'"{term.text}"' if term.kind == "phrase" else term.text


def format_query(node: Node) -> str:
    """Print a query so that ``parse_query(format_query(q)) == q``."""
    if isinstance(node, Term):
        return _format_term(node)
    if isinstance(node, Not):
        inner = format_query(node.child)
        return f"NOT {inner}" if isinstance(node.child, Term | Not) else f"NOT ({inner})"
    if isinstance(node, And):
        parts = [
            f"({format_query(c)})" if isinstance(c, Or) else format_query(c) for c in node.children
        ]
        return " AND ".join(parts)
    return " OR ".join(format_query(c) for c in node.children)


def terms_of(node: Node) -> list[Term]:
    """Every term of a query, in order."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return terms_of(node.child)
    return [t for child in node.children for t in terms_of(child)]


def holds(node: Node, present: frozenset[Term] | set[Term]) -> bool:
    """Whether the query is true when exactly the terms in ``present`` occur."""
    if isinstance(node, Term):
        return node in present
    if isinstance(node, Not):
        return not holds(node.child, present)
    if isinstance(node, And):
        return all(holds(c, present) for c in node.children)
    return any(holds(c, present) for c in node.children)
