"""Field reports: ``sync_contacts`` takes a phone's outbox and stores each report once.

A report carries the UUID the phone made when it was filed. The UUID is unique in the
database, so a report sent twice in one batch, or again on a retry, is stored once and
answered ``duplicate``. A correction is a new report whose ``supersedes`` names the UUID
of the report it replaces; the old one stays, its touchpoint counts zero.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kampanye.areas.models import Area
from kampanye.core import clock
from kampanye.core.audit import record_change
from kampanye.core.scope import in_scope, membership_of, writable
from kampanye.ground import ledger
from kampanye.ground.models import Activity, Aspiration, Assignment, Contact
from kampanye.ground.schemas import MAX_BATCH, Rejected, ReportIn, photo_bytes
from kampanye.ledger.actions import record_touchpoint, record_touchpoints
from kampanye.product.models import Theme
from kampanye.volunteers.models import Volunteer

Status = Literal["accepted", "duplicate", "rejected"]


@dataclass
class ReportResult:
    client_uuid: uuid.UUID
    status: Status
    errors: dict[str, list[str]] = field(default_factory=dict)
    contact_id: int | None = None


def _actor(user) -> tuple[Volunteer | None, int | None]:
    volunteer = Volunteer.objects.filter(user=user).first() if user is not None else None
    if volunteer is not None:
        return volunteer, volunteer.contestant_id
    m = membership_of(user)
    return None, m.contestant_id if m else None


@dataclass
class _Context:
    user: object
    volunteer: Volunteer | None
    contestant_id: int
    now: dt.datetime
    illustrative: bool
    areas: dict[str, int]
    themes: dict[str, int]
    activities: dict[int, Activity]
    assignments: dict[int, int | None]  # id -> volunteer id
    targets: dict[uuid.UUID, Contact]  # contacts named by ``supersedes``
    photos_saved: list[str] = field(default_factory=list)  # deleted again on a rollback


def _load(items: list[ReportIn], user, volunteer, contestant_id, now, illustrative) -> _Context:
    codes = {i.area_code for i in items}
    slugs = {s for i in items for s in i.themes}
    return _Context(
        user=user,
        volunteer=volunteer,
        contestant_id=contestant_id,
        now=now,
        illustrative=illustrative,
        areas=dict(Area.objects.filter(code__in=codes).values_list("code", "pk")),
        themes=dict(
            Theme.objects.filter(contestant_id=contestant_id, slug__in=slugs).values_list(
                "slug", "pk"
            )
        ),
        activities=writable(
            Activity.objects.filter(
                contestant_id=contestant_id, pk__in={i.activity_id for i in items if i.activity_id}
            ),
            user,
        ).in_bulk(),
        assignments=dict(
            writable(
                Assignment.objects.filter(
                    contestant_id=contestant_id,
                    pk__in={i.assignment_id for i in items if i.assignment_id},
                ),
                user,
            ).values_list("pk", "volunteer_id")
        ),
        targets={
            c.client_uuid: c
            for c in writable(
                Contact.objects.filter(
                    contestant_id=contestant_id,
                    client_uuid__in={i.supersedes for i in items if i.supersedes},
                ),
                user,
            ).select_related("superseded_by")
        },
    )


def _problems(item: ReportIn, ctx: _Context) -> dict[str, list[str]]:
    """What the schema cannot know: references, the reporter's scope, the server's clock."""
    e: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        e.setdefault(name, []).append(message)

    if item.area_code not in ctx.areas:
        fail("area_code", _("Kode wilayah %(c)s tidak dikenal.") % {"c": item.area_code})
    elif ctx.user is not None and not in_scope(ctx.user, item.area_code):
        fail("area_code", _("Wilayah ini di luar cakupan Anda."))
    if item.occurred_at > ctx.now + dt.timedelta(hours=1):
        fail("occurred_at", _("Waktu kontak tidak boleh di masa depan."))
    unknown = sorted(set(item.themes) - ctx.themes.keys())
    if unknown:
        fail("themes", _("Tema tidak dikenal: %(x)s.") % {"x": ", ".join(unknown)})
    if item.activity_id and item.activity_id not in ctx.activities:
        fail("activity_id", _("Kegiatan tidak dikenal."))
    if item.assignment_id:
        owner = ctx.assignments.get(item.assignment_id, -1)
        if owner == -1 or (ctx.volunteer is not None and owner != ctx.volunteer.pk):
            fail("assignment_id", _("Penugasan ini bukan milik Anda."))
    return e


def _target_problem(supersedes: uuid.UUID, ctx: _Context, accepted: dict, taken: set) -> str | None:
    """Why a correction may not replace the report ``supersedes`` names, or None."""
    target = accepted.get(supersedes) or ctx.targets.get(supersedes)
    if target is None:
        return _("Laporan yang dikoreksi tidak ditemukan.")
    if ctx.volunteer is not None and target.volunteer_id != ctx.volunteer.pk:
        return _("Hanya pelapor yang dapat mengoreksi laporannya.")
    if supersedes in taken:
        return _("Laporan ini sudah dikoreksi; koreksi versi terbarunya.")
    try:
        target.superseded_by  # noqa: B018 - a reverse one-to-one raises when absent
    except Contact.DoesNotExist:
        return None
    return _("Laporan ini sudah dikoreksi; koreksi versi terbarunya.")


Item = ReportIn | Rejected  # a report as ``schemas.read_report`` read it


def sync_contacts(
    user, items: Sequence[Item], *, now: dt.datetime | None = None
) -> list[ReportResult]:
    """Store a batch of field reports, each exactly once; one result per item, in order.
    An item the schema rejected is answered ``rejected`` (or ``duplicate`` when its UUID is
    stored already: the phone may drop it)."""
    now = now or clock.now()
    volunteer, contestant_id = _actor(user)
    if contestant_id is None:
        why = {"__all__": [_("Akun Anda belum terhubung ke relawan atau pasangan calon.")]}
        return [ReportResult(i.client_uuid, "rejected", why) for i in items]
    if len(items) > MAX_BATCH:
        why = {"__all__": [_("Paling banyak %(n)d laporan sekali kirim.") % {"n": MAX_BATCH}]}
        return [ReportResult(i.client_uuid, "rejected", why) for i in items]
    return _sync(user, volunteer, contestant_id, items, now)


def file_reports_for(
    volunteer: Volunteer,
    items: Sequence[Item],
    *,
    now: dt.datetime | None = None,
    illustrative: bool = False,
) -> list[ReportResult]:
    """Store reports on a volunteer's behalf with no login and no area scope (imports, the
    demo, whose reports are ``illustrative``). Same checks, same exactly-once rule, same
    touchpoints as ``sync_contacts``."""
    now = now or clock.now()
    return _sync(None, volunteer, volunteer.contestant_id, items, now, illustrative)


def _sync(user, volunteer, contestant_id, items, now, illustrative=False) -> list[ReportResult]:
    for _attempt in range(3):
        try:
            return _sync_once(user, volunteer, contestant_id, items, now, illustrative)
        except IntegrityError:
            continue  # a concurrent retry stored some of these first: read again
    return _sync_once(user, volunteer, contestant_id, items, now, illustrative)


def _sync_once(user, volunteer, contestant_id, items, now, illustrative) -> list[ReportResult]:
    reports = [i for i in items if isinstance(i, ReportIn)]
    ctx = _load(reports, user, volunteer, contestant_id, now, illustrative)
    uuids = {i.client_uuid for i in items}
    stored = Contact.objects.filter(client_uuid__in=uuids)
    existing = dict.fromkeys(stored.values_list("client_uuid", flat=True))
    # the phone may drop a stored report; only one it may see learns its id
    existing.update(
        writable(stored.filter(contestant_id=contestant_id), user).values_list("client_uuid", "pk")
    )
    results: list[ReportResult] = []
    first: dict[uuid.UUID, ReportResult] = {}
    repeats: list[ReportResult] = []
    fresh: dict[uuid.UUID, tuple[ReportIn, bytes | None]] = {}
    for item in items:
        if item.client_uuid in existing:
            results.append(
                ReportResult(item.client_uuid, "duplicate", contact_id=existing[item.client_uuid])
            )
            continue
        if item.client_uuid in first:  # sent twice in this batch: settled below
            repeats.append(ReportResult(item.client_uuid, "duplicate"))
            results.append(repeats[-1])
            continue
        problems = item.errors if isinstance(item, Rejected) else _problems(item, ctx)
        if problems:
            results.append(ReportResult(item.client_uuid, "rejected", problems))
        else:
            photo = photo_bytes(item.photo_base64) if item.photo_base64 else None
            fresh[item.client_uuid] = (item, photo)
            results.append(ReportResult(item.client_uuid, "accepted"))
        first[item.client_uuid] = results[-1]
    try:
        with transaction.atomic():
            accepted = _store(ctx, fresh, first)
            if accepted:
                record_change(
                    user,
                    "sync_contacts",
                    model="ground.contact",
                    after={"accepted": [str(u) for u in accepted]},
                )
    except BaseException:  # the reports were not stored: neither are their photos
        for name in ctx.photos_saved:
            default_storage.delete(name)
        raise
    for r in first.values():
        if r.status == "accepted":
            r.contact_id = accepted[r.client_uuid].pk
    for r in repeats:
        original = first[r.client_uuid]
        if original.status == "rejected":
            r.status, r.errors = "rejected", original.errors
        r.contact_id = original.contact_id
    return results


def _contact(item: ReportIn, ctx: _Context, photo: bytes | None) -> Contact:
    contact = Contact(
        client_uuid=item.client_uuid,
        contestant_id=ctx.contestant_id,
        volunteer=ctx.volunteer,
        filed_by=ctx.user if isinstance(ctx.user, User) else None,  # not AnonymousUser
        activity_id=item.activity_id,
        assignment_id=item.assignment_id,
        area_id=ctx.areas[item.area_code],
        area_code=item.area_code,
        occurred_at=item.occurred_at,
        households=item.households,
        response=item.response,
        latitude=item.latitude,
        longitude=item.longitude,
        note=item.note,
        received_at=ctx.now,
        illustrative=ctx.illustrative,
    )
    if photo is not None:
        ext = "png" if photo.startswith(b"\x89PNG") else "jpg"
        contact.photo.name = default_storage.save(
            f"ground/photos/{item.client_uuid}.{ext}", ContentFile(photo)
        )
        ctx.photos_saved.append(contact.photo.name)
    return contact


def _store(
    ctx: _Context, fresh: dict, by_uuid: dict[uuid.UUID, ReportResult]
) -> dict[uuid.UUID, Contact]:
    """Insert accepted reports; corrections after the reports they supersede."""
    accepted: dict[uuid.UUID, Contact] = {}
    taken: set[uuid.UUID] = set()
    pending = list(fresh.values())
    while pending:
        ready, wait = [], []
        for item, photo in pending:
            if (
                item.supersedes is not None
                and item.supersedes in fresh
                and item.supersedes not in accepted
                and by_uuid[item.supersedes].status == "accepted"
            ):
                wait.append((item, photo))
                continue
            if item.supersedes is not None:
                why = _target_problem(item.supersedes, ctx, accepted, taken)
                if why:
                    r = by_uuid[item.client_uuid]
                    r.status, r.errors = "rejected", {"supersedes": [why]}
                    continue
                taken.add(item.supersedes)
            ready.append((item, photo))
        if not ready:  # a cycle of corrections naming each other
            for item, _unused in wait:
                r = by_uuid[item.client_uuid]
                r.status = "rejected"
                r.errors = {"supersedes": [_("Laporan yang dikoreksi tidak ditemukan.")]}
            break
        contacts = []
        for item, photo in ready:
            c = _contact(item, ctx, photo)
            if item.supersedes is not None:
                c.supersedes = accepted.get(item.supersedes) or ctx.targets[item.supersedes]
            contacts.append(c)
        Contact.objects.bulk_create(contacts)
        for (item, _p), c in zip(ready, contacts, strict=True):
            accepted[item.client_uuid] = c
        _side_records(ctx, [item for item, _p in ready], contacts)
        pending = wait
    return accepted


def _side_records(ctx: _Context, items: list[ReportIn], contacts: list[Contact]) -> None:
    """Themes, aspirations and touchpoints of freshly stored contacts (and what they replace)."""
    through = Contact.themes.through
    links, aspirations, touchpoints = [], [], []
    # a correction that repeats its aspiration carries the one already heard (and its triage
    # and answer) over to the corrected report instead of opening a second one
    heard = {
        a.contact_id: a
        for a in Aspiration.objects.filter(
            contact_id__in=[c.supersedes_id for c in contacts if c.supersedes_id]
        )
    }
    for item, c in zip(items, contacts, strict=True):
        theme_ids = sorted({ctx.themes[s] for s in item.themes})
        links += [through(contact_id=c.pk, theme_id=t) for t in theme_ids]
        if item.aspiration is not None and c.supersedes_id in heard:
            carried = heard[c.supersedes_id]
            carried.contact = c
            carried.kind, carried.category = item.aspiration.kind, item.aspiration.category
            carried.text = item.aspiration.text
            carried.area_id, carried.area_code = c.area_id, c.area_code
            carried.save(update_fields=["contact", "kind", "category", "text", "area", "area_code"])
        elif item.aspiration is not None:
            aspirations.append(
                Aspiration(
                    contact=c,
                    contestant_id=ctx.contestant_id,
                    area_id=c.area_id,
                    area_code=c.area_code,
                    kind=item.aspiration.kind,
                    category=item.aspiration.category,
                    text=item.aspiration.text,
                    heard_at=c.occurred_at,
                    illustrative=c.illustrative,
                )
            )
        activity = ctx.activities.get(item.activity_id) if item.activity_id else None
        touchpoints.append(
            ledger.contact_touchpoint(
                c,
                activity_kind=activity.kind if activity else None,
                activity_level=activity.participation_level if activity else None,
                theme_id=theme_ids[0] if theme_ids else None,
                heard_aspiration=item.aspiration is not None,
                segment_id=activity.segment_id if activity else None,
            )
        )
        if c.supersedes_id is not None:
            old = c.supersedes
            assert old is not None  # supersedes_id is set, so the row is there (or this raised)
            old_activity = (
                Activity.objects.filter(pk=old.activity_id).first()
                if old.activity_id is not None
                else None
            )
            record_touchpoint(
                ledger.contact_touchpoint(
                    old,
                    activity_kind=old_activity.kind if old_activity else None,
                    activity_level=old_activity.participation_level if old_activity else None,
                    theme_id=old.themes.order_by("pk").values_list("pk", flat=True).first(),
                    heard_aspiration=old.pk in heard
                    or Aspiration.objects.filter(contact=old).exists(),
                    segment_id=old_activity.segment_id if old_activity else None,
                    superseded=True,
                )
            )
    through.objects.bulk_create(links)
    Aspiration.objects.bulk_create(aspirations)
    record_touchpoints(touchpoints)
