"""JSON API of volunteers, mounted at /api/volunteers/: the list in your area, and sign-up
by staff (the public sign-up is the web page). Phone numbers are not exposed here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Router, Schema, Status

from kampanye.core.api import ERRORS, Code, ErrorOut, Id, Text, allow, field_errors
from kampanye.volunteers.actions import CONSENT_VERSION, SignUpIn, sign_up_volunteer
from kampanye.volunteers.queries import campaign_of, volunteers_in_scope

router = Router(tags=["volunteers"])


class VolunteerOut(Schema):
    id: int
    name: str
    home_area_code: str | None = Field(None, alias="home_area.code")
    community_id: int | None
    recruited_by_id: int | None
    referral_code: str | None
    skills: list[str]
    availability: list[str]
    joined_on: dt.date
    illustrative: bool


@router.get(
    "/",
    response={200: list[VolunteerOut], 400: ErrorOut, **ERRORS},
    summary="Volunteers in your area",
)
def volunteers(
    request,
    limit: Annotated[int, Field(ge=1, le=1000)] = 200,
    offset: Annotated[int, Field(ge=0, le=2_000_000_000)] = 0,
):
    allow(request, "view_volunteers")
    contestant = campaign_of(request.user)
    if contestant is None:
        return []
    return list(volunteers_in_scope(request.user, contestant.pk)[offset : offset + limit])


class SignUpSchema(Schema):
    name: Annotated[Text, Field(max_length=200)]
    phone: Annotated[Text, Field(max_length=30)]
    consent: bool
    consent_version: Annotated[Text, Field(max_length=40)] = CONSENT_VERSION
    nik: Annotated[Text, Field(max_length=20)] = ""
    email: Annotated[Text, Field(max_length=254)] = ""
    community_id: Id | None = None
    skills: list[Code] = Field(default_factory=list, max_length=20)
    availability: list[Code] = Field(default_factory=list, max_length=10)
    home_area_code: Code = ""
    referral_code: Code = ""


@router.post(
    "/signup", response={201: VolunteerOut, 400: ErrorOut, **ERRORS}, summary="Register a volunteer"
)
def signup(request, payload: SignUpSchema):
    allow(request, "manage_volunteers")
    contestant = campaign_of(request.user)
    try:
        volunteer = sign_up_volunteer(
            SignUpIn(contestant_id=contestant.pk if contestant else 0, **payload.dict()),
            by=request.user,
        )
    except DjangoValidationError as err:
        raise field_errors(err) from err
    return Status(201, volunteer)
