"""Use cases of the ground front: activities and shifts, assignments with leases,
aspirations, share kits. Field reports (contacts) are in ``kampanye.ground.reports``.

Each action runs in one transaction, audits what it changed and writes its touchpoints
through ``kampanye.ledger.actions`` in that same transaction.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kampanye.areas.models import Area, Level
from kampanye.core import clock
from kampanye.core.audit import record_change, snapshot
from kampanye.core.scope import in_scope, writable
from kampanye.ground import ledger
from kampanye.ground.mail import send_reminder_email
from kampanye.ground.models import (
    Activity,
    Aspiration,
    Assignment,
    Click,
    Contact,
    ShareKit,
    ShareLink,
    Shift,
    SignUp,
)
from kampanye.ground.schemas import ActivityIn
from kampanye.ledger.actions import record_touchpoint
from kampanye.product.models import Plank, Theme
from kampanye.volunteers.actions import new_code
from kampanye.volunteers.models import Volunteer


def _fail(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# ---- activities, shifts, sign-ups -------------------------------------------------------


def plan_activity(data: ActivityIn, *, by=None) -> Activity:
    """Create an activity and its touchpoint (``ground:activity:<id>``). ``ActivityIn``
    checked what it says; here only the area (known, in scope) and the themes."""
    errors: dict[str, list[str]] = {}
    area = Area.objects.filter(code=data.area_code).first()
    if area is None:
        errors["area_code"] = [_("Kode wilayah %(c)s tidak dikenal.") % {"c": data.area_code}]
    elif by is not None and not in_scope(by, area.code):
        errors["area_code"] = [_("Wilayah ini di luar cakupan Anda.")]
    themes = list(Theme.objects.filter(pk__in=data.theme_ids, contestant_id=data.contestant_id))
    if len(themes) != len(set(data.theme_ids)):
        errors["theme_ids"] = [_("Ada tema yang tidak dikenal.")]
    _fail(errors)
    assert area is not None  # an unknown area code failed just above
    with transaction.atomic():
        activity = Activity.objects.create(
            contestant_id=data.contestant_id,
            kind=data.kind,
            title=data.title,
            area=area,
            area_code=area.code,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            initiated_by=data.initiated_by,
            initiator_id=data.initiator_id,
            participation_level=data.participation_level,
            segment_id=data.segment_id,
            expected_reach=data.expected_reach,
            cost_idr=data.cost_idr,
            created_by=by if by is not None and by.is_authenticated else None,
            illustrative=data.illustrative,
        )
        activity.themes.set(themes)
        theme_id = min((t.pk for t in themes), default=None)
        record_touchpoint(ledger.activity_touchpoint(activity, theme_id))
        record_change(by, "plan_activity", activity)
    return activity


def add_shift(
    activity: Activity, starts_at: dt.datetime, ends_at: dt.datetime, capacity: int, *, by=None
) -> Shift:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("Waktu selesai harus setelah waktu mulai.")]})
    if capacity < 1:
        raise ValidationError({"capacity": [_("Kuota paling sedikit 1 relawan.")]})
    with transaction.atomic():
        shift = Shift.objects.create(
            activity=activity, starts_at=starts_at, ends_at=ends_at, capacity=capacity
        )
        record_change(by, "add_shift", shift)
    return shift


def sign_up_for_shift(shift: Shift, volunteer: Volunteer, *, by=None) -> SignUp:
    """Take a place in a shift; refused when it is full or the volunteer is already in."""
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
        if volunteer.contestant_id != shift.activity.contestant_id:
            raise ValidationError({"volunteer": [_("Relawan dari pasangan calon lain.")]})
        existing = SignUp.objects.filter(shift=shift, volunteer=volunteer).first()
        if existing is not None and existing.status != SignUp.Status.CANCELLED:
            raise ValidationError({"shift": [_("Anda sudah terdaftar di giliran ini.")]})
        taken = shift.signups.exclude(status=SignUp.Status.CANCELLED).count()
        if taken >= shift.capacity:
            raise ValidationError({"shift": [_("Giliran ini sudah penuh.")]})
        if existing is not None:
            existing.status = SignUp.Status.SIGNED_UP
            existing.save(update_fields=["status"])
            signup = existing
        else:
            signup = SignUp.objects.create(shift=shift, volunteer=volunteer)
        record_change(by, "sign_up_for_shift", signup)
    return signup


def whatsapp_link(phone_e164: str, text: str) -> str:
    """A click-to-chat link (wa.me) that opens WhatsApp with the message typed in."""
    return f"https://wa.me/{phone_e164.lstrip('+')}?text={quote(text)}"


def reminder_text(shift: Shift) -> str:
    start = timezone.localtime(shift.starts_at)
    return _("Pengingat: %(title)s, %(day)s pukul %(hour)s WIB di %(area)s. Terima kasih!") % {
        "title": shift.activity.title,
        "day": start.strftime("%d-%m-%Y"),
        "hour": start.strftime("%H.%M"),
        "area": shift.activity.area.name,
    }


def remind_shift(shift: Shift, *, by=None, now: dt.datetime | None = None) -> list[dict]:
    """Queue e-mail reminders as background tasks; return click-to-chat links per volunteer."""
    now = now or clock.now()
    text = reminder_text(shift)
    out = []
    with transaction.atomic():
        signups = shift.signups.filter(status=SignUp.Status.SIGNED_UP).select_related("volunteer")
        # a volunteer from another area may sign up for a shift here; their phone stays
        # with their own area's coordinators (the e-mail reminder still reaches them)
        reachable = set(
            writable(
                Volunteer.objects.filter(pk__in=signups.values("volunteer_id")),
                by,
                "home_area__code",
            ).values_list("pk", flat=True)
        )
        for s in signups:
            v = s.volunteer
            if v.email:
                transaction.on_commit(
                    lambda pk=v.pk: send_reminder_email.enqueue(pk, text)  # type: ignore[misc]
                )
            out.append(
                {
                    "volunteer_id": v.pk,
                    "name": v.name,
                    "whatsapp": whatsapp_link(v.phone_e164, text)
                    if v.phone_e164 and v.pk in reachable
                    else "",
                    "email": bool(v.email),
                }
            )
        Shift.objects.filter(pk=shift.pk).update(reminded_at=now)
        record_change(by, "remind_shift", shift, after={"reminded": len(out)})
    return out


# ---- assignments with leases ------------------------------------------------------------


def return_expired_assignments(*, now: dt.datetime | None = None, by=None) -> int:
    """Give back every open assignment in ``by``'s scope (all of them when ``by`` is None,
    the housekeeping task) whose lease has run out. Returns how many."""
    now = now or clock.now()
    with transaction.atomic():
        expired = Assignment.objects.filter(status=Assignment.Status.OPEN, lease_until__lte=now)
        ids = list(writable(expired, by).select_for_update().values_list("pk", flat=True))
        if ids:
            Assignment.objects.filter(pk__in=ids).update(
                status=Assignment.Status.RETURNED, closed_at=now
            )
            record_change(
                by,
                "return_expired_assignments",
                model="ground.assignment",
                after={"ids": ids, "at": now.isoformat()},
            )
    return len(ids)


def assign_area(
    *,
    volunteer: Volunteer,
    area_code: str,
    lease_days: int = 7,
    list_name: str = "",
    target_households: int = 0,
    by=None,
    now: dt.datetime | None = None,
    illustrative: bool = False,
) -> Assignment:
    """Give a volunteer a kelurahan, RW or RT (or a named list in an area) until a lease ends.

    An area is held by one volunteer at a time; expired leases are returned first.
    """
    now = now or clock.now()
    errors: dict[str, list[str]] = {}
    area = Area.objects.filter(code=area_code).first()
    if area is None:
        errors["area_code"] = [_("Kode wilayah %(c)s tidak dikenal.") % {"c": area_code}]
    elif area.level < Level.VILLAGE and not list_name:
        errors["area_code"] = [_("Tugaskan kelurahan, RW atau RT (atau sebuah daftar).")]
    elif by is not None and not in_scope(by, area.code):
        errors["area_code"] = [_("Wilayah ini di luar cakupan Anda.")]
    if not 1 <= lease_days <= 90:
        errors["lease_days"] = [_("Masa tugas 1 sampai 90 hari.")]
    _fail(errors)
    assert area is not None  # an unknown area code failed just above
    with transaction.atomic():
        return_expired_assignments(now=now, by=by)
        held = (
            Assignment.objects.select_for_update()
            .filter(area=area, status=Assignment.Status.OPEN, list_name=list_name)
            .select_related("volunteer")
            .first()
        )
        if held is not None:
            raise ValidationError(
                {
                    "area_code": [
                        _("Wilayah ini sedang ditugaskan ke %(who)s hingga %(until)s.")
                        % {
                            "who": held.volunteer.name,
                            "until": timezone.localtime(held.lease_until).strftime(
                                "%d-%m-%Y %H.%M"
                            ),
                        }
                    ]
                }
            )
        assignment = Assignment.objects.create(
            contestant_id=volunteer.contestant_id,
            volunteer=volunteer,
            area=area,
            area_code=area.code,
            list_name=list_name,
            target_households=target_households,
            assigned_by=by if by is not None and by.is_authenticated else None,
            assigned_at=now,
            lease_until=now + dt.timedelta(days=lease_days),
            illustrative=illustrative,
        )
        record_change(by, "assign_area", assignment)
    return assignment


def close_assignment(
    assignment: Assignment, status: str, *, by=None, now: dt.datetime | None = None
) -> Assignment:
    """Mark an open assignment done, or give it back before its lease ends."""
    now = now or clock.now()
    if status not in (Assignment.Status.DONE, Assignment.Status.RETURNED):
        raise ValidationError({"status": [_("Status tidak dikenal.")]})
    with transaction.atomic():
        a = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if a.status != Assignment.Status.OPEN:
            raise ValidationError({"status": [_("Penugasan ini sudah ditutup.")]})
        a.status, a.closed_at = status, now
        a.save(update_fields=["status", "closed_at"])
        record_change(by, "close_assignment", a, before={"status": "open"})
    return a


# ---- aspirations ------------------------------------------------------------------------


def _audited(aspiration: Aspiration) -> dict:
    """What the audit log keeps of an aspiration: ids, status and dates, never the words
    heard or answered (they may name people; docs/privacy.md)."""
    view = snapshot(aspiration) or {}
    view.pop("text", None)
    view["answered"] = bool(view.pop("answer", ""))
    return view


def triage_aspiration(
    aspiration: Aspiration, *, category: str, priority: int, by=None, now: dt.datetime | None = None
) -> Aspiration:
    errors: dict[str, list[str]] = {}
    if category not in Aspiration.Category.values:
        errors["category"] = [_("Kategori tidak dikenal.")]
    if priority not in (1, 2, 3):
        errors["priority"] = [_("Prioritas 1 (tinggi), 2 atau 3 (rendah).")]
    _fail(errors)
    with transaction.atomic():
        before = {
            "category": aspiration.category,
            "priority": aspiration.priority,
            "status": aspiration.status,
        }
        aspiration.category, aspiration.priority = category, priority
        if aspiration.status == Aspiration.Status.NEW:
            aspiration.status = Aspiration.Status.TRIAGED
        aspiration.triaged_at = aspiration.triaged_at or now or clock.now()
        aspiration.save(update_fields=["category", "priority", "status", "triaged_at"])
        record_change(
            by, "triage_aspiration", aspiration, before=before, after=_audited(aspiration)
        )
    return aspiration


def answer_aspiration(
    aspiration: Aspiration, answer: str, *, by=None, now: dt.datetime | None = None
) -> Aspiration:
    """Record the campaign's reply (checked by ``schemas.AnswerIn``); the reply time is
    ``answered_at − heard_at``."""
    now = now or clock.now()
    if now < aspiration.heard_at:
        raise ValidationError({"answered_at": [_("Jawaban tidak bisa mendahului aspirasi.")]})
    with transaction.atomic():
        before = {"status": aspiration.status, "answered": bool(aspiration.answer)}
        aspiration.answer = answer.strip()
        aspiration.answered_at = aspiration.answered_at or now
        aspiration.status = Aspiration.Status.ANSWERED
        aspiration.triaged_at = aspiration.triaged_at or now
        aspiration.save(update_fields=["answer", "answered_at", "status", "triaged_at"])
        record_change(
            by, "answer_aspiration", aspiration, before=before, after=_audited(aspiration)
        )
    return aspiration


def link_aspiration_to_plank(aspiration: Aspiration, plank: Plank | None, *, by=None) -> Aspiration:
    """Trace an aspiration to the plank of the political product it shaped (or unlink)."""
    if plank is not None and plank.contestant_id != aspiration.contestant_id:
        raise ValidationError({"plank": [_("Program milik pasangan calon lain.")]})
    with transaction.atomic():
        before = {"plank": aspiration.plank_id}
        aspiration.plank = plank
        aspiration.save(update_fields=["plank"])
        record_change(
            by, "link_aspiration_to_plank", aspiration, before=before, after=_audited(aspiration)
        )
    return aspiration


# ---- share kits -------------------------------------------------------------------------


def create_share_kit(
    *,
    contestant_id: int,
    title: str,
    message: str,
    target_url: str,
    theme: Theme | None = None,
    made_by_volunteer: Volunteer | None = None,
    illustrative: bool = False,
    by=None,
) -> ShareKit:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Judul wajib diisi.")]
    if not message.strip():
        errors["message"] = [_("Pesan wajib diisi.")]
    if not target_url.startswith(("https://", "http://")):
        errors["target_url"] = [_("Tautan harus diawali https:// atau http://.")]
    _fail(errors)
    with transaction.atomic():
        kit = ShareKit.objects.create(
            contestant_id=contestant_id,
            title=title.strip(),
            message=message.strip(),
            target_url=target_url,
            theme=theme,
            made_by_volunteer=made_by_volunteer,
            illustrative=illustrative,
        )
        record_change(by, "create_share_kit", kit)
    return kit


def share_link_for(kit: ShareKit, volunteer: Volunteer) -> ShareLink:
    """The volunteer's own tracking link for a kit (made on first use)."""
    link = ShareLink.objects.filter(kit=kit, volunteer=volunteer).first()
    if link is not None:
        return link
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ShareLink.objects.create(kit=kit, volunteer=volunteer, code=new_code(10))
        except IntegrityError:
            found = ShareLink.objects.filter(kit=kit, volunteer=volunteer).first()
            if found is not None:
                return found
    raise RuntimeError("no free share code")  # pragma: no cover


