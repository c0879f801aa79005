"""Use cases of volunteers: sign-up with consent, teams, posko, consent withdrawal.

Every change is audited (``core.audit.record_change``); the NIK is validated and only its
mask is kept; phone numbers are stored in E.164.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

import lokal
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.areas.models import Area
from kampanye.core import clock
from kampanye.core.audit import record_change
from kampanye.core.scope import in_scope
from kampanye.elections.models import Contestant
from kampanye.volunteers.mail import send_volunteer_mail
from kampanye.volunteers.models import (
    PARENT_LEVEL,
    Availability,
    Community,
    Consent,
    Posko,
    Skill,
    Team,
    Volunteer,
)

# The consent text a volunteer agrees to, by version. A new wording gets a new version;
# old versions stay here so every recorded consent can still be read as it was given.
CONSENT_VERSION = "relawan-2026-1"
CONSENT_TEXTS = {
    CONSENT_VERSION: gettext_lazy(
        "Saya setuju nama, nomor HP, wilayah dan keahlian saya disimpan dan dipakai oleh tim "
        "kampanye untuk mengoordinasikan kegiatan relawan, dan saya dapat menarik "
        "persetujuan ini serta meminta data saya dihapus kapan saja."
    ),
}
CONSENT_PURPOSE = "koordinasi relawan"

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def mask_nik(raw: str) -> str:
    """Validate a NIK and return only its mask (``3174********0001``); raise on a bad one."""
    info = lokal.parse_nik(raw.strip())
    if not info.valid:
        raise ValidationError(
            {
                "nik": [
                    _("NIK tidak sah: %(why)s") % {"why": "; ".join(i.message for i in info.errors)}
                ]
            }
        )
    assert info.nik is not None  # a valid NIK always carries its digits
    return lokal.partial_mask("NIK", info.nik)


def normalise_phone(raw: str) -> str:
    info = lokal.parse_phone(raw.strip())
    if not info.valid:
        raise ValidationError(
            {
                "phone": [
                    _("Nomor HP tidak sah: %(why)s")
                    % {"why": "; ".join(i.message for i in info.errors)}
                ]
            }
        )
    assert info.e164 is not None  # a valid number always has its E.164 form
    return info.e164


@dataclass
class SignUpIn:
    contestant_id: int
    name: str
    phone: str
    consent: bool
    consent_version: str = CONSENT_VERSION
    nik: str = ""
    email: str = ""
    community_id: int | None = None
    skills: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    home_area_code: str = ""
    referral_code: str = ""
    joined_on: dt.date | None = None
    illustrative: bool = False


def _check_sign_up(data: SignUpIn, by) -> tuple[dict, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    clean: dict = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.consent:
        fail("consent", _("Persetujuan wajib dicentang untuk mendaftar."))
    if data.consent_version not in CONSENT_TEXTS:
        fail("consent_version", _("Versi naskah persetujuan tidak dikenal."))
    name = " ".join(data.name.split())
    if not 2 <= len(name) <= 200:
        fail("name", _("Nama wajib diisi (2–200 karakter)."))
    clean["name"] = name
    for key, check in (("phone", normalise_phone), ("nik", mask_nik)):
        raw = getattr(data, key)
        if key == "nik" and not raw.strip():
            clean["nik_masked"] = ""
            continue
        try:
            clean["phone_e164" if key == "phone" else "nik_masked"] = check(raw)
        except ValidationError as e:
            for msg in e.message_dict[key]:
                fail(key, msg)
    bad = [s for s in data.skills if s not in Skill.values]
    if bad:
        fail("skills", _("Keahlian tidak dikenal: %(x)s") % {"x": ", ".join(bad)})
    bad = [s for s in data.availability if s not in Availability.values]
    if bad:
        fail("availability", _("Waktu luang tidak dikenal: %(x)s") % {"x": ", ".join(bad)})
    clean["home_area"] = None
    if data.home_area_code:
        clean["home_area"] = Area.objects.filter(code=data.home_area_code).first()
        if clean["home_area"] is None:
            fail(
                "home_area_code",
                _("Kode wilayah %(c)s tidak dikenal.") % {"c": data.home_area_code},
            )
        elif by is not None and by.is_authenticated and not in_scope(by, data.home_area_code):
            fail("home_area_code", _("Wilayah ini di luar cakupan Anda."))
    clean["community"] = None
    if data.community_id:
        clean["community"] = Community.objects.filter(
            pk=data.community_id, contestant_id=data.contestant_id
        ).first()
        if clean["community"] is None:
            fail("community_id", _("Komunitas tidak dikenal."))
    clean["recruited_by"] = None
    if data.referral_code:
        clean["recruited_by"] = Volunteer.objects.filter(
            referral_code=data.referral_code.strip().upper(), contestant_id=data.contestant_id
        ).first()
        if clean["recruited_by"] is None:
            fail("referral_code", _("Kode ajakan tidak dikenal."))
    return clean, errors


class AlreadyRegistered(ValidationError):
    """The phone is a volunteer's already. Raised only for input that is otherwise valid, so
    that the other errors never depend on who is registered."""

    def __init__(self, volunteer: Volunteer):
        super().__init__({"phone": [_("Nomor HP ini sudah terdaftar sebagai relawan.")]})
        self.volunteer = volunteer


def sign_up_volunteer(data: SignUpIn, *, by=None, now: dt.datetime | None = None) -> Volunteer:
    """Register a volunteer with consent (purpose, text version, date) and a referral code.

    Raises ``ValidationError`` with a message per field (``error_dict``).
    """
    now = now or clock.now()
    if not Contestant.objects.filter(pk=data.contestant_id).exists():
        raise ValidationError({"contestant_id": [_("Pasangan calon tidak dikenal.")]})
    clean, errors = _check_sign_up(data, by)
    if errors:
        raise ValidationError(errors)
    known = Volunteer.objects.filter(
        contestant_id=data.contestant_id, phone_e164=clean["phone_e164"]
    ).first()
    if known is not None:
        raise AlreadyRegistered(known)
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    volunteer = Volunteer.objects.create(
                        contestant_id=data.contestant_id,
                        email=data.email.strip(),
                        skills=sorted(set(data.skills)),
                        availability=sorted(set(data.availability)),
                        referral_code=new_code(),
                        joined_on=data.joined_on or timezone.localdate(now),
                        illustrative=data.illustrative,
                        **clean,
                    )
                break
            except IntegrityError:  # referral code already taken: draw again
                continue
        else:  # pragma: no cover - 32^8 codes
            raise RuntimeError("no free referral code")
        Consent.objects.create(
            volunteer=volunteer,
            purpose=CONSENT_PURPOSE,
            given_at=now,
            text_version=data.consent_version,
        )
        record_change(by, "sign_up_volunteer", volunteer, after=audit_view(volunteer))
    return volunteer


def sign_up_in_public(data: SignUpIn, *, site: str, now: dt.datetime | None = None) -> None:
    """The public sign-up: answers the same whether or not the phone is registered, so the
    form tells no one who is a volunteer. The volunteer hears the outcome by their own
    channel (their e-mail): a new one gets their referral link, a known one is told that
    someone signed up with their number. Other input errors raise ``ValidationError``."""
    try:
        volunteer = sign_up_volunteer(data, now=now)
        kind = "welcome"
    except AlreadyRegistered as known:
        volunteer, kind = known.volunteer, "known"
    if volunteer.email:
        transaction.on_commit(
            lambda: send_volunteer_mail.enqueue(volunteer.pk, kind, site)  # type: ignore[misc]
        )


def audit_view(volunteer: Volunteer) -> dict:
    """What the audit log keeps of a volunteer: no name, phone, e-mail or NIK (UU PDP)."""
    return {
        "id": volunteer.pk,
        "contestant": volunteer.contestant_id,
        "home_area": volunteer.home_area_id,
        "community": volunteer.community_id,
        "recruited_by": volunteer.recruited_by_id,
        "joined_on": volunteer.joined_on.isoformat(),
        "has_nik": bool(volunteer.nik_masked),
    }


def withdraw_consent(volunteer: Volunteer, *, by=None, now: dt.datetime | None = None) -> int:
    """Mark every open consent of a volunteer withdrawn; returns how many were open."""
    now = now or clock.now()
    with transaction.atomic():
        n = volunteer.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        record_change(by, "withdraw_consent", volunteer, after={"withdrawn": n, "id": volunteer.pk})
    return n


def create_team(
    *,
    contestant: Contestant,
    name: str,
    level: str,
    area: Area,
    parent: Team | None = None,
    coordinator: Volunteer | None = None,
    by=None,
) -> Team:
    """A team in the korwil → korcam → kordes → korlap chain, inside its parent's area."""
    errors: dict[str, list[str]] = {}
    expected = PARENT_LEVEL.get(level)
    if expected is None and parent is not None:
        errors["parent"] = [_("Korwil adalah tingkat teratas dan tidak punya induk.")]
    if expected is not None:
        if parent is None or parent.level != expected:
            errors["parent"] = [
                _("Tim %(lv)s harus berada di bawah tim %(p)s.") % {"lv": level, "p": expected}
            ]
        elif not parent.area.contains(area.code):
            errors["area"] = [_("Wilayah tim harus berada di dalam wilayah tim induknya.")]
    if coordinator is not None and coordinator.contestant_id != contestant.pk:
        errors["coordinator"] = [_("Koordinator harus relawan pasangan calon yang sama.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        team = Team.objects.create(
            contestant=contestant,
            name=name,
            level=level,
            area=area,
            parent=parent,
            coordinator=coordinator,
        )
        if coordinator is not None:
            team.members.add(coordinator)
        record_change(
            by,
            "create_team",
            team,
            after={"id": team.pk, "level": level, "area": area.code, "name": name},
        )
    return team


def create_posko(
    *,
    contestant: Contestant,
    name: str,
    area: Area,
    address: str,
    opens_at: dt.time,
    closes_at: dt.time,
    days: str = "Senin–Minggu",
    team: Team | None = None,
    illustrative: bool = False,
    by=None,
) -> Posko:
    if opens_at >= closes_at:
        raise ValidationError({"closes_at": [_("Jam tutup harus setelah jam buka.")]})
    with transaction.atomic():
        posko = Posko.objects.create(
            contestant=contestant,
            name=name,
            area=area,
            address=address,
            opens_at=opens_at,
            closes_at=closes_at,
            days=days,
            team=team,
            illustrative=illustrative,
        )
        record_change(by, "create_posko", posko)
    return posko


def forget_volunteer(
    volunteer: Volunteer,
    *,
    by=None,
    now: dt.datetime | None = None,
    erased: dict | None = None,
) -> dict:
    """Erase a volunteer's personal data (UU PDP), keeping counts that hold none.

    Name, phone, e-mail, NIK mask, skills and referral code are wiped; the login is
    deactivated and renamed; consents are marked withdrawn. The photos, locations and notes
    of their field reports belong to the ground front, which registers their erasure
    (``core.registry.PersonData``); ``core.actions.forget_person`` runs it first, in the same
    transaction, and passes its counts here as ``erased``, so the one audit entry records
    them. The audit entry names only the record's id and what was done.
    """
    from django.contrib.auth.hashers import make_password

    now = now or clock.now()
    with transaction.atomic():
        v = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        v.name = f"(dihapus #{v.pk})"
        v.phone_e164 = v.email = v.nik_masked = ""
        v.skills, v.availability = [], []
        v.referral_code = None
        v.forgotten_at = now
        v.save()
        withdrawn = v.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        user = v.user
        if user is not None:
            user.username = f"forgotten-{v.pk}-{new_code(6).lower()}"
            user.first_name = user.last_name = user.email = ""
            user.password = make_password(None)
            user.is_active = False
            user.save()
        summary = {
            "id": v.pk,
            **(erased or {}),
            "consents_withdrawn": withdrawn,
            "login_deactivated": v.user_id is not None,
        }
        record_change(
            by, "forget_person", model="volunteers.volunteer", object_id=str(v.pk), after=summary
        )
    return summary
