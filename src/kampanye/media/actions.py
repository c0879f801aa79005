"""Use cases of the media front, each in one transaction with its ledger touchpoints.

Every action takes its input through a schema of ``kampanye.media.schemas`` and checks here
what needs the database: the outlet and contacts exist, the contacts belong to the
campaign and lie in the user's area, the plank is the campaign's. Errors are
``ValidationError({field: [messages]})``. Contacts are personal data: the audit log keeps
their ids and what was done, never a name, phone or e-mail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kampanye.areas.models import Area
from kampanye.core.audit import record_change
from kampanye.core.scope import in_scope
from kampanye.elections.models import Contestant
from kampanye.ledger.actions import record_touchpoint
from kampanye.media import ledger
from kampanye.media.models import (
    CoverageItem,
    FollowUp,
    MediaContact,
    Meeting,
    Mention,
    Outlet,
    OwnerGroup,
    PressEvent,
    Tone,
)
from kampanye.media.schemas import (
    ContactIn,
    CoverageIn,
    MeetingIn,
    OutletIn,
    PressEventIn,
    check,
    coverage_key,
    story_of,
)
from kampanye.product.models import Plank
from kampanye.volunteers.actions import normalise_phone

TONE_OF_LABEL = {"negative": Tone.NEGATIVE, "neutral": Tone.NEUTRAL, "positive": Tone.POSITIVE}


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _area(code: str, user=None, field: str = "area_code") -> Area | None:
    if not code:
        return None
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise _fail(field, _("wilayah %(code)s tidak dikenal") % {"code": code})
    if user is not None and not in_scope(user, code):
        raise _fail(field, _("wilayah %(code)s di luar wilayah Anda") % {"code": code})
    return area


# -- outlets ----------------------------------------------------------------------------


def save_outlet(
    data: Mapping[str, Any] | OutletIn, *, by=None, illustrative=False, audited=True
) -> Outlet:
    """Create an outlet, or bring the one of that name up to date (``audited=False``: the
    import framework writes the audit entry)."""
    d = check(OutletIn, data)
    area = _area(d.area_code)
    owner = OwnerGroup.objects.get_or_create(name=d.owner)[0] if d.owner else None
    values = {
        "kind": d.kind,
        "reach": d.reach,
        "area": area,
        "owner": owner,
        "audience": d.audience,
        "audience_basis": d.audience_basis,
        "audience_as_of": d.audience_as_of,
        "ad_rate_idr": d.ad_rate_idr,
        "illustrative": illustrative,
    }
    with transaction.atomic():
        outlet, created = Outlet.objects.update_or_create(name=d.name, defaults=values)
        if audited:
            record_change(by, "create_outlet" if created else "update_outlet", outlet)
    return outlet


# -- contacts (personal data) ------------------------------------------------------------


def audit_view(contact: MediaContact) -> dict[str, Any]:
    """What the audit log keeps of a contact: no name, phone or e-mail (UU PDP)."""
    return {
        "id": contact.pk,
        "contestant": contact.contestant_id,
        "outlet": contact.outlet_id,
        "role": contact.role,
        "area": contact.area_id,
        "has_phone": bool(contact.phone_e164),
        "has_email": bool(contact.email),
    }


def add_contact(
    data: Mapping[str, Any] | ContactIn,
    *,
    contestant: Contestant,
    by=None,
    illustrative: bool = False,
    now: dt.datetime | None = None,
) -> MediaContact:
    d = check(ContactIn, data)
    outlet = Outlet.objects.filter(pk=d.outlet_id).first()
    if outlet is None:
        raise _fail("outlet_id", _("media tidak dikenal"))
    phone = normalise_phone(d.phone) if d.phone else ""
    now = now or timezone.now()
    with transaction.atomic():
        contact = MediaContact.objects.create(
            contestant=contestant,
            name=d.name,
            role=d.role,
            outlet=outlet,
            desk=d.desk,
            beat=d.beat,
            past_outlets=d.past_outlets,
            phone_e164=phone,
            email=d.email,
            area=_area(d.area_code, by),
            owned_by=by,
            consent_given_at=now,
            added_on=timezone.localdate(now),
            illustrative=illustrative,
        )
        record_change(by, "add_media_contact", contact, after=audit_view(contact))
    return contact


def forget_contact(
    contact: MediaContact, *, by=None, now: dt.datetime | None = None, erased: dict | None = None
) -> dict[str, Any]:
    """Erase a contact's personal data (``kampanye forget --media-contact ID``, retention):
    name, phone, e-mail, desk, beat and outlet history. Meetings stay, with their notes:
    the campaign's own record, which names no contact once the name is gone."""
    now = now or timezone.now()
    with transaction.atomic():
        c = MediaContact.objects.select_for_update().get(pk=contact.pk)
        c.name = f"(dihapus #{c.pk})"
        c.phone_e164 = c.email = c.desk = c.beat = c.past_outlets = ""
        c.forgotten_at = now
        c.consent_withdrawn_at = c.consent_withdrawn_at or now
        c.save()
        summary = {"id": c.pk, **(erased or {}), "meetings_kept": c.meetings.count()}
        record_change(
            by, "forget_person", model="media.mediacontact", object_id=str(c.pk), after=summary
        )
    return summary


