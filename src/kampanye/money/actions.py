"""Use cases of the purse: budget versions, expenses and their approval, donations within
the law, handing an excess to the state treasury, forgetting a donor.

Every change is audited (``core.audit.record_change``) without the donor's personal data.
Each action checks area scope and references and raises ``ValidationError({field: [...]})``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, field

import lokal
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kampanye.areas.models import Area, Segment
from kampanye.core.audit import record_change
from kampanye.core.scope import in_scope
from kampanye.elections.models import Contestant
from kampanye.ledger.actions import CHANNEL_FRONT
from kampanye.ledger.models import Touchpoint
from kampanye.money import limits
from kampanye.money.models import (
    BudgetLine,
    BudgetVersion,
    Donation,
    Donor,
    DonorType,
    Expense,
    FundAccount,
)
from kampanye.money.schemas import (
    BudgetIn,
    DonationIn,
    DonorIn,
    ExpenseIn,
    receipt_extension,
    receipt_problem,
)
from kampanye.volunteers.actions import mask_nik

# donor types the law always limits; a regime without a row for one is flagged "not sourced"
LIMITED = frozenset({DonorType.INDIVIDUAL, DonorType.GROUP, DonorType.COMPANY})
# titles and honorifics that are not part of who a donor is ("H. Budi Santoso, S.E.")
_TITLES = frozenset(
    [
        "hj",
        "haji",
        "hajjah",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "kh",
        "se",
        "sh",
        "mm",
        "mba",
        "mh",
        "msi",
        "sos",
        "st",
        "spd",
        "skom",
        "pt",
        "cv",
        "tbk",
        "bapak",
        "ibu",
        "bpk",
        "sdr",
        "sdri",
    ]
)


def name_key(name: str) -> str:
    """The same donor under different spellings: case, punctuation, spacing and titles
    do not count (``H. BUDI  Santoso, S.E.`` and ``budi santoso`` are one key)."""
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    # single letters go too: "S.E." reads as "s e", "H." (haji) as "h"
    return " ".join(w for w in words if len(w) > 1 and w not in _TITLES) or " ".join(words)


def identity_digest(digits: str) -> str:
    """A keyed digest of a full NIK/NPWP: it matches the same number again, but the number
    cannot be read back from it (only its mask is stored)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"money-donor:" + digits.encode(), hashlib.sha256).hexdigest()


