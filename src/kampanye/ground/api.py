"""JSON API of the ground front, mounted at /api/ground/.

``POST /api/ground/contacts/sync`` takes a phone's outbox: a batch of field reports, each
with the UUID the phone made. Every report is stored exactly once; the answer says, per
report, ``accepted``, ``duplicate`` (already stored: safe to drop from the outbox) or
``rejected`` with the reason per field. A report is checked against
``kampanye.ground.schemas.ReportIn``, the same schema the report page uses. Malformed
JSON, more than MAX_BATCH reports or a report without a readable UUID answer 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError
from pydantic import ValidatorFunctionWrapHandler, field_validator

from kampanye.core.api import ERRORS, MAX_INT, Code, ErrorOut, Id, allow, field_errors
from kampanye.ground import queries
from kampanye.ground.actions import answer_aspiration
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import MAX_BATCH, AnswerIn, ReportIn, read_report
from kampanye.volunteers.queries import campaign_of

router = Router(tags=["ground"])


class SyncIn(Schema):
    reports: list[ReportIn] = Field(max_length=MAX_BATCH)

    @field_validator("reports", mode="wrap")
    @classmethod
    def _each_on_its_own(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """A report that breaks the schema is answered ``rejected`` on its own line, so the
        rest of the outbox still goes through; the batch answers 422 only when it is not a
        list of at most MAX_BATCH reports, or a report has no readable ``client_uuid``."""
        if not isinstance(value, list) or len(value) > MAX_BATCH:
            return handler(value)
        try:
            return [read_report(item) for item in value]
        except PydanticValidationError:
            return handler(value)  # raises, naming the item and the field


class ReportResultSchema(Schema):
    client_uuid: UUID
    status: Literal["accepted", "duplicate", "rejected"]
    errors: dict[str, list[str]]
    contact_id: int | None


class SyncOut(Schema):
    accepted: int
    duplicate: int
    rejected: int
    results: list[ReportResultSchema]


@router.post(
    "/contacts/sync",
    response={200: SyncOut, 400: ErrorOut, **ERRORS},
    url_name="ground_sync",
    summary="Sync a phone's outbox of reports",
)
def sync(request, payload: SyncIn):
    allow(request, "file_field_report")
    results = sync_contacts(request.user, payload.reports)
    counts = {s: sum(r.status == s for r in results) for s in ("accepted", "duplicate", "rejected")}
    return {**counts, "results": [r.__dict__ for r in results]}


class AspirationOut(Schema):
    id: int
    kind: str
    category: str
    text: str
    area_code: str
    heard_at: dt.datetime
    status: str
    answered_at: dt.datetime | None
    plank_id: int | None


class AspirationPage(Schema):
    """One page of aspirations: ``count`` says how many there are in all."""

    count: int
    limit: int
    offset: int
    items: list[AspirationOut]


@router.get(
    "/aspirations",
    response={200: AspirationPage, 400: ErrorOut, **ERRORS},
    summary="Aspirations in your area, a page at a time",
)
def aspirations(
    request,
    status: Code | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    allow(request, "view_volunteers")
    contestant = campaign_of(request.user)
    if contestant is None:
        return {"count": 0, "limit": limit, "offset": offset, "items": []}
    qs = queries.aspirations_in_scope(request.user, contestant.pk)
    if status:
        qs = qs.filter(status=status)
    items = list(qs[offset : offset + limit])
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": items}


@router.post(
    "/aspirations/{aspiration_id}/answer",
    response={200: AspirationOut, 404: ErrorOut, 400: ErrorOut, **ERRORS},
)
def answer(request, aspiration_id: Id, payload: AnswerIn):
    allow(request, "manage_volunteers")
    contestant = campaign_of(request.user)
    qs = queries.aspirations_in_scope(request.user, contestant.pk if contestant else 0)
    aspiration = qs.filter(pk=aspiration_id).first()
    if aspiration is None:
        raise HttpError(404, _("Aspirasi tidak ditemukan di wilayah Anda."))
    try:
        return answer_aspiration(aspiration, payload.answer, by=request.user)
    except DjangoValidationError as err:
        raise field_errors(err) from err
