"""Elections over JSON (read-only, mounted at /api/elections/).

Results are limited to the user's area scope like every other read of area data.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema

from kampanye.core.api import ERRORS, ErrorOut, allow
from kampanye.core.scope import scope_filter
from kampanye.elections.models import Contestant, Election, Poll, Result, Round

router = Router(tags=["elections"])
SLUG = r"^[-a-zA-Z0-9_]{1,50}$"
CODE = r"^[0-9A-Za-z.]{1,40}$"
NOT_FOUND = {404: ErrorOut, **ERRORS}


class ElectionOut(Schema):
    slug: str
    name: str
    office: str
    region_code: str
    source: str


class RoundOut(Schema):
    number: int
    voting_day: dt.date
    campaign_start: dt.date | None
    campaign_end: dt.date | None


class ContestantOut(Schema):
    id: int
    ballot_no: int
    name: str
    short: str
    head: str
    deputy: str
    backing: str
    parties: list[str]
    independent: bool
    incumbent: bool
    aliases: list[str]
    color: str
    source: str


class ResultOut(Schema):
    area_code: str
    area_name: str
    contestant_id: int
    votes: int
    source: str


class EstimateOut(Schema):
    contestant_id: int | None
    per_10000: int


class PollOut(Schema):
    id: int
    round_number: int
    pollster: str
    field_start: dt.date | None
    field_end: dt.date | None
    released: dt.date | None
    sample_size: int | None
    moe_pct: float | None
    source: str
    estimates: list[EstimateOut]


def _election(slug: str) -> Election:
    return get_object_or_404(Election.objects.select_related("region"), slug=slug)


@router.get("/elections", response={200: list[ElectionOut], **ERRORS}, summary="Elections")
def list_elections(request):
    allow(request, "view_vocabulary")
    return [
        {**e.__dict__, "region_code": e.region.code}
        for e in Election.objects.select_related("region")
    ]


@router.get("/elections/{slug}", response={200: ElectionOut, **NOT_FOUND}, summary="One election")
def election_detail(request, slug: str = Path(..., pattern=SLUG)):
    allow(request, "view_vocabulary")
    e = _election(slug)
    return {**e.__dict__, "region_code": e.region.code}


@router.get("/elections/{slug}/rounds", response={200: list[RoundOut], **NOT_FOUND})
def list_rounds(request, slug: str = Path(..., pattern=SLUG)):
    allow(request, "view_vocabulary")
    return list(_election(slug).rounds.all())


@router.get("/elections/{slug}/contestants", response={200: list[ContestantOut], **NOT_FOUND})
def list_contestants(request, slug: str = Path(..., pattern=SLUG)):
    allow(request, "view_vocabulary")
    qs = Contestant.objects.filter(election=_election(slug)).prefetch_related("parties")
    return [
        {
            **c.__dict__,
            "parties": [p.short for p in c.parties.all()],
            "aliases": [str(a) for a in (c.aliases or [])],
        }
        for c in qs
    ]


@router.get(
    "/elections/{slug}/rounds/{number}/results",
    response={200: list[ResultOut], **NOT_FOUND},
    summary="Votes by area (within your area scope)",
)
def list_results(
    request,
    slug: str = Path(..., pattern=SLUG),
    number: int = Path(..., ge=1, le=9),
    area: str | None = Query(None, pattern=CODE, description="this area and everything under it"),
    level: int | None = Query(None, ge=1, le=7),
):
    allow(request, "view_vocabulary")
    round_ = get_object_or_404(Round, election=_election(slug), number=number)
    qs = scope_filter(Result.objects.filter(round=round_), request.user, "area__code")
    if area is not None:
        qs = qs.filter(area__code=area) | qs.filter(area__code__startswith=area + ".")
    if level is not None:
        qs = qs.filter(area__level=level)
    qs = qs.select_related("area").order_by("area__code", "contestant__ballot_no")
    return [
        {
            "area_code": r.area.code,
            "area_name": r.area.name,
            "contestant_id": r.contestant_id,
            "votes": r.votes,
            "source": r.source,
        }
        for r in qs
    ]


@router.get("/elections/{slug}/polls", response={200: list[PollOut], **NOT_FOUND})
def list_polls(request, slug: str = Path(..., pattern=SLUG)):
    allow(request, "view_vocabulary")
    qs = Poll.objects.filter(election=_election(slug)).prefetch_related("estimates")
    return [
        {
            **p.__dict__,
            "moe_pct": float(p.moe_pct) if p.moe_pct is not None else None,
            "estimates": list(p.estimates.all()),
        }
        for p in qs
    ]
