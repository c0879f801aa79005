"""JSON API of the media front, mounted at /api/media/.

Reads: outlets, the campaign's contacts (masked, in scope), coverage, and the darling
index with its baseline. Writes: a coverage item and a meeting, each read by the same schema
as the pages (``kampanye.media.schemas``) and answered 422 naming each field.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kampanye.core.api import ERRORS, MAX_INT, ErrorOut, allow, unprocessable
from kampanye.elections.queries import current_election
from kampanye.media import actions, queries
from kampanye.media.models import CoverageItem, Outlet
from kampanye.media.schemas import CoverageIn, MeetingIn
from kampanye.volunteers.queries import campaign_of

router = Router(tags=["media"])
USE = "use_media_centre"


class OutletOut(Schema):
    id: int
    name: str
    kind: str
    reach: str
    owner: str | None
    audience: int | None
    audience_basis: str
    audience_as_of: dt.date | None
    illustrative: bool

    @staticmethod
    def resolve_owner(obj: Outlet) -> str | None:
        return obj.owner.name if obj.owner else None


class ContactOut(Schema):
    id: int
    name: str
    role: str
    outlet_id: int
    desk: str
    beat: str
    phone_masked: str
    email_masked: str


class MentionOut(Schema):
    contestant_id: int
    tone: int
    model_tone: int | None


class ItemOut(Schema):
    id: int
    outlet_id: int
    published_on: dt.date
    title: str
    url: str
    kind: str
    paid: bool
    cost_idr: int
    story: str
    illustrative: bool
    mentions: list[MentionOut]

    @staticmethod
    def resolve_mentions(obj: CoverageItem) -> list:
        return list(obj.mentions.all())


class RecordedOut(Schema):
    outcome: str
    item: ItemOut


class PairOut(Schema):
    contestant_id: int
    short: str
    placements: int
    stories: int
    earned: int
    paid: int
    positive: int
    neutral: int
    negative: int
    darling_index: float | None
    share_of_voice: float | None


class DarlingOut(Schema):
    election: str
    sample: str
    pairs: list[PairOut]


class MeetingOut(Schema):
    id: int
    held_on: dt.date
    agenda: list[str]


@router.get("/outlets", response={200: list[OutletOut], **ERRORS}, summary="Outlets")
def outlets(request):
    allow(request, USE)
    return list(Outlet.objects.select_related("owner"))


@router.get(
    "/contacts", response={200: list[ContactOut], **ERRORS}, summary="Your campaign's contacts"
)
def contacts(request):
    """Masked phone and e-mail only; a campaign sees only its own contacts in its area."""
    allow(request, USE)
    return list(queries.contacts_in_scope(request.user))


@router.get("/coverage", response={200: list[ItemOut], **ERRORS}, summary="Coverage items")
def coverage(
    request,
    contestant_id: int | None = Query(None, ge=1, le=MAX_INT),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    allow(request, USE)
    qs = CoverageItem.objects.prefetch_related("mentions").order_by("-published_on", "-pk")
    if contestant_id:
        qs = qs.filter(mentions__contestant_id=contestant_id)
    return list(qs[offset : offset + limit])


@router.post(
    "/coverage",
    response={200: RecordedOut, 422: ERRORS[422], 401: ErrorOut, 403: ErrorOut},
    summary="Log a coverage item (idempotent by its URL, else outlet, date and title)",
)
def record(request, payload: CoverageIn):
    allow(request, USE)
    try:
        with transaction.atomic():
            item, outcome = actions.record_coverage(payload, by=request.user)
    except ValidationError as err:
        return unprocessable(err.message_dict)
    return {"outcome": outcome, "item": item}


@router.post(
    "/meetings",
    response={200: MeetingOut, 422: ERRORS[422], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Log a meeting with editors",
)
def meeting(request, payload: MeetingIn):
    allow(request, USE)
    contestant = campaign_of(request.user)
    if contestant is None:
        raise HttpError(404, _("Belum ada pasangan calon."))
    try:
        with transaction.atomic():
            return actions.log_meeting(payload, contestant=contestant, by=request.user)
    except ValidationError as err:
        return unprocessable(err.message_dict)


@router.get(
    "/darling", response={200: DarlingOut, 404: ErrorOut, **ERRORS}, summary="Darling index"
)
def darling(request, election: str | None = Query(None, max_length=50)):
    """Per pair: the darling index (share of its placements earned and not negative) and
    share of voice, the baseline beside it. Counts only the coverage in this registry."""
    allow(request, USE)
    found = current_election(election)
    if found is None:
        raise HttpError(404, _("Pemilihan tidak dikenal."))
    pairs = queries.pair_figures(queries.Filters(found))
    return {
        "election": found.slug,
        "sample": "coverage logged or imported in this registry only",
        "pairs": [{**p.__dict__, "darling_index": p.darling_index} for p in pairs],
    }
