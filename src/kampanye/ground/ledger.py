"""What the ground front tells the touchpoint ledger: one touchpoint per activity and contact.

Sources: ``ground:activity:<id>``, ``ground:contact:<client uuid>``,
``ground:clicks:<share link id>:<date>`` (a daily aggregate of clicks on one share link).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kampanye.ground.models import Activity, ActivityKind, Contact, Response
from kampanye.ledger.actions import TouchpointIn
from kampanye.ledger.models import Channel, Front, ImcElement, Initiator, MediaType, Participation

# Keyed by str: ``Activity.kind`` is read back from the database as a plain string.
CHANNEL_OF_KIND: dict[str, Channel] = {
    ActivityKind.BLUSUKAN: Channel.KAMPUNG_VISIT,
    ActivityKind.DOOR_TO_DOOR: Channel.DOOR_TO_DOOR,
    ActivityKind.MARKET_VISIT: Channel.MARKET_VISIT,
    ActivityKind.KAMPUNG_VISIT: Channel.KAMPUNG_VISIT,
    ActivityKind.COMMUNITY_MEETING: Channel.COMMUNITY_MEETING,
    ActivityKind.RALLY: Channel.RALLY,
    ActivityKind.EVENT: Channel.EVENT,
}
FACE_TO_FACE = {
    ActivityKind.BLUSUKAN,
    ActivityKind.DOOR_TO_DOOR,
    ActivityKind.MARKET_VISIT,
    ActivityKind.KAMPUNG_VISIT,
}


def imc_of_kind(kind: str) -> str:
    return ImcElement.PERSONAL_SELLING if kind in FACE_TO_FACE else ImcElement.EVENTS_SPONSORSHIP


def activity_touchpoint(activity: Activity, theme_id: int | None) -> TouchpointIn:
    return TouchpointIn(
        source=f"ground:activity:{activity.pk}",
        occurred_on=timezone.localdate(activity.starts_at),
        front=Front.GROUND,
        channel=CHANNEL_OF_KIND[activity.kind],
        imc_element=imc_of_kind(activity.kind),
        contestant_id=activity.contestant_id,
        media_type=MediaType.OWNED,
        initiated_by=activity.initiated_by,
        area_id=activity.area_id,
        area_code=activity.area_code,
        segment_id=activity.segment_id,
        theme_id=theme_id,
        count=1,
        reach=activity.expected_reach,
        reach_basis="perkiraan penyelenggara kegiatan",
        cost_idr=activity.cost_idr,
        participation_level=activity.participation_level,
        illustrative=activity.illustrative,
    )


def contact_touchpoint(
    contact: Contact,
    *,
    activity_kind: str | None,
    activity_level: int | None,
    theme_id: int | None,
    heard_aspiration: bool,
    segment_id: int | None = None,
    superseded: bool = False,
) -> TouchpointIn:
    """A household contact; a superseded contact keeps its row with count and reach zero."""
    level = activity_level or Participation.INFORMED
    if heard_aspiration:
        level = max(level, Participation.CONSULTED)
    reached = contact.response != Response.NOT_HOME
    kind = activity_kind or ActivityKind.DOOR_TO_DOOR
    return TouchpointIn(
        source=f"ground:contact:{contact.client_uuid}",
        occurred_on=timezone.localdate(contact.occurred_at),
        front=Front.GROUND,
        channel=CHANNEL_OF_KIND[kind],
        imc_element=ImcElement.PERSONAL_SELLING,
        contestant_id=contact.contestant_id,
        media_type=MediaType.OWNED,
        initiated_by=Initiator.VOLUNTEER if contact.volunteer_id else Initiator.STAFF,
        area_id=contact.area_id,
        area_code=contact.area_code,
        segment_id=segment_id,
        theme_id=theme_id,
        count=0 if superseded else 1,
        reach=0 if superseded or not reached else contact.households,
        reach_basis="rumah tangga yang ditemui",
        participation_level=level,
        illustrative=contact.illustrative,
    )


def clicks_touchpoint(
    *,
    link_id: int,
    day: dt.date,
    clicks: int,
    contestant_id: int,
    area_id: int | None,
    area_code: str,
    theme_id: int | None,
    illustrative: bool,
) -> TouchpointIn:
    return TouchpointIn(
        source=f"ground:clicks:{link_id}:{day.isoformat()}",
        occurred_on=day,
        front=Front.ONLINE,
        channel=Channel.WHATSAPP,
        imc_element=ImcElement.DIRECT_MARKETING,
        contestant_id=contestant_id,
        media_type=MediaType.SHARED,
        initiated_by=Initiator.VOLUNTEER,
        area_id=area_id,
        area_code=area_code,
        theme_id=theme_id,
        count=clicks,
        reach=clicks,
        reach_basis="klik tautan berbagi relawan",
        participation_level=Participation.COLLABORATING,
        illustrative=illustrative,
    )
