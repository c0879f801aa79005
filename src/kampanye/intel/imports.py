"""Import and export of dated findings (``kampanye import findings``), registered in
``kampanye.core.exchange``. A finding is keyed by its date, source and title; each row is
checked by the same ``FindingIn`` schema as the API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pydantic
from django.utils.translation import gettext_lazy

from kampanye.areas.models import Segment
from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem, upsert
from kampanye.intel.models import Finding, Survey
from kampanye.intel.schemas import FindingIn, errors_of

FINDING_COLUMNS = (
    Column("found_on", "date", required=True, example="2012-03-15", aliases=("tanggal",)),
    Column(
        "source",
        required=True,
        example="focus_group",
        aliases=("sumber",),
        help="survey, focus_group, polls, media, blusukan",
    ),
    Column(
        "title",
        required=True,
        example="Warga ingin layanan kesehatan gratis",
        aliases=("judul",),
        max_length=200,
    ),
    Column("summary", aliases=("ringkasan",), max_length=4000),
    Column(
        "theme",
        example="need",
        aliases=("tema",),
        help="need, expectation, demand, perception; may be empty",
    ),
    Column("confidence", example="medium", aliases=("keyakinan",), help="low, medium, high"),
    Column("segment", example="warga-miskin", aliases=("segmen",), help="slug of a stored segment"),
    Column("survey", example="survei-maret-2012", aliases=("survei",), help="slug of a survey"),
    Column("illustrative", "bool", example="tidak", aliases=("ilustratif",)),
)


def check_finding(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if v not in (None, "")}
    try:
        finding = FindingIn.model_validate(data)
    except pydantic.ValidationError as err:
        raise RowProblem(problems=list(errors_of(err).items())) from None
    problems = []
    if finding.segment and not Segment.objects.filter(slug=finding.segment).exists():
        problems.append(("segment", "kelompok pemilih tidak dikenal"))
    if finding.survey and not Survey.objects.filter(slug=finding.survey).exists():
        problems.append(("survey", "survei tidak dikenal"))
    if problems:
        raise RowProblem(problems=problems)
    return finding.model_dump()


def store_finding(p: dict[str, Any], ctx: Context) -> list[Change]:
    _finding, change = upsert(
        Finding,
        {"found_on": p["found_on"], "source": p["source"], "title": p["title"]},
        {
            "summary": p["summary"],
            "theme": p["theme"],
            "confidence": p["confidence"],
            "segment": Segment.objects.filter(slug=p["segment"]).first() if p["segment"] else None,
            "survey": Survey.objects.filter(slug=p["survey"]).first() if p["survey"] else None,
            "illustrative": p["illustrative"],
        },
    )
    return [change] if change else []


def export_findings(ctx: Context) -> Iterable[dict[str, Any]]:
    for f in Finding.objects.select_related("segment", "survey").order_by("found_on", "pk"):
        yield {
            "found_on": f.found_on,
            "source": f.source,
            "title": f.title,
            "summary": f.summary,
            "theme": f.theme,
            "confidence": f.confidence,
            "segment": f.segment.slug if f.segment else "",
            "survey": f.survey.slug if f.survey else "",
            "illustrative": f.illustrative,
        }


FINDINGS = Kind(
    name="findings",
    label=gettext_lazy("temuan riset"),
    description="Dated findings of market intelligence (survey, focus group, public polls, "
    "editors' expectations, aspirations heard at blusukan) that a plank can cite.",
    columns=FINDING_COLUMNS,
    check=check_finding,
    key=lambda p: (p["found_on"], p["source"], p["title"]),
    key_fields=("found_on", "source", "title"),
    store=store_finding,
    export=export_findings,
)
