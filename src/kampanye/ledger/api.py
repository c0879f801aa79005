"""The touchpoint ledger over JSON: list, summary and recording (mounted at /api/ledger/).

Every endpoint checks a permission (``view_ledger`` to read, ``record_touchpoint`` to write)
and reads or writes only inside the user's area scope. Errors: 401 without a valid token,
403 without the permission or outside the scope, 422 with one message per bad field.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from kampanye.areas.models import Area, Segment
from kampanye.core.api import CODE, ERRORS, MAX_INT, NO_NUL, ErrorOut, allow, unprocessable
from kampanye.core.scope import in_scope
from kampanye.elections.models import Contestant
from kampanye.ledger import queries
from kampanye.ledger.actions import TouchpointIn, record_touchpoint_by
from kampanye.ledger.models import Channel, Front, ImcElement, Initiator, MediaType, Touchpoint
from kampanye.product.models import Theme

router = Router(tags=["ledger"])

if TYPE_CHECKING:  # built from the models' choices at run time, which mypy cannot follow
    FrontName = str
    ChannelName = str
else:
    FrontName = Literal[tuple(Front.values)]
    ChannelName = Literal[tuple(Channel.values)]
Dimension = Literal[queries.DIMENSIONS]  # type: ignore[valid-type]


class LedgerQuery(Schema):
    election: str | None = Field(None, max_length=50, pattern=NO_NUL, description="slug or id")
    contestant: list[int] = Field([], description="contestant ids")
    front: list[FrontName] = []
    channel: list[ChannelName] = []
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    area: str | None = Field(None, pattern=CODE, description="area code: this area and below")
    segment: int | None = None
    illustrative: bool | None = None


def _filters(q: LedgerQuery) -> queries.LedgerFilters:
    data = {k: v for k, v in q.dict().items() if v is not None}
    for key in ("date_from", "date_to"):
        if key in data:
            data[key] = data[key].isoformat()
    words: dict[bool | None, str] = {True: "ya", False: "tidak"}
    data["illustrative"] = words.get(q.illustrative, "")
    try:
        return queries.LedgerFilters.from_query(data)
    except queries.FilterError as exc:
        raise _Unprocessable(exc.errors) from None


class _Unprocessable(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class TouchpointOut(Schema):
    id: int
    source: str
    occurred_on: dt.date
    front: str
    channel: str
    imc_element: str
    contestant_id: int
    area_code: str
    segment_id: int | None
    theme_id: int | None
    count: int
    reach: int
    reach_basis: str
    cost_idr: int
    media_type: str
    initiated_by: str
    participation_level: int | None
    tone: float | None
    illustrative: bool
    recorded_at: dt.datetime


class TouchpointPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[TouchpointOut]


@router.get("/touchpoints", response={200: TouchpointPage, **ERRORS}, summary="List touchpoints")
def list_touchpoints(
    request,
    q: Query[LedgerQuery],
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    allow(request, "view_ledger")
    try:
        filters = _filters(q)
    except _Unprocessable as exc:
        return unprocessable(exc.errors)
    qs = queries.touchpoints(request.user, filters).order_by("-occurred_on", "-id")
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": list(qs[offset : offset + limit]),
    }


class SummaryRowOut(Schema):
    keys: dict[str, str | int | None]
    labels: dict[str, str]
    count: int
    reach: int
    cost_idr: int
    rows: int
    illustrative_rows: int


class TotalsOut(Schema):
    count: int
    reach: int
    cost_idr: int
    rows: int
    illustrative_rows: int


class ChannelCostOut(Schema):
    channel: str
    label: str
    cost_idr: int
    contacts: int
    reach: int
    per_contact_idr: float | None
    per_person_idr: float | None


class SeriesOut(Schema):
    periods: list[dt.date]
    by_front: dict[str, list[int]]


class SummaryOut(Schema):
    totals: TotalsOut
    rows: list[SummaryRowOut]
    series: SeriesOut
    cost_by_channel: list[ChannelCostOut]


@router.get(
    "/touchpoints/summary", response={200: SummaryOut, **ERRORS}, summary="Ledger aggregates"
)
def touchpoint_summary(
    request,
    q: Query[LedgerQuery],
    by: list[Dimension] = Query(["front", "channel", "contestant"]),  # noqa: B008
    period: Literal["day", "week", "month"] = "week",
    area_level: Literal["provinsi", "kota", "kecamatan", "kelurahan"] = "kota",
):
    """Count, reach and cost grouped ``by`` dimensions; the chart's series; cost per channel."""
    allow(request, "view_ledger")
    try:
        filters = _filters(q)
    except _Unprocessable as exc:
        return unprocessable(exc.errors)
    user = request.user
    by = list(dict.fromkeys(by))
    rows = queries.ledger_summary(user, filters, by, period=period, area_level=area_level)
    return {
        "totals": queries.ledger_totals(user, filters).__dict__,
        "rows": [
            {
                **r.__dict__,
                "keys": {
                    k: v.isoformat() if isinstance(v, dt.date) else v for k, v in r.keys.items()
                },
            }
            for r in rows
        ],
        "series": queries.ledger_series(user, filters, period).__dict__,
        "cost_by_channel": [
            {**c.__dict__, "per_contact_idr": c.per_contact, "per_person_idr": c.per_person}
            for c in queries.cost_by_channel(user, filters)
        ],
    }


