"""JSON API of the ground front, mounted at /api/ground/.

``POST /api/ground/contacts/sync`` takes a phone's outbox: a batch of field reports, each
with the UUID the phone made. Every report is stored exactly once; the answer says, per
report, ``accepted``, ``duplicate`` (already stored: safe to drop from the outbox) or
``rejected`` with the reason per field. Malformed JSON or wrong types answer 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kampanye.core.api import ERRORS, Code, ErrorOut, Id, Text, allow, field_errors
from kampanye.ground import queries
from kampanye.ground.actions import answer_aspiration
from kampanye.ground.reports import MAX_BATCH, AspirationIn, ReportIn, sync_contacts
from kampanye.volunteers.queries import campaign_of

router = Router(tags=["ground"])


class AspirationSchema(Schema):
    kind: Literal["request", "complaint"]
    category: Annotated[str, Field(max_length=20, pattern=r"^[a-z_]*$")]
    text: Annotated[Text, Field(max_length=2000)]


class ReportSchema(Schema):
    client_uuid: UUID
    occurred_at: dt.datetime
    area_code: Code
    response: Annotated[str, Field(max_length=12, pattern=r"^[a-z_]*$")]
    households: int = 1
    themes: list[Code] = Field(default_factory=list, max_length=20)
    activity_id: Id | None = None
    assignment_id: Id | None = None
    latitude: float | None = None
    longitude: float | None = None
    note: Annotated[Text, Field(max_length=500)] = ""
    photo_base64: Annotated[str, Field(max_length=2_800_000)] = ""
    supersedes: UUID | None = None
    aspiration: AspirationSchema | None = None


class SyncIn(Schema):
    reports: list[ReportSchema] = Field(max_length=MAX_BATCH)


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
    items = [
        ReportIn(
            **r.dict(exclude={"aspiration"}),
            aspiration=AspirationIn(**r.aspiration.dict()) if r.aspiration else None,
        )
        for r in payload.reports
    ]
    results = sync_contacts(request.user, items)
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


@router.get(
    "/aspirations",
    response={200: list[AspirationOut], 400: ErrorOut, **ERRORS},
    summary="Aspirations in your area",
)
def aspirations(request, status: Code | None = None):
    allow(request, "view_volunteers")
    contestant = campaign_of(request.user)
    if contestant is None:
        return []
    qs = queries.aspirations_in_scope(request.user, contestant.pk)
    if status:
        qs = qs.filter(status=status)
    return list(qs[:500])


class AnswerIn(Schema):
    answer: Annotated[Text, Field(min_length=1, max_length=4000)]


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
