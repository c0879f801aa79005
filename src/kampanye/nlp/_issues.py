"""Issue detection: which campaign issues (banjir, macet, korupsi, …) a text raises.

The issue lexicon is a TSV file of ``code<TAB>name<TAB>query`` lines in the same query
language as contestant aliases; ``data/issues.tsv`` ships a Jakarta starting set that a
team edits or replaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kampanye.nlp._matcher import QueryMatcher
from kampanye.nlp._query import QuerySyntaxError, parse_query

__all__ = ["Issue", "IssueDetector", "IssueLexiconError", "load_issues"]


class IssueLexiconError(ValueError):
    """An issue lexicon line is malformed; ``line`` is 1-based."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}, baris {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Issue:
    code: str
    name: str
    query: str


def _parse(text: str, source: str) -> list[Issue]:
    issues: list[Issue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise IssueLexiconError(source, number, "harus berisi kode<TAB>nama<TAB>kueri")
        code, name, query = (p.strip() for p in parts)
        try:
            parse_query(query)
        except QuerySyntaxError as error:
            raise IssueLexiconError(source, number, f"kueri salah, {error}") from None
        if any(i.code == code for i in issues):
            raise IssueLexiconError(source, number, f"kode isu '{code}' sudah dipakai")
        issues.append(Issue(code, name, query))
    return issues


def load_issues(path: str | Path | None = None) -> list[Issue]:
    """Read an issue lexicon; without ``path``, the shipped ``data/issues.tsv``."""
    if path is None:
        text = resources.files("kampanye.nlp").joinpath("data", "issues.tsv").read_text("utf-8")
        return _parse(text, "issues.tsv")
    return _parse(Path(path).read_text(encoding="utf-8"), str(path))


class IssueDetector:
    """``detect(texts)``: for each text, the codes of the issues it raises."""

    def __init__(self, issues: Sequence[Issue] | None = None) -> None:
        self.issues = list(issues) if issues is not None else load_issues()
        self._matcher: QueryMatcher[str] = QueryMatcher({i.code: i.query for i in self.issues})

    def detect(self, texts: Sequence[str]) -> list[set[str]]:
        return self._matcher.match(texts)

    def detect_one(self, text: str) -> set[str]:
        return self._matcher.match_one(text)