# -- meetings ---------------------------------------------------------------------------


def log_meeting(
    data: Mapping[str, Any] | MeetingIn,
    *,
    contestant: Contestant,
    by=None,
    illustrative: bool = False,
) -> Meeting:
    """A meeting with editors, its agenda, follow-ups and expectations, and its touchpoint."""
    d = check(MeetingIn, data)
    contacts = list(
        MediaContact.objects.filter(
            pk__in=d.contact_ids, contestant=contestant, forgotten_at__isnull=True
        ).select_related("outlet", "area")
    )
    if len(contacts) != len(set(d.contact_ids)):
        raise _fail("contact_ids", _("kontak tidak dikenal atau bukan kontak kampanye ini"))
    if by is not None and not all(in_scope(by, c.area.code if c.area else None) for c in contacts):
        raise _fail("contact_ids", _("kontak di luar wilayah Anda"))
    owners = {f.owner_id for f in d.follow_ups if f.owner_id}
    if owners and get_user_model().objects.filter(pk__in=owners).count() != len(owners):
        raise _fail("follow_ups.owner_id", _("penanggung jawab tidak dikenal"))
    if d.plank_id and not Plank.objects.filter(pk=d.plank_id, contestant=contestant).exists():
        raise _fail("plank_id", _("program tidak dikenal untuk pasangan ini"))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            contestant=contestant,
            held_on=d.held_on,
            agenda=list(dict.fromkeys(str(a) for a in d.agenda)),
            notes=d.notes,
            expectations=d.expectations,
            plank_id=d.plank_id,
            logged_by=by,
            illustrative=illustrative,
        )
        meeting.contacts.set(contacts)
        FollowUp.objects.bulk_create(
            FollowUp(meeting=meeting, text=f.text, due_on=f.due_on, owner_id=f.owner_id or None)
            for f in d.follow_ups
        )
        record_touchpoint(ledger.meeting_touchpoint(meeting, [c.outlet for c in contacts]))
        record_change(
            by, "log_meeting", meeting, after={"id": meeting.pk, "agenda": meeting.agenda}
        )
    return meeting


def complete_follow_up(follow_up: FollowUp, *, by=None, on: dt.date | None = None) -> FollowUp:
    with transaction.atomic():
        follow_up.done_on = on or timezone.localdate()
        follow_up.save(update_fields=["done_on"])
        record_change(by, "complete_follow_up", follow_up)
    return follow_up


# -- press agenda -----------------------------------------------------------------------


def add_press_event(
    data: Mapping[str, Any] | PressEventIn,
    *,
    contestant: Contestant,
    by=None,
    illustrative: bool = False,
) -> PressEvent:
    d = check(PressEventIn, data)
    with transaction.atomic():
        event = PressEvent.objects.create(
            contestant=contestant,
            kind=d.kind,
            title=d.title,
            held_on=d.held_on,
            hooks=list(dict.fromkeys(str(h) for h in d.hooks)),
            area=_area(d.area_code, by),
            cost_idr=d.cost_idr,
            illustrative=illustrative,
        )
        record_change(by, "add_press_event", event)
    return event


