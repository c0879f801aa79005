"""What the air war tells the touchpoint ledger.

Sources: ``media:meeting:<id>`` (one editors' meeting: the people met are its reach) and
``media:coverage:<item id>:<contestant id>`` (one placement naming one pair: the outlet's
audience is its reach, with the figure's basis). A coverage item is earned (publicity)
unless it was paid for (advertising); its cost, when paid, goes to the pair it names first.

The ledger decides the front by the channel: TV, radio and print are the air front, while
online news belongs to the online front (``ledger.actions.CHANNEL_FRONT``).
"""

from __future__ import annotations

from kampanye.ledger.actions import CHANNEL_FRONT, TouchpointIn
from kampanye.ledger.models import Channel, ImcElement, Initiator, MediaType, Participation
from kampanye.media.models import CoverageItem, Meeting, Mention, Outlet, OutletType

CHANNEL_OF_OUTLET: dict[str, Channel] = {
    OutletType.TV: Channel.TV,
    OutletType.RADIO: Channel.RADIO,
    OutletType.PRINT: Channel.PRINT,
    OutletType.ONLINE: Channel.ONLINE_NEWS,
}


def _area(outlet: Outlet) -> tuple[int | None, str]:
    area = outlet.area if outlet.reach == "local" else None
    if area is not None:
        return area.pk, area.code
    return None, ""


def meeting_touchpoint(meeting: Meeting, outlets: list[Outlet]) -> TouchpointIn:
    """One touchpoint per meeting, on the channel of the first contact's outlet."""
    channel = CHANNEL_OF_OUTLET[outlets[0].kind] if outlets else Channel.PRINT
    return TouchpointIn(
        source=f"media:meeting:{meeting.pk}",
        occurred_on=meeting.held_on,
        front=CHANNEL_FRONT[channel],
        channel=channel,
        imc_element=ImcElement.PUBLICITY_PR,
        contestant_id=meeting.contestant_id,
        media_type=MediaType.OWNED,
        initiated_by=Initiator.STAFF,
        count=1,
        reach=meeting.contacts.count(),
        reach_basis="kontak media yang ditemui",
        participation_level=Participation.CONSULTED,
        illustrative=meeting.illustrative,
    )


def coverage_touchpoint(item: CoverageItem, mention: Mention, first: bool) -> TouchpointIn:
    outlet = item.outlet
    channel = CHANNEL_OF_OUTLET[outlet.kind]
    area_id, area_code = _area(outlet)
    return TouchpointIn(
        source=f"media:coverage:{item.pk}:{mention.contestant_id}",
        occurred_on=item.published_on,
        front=CHANNEL_FRONT[channel],
        channel=channel,
        imc_element=ImcElement.ADVERTISING if item.paid else ImcElement.PUBLICITY_PR,
        contestant_id=mention.contestant_id,
        media_type=MediaType.PAID if item.paid else MediaType.EARNED,
        initiated_by=Initiator.STAFF if item.paid else Initiator.MEDIA,
        area_id=area_id,
        area_code=area_code,
        count=1,
        reach=outlet.audience or 0,
        reach_basis=(outlet.audience_basis or "khalayak media tidak diketahui")[:200],
        cost_idr=item.cost_idr if item.paid and first else 0,
        tone=float(mention.tone),
        illustrative=item.illustrative or outlet.illustrative,
    )
