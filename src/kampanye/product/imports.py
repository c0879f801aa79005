"""Import and export of planks (the policies of a contestant's political product).

Registered in ``kampanye.core.exchange``. A plank is keyed by its contestant and slug; its
segments are slugs of stored segments, separated by ``|``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.areas.imports import SLUG_RE
from kampanye.areas.models import Segment
from kampanye.core.audit import snapshot
from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem, upsert
from kampanye.elections.imports import ELECTION, find_contestant, find_election
from kampanye.product.models import Plank

STATUS_WORDS = {
    **{s.value: s.value for s in Plank.Status},
    **{str(s.label): s.value for s in Plank.Status},
}

PLANK_COLUMNS = (
    ELECTION,
    Column(
        "contestant",
        required=True,
        example="Jokowi–Ahok",
        aliases=("pasangan", "paslon", "calon", "kandidat"),
        help="short name, ballot number or pair name",
    ),
    Column("slug", required=True, example="kartu-jakarta-sehat", help="letters, digits, - and _"),
    Column(
        "title", required=True, example="Kartu Jakarta Sehat", aliases=("judul",), max_length=200
    ),
    Column("description", example="", aliases=("uraian", "keterangan", "deskripsi")),
    Column(
        "status",
        example="adopted",
        help="draft (rancangan), adopted (ditetapkan), dropped "
        "(dibatalkan), delivered (terlaksana); empty: draft",
    ),
    Column(
        "drafted_on",
        "date",
        required=True,
        example="2012-03-20",
        aliases=("dirancang", "tanggal_dirancang"),
    ),
    Column("changed_on", "date", example="2012-05-01", aliases=("diubah", "terakhir_diubah")),
    Column(
        "segments",
        "list",
        example="warga-miskin|lansia",
        aliases=("segmen",),
        help="slugs of stored segments",
    ),
    Column("source", example="Visi-misi KPU 2012", aliases=("sumber",), max_length=300),
)


def check_plank(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    try:
        election = find_election(values["election"], ctx)
        contestant = find_contestant(values["contestant"], election, ctx, "contestant")
    except RowProblem as problem:
        raise RowProblem(problems=problem.problems) from None
    if not SLUG_RE.match(values["slug"]):
        problems.append(
            ("slug", _('"%(value)s" hanya boleh huruf, angka, - dan _') % {"value": values["slug"]})
        )
    status: str | None = Plank.Status.DRAFT.value
    if values["status"] is not None:
        status = STATUS_WORDS.get(values["status"].strip().lower())
        if status is None:
            problems.append(
                (
                    "status",
                    _('"%(value)s" bukan status program (%(choices)s)')
                    % {"value": values["status"], "choices": ", ".join(Plank.Status.values)},
                )
            )
    drafted, changed = values["drafted_on"], values["changed_on"]
    if changed is not None and changed < drafted:
        problems.append(
            (
                "changed_on",
                _("lebih awal dari tanggal dirancang %(date)s") % {"date": drafted.isoformat()},
            )
        )
    known = ctx.memo("segment_ids", lambda: dict(Segment.objects.values_list("slug", "id")))
    unknown = [slug for slug in values["segments"] if slug not in known]
    if unknown:
        problems.append(
            ("segments", _("segmen tidak dikenal: %(slugs)s") % {"slugs": ", ".join(unknown)})
        )
    if problems:
        raise RowProblem(problems=problems)
    fields = {
        "title": values["title"],
        "description": values["description"] or "",
        "status": status,
        "drafted_on": drafted,
        "changed_on": changed,
        "source": values["source"] or "",
    }
    segment_ids = {known[slug] for slug in values["segments"]}
    return {
        "contestant": contestant,
        "slug": values["slug"],
        "fields": fields,
        "segments": segment_ids,
    }


def store_plank(payload: dict[str, Any], ctx: Context) -> list[Change]:
    lookup = {"contestant": payload["contestant"], "slug": payload["slug"]}
    existing = Plank.objects.filter(**lookup).first()
    before = snapshot(existing)
    plank, change = upsert(Plank, lookup, payload["fields"], existing=existing)
    current = set(plank.segments.values_list("id", flat=True))
    if current != payload["segments"]:
        plank.segments.set(payload["segments"])
        if change is None:
            change = Change("update", plank, before)
    return [change] if change else []


def export_planks(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = (
        Plank.objects.select_related("contestant__election")
        .prefetch_related("segments")
        .order_by("contestant__election__slug", "contestant__ballot_no", "slug")
    )
    if ctx.election:
        rows = rows.filter(contestant__election=ctx.election)
    for p in rows:
        yield {
            "election": p.contestant.election.slug,
            "contestant": p.contestant.short,
            "slug": p.slug,
            "title": p.title,
            "description": p.description,
            "status": p.status,
            "drafted_on": p.drafted_on,
            "changed_on": p.changed_on,
            "segments": "|".join(sorted(s.slug for s in p.segments.all())),
            "source": p.source,
        }


PLANKS = Kind(
    name="planks",
    label=gettext_lazy("program (platform kebijakan)"),
    description="A contestant's policies with their status and dates, and the segments each "
    "one addresses. The contestant and the segments must exist.",
    columns=PLANK_COLUMNS,
    check=check_plank,
    key=lambda p: (p["contestant"].pk, p["slug"]),
    key_fields=("contestant", "slug"),
    store=store_plank,
    export=export_planks,
    per_election=True,
)