# -- coverage ---------------------------------------------------------------------------


@cache
def _model():
    from kampanye.nlp import default_model

    return default_model()


def guess_tone(text: str) -> Tone:
    """The shared sentiment model's reading of a text, as a tone (whole-text: it does not
    tell apart two pairs named in one item; a person corrects it on the item's page)."""
    return TONE_OF_LABEL[str(_model().predict([text])[0])]


def record_coverage(
    data: Mapping[str, Any] | CoverageIn,
    *,
    by=None,
    illustrative: bool = False,
    audited: bool = True,
) -> tuple[CoverageItem, str]:
    """Store one placement (or bring it up to date) with its mentions and their touchpoints.

    Idempotent by the item's key (its normalised URL, else outlet, date and title): the same
    item logged twice is stored once. Answers the item and "created", "updated" or
    "unchanged". A tone a person corrected is kept over the model's and the file's.
    """
    d = check(CoverageIn, data)
    outlet = Outlet.objects.select_related("area").filter(pk=d.outlet_id).first()
    if outlet is None:
        raise _fail("outlet_id", _("media tidak dikenal"))
    ids = [m.contestant_id for m in d.mentions]
    found = set(Contestant.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(found) != len(ids):
        raise _fail("mentions", _("pasangan calon tidak dikenal"))
    if d.event_id and not PressEvent.objects.filter(pk=d.event_id).exists():
        raise _fail("event_id", _("agenda media tidak dikenal"))
    values = {
        "outlet": outlet,
        "published_on": d.published_on,
        "title": d.title,
        "story": story_of(d.title),
        "url": d.url,
        "kind": d.kind,
        "paid": d.paid,
        "cost_idr": d.cost_idr,
        "event_id": d.event_id,
        "illustrative": illustrative,
    }
    key = coverage_key(outlet.pk, d.published_on, d.title, d.url)
    with transaction.atomic():
        item = CoverageItem.objects.select_for_update().filter(key=key).first()
        outcome = "unchanged"
        if item is None:
            item = CoverageItem.objects.create(key=key, **values)
            outcome = "created"
        else:
            # the URL an item was first stored under stays: its other forms share its key
            changed = [k for k, v in values.items() if k != "url" and getattr(item, k) != v]
            if changed:
                for k in changed:
                    setattr(item, k, values[k])
                item.save()
                outcome = "updated"
        existing = {m.contestant_id: m for m in item.mentions.all()}
        for m in d.mentions:
            old = existing.get(m.contestant_id)
            if old is not None and (old.corrected_by_id or m.tone is None or old.tone == m.tone):
                continue
            tone = m.tone if m.tone is not None else guess_tone(f"{d.title}. {d.text}")
            guessed = None if m.tone is not None else tone
            if old is None:
                Mention.objects.create(
                    item=item, contestant_id=m.contestant_id, tone=tone, model_tone=guessed
                )
            else:
                old.tone = tone
                old.save(update_fields=["tone"])
            outcome = "updated" if outcome == "unchanged" else outcome
        if outcome != "unchanged":
            _touch(item)
        if outcome != "unchanged" and audited:
            record_change(by, f"{'record' if outcome == 'created' else 'update'}_coverage", item)
    return item, outcome


def _touch(item: CoverageItem) -> None:
    mentions = list(item.mentions.order_by("pk"))
    for i, mention in enumerate(mentions):
        record_touchpoint(ledger.coverage_touchpoint(item, mention, first=i == 0))


def correct_tone(mention: Mention, tone: int, *, by) -> Mention:
    """A person's reading of the tone replaces the model's (which is kept beside it)."""
    if tone not in Tone.values:
        raise _fail("tone", _("nada harus -1, 0 atau 1"))
    with transaction.atomic():
        before = {"tone": mention.tone}
        mention.tone = tone
        mention.corrected_by = by
        mention.save(update_fields=["tone", "corrected_by"])
        _touch(mention.item)
        record_change(by, "correct_tone", mention, before=before)
    return mention
