"""What the research pages read: surveys, toplines and crosstabs with their intervals,
suggested weighting margins from the DPT, focus groups and dated findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count

from kampanye.areas.models import Area, DptCount
from kampanye.intel.models import (
    Confidence,
    Finding,
    FocusGroup,
    Question,
    QuestionKind,
    Survey,
    Weight,
    WeightSet,
)
from kampanye.nlp import IssueDetector, load_issues
from kampanye.stats import ASSUMPTION, crosstab, design_effect, effective_n

MIN_N = 30  # below this many respondents a share is "too few", not a number
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.MULTIPLE)


def surveys() -> list[Survey]:
    return list(
        Survey.objects.annotate(n=Count("respondents", distinct=True)).order_by("-fielded_to")
    )


def weight_sets(survey: Survey) -> list[WeightSet]:
    return list(survey.weight_sets.all())


def _answers_and_weights(
    survey: Survey, weight_set: WeightSet | None
) -> tuple[list[dict[str, Any]], np.ndarray]:
    people = list(survey.respondents.values_list("pk", "answers"))
    if weight_set is None:
        return [a for _, a in people], np.ones(len(people))
    by_pk = dict(Weight.objects.filter(weight_set=weight_set).values_list("respondent_id", "value"))
    kept = [(a, by_pk[pk]) for pk, a in people if pk in by_pk]
    return [a for a, _ in kept], np.array([w for _, w in kept], dtype=np.float64)


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    share: float
    lower: float
    upper: float
    significant: bool = False  # differs from the rest of the sample beyond its margin

    @property
    def percent(self) -> tuple[float, float, float]:
        return 100 * self.share, 100 * self.lower, 100 * self.upper


@dataclass(frozen=True)
class Column:
    label: str
    respondents: int
    effective_n: float
    too_few: bool
    cells: list[Cell]


@dataclass(frozen=True)
class Table:
    """A topline (one column) or a crosstab (a column per group), naming its weights."""

    question: Question
    weights: str  # "tanpa bobot" or "bobot v2 (…)": a figure always names its weights
    columns: list[Column]
    design_effect: float
    effective_n: float
    respondents: int
    min_n: int = MIN_N
    assumption: str = ASSUMPTION
    by: list[Question] = field(default_factory=list)


def _weights_label(weight_set: WeightSet | None) -> str:
    if weight_set is None:
        return "tanpa bobot"
    margins = ", ".join(m["question"] for m in weight_set.margins)
    return f"bobot v{weight_set.version} ({margins})"


def _codes(question: Question, answers: list[dict[str, Any]]) -> np.ndarray:
    index = {c: i for i, c in enumerate(question.codes)}
    return np.array([index.get(str(a.get(question.name)), -1) for a in answers], dtype=np.int64)


def table(
    survey: Survey,
    question: Question,
    by: list[Question] | None = None,
    weight_set: WeightSet | None = None,
    *,
    min_n: int = MIN_N,
) -> Table:
    """The weighted share of each answer of ``question``, overall or by the groups of ``by``
    (single-choice questions), with Wilson intervals at each column's effective n.

    A multiple-choice question gives the share of respondents choosing each answer (the
    shares add to more than 100 %); the others the share of those who answered."""
    by = by or []
    answers, w = _answers_and_weights(survey, weight_set)
    groups = [_codes(q, answers) for q in by]
    sizes = [len(q.codes) for q in by]
    if groups:
        answered_groups = np.all(np.stack(groups) >= 0, axis=0)
    else:
        answered_groups = np.ones(len(answers), dtype=bool)
    codes = question.codes
    if question.kind == QuestionKind.MULTIPLE:
        shares = []
        for code in codes:
            chose = np.array([int(code in (a.get(question.name) or [])) for a in answers])
            shares.append(
                crosstab(
                    np.where(answered_groups, chose, -1),
                    2,
                    [np.maximum(g, 0) for g in groups],
                    sizes,
                    w,
                    min_n=min_n,
                )
            )
        tabs, rows_of = shares, [1] * len(codes)
    else:
        answer = np.where(answered_groups, _codes(question, answers), -1)
        tab = crosstab(
            answer, len(codes), [np.maximum(g, 0) for g in groups], sizes, w, min_n=min_n
        )
        tabs, rows_of = [tab] * len(codes), list(range(len(codes)))
    base = tabs[0]
    columns = []
    for g, label in enumerate(_group_labels(by)):
        cells = []
        for i, code in enumerate(codes):
            tab, row = tabs[i], rows_of[i]
            cells.append(
                Cell(
                    code=code,
                    label=question.choice_label(code),
                    share=float(tab.share[row, g]),
                    lower=float(tab.lower[row, g]),
                    upper=float(tab.upper[row, g]),
                    significant=_differs(tab, row, g),
                )
            )
        columns.append(
            Column(
                label=label,
                respondents=int(base.respondents[g]),
                effective_n=float(base.effective_n[g]),
                too_few=bool(base.too_few[g]),
                cells=cells,
            )
        )
    return Table(
        question=question,
        weights=_weights_label(weight_set),
        columns=columns,
        design_effect=design_effect(w) if len(w) else 1.0,
        effective_n=effective_n(w) if len(w) else 0.0,
        respondents=len(answers),
        min_n=min_n,
        by=by,
    )


def _group_labels(by: list[Question]) -> list[str]:
    labels = [""]
    for q in by:
        labels = [f"{a} · {q.choice_label(c)}".lstrip(" ·") for a in labels for c in q.codes]
    return labels if by else ["Semua responden"]


def _differs(tab: Any, row: int, g: int, z: float = 1.96) -> bool:
    """Does group g's share differ from the other groups' pooled share beyond the margin of
    a difference of two independent samples (at their effective n)?"""
    if len(tab.respondents) < 2 or tab.too_few[g]:
        return False
    rest = np.ones(len(tab.respondents), dtype=bool)
    rest[g] = False
    n_g, n_r = tab.effective_n[g], tab.effective_n[rest].sum()
    if n_g <= 0 or n_r <= 0:
        return False
    p_g = tab.share[row, g]
    p_r = float(np.average(tab.share[row, rest], weights=np.maximum(tab.effective_n[rest], 1e-12)))
    se = np.sqrt(p_g * (1 - p_g) / n_g + p_r * (1 - p_r) / n_r)
    return bool(se > 0 and abs(p_g - p_r) > z * se)


def table_rows(t: Table) -> tuple[list[str], list[list[Any]]]:
    """The table as plain rows for CSV/XLSX export (shares in percent)."""
    headers = ["kelompok", "responden", "n_efektif", "jawaban", "persen", "bawah_95", "atas_95",
               "bobot"]  # fmt: skip
    rows = []
    for col in t.columns:
        for cell in col.cells:
            shown = not col.too_few
            rows.append([
                col.label, col.respondents, round(col.effective_n, 1), cell.label,
                round(100 * cell.share, 1) if shown else "terlalu sedikit",
                round(100 * cell.lower, 1) if shown else "",
                round(100 * cell.upper, 1) if shown else "",
                t.weights,
            ])  # fmt: skip
    return headers, rows


def suggested_margins(survey: Survey) -> list[dict[str, Any]]:
    """Starting margins from stored facts: wilayah shares of the latest DPT by kota, for a
    survey that asks the ``wilayah`` question."""
    if not survey.questions.filter(name="wilayah").exists():
        return []
    kota = Area.objects.filter(code__regex=r"^31\.\d\d$")
    latest: dict[str, DptCount] = {}
    for count in DptCount.objects.filter(area__in=kota).select_related("area").order_by("as_of"):
        latest[count.area.code] = count
    if not latest:
        return []
    total = sum(c.voters for c in latest.values())
    sources = sorted({f"{c.version} {c.as_of}: {c.source}" for c in latest.values()})
    return [
        {
            "question": "wilayah",
            "targets": {code: c.voters / total for code, c in sorted(latest.items())},
            "source": "DPT " + "; ".join(sources),
        }
    ]


@dataclass(frozen=True)
class OpenAnswer:
    uuid: str
    text: str
    suggested: list[str]  # issue codes the shared lexicon finds in it


def open_answers(survey: Survey, question: Question, limit: int = 200) -> list[OpenAnswer]:
    """Open answers with the issues the shared lexicon suggests; a person decides the code."""
    detector = IssueDetector(load_issues())
    out = []
    for uuid, answers in survey.respondents.values_list("uuid", "answers")[: limit * 5]:
        text = answers.get(question.name)
        if isinstance(text, str) and text:
            out.append(OpenAnswer(uuid, text, sorted(detector.detect_one(text))))
            if len(out) >= limit:
                break
    return out


@dataclass(frozen=True)
class FindingRow:
    """One dated finding, the shape the strategy module reads."""

    date: dt.date
    source: str
    confidence: str
    title: str
    summary: str
    theme: str
    contestant_id: int | None
    segment: str | None
    illustrative: bool
    id: int


def findings(
    *,
    until: dt.date | None = None,
    contestant_id: int | None = None,
    min_confidence: str = Confidence.LOW,
) -> list[FindingRow]:
    """Dated findings (survey, FGD, polls, media, blusukan) in date order, for the strategy
    module to tell whether intelligence came before a change of the political product."""
    order = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]
    allowed = order[order.index(Confidence(min_confidence)) :]
    rows = Finding.objects.filter(confidence__in=allowed).select_related("segment")
    if until is not None:
        rows = rows.filter(found_on__lte=until)
    if contestant_id is not None:
        rows = rows.filter(contestant_id=contestant_id)
    return [
        FindingRow(
            date=f.found_on,
            source=f.source,
            confidence=f.confidence,
            title=f.title,
            summary=f.summary,
            theme=f.theme,
            contestant_id=f.contestant_id,
            segment=f.segment.slug if f.segment else None,
            illustrative=f.illustrative,
            id=f.pk,
        )
        for f in rows.order_by("found_on", "pk")
    ]


def focus_groups() -> list[FocusGroup]:
    return list(
        FocusGroup.objects.select_related("area", "segment")
        .prefetch_related("participants", "findings__quotes__participant")
        .order_by("-held_on")
    )