class TouchpointInSchema(Schema):
    source: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    occurred_on: dt.date
    front: FrontName
    channel: ChannelName
    imc_element: Literal[tuple(ImcElement.values)]  # type: ignore[valid-type]
    contestant_id: int = Field(..., ge=1, le=2**62)
    media_type: Literal[tuple(MediaType.values)]  # type: ignore[valid-type]
    initiated_by: Literal[tuple(Initiator.values)]  # type: ignore[valid-type]
    area_code: str | None = Field(None, pattern=CODE)
    segment_id: int | None = Field(None, ge=1, le=2**62)
    theme_id: int | None = Field(None, ge=1, le=2**62)
    count: int = Field(1, ge=0, le=MAX_INT)
    reach: int = Field(0, ge=0, le=MAX_INT)
    reach_basis: str = Field("", max_length=200, pattern=NO_NUL)
    cost_idr: int = Field(0, ge=0, le=2**62)
    participation_level: Literal[1, 2, 3, 4] | None = None
    tone: float | None = Field(None, ge=-1, le=1)
    illustrative: bool = False


class RecordedOut(Schema):
    outcome: Literal["created", "updated", "unchanged"]
    touchpoint: TouchpointOut


@router.post(
    "/touchpoints",
    response={200: RecordedOut, 201: RecordedOut, 400: ErrorOut, **ERRORS},
    summary="Record a touchpoint (idempotent on source)",
)
def post_touchpoint(request, payload: TouchpointInSchema):
    """201 when created; 200 when the source was already recorded (unchanged or updated)."""
    allow(request, "record_touchpoint")
    data = payload.dict()
    code = data.pop("area_code") or ""
    if not in_scope(request.user, code or None):
        raise HttpError(403, _("Wilayah %(code)s di luar wilayah Anda.") % {"code": code or "—"})
    errors = _references(data, code)
    if errors:
        return unprocessable(errors)
    existing = Touchpoint.objects.filter(source=data["source"]).values_list("area_code").first()
    if existing is not None and not in_scope(request.user, existing[0] or None):
        raise HttpError(403, _("Titik kontak ini berada di luar wilayah Anda."))
    try:
        touchpoint, outcome = record_touchpoint_by(request.user, TouchpointIn(**data))
    except ValidationError as exc:
        return unprocessable(exc.message_dict)
    body = {"outcome": outcome, "touchpoint": touchpoint}
    return Status(201 if outcome == "created" else 200, body)


def _references(data: dict, code: str) -> dict[str, str]:
    """Resolve the area code and check that every referenced row exists."""
    errors: dict[str, str] = {}
    data["area_id"], data["area_code"] = None, ""
    if code:
        area = Area.objects.filter(code=code).values_list("pk", flat=True).first()
        if area is None:
            errors["area_code"] = _("wilayah '%(code)s' tidak dikenal") % {"code": code}
        data["area_id"], data["area_code"] = area, code
    for key, model in (("contestant_id", Contestant), ("segment_id", Segment), ("theme_id", Theme)):
        if data.get(key) is not None and not model.objects.filter(pk=data[key]).exists():
            errors[key] = _("id %(id)s tidak dikenal") % {"id": data[key]}
    return errors
