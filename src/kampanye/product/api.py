"""The political product over JSON (read-only, mounted at /api/product/)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from kampanye.core.api import ERRORS, allow
from kampanye.product.models import BrandAttribute, Plank, Theme

router = Router(tags=["product"])
ID = {"ge": 1, "le": 2**62}


class PlankOut(Schema):
    id: int
    contestant_id: int
    slug: str
    title: str
    description: str
    status: str
    drafted_on: dt.date
    changed_on: dt.date | None
    segment_slugs: list[str]
    source: str


class ThemeOut(Schema):
    id: int
    contestant_id: int
    slug: str
    name: str
    message: str
    core: bool
    plank_slugs: list[str]


class BrandAttributeOut(Schema):
    id: int
    contestant_id: int
    name: str
    description: str
    evidence: str


@router.get("/planks", response={200: list[PlankOut], **ERRORS}, summary="Planks (policies)")
def list_planks(request, contestant: int | None = Query(None, **ID)):
    allow(request, "view_vocabulary")
    qs = Plank.objects.prefetch_related("segments")
    if contestant is not None:
        qs = qs.filter(contestant_id=contestant)
    return [{**p.__dict__, "segment_slugs": [s.slug for s in p.segments.all()]} for p in qs]


@router.get("/themes", response={200: list[ThemeOut], **ERRORS}, summary="Themes (messages)")
def list_themes(request, contestant: int | None = Query(None, **ID)):
    allow(request, "view_vocabulary")
    qs = Theme.objects.prefetch_related("planks")
    if contestant is not None:
        qs = qs.filter(contestant_id=contestant)
    return [{**t.__dict__, "plank_slugs": [p.slug for p in t.planks.all()]} for t in qs]


@router.get(
    "/brand-attributes",
    response={200: list[BrandAttributeOut], **ERRORS},
    summary="Brand attributes per contestant",
)
def list_brand_attributes(request, contestant: int | None = Query(None, **ID)):
    allow(request, "view_vocabulary")
    qs = BrandAttribute.objects.all()
    if contestant is not None:
        qs = qs.filter(contestant_id=contestant)
    return list(qs)
