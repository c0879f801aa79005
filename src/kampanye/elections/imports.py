"""Import and export of contestants (candidate pairs) and results (votes by area and round).

Registered in ``kampanye.core.exchange``. Elections and their rounds are not imported
here: they must exist (the demo and the admin create them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.areas.imports import find_area
from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem, upsert
from kampanye.elections.models import Contestant, Election, Result, Round

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
ELECTION = Column(
    "election",
    required=True,
    example="jakarta-2012",
    aliases=("pemilihan", "pilkada"),
    from_option="--election",
    help="the election's slug",
)


def find_election(slug: str, ctx: Context) -> Election:
    if ctx.election is not None and slug != ctx.election.slug:
        raise RowProblem(
            "election",
            _('"%(slug)s" berbeda dengan --election %(option)s')
            % {"slug": slug, "option": ctx.election.slug},
        )
    elections = ctx.memo("elections", dict)
    if slug not in elections:
        elections[slug] = Election.objects.filter(slug=slug).first()
    if elections[slug] is None:
        raise RowProblem("election", _('pemilihan "%(slug)s" tidak dikenal') % {"slug": slug})
    return elections[slug]


def find_contestant(value: str, election: Election, ctx: Context, field: str) -> Contestant:
    """By short name, ballot number or pair name (case-insensitive) within one election."""

    def build() -> dict[str, Contestant]:
        found: dict[str, Contestant] = {}
        for c in Contestant.objects.filter(election=election):
            for label in (c.name, str(c.ballot_no), c.short):
                found[label.strip().lower()] = c
        return found

    table = ctx.memo(f"contestants:{election.pk}", build)
    contestant = table.get(value.strip().lower())
    if contestant is None:
        raise RowProblem(
            field,
            _('pasangan calon "%(value)s" tidak dikenal di %(election)s')
            % {"value": value, "election": election.slug},
        )
    return contestant


# -- contestants ------------------------------------------------------------------------

CONTESTANT_COLUMNS = (
    ELECTION,
    Column(
        "ballot_no", "int", required=True, example="3", aliases=("nomor_urut", "no_urut", "nomor")
    ),
    Column(
        "name",
        required=True,
        example="Joko Widodo – Basuki Tjahaja Purnama",
        aliases=("pasangan", "nama", "pair"),
        max_length=200,
    ),
    Column(
        "short",
        required=True,
        example="Jokowi–Ahok",
        aliases=("singkatan", "nama_singkat"),
        max_length=60,
    ),
    Column(
        "head",
        required=True,
        example="Joko Widodo",
        aliases=("calon_kepala", "kepala", "gubernur", "governor"),
        max_length=120,
    ),
    Column(
        "deputy",
        required=True,
        example="Basuki Tjahaja Purnama",
        aliases=("calon_wakil", "wakil", "wakil_gubernur", "vice_governor"),
        max_length=120,
    ),
    Column("backing", example="PDI-P dan Gerindra", aliases=("pengusung",), max_length=300),
    Column(
        "independent",
        "bool",
        example="tidak",
        aliases=("perseorangan", "independen"),
        help="empty: tidak",
    ),
    Column("incumbent", "bool", example="tidak", aliases=("petahana",), help="empty: tidak"),
    Column(
        "aliases",
        "list",
        example="Jokowi|Ahok|Jokowi-Ahok",
        aliases=("alias",),
        help="names people use in news and posts",
    ),
    Column("color", example="#d62728", aliases=("warna",), help="#rrggbb; empty: unchanged"),
    Column("source", example="KPU DKI 2012", aliases=("sumber",), max_length=300),
)


def check_contestant(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    try:
        election = find_election(values["election"], ctx)
    except RowProblem as problem:
        raise RowProblem(problems=problem.problems) from None
    if values["ballot_no"] == 0:
        problems.append(("ballot_no", _("nomor urut mulai dari 1")))
    color = values["color"]
    if color is not None and not COLOR_RE.match(color):
        problems.append(("color", _('"%(value)s" bukan warna #rrggbb') % {"value": color}))
    other = (
        Contestant.objects.filter(election=election, short=values["short"])
        .exclude(ballot_no=values["ballot_no"])
        .values_list("ballot_no", flat=True)
        .first()
    )
    shorts = ctx.memo("shorts_in_file", dict)
    first_ballot = shorts.setdefault((election.pk, values["short"]), values["ballot_no"])
    if other is not None or first_ballot != values["ballot_no"]:
        taken_by = other if other is not None else first_ballot
        problems.append(
            (
                "short",
                _('"%(short)s" sudah dipakai pasangan nomor %(no)s')
                % {"short": values["short"], "no": taken_by},
            )
        )
    if problems:
        raise RowProblem(problems=problems)
    fields = {
        name: values[name] or ""
        for name in ("name", "short", "head", "deputy", "backing", "source")
    }
    fields |= {
        "independent": bool(values["independent"]),
        "incumbent": bool(values["incumbent"]),
        "aliases": values["aliases"],
    }
    if color:
        fields["color"] = color.lower()
    return {"election": election, "ballot_no": values["ballot_no"], "fields": fields}


def store_contestant(payload: dict[str, Any], ctx: Context) -> list[Change]:
    _contestant, change = upsert(
        Contestant,
        {"election": payload["election"], "ballot_no": payload["ballot_no"]},
        payload["fields"],
    )
    return [change] if change else []


def export_contestants(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = Contestant.objects.select_related("election").order_by("election__slug", "ballot_no")
    if ctx.election:
        rows = rows.filter(election=ctx.election)
    for c in rows:
        yield {
            "election": c.election.slug,
            "ballot_no": c.ballot_no,
            "name": c.name,
            "short": c.short,
            "head": c.head,
            "deputy": c.deputy,
            "backing": c.backing,
            "independent": c.independent,
            "incumbent": c.incumbent,
            "aliases": "|".join(c.aliases),
            "color": c.color,
            "source": c.source,
        }


CONTESTANTS = Kind(
    name="contestants",
    label=gettext_lazy("pasangan calon"),
    description="Candidate pairs on the ballot of an election that already exists.",
    columns=CONTESTANT_COLUMNS,
    check=check_contestant,
    key=lambda p: (p["election"].pk, p["ballot_no"]),
    key_fields=("election", "ballot_no"),
    store=store_contestant,
    export=export_contestants,
    per_election=True,
)


# -- results ----------------------------------------------------------------------------

RESULT_COLUMNS = (
    ELECTION,
    Column("round", "int", required=True, example="1", aliases=("putaran",)),
    Column(
        "area",
        required=True,
        example="31.75",
        aliases=("wilayah", "kode_wilayah", "kode", "area_code", "kemendagri_code"),
    ),
    Column(
        "contestant",
        required=True,
        example="Jokowi–Ahok",
        aliases=("pasangan", "paslon", "calon", "kandidat", "nomor_urut"),
        help="short name, ballot number or pair name",
    ),
    Column("votes", "int", required=True, example="502616", aliases=("suara", "jumlah_suara")),
    Column(
        "source",
        required=True,
        example="KPU DKI, rekapitulasi 2012",
        aliases=("sumber",),
        max_length=300,
    ),
)


def check_result(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    try:
        election = find_election(values["election"], ctx)
    except RowProblem as problem:
        raise RowProblem(problems=problem.problems) from None
    rounds = ctx.memo(
        f"rounds:{election.pk}",
        lambda: {r.number: r for r in Round.objects.filter(election=election)},
    )
    round_ = rounds.get(values["round"])
    if round_ is None:
        problems.append(
            (
                "round",
                _("putaran %(n)d tidak ada di %(election)s")
                % {"n": values["round"], "election": election.slug},
            )
        )
    area = contestant = None
    try:
        area = find_area(values["area"], ctx)
    except RowProblem as problem:
        problems += problem.problems
    try:
        contestant = find_contestant(values["contestant"], election, ctx, "contestant")
    except RowProblem as problem:
        problems += problem.problems
    if problems:
        raise RowProblem(problems=problems)
    return {
        "round": round_,
        "area": area,
        "contestant": contestant,
        "votes": values["votes"],
        "source": values["source"],
    }


def store_result(payload: dict[str, Any], ctx: Context) -> list[Change]:
    round_ = payload["round"]
    existing = ctx.memo(
        f"results:{round_.pk}",
        lambda: {(r.contestant_id, r.area_id): r for r in Result.objects.filter(round=round_)},
    )
    key = (payload["contestant"].pk, payload["area"].id)
    result, change = upsert(
        Result,
        {"round": round_, "contestant": payload["contestant"], "area_id": key[1]},
        {"votes": payload["votes"], "source": payload["source"]},
        existing=existing.get(key),
    )
    existing[key] = result
    return [change] if change else []


def export_results(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = Result.objects.select_related("round__election", "area", "contestant").order_by(
        "round__election__slug", "round__number", "area__code", "contestant__ballot_no"
    )
    if ctx.election:
        rows = rows.filter(round__election=ctx.election)
    for r in rows:
        yield {
            "election": r.round.election.slug,
            "round": r.round.number,
            "area": r.area.code,
            "contestant": r.contestant.short,
            "votes": r.votes,
            "source": r.source,
        }


RESULTS = Kind(
    name="results",
    label=gettext_lazy("hasil pemungutan suara"),
    description="Votes for one contestant in one area in one round. The election's round, "
    "the area and the contestant must exist.",
    columns=RESULT_COLUMNS,
    check=check_result,
    key=lambda p: (p["round"].pk, p["contestant"].pk, p["area"].id),
    key_fields=("round", "area", "contestant"),
    store=store_result,
    export=export_results,
    per_election=True,
    area_column="area",
)
