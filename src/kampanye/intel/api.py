"""JSON API of market intelligence, mounted at /api/intel/: surveys and their toplines or
crosstabs (always naming their weights), weighting, findings, and the poll backtest.
Respondents' answers themselves are not exposed here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from kampanye.core.api import ERRORS, ErrorOut, allow, field_errors
from kampanye.core.tabular import BadFile
from kampanye.elections.models import Election
from kampanye.intel import actions, queries, tracker
from kampanye.intel.models import Survey
from kampanye.intel.schemas import FindingIn, Name, Slug, SurveyIn, WeightingIn

router = Router(tags=["intel"])
NOT_FOUND = {404: ErrorOut}


class SurveyOut(Schema):
    slug: str
    title: str
    fielded_from: dt.date | None
    fielded_to: dt.date | None
    mode: str
    frame: str
    respondents: int
    illustrative: bool


def _survey_out(s: Survey) -> dict:
    return {
        **{k: getattr(s, k) for k in SurveyOut.model_fields if k != "respondents"},
        "respondents": s.respondents.count(),
    }


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS}, summary="Surveys")
def surveys(request):
    allow(request, "use_research")
    return [_survey_out(s) for s in queries.surveys()]


@router.post(
    "/surveys", response={201: SurveyOut, 400: ErrorOut, **ERRORS}, summary="Define a survey"
)
def create_survey(request, payload: SurveyIn):
    allow(request, "use_research")
    try:
        with transaction.atomic():
            s = actions.create_survey(payload, request.user)
    except DjangoValidationError as err:
        raise field_errors(err) from err
    return Status(201, _survey_out(s))


MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class RowErrorOut(Schema):
    line: int
    field: str
    reason: str


class ImportOut(Schema):
    committed: bool
    rows_in: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[RowErrorOut]
    warnings: list[str]


@router.post(
    "/surveys/{slug}/responses",
    response={200: ImportOut, 400: ErrorOut, **NOT_FOUND, **ERRORS},
    summary="Import responses (CSV, XLSX, Kobo/ODK export, SPSS .sav); all or nothing",
)
def import_responses(request, slug: Slug, file: File[UploadedFile]):
    allow(request, "use_research")
    s = get_object_or_404(Survey, slug=slug)
    if file.size and file.size > MAX_UPLOAD_BYTES:
        return Status(400, {"detail": "file larger than 50 MB"})
    try:
        report = actions.import_responses(s, file.read(), file.name or "upload", request.user)
    except BadFile as error:
        return Status(400, {"detail": str(error)})
    return {
        **report.counts(),
        "committed": report.committed,
        "warnings": report.warnings,
        "errors": [vars(e) for e in report.errors],
    }


class CellOut(Schema):
    code: str
    label: str
    share: float
    lower: float
    upper: float
    significant: bool


class ColumnOut(Schema):
    label: str
    respondents: int
    effective_n: float
    too_few: bool
    cells: list[CellOut] | None  # None: too few respondents to show a number


class TableOut(Schema):
    question: str
    weights: str
    respondents: int
    design_effect: float
    effective_n: float
    min_n: int
    assumption: str
    columns: list[ColumnOut]


class TableQuery(Schema):
    question: Name
    by: list[Name] = Field(default_factory=list, max_length=2)
    weights: Annotated[int, Field(ge=0, le=100_000)] | None = None  # 0: unweighted; none: latest


@router.get(
    "/surveys/{slug}/table",
    response={200: TableOut, **NOT_FOUND, **ERRORS},
    summary="Topline or crosstab of one question, with intervals",
)
def table(request, slug: Slug, q: Query[TableQuery]):
    allow(request, "use_research")
    s = get_object_or_404(Survey, slug=slug)
    question = get_object_or_404(s.questions.filter(kind__in=queries.CHOICE_KINDS), name=q.question)
    by = [
        get_object_or_404(
            s.questions.exclude(kind="multiple").filter(kind__in=queries.CHOICE_KINDS), name=n
        )
        for n in q.by
    ]
    if q.weights is None:
        weights = s.weight_sets.order_by("-version").first()
    else:
        weights = get_object_or_404(s.weight_sets, version=q.weights) if q.weights else None
    t = queries.table(s, question, by, weights)
    return {
        "question": question.name,
        "weights": t.weights,
        "respondents": t.respondents,
        "design_effect": t.design_effect,
        "effective_n": t.effective_n,
        "min_n": t.min_n,
        "assumption": t.assumption,
        "columns": [
            {
                "label": c.label,
                "respondents": c.respondents,
                "effective_n": c.effective_n,
                "too_few": c.too_few,
                "cells": None if c.too_few else [vars(x) for x in c.cells],
            }
            for c in t.columns
        ],
    }


class WeightSetOut(Schema):
    version: int
    converged: bool
    iterations: int
    max_error: float
    design_effect: float
    effective_n: float
    respondents: int


@router.post(
    "/surveys/{slug}/weights",
    response={201: WeightSetOut, 400: ErrorOut, **NOT_FOUND, **ERRORS},
    summary="Rake the respondents to population margins (a new version of weights)",
)
def weigh(request, slug: Slug, payload: WeightingIn):
    allow(request, "use_research")
    s = get_object_or_404(Survey, slug=slug)
    try:
        ws = actions.weight_survey(s, payload, request.user)
    except DjangoValidationError as err:
        raise field_errors(err) from err
    return Status(201, ws)


class FindingOut(Schema):
    id: int
    date: dt.date
    source: str
    confidence: str
    title: str
    summary: str
    theme: str
    contestant_id: int | None
    segment: str | None
    illustrative: bool


@router.get("/findings", response={200: list[FindingOut], **ERRORS}, summary="Dated findings")
def findings(request, until: dt.date | None = None):
    allow(request, "use_research")
    return [vars(f) for f in queries.findings(until=until)]


@router.post(
    "/findings", response={201: FindingOut, 400: ErrorOut, **ERRORS}, summary="Record a finding"
)
def record_finding(request, payload: FindingIn):
    allow(request, "use_research")
    try:
        f = actions.record_finding(payload, request.user)
    except DjangoValidationError as err:
        raise field_errors(err) from err
    return Status(201, vars(next(r for r in queries.findings() if r.id == f.pk)))


class BacktestRowOut(Schema):
    method: str
    incumbent_pct: float
    challenger_pct: float
    margin_error: float
    in_sample: bool
    chosen_after_result: bool
    note: str


class BacktestOut(Schema):
    round_number: int
    eve: dt.date
    incumbent: str
    challenger: str
    actual_incumbent_pct: float
    actual_challenger_pct: float
    polls_used: int
    lean_needed: float | None
    rows: list[BacktestRowOut]


@router.get(
    "/polls/{slug}/{round_number}/backtest",
    response={200: BacktestOut, **NOT_FOUND, **ERRORS},
    summary="What the poll tracker would have said on the eve of a round, method by method",
)
def backtest(request, slug: Slug, round_number: Annotated[int, Field(ge=1, le=2)]):
    allow(request, "use_research")
    election = get_object_or_404(Election, slug=slug)
    bt = tracker.backtest(election, round_number)
    if bt is None:
        return Status(404, {"detail": "no polls, result or incumbent for this round"})
    return {
        "round_number": bt.round_number,
        "eve": bt.eve,
        "incumbent": bt.incumbent.short,
        "challenger": bt.challenger.short,
        "actual_incumbent_pct": bt.actual_pct[0],
        "actual_challenger_pct": bt.actual_pct[1],
        "polls_used": bt.polls_used,
        "lean_needed": bt.lean_needed,
        "rows": [vars(r) for r in bt.rows],
    }
