"""Areas and segments over JSON (read-only, mounted at /api/areas/)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError

from kampanye.areas.models import Area, Segment
from kampanye.areas.queries import visible, visible_q
from kampanye.core.api import ERRORS, ErrorOut, allow

router = Router(tags=["areas"])
CODE = r"^[0-9A-Za-z.]{1,40}$"


class AreaOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None


class AreaPage(Schema):
    count: int
    items: list[AreaOut]


def _out(area: Area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "kind": area.kind,
        "parent_code": area.parent.code if area.parent is not None else None,
    }


@router.get("/areas", response={200: AreaPage, **ERRORS}, summary="List areas")
def list_areas(
    request,
    parent: str | None = Query(None, pattern=CODE, description="code of the parent area"),
    level: int | None = Query(None, ge=1, le=7, description="1 provinsi … 4 kelurahan, 7 TPS"),
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=2_147_483_647),
):
    allow(request, "view_vocabulary")
    qs = Area.objects.filter(visible_q(request.user)).select_related("parent").order_by("code")
    if parent is not None:
        qs = qs.filter(parent__code=parent)
    if level is not None:
        qs = qs.filter(level=level)
    return {"count": qs.count(), "items": [_out(a) for a in qs[offset : offset + limit]]}


@router.get("/areas/{code}", response={200: AreaOut, 404: ErrorOut, **ERRORS}, summary="One area")
def area_detail(request, code: str = Path(..., pattern=CODE)):
    allow(request, "view_vocabulary")
    if not visible(request.user, code):  # as the area's page: 404 outside the user's way
        raise HttpError(404, _("Wilayah tidak ditemukan."))
    return _out(get_object_or_404(Area.objects.select_related("parent"), code=code))


class SegmentOut(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    description: str
    source: str


@router.get("/segments", response={200: list[SegmentOut], **ERRORS}, summary="Voter segments")
def list_segments(request):
    allow(request, "view_vocabulary")
    return list(Segment.objects.order_by("name"))
