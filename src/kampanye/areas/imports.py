"""Import and export of areas (with their DPT counts) and segments (with their sizes).

Registered in ``kampanye.core.exchange``; the columns below are what ``docs/formats.md``
documents. Area codes are Kemendagri codes (``31.74.04.1002``) or local children of a
kelurahan (``….RW003``, ``….RW003.RT001``, ``….TPS012``; ``rw3`` is read as ``RW003``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.areas.models import Area, DptCount, Level, Segment, SegmentSize
from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem, upsert

NUMERIC_PARTS = (2, 2, 2, 4)  # digits of provinsi, kota/kabupaten, kecamatan, kelurahan/desa
UNDOTTED = {4: ((0, 2), (2, 4)), 6: ((0, 2), (2, 4), (4, 6)), 10: ((0, 2), (2, 4), (4, 6), (6, 10))}
LOCAL_RE = re.compile(r"^(RW|RT|TPS)0*(\d{1,3})$")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
LEVEL_WORDS = {
    "provinsi": Level.PROVINCE,
    "province": Level.PROVINCE,
    "kota/kabupaten": Level.REGENCY,
    "kota": Level.REGENCY,
    "kabupaten": Level.REGENCY,
    "kota administrasi": Level.REGENCY,
    "kabupaten administrasi": Level.REGENCY,
    "regency": Level.REGENCY,
    "city": Level.REGENCY,
    "kecamatan": Level.DISTRICT,
    "district": Level.DISTRICT,
    "kelurahan/desa": Level.VILLAGE,
    "kelurahan": Level.VILLAGE,
    "desa": Level.VILLAGE,
    "village": Level.VILLAGE,
    "rw": Level.RW,
    "rt": Level.RT,
    "tps": Level.TPS,
}
SEGMENT_KINDS = {
    "voters": Segment.Kind.VOTERS,
    "pemilih": Segment.Kind.VOTERS,
    "segmen pemilih": Segment.Kind.VOTERS,
    "stakeholder": Segment.Kind.STAKEHOLDER,
    "pemangku kepentingan": Segment.Kind.STAKEHOLDER,
    "kelompok pemangku kepentingan": Segment.Kind.STAKEHOLDER,
}
LEVEL_NAMES = {
    Level.PROVINCE: "provinsi",
    Level.REGENCY: "kota/kabupaten",
    Level.DISTRICT: "kecamatan",
    Level.VILLAGE: "kelurahan/desa",
    Level.RW: "RW",
    Level.RT: "RT",
    Level.TPS: "TPS",
}


def parse_code(text: str) -> tuple[str, int]:
    """The normalised code and its level; ValueError when it is not an area code.

    Undotted codes as BPS and KPU tables print them (``3174041002``) get their dots.
    """
    parts = text.strip().split(".")
    if parts[0].isdigit() and len(parts[0]) in UNDOTTED:
        head = parts[0]
        parts[:1] = [head[a:b] for a, b in UNDOTTED[len(head)]]
    numeric = [p for p in parts if p.isdigit()]
    if not parts or len(numeric) > 4 or parts[: len(numeric)] != numeric:
        raise ValueError(text)
    for part, digits in zip(numeric, NUMERIC_PARTS, strict=False):
        if len(part) != digits:
            raise ValueError(text)
    local = []
    for part in parts[len(numeric) :]:
        match = LOCAL_RE.match(part.upper())
        if not match:
            raise ValueError(text)
        local.append((match.group(1), int(match.group(2))))
    shape = [k for k, _n in local]
    if local and (len(numeric) != 4 or shape not in (["RW"], ["RW", "RT"], ["TPS"])):
        raise ValueError(text)
    code = ".".join([*numeric, *(f"{k}{n:03d}" for k, n in local)])
    if not local:
        return code, len(numeric)
    return code, int({"RW": Level.RW, "RT": Level.RT, "TPS": Level.TPS}[shape[-1]])


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def bad_code(field: str, value: str) -> RowProblem:
    return RowProblem(
        field,
        _(
            '"%(value)s" bukan kode wilayah Kemendagri (mis. 31.74.04.1002) atau kode lokal '
            "di bawah kelurahan (….RW003, ….RW003.RT001, ….TPS012)"
        )
        % {"value": value},
    )


def stored_area_ids(ctx: Context) -> dict[str, int]:
    """Code → id of every stored area, read once per file."""
    return ctx.memo("area_ids", lambda: dict(Area.objects.values_list("code", "id")))


def find_area(value: str, ctx: Context, field: str = "area") -> Area:
    """The stored area with code ``value`` (normalised), or RowProblem naming ``field``."""
    try:
        code, _level = parse_code(value)
    except ValueError:
        raise bad_code(field, value) from None
    ids = stored_area_ids(ctx)
    if code not in ids:
        raise RowProblem(field, _('kode wilayah "%(code)s" tidak dikenal') % {"code": code})
    return Area(id=ids[code], code=code)


# -- areas ------------------------------------------------------------------------------

AREA_COLUMNS = (
    Column(
        "code",
        required=True,
        example="31.74.04.1002",
        aliases=("kode", "kode_wilayah", "kemendagri_code", "kode_kemendagri"),
        help="Kemendagri code or local RW/RT/TPS code",
    ),
    Column("name", required=True, example="Tebet Timur", aliases=("nama",), max_length=200),
    Column(
        "level",
        example="kelurahan/desa",
        aliases=("tingkat",),
        help="1–7 or provinsi, kota/kabupaten, kecamatan, kelurahan/desa, RW, RT, TPS; "
        "empty: from the code",
    ),
    Column(
        "parent",
        example="31.74.04",
        aliases=("induk", "kode_induk"),
        help="optional; must be the code without its last part",
    ),
    Column(
        "kind",
        example="kelurahan",
        aliases=("jenis",),
        max_length=30,
        help="kota, kabupaten, kelurahan, desa …",
    ),
    Column(
        "dpt",
        "int",
        example="18234",
        aliases=("jumlah_dpt", "pemilih"),
        help="registered voters; needs dpt_as_of, dpt_version and a source",
    ),
    Column("dpt_as_of", "date", example="2012-06-02", aliases=("dpt_per_tanggal", "tanggal_dpt")),
    Column("dpt_version", example="DPT final", aliases=("versi_dpt", "dpt_versi"), max_length=100),
    Column(
        "dpt_source",
        example="KPU DKI",
        aliases=("sumber_dpt",),
        max_length=300,
        help="empty: the row's source",
    ),
    Column("source", example="Kemendagri 2012", aliases=("sumber",), max_length=200),
)


def _file_codes(ctx: Context) -> set[str]:
    def build() -> set[str]:
        codes = set()
        for values in ctx.rows:
            with contextlib.suppress(ValueError, TypeError):
                codes.add(parse_code(values["code"])[0])
        return codes

    return ctx.memo("file_codes", build)


def check_area(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    try:
        code, level = parse_code(values["code"])
    except ValueError:
        raise bad_code("code", values["code"]) from None
    if values["level"] is not None:
        given = values["level"].strip().lower()
        wanted = int(given) if given.isdigit() else LEVEL_WORDS.get(given)
        if wanted != level:
            problems.append(
                (
                    "level",
                    _('"%(value)s" tidak cocok dengan kode %(code)s (%(level)s)')
                    % {"value": values["level"], "code": code, "level": LEVEL_NAMES[Level(level)]},
                )
            )
    parent = parent_code(code)
    if values["parent"] is not None and values["parent"].strip() != parent:
        problems.append(
            (
                "parent",
                _("induk kode %(code)s adalah %(parent)s")
                % {"code": code, "parent": parent or "-"},
            )
        )
    elif parent and parent not in _file_codes(ctx) and parent not in stored_area_ids(ctx):
        problems.append(
            (
                "parent",
                _(
                    'kode induk "%(parent)s" tidak dikenal (tidak ada di basis '
                    "data maupun di berkas)"
                )
                % {"parent": parent},
            )
        )
    dpt = None
    dpt_fields = ("dpt", "dpt_as_of", "dpt_version")
    if any(values[f] is not None for f in dpt_fields):
        problems += [(f, _("wajib diisi bila ada DPT")) for f in dpt_fields if values[f] is None]
        dpt_source = values["dpt_source"] or values["source"]
        if not dpt_source:
            problems.append(("source", _("wajib diisi bila ada DPT")))
        dpt = {
            "voters": values["dpt"],
            "as_of": values["dpt_as_of"],
            "version": values["dpt_version"],
            "source": dpt_source,
        }
    area = {
        "name": values["name"],
        "level": level,
        "kind": values["kind"] or "",
        "source": values["source"] or "",
    }
    first = ctx.memo("areas_in_file", dict).setdefault(code, area)
    if first != area:
        problems.append(
            (
                "code",
                _("kode %(code)s sudah ada di baris sebelumnya dengan nama, jenis atau sumber lain")
                % {"code": code},
            )
        )
    if problems:
        raise RowProblem(problems=problems)
    return {"code": code, "parent": parent, "area": area, "dpt": dpt}


def store_area(payload: dict[str, Any], ctx: Context) -> list[Change]:
    parent_id = None
    if payload["parent"]:
        parent_id = Area.objects.filter(code=payload["parent"]).values_list("id", flat=True).first()
        if parent_id is None:
            raise RowProblem(
                "parent",
                _('kode induk "%(parent)s" tidak tersimpan (barisnya ditolak)')
                % {"parent": payload["parent"]},
            )
    area, change = upsert(
        Area, {"code": payload["code"]}, {**payload["area"], "parent_id": parent_id}
    )
    changes = [change] if change else []
    if payload["dpt"]:
        dpt = payload["dpt"]
        _count, change = upsert(
            DptCount,
            {"area": area, "as_of": dpt["as_of"], "version": dpt["version"]},
            {"voters": dpt["voters"], "source": dpt["source"]},
        )
        changes += [change] if change else []
    return changes


def export_areas(ctx: Context) -> Iterable[dict[str, Any]]:
    counts: dict[int, list[DptCount | None]] = {}
    for dpt in DptCount.objects.order_by("as_of", "version"):
        counts.setdefault(dpt.area_id, []).append(dpt)
    for area in Area.objects.order_by("code"):
        base = {
            "code": area.code,
            "name": area.name,
            "level": LEVEL_NAMES[Level(area.level)],
            "parent": parent_code(area.code) or "",
            "kind": area.kind,
            "source": area.source,
        }
        for count in counts.get(area.id, []) or [None]:
            if count is None:
                yield base
            else:
                yield {
                    **base,
                    "dpt": count.voters,
                    "dpt_as_of": count.as_of,
                    "dpt_version": count.version,
                    "dpt_source": count.source,
                }


AREAS = Kind(
    name="areas",
    label=gettext_lazy("wilayah dan DPT"),
    description="The wilayah tree by code, with registered voters (DPT) as of a date and list "
    "version. One row per area, or one per area and DPT count. A parent must be stored "
    "already or be in the same file.",
    columns=AREA_COLUMNS,
    check=check_area,
    key=lambda p: (p["code"], p["dpt"] and p["dpt"]["as_of"], p["dpt"] and p["dpt"]["version"]),
    key_fields=("code", "dpt_as_of", "dpt_version"),
    store=store_area,
    export=export_areas,
    area_column="code",
    store_order=lambda p: (p["code"].count("."), p["code"]),
)


# -- segments ---------------------------------------------------------------------------

SEGMENT_COLUMNS = (
    Column("slug", required=True, example="pedagang-pasar", help="letters, digits, - and _"),
    Column("name", required=True, example="Pedagang pasar", aliases=("nama",), max_length=200),
    Column(
        "name_en", example="Market traders", aliases=("nama_en", "nama_inggris"), max_length=200
    ),
    Column(
        "kind",
        example="voters",
        aliases=("jenis",),
        help="voters (pemilih) or stakeholder (pemangku kepentingan); empty: voters",
    ),
    Column("description", example="", aliases=("keterangan", "uraian", "deskripsi")),
    Column("source", example="Sensus 2010", aliases=("sumber",), max_length=300),
    Column(
        "area",
        example="31.74",
        aliases=("wilayah", "kode_wilayah", "kode"),
        help="with people, of_people and as_of: the segment's size in this area",
    ),
    Column("people", "int", example="120000", aliases=("jumlah", "jumlah_orang")),
    Column(
        "of_people",
        "int",
        example="1800000",
        aliases=("dari_jumlah", "total"),
        help="the population the count is part of (e.g. DPT); ≥ people",
    ),
    Column("as_of", "date", example="2012-06-02", aliases=("per_tanggal", "tanggal")),
    Column("estimated", "bool", example="ya", aliases=("perkiraan",), help="empty: ya"),
)


def check_segment(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    slug = values["slug"]
    if not SLUG_RE.match(slug):
        problems.append(
            ("slug", _('"%(value)s" hanya boleh huruf, angka, - dan _') % {"value": slug})
        )
    kind: str | None = Segment.Kind.VOTERS
    if values["kind"] is not None:
        kind = SEGMENT_KINDS.get(values["kind"].strip().lower())
        if kind is None:
            problems.append(
                ("kind", _('"%(value)s" bukan voters atau stakeholder') % {"value": values["kind"]})
            )
    size = None
    size_fields = ("area", "people", "of_people", "as_of")
    if any(values[f] is not None for f in size_fields):
        problems += [
            (f, _("wajib diisi bila ada ukuran segmen")) for f in size_fields if values[f] is None
        ]
        if not values["source"]:
            problems.append(("source", _("wajib diisi bila ada ukuran segmen")))
        area = None
        if values["area"] is not None:
            try:
                area = find_area(values["area"], ctx)
            except RowProblem as problem:
                problems += problem.problems
        people, of_people = values["people"], values["of_people"]
        if people is not None and of_people is not None and people > of_people:
            problems.append(
                (
                    "people",
                    _("%(people)d lebih besar dari of_people %(of)d")
                    % {"people": people, "of": of_people},
                )
            )
        estimated = True if values["estimated"] is None else values["estimated"]
        size = {
            "area": area,
            "as_of": values["as_of"],
            "people": people,
            "of_people": of_people,
            "estimated": estimated,
        }
    segment = {
        "name": values["name"],
        "name_en": values["name_en"] or "",
        "kind": kind,
        "description": values["description"] or "",
        "source": values["source"] or "",
    }
    first = ctx.memo("segments_in_file", dict).setdefault(slug, segment)
    if first != segment:
        problems.append(
            (
                "slug",
                _("segmen %(slug)s sudah ada di baris sebelumnya dengan isian lain")
                % {"slug": slug},
            )
        )
    if problems:
        raise RowProblem(problems=problems)
    return {"slug": slug, "segment": segment, "size": size}


def store_segment(payload: dict[str, Any], ctx: Context) -> list[Change]:
    segment, change = upsert(Segment, {"slug": payload["slug"]}, payload["segment"])
    changes = [change] if change else []
    if size := payload["size"]:
        _size, change = upsert(
            SegmentSize,
            {"segment": segment, "area_id": size["area"].id, "as_of": size["as_of"]},
            {
                "people": size["people"],
                "of_people": size["of_people"],
                "estimated": size["estimated"],
                "source": payload["segment"]["source"],
            },
        )
        changes += [change] if change else []
    return changes


def export_segments(ctx: Context) -> Iterable[dict[str, Any]]:
    sizes: dict[int, list[SegmentSize | None]] = {}
    for sized in SegmentSize.objects.select_related("area").order_by("area__code", "as_of"):
        sizes.setdefault(sized.segment_id, []).append(sized)
    for segment in Segment.objects.order_by("slug"):
        base = {
            "slug": segment.slug,
            "name": segment.name,
            "name_en": segment.name_en,
            "kind": segment.kind,
            "description": segment.description,
            "source": segment.source,
        }
        for size in sizes.get(segment.id, []) or [None]:
            if size is None:
                yield base
            else:
                yield {
                    **base,
                    "area": size.area.code,
                    "people": size.people,
                    "of_people": size.of_people,
                    "as_of": size.as_of,
                    "estimated": size.estimated,
                }


SEGMENTS = Kind(
    name="segments",
    label=gettext_lazy("segmen pemilih"),
    description="Voter segments and stakeholder groups, optionally with their size in an "
    "area (people out of of_people as of a date: never a bare percentage). One row per "
    "segment, or one per segment and size; a segment's own columns must agree across its rows.",
    columns=SEGMENT_COLUMNS,
    check=check_segment,
    key=lambda p: (
        p["slug"],
        p["size"] and p["size"]["area"].code,
        p["size"] and p["size"]["as_of"],
    ),
    key_fields=("slug", "area", "as_of"),
    store=store_segment,
    export=export_segments,
)