def record_click(code: str, *, now: dt.datetime | None = None) -> str | None:
    """Count one visit through a share link; return where to send the visitor (or None)."""
    now = now or clock.now()
    link = ShareLink.objects.select_related("kit", "volunteer__home_area").filter(code=code).first()
    if link is None:
        return None
    day = timezone.localdate(now)
    with transaction.atomic():
        Click.objects.create(link=link, at=now)
        start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        clicks = Click.objects.filter(
            link=link, at__gte=start, at__lt=start + dt.timedelta(days=1)
        ).count()
        area = link.volunteer.home_area
        record_touchpoint(
            ledger.clicks_touchpoint(
                link_id=link.pk,
                day=day,
                clicks=clicks,
                contestant_id=link.kit.contestant_id,
                area_id=area.pk if area else None,
                area_code=area.code if area else "",
                theme_id=link.kit.theme_id,
                illustrative=link.kit.illustrative,
            )
        )
    return link.kit.target_url


def forget_field_data(volunteer: Volunteer) -> dict:
    """Delete the photos, locations and notes of a volunteer's field reports (UU PDP).

    The contacts themselves (household, response, area) and their touchpoints stay. Photo
    files are removed once the transaction commits. Registered for ``kampanye forget`` and
    retention: ``core.actions.forget_person`` runs it before
    ``volunteers.actions.forget_volunteer`` and hands that action the counts returned here,
    so that its single audit entry records them; on its own it writes no audit entry.
    """
    with transaction.atomic():
        contacts = Contact.objects.select_for_update().filter(volunteer=volunteer)
        photos = list(contacts.exclude(photo="").values_list("photo", flat=True))
        cleared = contacts.update(photo="", latitude=None, longitude=None, note="")

        def delete_photos() -> None:
            for name in photos:
                default_storage.delete(name)

        transaction.on_commit(delete_photos)
    return {"contacts_kept": cleared, "photos_deleted": len(photos)}