def _fail(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _area_in_scope(code: str, by, errors: dict[str, list[str]], name="area_code") -> Area | None:
    """The area of a code, checked against the user's scope (``by`` None: the system, the
    demo, which has no scope)."""
    if not code:
        if by is not None and not in_scope(by, None):
            _fail(errors, name, _("Wilayah wajib diisi: Anda terbatas pada wilayah Anda."))
        return None
    area = Area.objects.filter(code=code).first()
    if area is None:
        _fail(errors, name, _("Kode wilayah %(c)s tidak dikenal.") % {"c": code})
    elif by is not None and not in_scope(by, code):
        _fail(errors, name, _("Wilayah %(c)s di luar wilayah Anda.") % {"c": code})
    return area


# -- budget -------------------------------------------------------------------------------


def save_budget(contestant: Contestant, data: BudgetIn, *, by, illustrative=False) -> BudgetVersion:
    """Store a whole new version of the budget; the previous versions stay as they were."""
    errors: dict[str, list[str]] = {}
    segments = {s.slug: s for s in Segment.objects.filter(slug__in={x.segment for x in data.lines})}
    areas: dict[str, Area | None] = {}
    for i, line in enumerate(data.lines):
        if line.area_code not in areas:
            areas[line.area_code] = _area_in_scope(
                line.area_code, by, errors, f"lines.{i}.area_code"
            )
        if line.segment and line.segment not in segments:
            _fail(
                errors, f"lines.{i}.segment", _("Segmen %(s)s tidak dikenal.") % {"s": line.segment}
            )
        if line.channel and CHANNEL_FRONT[line.channel] != line.front:
            _fail(errors, f"lines.{i}.channel", _("Kanal ini bukan bagian dari front tersebut."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = contestant.budgets.select_for_update().aggregate(n=Max("number"))["n"] or 0
        version = BudgetVersion.objects.create(
            contestant=contestant,
            number=last + 1,
            note=data.note,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            illustrative=illustrative,
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                version=version,
                starts_on=line.starts_on,
                ends_on=line.ends_on,
                front=line.front,
                channel=line.channel or "",
                imc_element=line.imc_element or "",
                area=areas[line.area_code],
                segment=segments.get(line.segment),
                amount_idr=line.amount_idr,
                note=line.note,
            )
            for line in data.lines
        )
        total = sum(line.amount_idr for line in data.lines)
        record_change(
            by,
            "save_budget",
            version,
            after={"number": version.number, "lines": len(data.lines), "total_idr": total},
        )
    return version


# -- expenses -----------------------------------------------------------------------------


def record_expense(
    contestant: Contestant,
    data: ExpenseIn,
    *,
    by,
    receipt: tuple[str, bytes] | None = None,
    illustrative: bool = False,
) -> Expense:
    """Record spending, pending approval; its receipt (PDF/JPEG/PNG) is checked by content."""
    errors: dict[str, list[str]] = {}
    area = _area_in_scope(data.area_code, by, errors)
    if data.channel and CHANNEL_FRONT[data.channel] != data.front:
        _fail(errors, "channel", _("Kanal ini bukan bagian dari front tersebut."))
    if receipt is not None:
        problem = receipt_problem(*receipt)
        if problem:
            _fail(errors, "receipt", problem)
    if Expense.objects.filter(contestant=contestant, reference=data.reference).exists():
        _fail(errors, "reference", _("Nomor bukti %(r)s sudah dipakai.") % {"r": data.reference})
    touchpoints = _touchpoints(contestant, data.touchpoint_ids, by, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        expense = Expense(
            contestant=contestant,
            reference=data.reference,
            spent_on=data.spent_on,
            payee=data.payee,
            category=data.category,
            front=data.front,
            channel=data.channel or "",
            area=area,
            area_code=area.code if area else "",
            form=data.form,
            amount_idr=data.amount_idr,
            valuation_basis=data.valuation_basis,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
            illustrative=illustrative,
        )
        if receipt is not None:
            name = f"{contestant.pk}-{data.reference}.{receipt_extension(receipt[1])}"
            expense.receipt.save(re.sub(r"[^\w.-]", "_", name), ContentFile(receipt[1]), save=False)
        expense.save()
        expense.touchpoints.set(touchpoints)
        record_change(by, "record_expense", expense)
    return expense


def _touchpoints(contestant, ids: list[int], by, errors) -> list[Touchpoint]:
    found = list(Touchpoint.objects.filter(pk__in=ids, contestant=contestant))
    missing = set(ids) - {t.pk for t in found}
    if missing:
        _fail(
            errors,
            "touchpoint_ids",
            _("Titik kontak tidak ditemukan untuk kampanye ini: %(ids)s")
            % {"ids": ", ".join(map(str, sorted(missing)))},
        )
    if by is not None and any(not in_scope(by, t.area_code or None) for t in found):
        _fail(errors, "touchpoint_ids", _("Ada titik kontak di luar wilayah Anda."))
    return found


def decide_expense(expense: Expense, *, approve: bool, by) -> Expense:
    """Approve or reject an expense. Only a role allowed to approve, within its area, and
    never the person who recorded it (two people see every rupiah go out)."""
    if not by.has_perm("kampanye.approve_expense") or not in_scope(by, expense.area_code or None):
        raise PermissionDenied
    if expense.recorded_by_id is not None and expense.recorded_by_id == by.pk:
        raise ValidationError(
            {"status": [_("Pencatat tidak boleh menyetujui catatannya sendiri.")]}
        )
    if expense.status != Expense.Status.PENDING:
        raise ValidationError({"status": [_("Pengeluaran ini sudah diputuskan.")]})
    with transaction.atomic():
        expense.status = Expense.Status.APPROVED if approve else Expense.Status.REJECTED
        expense.decided_by, expense.decided_at = by, timezone.now()
        expense.save(update_fields=["status", "decided_by", "decided_at"])
        action = "approve_expense" if approve else "reject_expense"
        record_change(by, action, expense)
    return expense


# -- donations ------------------------------------------------------------------------------


@dataclass
class DonationCheck:
    """What the law says of a gift before it is stored: its flags, the part that may not be
    used (``excess_idr``) and the donor's total over the campaign before and after it."""

    flags: list[str] = field(default_factory=list)
    excess_idr: int = 0
    before_idr: int = 0
    after_idr: int = 0
    limit: limits.Rule | None = None

    def warnings(self) -> list[str]:
        words = dict(Donation.Flag.choices)
        out = [str(words[f]) for f in self.flags]
        if self.excess_idr:
            out.append(
                _("%(x)s tidak boleh dipakai dan harus diserahkan ke kas negara.")
                % {"x": lokal.format_rupiah(self.excess_idr)}
            )
        return out


def set_fund_account(contestant: Contestant, *, regime: str, by, **values) -> FundAccount:
    if regime not in limits.regimes():
        raise ValidationError({"regime": [_("Aturan dana kampanye tidak dikenal.")]})
    with transaction.atomic():
        account, _created = FundAccount.objects.update_or_create(
            contestant=contestant, defaults={"regime": regime, **values}
        )
        record_change(by, "set_fund_account", account)
    return account


def _donor_identity(data: DonorIn, errors) -> tuple[str, str]:
    """(mask, digest) of a donor's NIK or NPWP; ("", "") when none was given."""
    raw = data.identity.strip()
    if not raw:
        return "", ""
    if data.kind in (DonorType.INDIVIDUAL, DonorType.CANDIDATE):
        try:
            return mask_nik(raw), identity_digest(re.sub(r"\D", "", raw))
        except ValidationError as err:
            for msg in err.message_dict["nik"]:
                _fail(errors, "donor.identity", msg)
            return "", ""
    info = lokal.parse_npwp(raw)
    if not info.valid or info.digits is None:
        _fail(errors, "donor.identity", _("NPWP tidak sah."))
        return "", ""
    return lokal.partial_mask("NPWP", info.digits), identity_digest(info.digits)


def _find_donor(contestant, data: DonationIn, errors) -> tuple[Donor | None, dict | None]:
    """The donor a gift comes from: chosen, matched by identity or name, or new (its values)."""
    if data.donor_id is not None:
        donor = Donor.objects.filter(
            pk=data.donor_id, contestant=contestant, forgotten_at__isnull=True
        ).first()
        if donor is None:
            _fail(errors, "donor_id", _("Penyumbang tidak ditemukan."))
        return donor, None
    if data.donor is None:
        return None, None
    d = data.donor
    masked, digest = _donor_identity(d, errors)
    if d.kind == DonorType.INDIVIDUAL and not d.consent:
        _fail(errors, "donor.consent", _("Persetujuan penyumbang atas penyimpanan datanya wajib."))
    qs = Donor.objects.filter(contestant=contestant, forgotten_at__isnull=True, kind=d.kind)
    found = qs.filter(id_digest=digest).first() if digest else None
    if found is None:
        found = qs.filter(name_key=name_key(d.name)).first()
        if found is not None and digest and found.id_digest and found.id_digest != digest:
            found = None  # the same name, another person
    if found is not None:
        return found, None
    values = {
        "kind": d.kind,
        "name": d.name,
        "name_key": name_key(d.name),
        "id_masked": masked,
        "id_digest": digest,
        "address": d.address,
        "is_foreign": d.foreign,
        "consent_purpose": _("laporan dana kampanye ke KPU") if d.consent else "",
        "consent_at": timezone.now() if d.consent else None,
    }
    return None, values


def check_donation(
    contestant: Contestant, data: DonationIn, donor: Donor | None, new_donor: dict | None
) -> DonationCheck:
    account = FundAccount.objects.filter(contestant=contestant).first()
    regime = account.regime if account else ""
    kind = donor.kind if donor else (new_donor or {}).get("kind")
    foreign = donor.is_foreign if donor else (new_donor or {}).get("is_foreign", False)
    identified = bool(donor.id_digest if donor else (new_donor or {}).get("id_digest"))
    check = DonationCheck()
    if donor is not None:
        check.before_idr = donor.donations.aggregate(s=Sum("amount_idr"))["s"] or 0
    check.after_idr = check.before_idr + data.amount_idr
    if kind is None or (kind in LIMITED and not identified):
        check.flags.append(Donation.Flag.ANONYMOUS)
    if foreign:
        check.flags.append(Donation.Flag.FOREIGN)
    if check.flags:
        check.excess_idr = data.amount_idr  # a forbidden gift may not be used at all
        return check
    assert kind is not None  # a gift without a donor kind is anonymous, answered above
    check.limit = limits.limit_for(regime, kind, data.received_on)
    if check.limit is not None and check.after_idr > check.limit.value:
        check.flags.append(Donation.Flag.OVER_LIMIT)
        check.excess_idr = check.after_idr - max(check.before_idr, check.limit.value)
    elif check.limit is None and kind in LIMITED:
        check.flags.append(Donation.Flag.NO_LIMIT_SOURCED)
    return check


def record_donation(
    contestant: Contestant, data: DonationIn, *, by, illustrative: bool = False
) -> tuple[Donation, DonationCheck]:
    """Store a gift. One that breaks a rule is refused with its warnings (field
    ``accept_flagged``) until the treasurer accepts it knowingly; it is then stored
    flagged, with the part that may not be used and the day it is due at the treasury."""
    errors: dict[str, list[str]] = {}
    account = FundAccount.objects.filter(contestant=contestant).first()
    if account is None:
        _fail(errors, "__all__", _("Atur dulu aturan dana kampanye (rekening dana kampanye)."))
    if Donation.objects.filter(contestant=contestant, reference=data.reference).exists():
        _fail(errors, "reference", _("Nomor bukti %(r)s sudah dipakai.") % {"r": data.reference})
    with transaction.atomic():
        donor, new_donor = _find_donor(contestant, data, errors)
        if errors:
            raise ValidationError(errors)
        if donor is not None:
            donor = Donor.objects.select_for_update().get(pk=donor.pk)  # one gift at a time
        check = check_donation(contestant, data, donor, new_donor)
        if check.flags and not data.accept_flagged:
            raise ValidationError({"accept_flagged": check.warnings()})
        if new_donor is not None:
            donor = Donor.objects.create(contestant=contestant, **new_donor)
        due = None
        days = limits.deadline_days(account.regime) if account else None
        if check.excess_idr and account and account.campaign_ends_on and days is not None:
            due = account.campaign_ends_on + dt.timedelta(days=days)
        donation = Donation.objects.create(
            contestant=contestant,
            reference=data.reference,
            donor=donor,
            received_on=data.received_on,
            form=data.form,
            amount_idr=data.amount_idr,
            valuation_basis=data.valuation_basis,
            flags=[str(f) for f in check.flags],
            excess_idr=check.excess_idr,
            excess_due_on=due,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
            illustrative=illustrative,
        )
        record_change(by, "record_donation", donation, after=_audit_of(donation))
    return donation, check


def _audit_of(donation: Donation) -> dict:
    """What the audit log keeps of a gift: no name or identity of the donor (UU PDP)."""
    return {
        "reference": donation.reference,
        "donor_id": donation.donor_id,
        "amount_idr": donation.amount_idr,
        "form": donation.form,
        "flags": donation.flags,
        "excess_idr": donation.excess_idr,
        "handed_over_on": str(donation.handed_over_on or ""),
    }


def hand_over_excess(donation: Donation, *, on: dt.date, receipt_ref: str, by) -> Donation:
    """Record that the part of a gift that may not be used went to the state treasury."""
    if not donation.excess_idr:
        raise ValidationError({"handed_over_on": [_("Sumbangan ini tidak punya kelebihan.")]})
    if not receipt_ref.strip():
        raise ValidationError({"handed_over_ref": [_("Tulis nomor bukti setor kas negara.")]})
    with transaction.atomic():
        donation.handed_over_on, donation.handed_over_ref = on, receipt_ref.strip()[:100]
        donation.save(update_fields=["handed_over_on", "handed_over_ref"])
        record_change(by, "hand_over_excess", donation, after=_audit_of(donation))
    return donation


def forget_donor(donor: Donor, *, by=None, now: dt.datetime | None = None, erased=None) -> dict:
    """Erase a donor's personal data (UU PDP); the gifts stay, as amounts the KPU reports
    need, attached to a donor with no name, address or identity."""
    now = now or timezone.now()
    with transaction.atomic():
        d = Donor.objects.select_for_update().get(pk=donor.pk)
        d.name = d.name_key = f"(dihapus #{d.pk})"
        d.id_masked = d.id_digest = d.address = d.consent_purpose = ""
        d.consent_at = None
        d.forgotten_at = now
        d.save()
        summary = {"id": d.pk, **(erased or {}), "donations_kept": d.donations.count()}
        record_change(by, "forget_person", model="money.donor", object_id=str(d.pk), after=summary)
    return summary
