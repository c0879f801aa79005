"""Import and export of outlets and coverage (``kampanye import media_outlets|media_coverage``).

A coverage file is what a monitoring service exports: one row per item, with the pairs it
names and, when the service scored it, the tone toward each. Every row is stored or sent
back with its line, field and reason (``core.exchange``); an item already stored (same
normalised URL, else same outlet, date and title) is not stored twice. Dates may be
written as the services write them in Indonesian ("7 Juli 2012", "07 Agu 2012").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem
from kampanye.core.tabular import CellError, read_cell
from kampanye.elections.imports import ELECTION, find_contestant, find_election
from kampanye.media import actions
from kampanye.media.models import CoverageItem, Outlet, Tone
from kampanye.media.schemas import CoverageIn, OutletIn, check, coverage_key

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "peb": 2, "pebruari": 2, "mar": 3,
    "maret": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "jul": 7,
    "juli": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "oct": 10, "nov": 11, "nop": 11,
    "november": 11, "nopember": 11, "des": 12, "desember": 12, "dec": 12,
}  # fmt: skip
_WORDY_DATE = re.compile(r"^(?:\w+,\s*)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
TONES = {
    "positif": Tone.POSITIVE, "positive": Tone.POSITIVE, "+1": Tone.POSITIVE, "1": Tone.POSITIVE,
    "netral": Tone.NEUTRAL, "neutral": Tone.NEUTRAL, "0": Tone.NEUTRAL,
    "negatif": Tone.NEGATIVE, "negative": Tone.NEGATIVE, "-1": Tone.NEGATIVE,
}  # fmt: skip
TONE_WORD: dict[int, str] = {
    Tone.POSITIVE: "positif",
    Tone.NEUTRAL: "netral",
    Tone.NEGATIVE: "negatif",
}


def parse_day(value: Any, field: str) -> dt.date:
    """A date as ``read_cell`` takes it, or written out in Indonesian ("Sabtu, 7 Juli 2012")."""
    if isinstance(value, str):
        m = _WORDY_DATE.match(value.strip())
        if m and m.group(2).lower() in MONTHS:
            try:
                return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
            except ValueError:
                pass
    try:
        day = read_cell("date", value)
    except CellError as error:
        raise RowProblem(field, error.reason) from None
    if day is None:
        raise RowProblem(field, _("wajib diisi"))
    return day


def _problems(err: ValidationError, rename: dict[str, str]) -> RowProblem:
    return RowProblem(
        problems=[
            (rename.get(name, name), msg) for name, msgs in err.message_dict.items() for msg in msgs
        ]
    )


# -- outlets ----------------------------------------------------------------------------

OUTLET_COLUMNS = (
    Column("name", required=True, example="Kompas", aliases=("nama", "media"), max_length=120),
    Column(
        "kind", required=True, example="print", aliases=("jenis",), help="tv, radio, print, online"
    ),
    Column(
        "reach", required=True, example="national", aliases=("jangkauan",), help="national, local"
    ),
    Column(
        "area", example="31.71", aliases=("wilayah",), help="local outlets: the area they serve"
    ),
    Column("owner", example="Kompas Gramedia", aliases=("pemilik", "grup"), max_length=120),
    Column("audience", "int", example="500000", aliases=("khalayak",)),
    Column(
        "audience_basis", example="Nielsen, Jakarta, rata-rata harian", aliases=("dasar_khalayak",)
    ),
    Column("audience_as_of", "date", example="2012-06-30", aliases=("khalayak_per",)),
    Column(
        "ad_rate_idr",
        "int",
        example="150000000",
        aliases=("tarif_iklan",),
        help="rate card for the optional advertising value equivalence",
    ),
)


def check_outlet(values: dict[str, Any], ctx: Context) -> OutletIn:
    data = {k: v for k, v in values.items() if v is not None}
    data["area_code"] = data.pop("area", "")
    try:
        return check(OutletIn, data)
    except ValidationError as err:
        raise _problems(err, {"area_code": "area"}) from None


def store_outlet(payload: OutletIn, ctx: Context) -> list[Change]:
    before = Outlet.objects.filter(name=payload.name).first()
    try:
        outlet = actions.save_outlet(payload, by=ctx.user, audited=False)
    except ValidationError as err:
        raise _problems(err, {"area_code": "area"}) from None
    if before is None:
        return [Change("create", outlet)]
    same = all(
        getattr(before, f) == getattr(outlet, f)
        for f in (
            "kind",
            "reach",
            "area_id",
            "owner_id",
            "audience",
            "audience_basis",
            "ad_rate_idr",
        )
    )
    return (
        []
        if same and before.audience_as_of == outlet.audience_as_of
        else [Change("update", outlet)]
    )


def export_outlets(ctx: Context) -> Iterable[dict[str, Any]]:
    for o in Outlet.objects.select_related("area", "owner"):
        yield {
            "name": o.name,
            "kind": o.kind,
            "reach": o.reach,
            "area": o.area.code if o.area else "",
            "owner": o.owner.name if o.owner else "",
            "audience": o.audience,
            "audience_basis": o.audience_basis,
            "audience_as_of": o.audience_as_of,
            "ad_rate_idr": o.ad_rate_idr,
        }


OUTLETS = Kind(
    name="media_outlets",
    label="media",
    description="Outlets: TV, radio, print and online news, their reach, owner group and "
    "audience figure with its basis and date.",
    columns=OUTLET_COLUMNS,
    check=check_outlet,
    key=lambda p: (p.name.lower(),),
    store=store_outlet,
    export=export_outlets,
    key_fields=("name",),
)


# -- coverage ---------------------------------------------------------------------------

COVERAGE_COLUMNS = (
    ELECTION,
    Column("outlet", required=True, example="Kompas", aliases=("media",)),
    Column(
        "published_on",
        required=True,
        example="7 Juli 2012",
        aliases=("tanggal", "date"),
        help="YYYY-MM-DD, DD/MM/YYYY or Indonesian words",
    ),
    Column(
        "title",
        required=True,
        example="Jokowi naik bajaj ke KPU",
        aliases=("judul",),
        max_length=300,
    ),
    Column(
        "url", example="https://example.com/berita/1", aliases=("tautan", "link"), max_length=500
    ),
    Column(
        "kind",
        example="hard_news",
        aliases=("jenis",),
        help="hard_news, soft_news, feature, talk_show, opinion, editorial, "
        "advertorial; empty: hard_news",
    ),
    Column("paid", "bool", example="tidak", aliases=("berbayar",), help="empty: tidak (earned)"),
    Column("cost_idr", "int", example="0", aliases=("biaya",), help="paid items only"),
    Column(
        "contestants",
        "list",
        required=True,
        example="Jokowi–Basuki|Foke–Nara",
        aliases=("pasangan",),
        help="short names or ballot numbers",
    ),
    Column(
        "tones",
        "list",
        example="positif|negatif",
        aliases=("nada",),
        help="one per pair, in the same order (positif, netral, negatif); "
        "empty: the sentiment model",
    ),
    Column(
        "text",
        example="",
        aliases=("isi", "ringkasan"),
        help="read by the sentiment model when no tone is given",
    ),
)


def check_coverage(values: dict[str, Any], ctx: Context) -> tuple[CoverageIn, str]:
    election = find_election(values["election"], ctx)
    outlets = ctx.memo("outlets", lambda: {o.name.lower(): o.pk for o in Outlet.objects.all()})
    outlet_id = outlets.get(values["outlet"].strip().lower())
    if outlet_id is None:
        raise RowProblem(
            "outlet",
            _('media "%(name)s" tidak dikenal; impor dulu media_outlets')
            % {"name": values["outlet"]},
        )
    day = parse_day(values["published_on"], "published_on")
    pairs = [find_contestant(v, election, ctx, "contestants") for v in values["contestants"]]
    tones: list[Tone | None] = [None] * len(pairs)
    if values["tones"]:
        if len(values["tones"]) != len(pairs):
            raise RowProblem("tones", _("jumlah nada harus sama dengan jumlah pasangan"))
        try:
            tones = [TONES[t.strip().lower()] for t in values["tones"]]
        except KeyError as missing:
            raise RowProblem("tones", _("nada %(v)s tidak dikenal") % {"v": missing}) from None
    data = {
        "outlet_id": outlet_id,
        "published_on": day,
        "title": values["title"],
        "url": values["url"] or "",
        "text": values["text"] or "",
        "kind": values["kind"] or "hard_news",
        "paid": bool(values["paid"]),
        "cost_idr": values["cost_idr"] or 0,
        "mentions": [{"contestant_id": p.pk, "tone": t} for p, t in zip(pairs, tones, strict=True)],
    }
    try:
        payload = check(CoverageIn, data)
    except ValidationError as err:
        raise _problems(
            err, {"outlet_id": "outlet", "mentions": "contestants", "mentions.tone": "tones"}
        ) from None
    return payload, coverage_key(outlet_id, day, payload.title, payload.url)


def store_coverage(payload: tuple[CoverageIn, str], ctx: Context) -> list[Change]:
    try:
        item, outcome = actions.record_coverage(payload[0], by=ctx.user, audited=False)
    except ValidationError as err:
        raise _problems(err, {"outlet_id": "outlet", "mentions": "contestants"}) from None
    if outcome == "unchanged":
        return []
    return [Change("create" if outcome == "created" else "update", item)]


def export_coverage(ctx: Context) -> Iterable[dict[str, Any]]:
    items = CoverageItem.objects.select_related("outlet").prefetch_related("mentions__contestant")
    if ctx.election is not None:
        items = items.filter(mentions__contestant__election=ctx.election).distinct()
    for item in items.order_by("published_on", "pk"):
        mentions = sorted(item.mentions.all(), key=lambda m: m.pk)
        yield {
            "election": mentions[0].contestant.election.slug if mentions else "",
            "outlet": item.outlet.name,
            "published_on": item.published_on,
            "title": item.title,
            "url": item.url,
            "kind": item.kind,
            "paid": item.paid,
            "cost_idr": item.cost_idr,
            "contestants": "|".join(m.contestant.short for m in mentions),
            "tones": "|".join(TONE_WORD[m.tone] for m in mentions),
            "text": "",
        }


COVERAGE = Kind(
    name="media_coverage",
    label="liputan media",
    description="Coverage items (clippings) as a monitoring service exports them, one row per "
    "item in one outlet, with the pairs it names and the tone toward each.",
    columns=COVERAGE_COLUMNS,
    check=check_coverage,
    key=lambda p: (p[1],),
    store=store_coverage,
    export=export_coverage,
    key_fields=("url", "outlet", "published_on", "title"),
    per_election=True,
)
