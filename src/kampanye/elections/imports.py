"""Import and export of elections, their rounds, contestants (candidate pairs), results
(votes by area and round) and turnout (DPT, ballots, valid and invalid votes by area and round).

Registered in ``kampanye.core.exchange``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.areas.imports import find_area
from kampanye.core.exchange import Change, Column, Context, Kind, RowProblem, upsert
from kampanye.elections.models import (
    Contestant,
    Election,
    Result,
    Round,
    Turnout,
    TurnoutBasis,
)

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
ELECTION = Column(
    "election",
    required=True,
    example="jakarta-2012",
    aliases=("pemilihan", "pilkada"),
    from_option="--election",
    help="the election's slug",
)

ROUND = Column("round", "int", required=True, example="1", aliases=("putaran",))
AREA = Column(
    "area",
    required=True,
    example="31.75",
    aliases=("wilayah", "kode_wilayah", "kode", "area_code", "kemendagri_code"),
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


def find_round(number: int, election: Election, ctx: Context) -> Round:
    rounds = ctx.memo(
        f"rounds:{election.pk}",
        lambda: {r.number: r for r in Round.objects.filter(election=election)},
    )
    if number not in rounds:
        raise RowProblem(
            "round",
            _("putaran %(n)d tidak ada di %(election)s") % {"n": number, "election": election.slug},
        )
    return rounds[number]


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
    ROUND,
    AREA,
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
    round_ = None
    try:
        round_ = find_round(values["round"], election, ctx)
    except RowProblem as problem:
        problems += problem.problems
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


# -- elections --------------------------------------------------------------------------

ELECTION_COLUMNS = (
    Column(
        "slug",
        required=True,
        example="pilpres-2004",
        aliases=("pemilihan", "kode"),
        max_length=50,
        help="lower-case letters, digits and hyphens",
    ),
    Column(
        "name",
        required=True,
        example="Pemilihan Presiden 2004",
        aliases=("nama",),
        max_length=200,
    ),
    Column(
        "office",
        required=True,
        example="Presiden dan Wakil Presiden",
        aliases=("jabatan",),
        max_length=100,
    ),
    Column(
        "region",
        required=True,
        example="31",
        aliases=("wilayah", "kode_wilayah", "daerah"),
        help="code of the stored area the election covers",
    ),
    Column("source", example="KPU, keputusan hasil 2004", aliases=("sumber",), max_length=300),
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_election(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    slug = values["slug"]
    if not SLUG_RE.match(slug):
        problems.append(
            ("slug", _('"%(slug)s" bukan slug (huruf kecil, angka, tanda -)') % {"slug": slug})
        )
    region = None
    try:
        region = find_area(values["region"], ctx, "region")
    except RowProblem as problem:
        problems += problem.problems
    if problems:
        raise RowProblem(problems=problems)
    fields = {
        "name": values["name"],
        "office": values["office"],
        "region_id": region.id if region else None,
        "source": values["source"] or "",
    }
    return {"slug": slug, "fields": fields}


def store_election(payload: dict[str, Any], ctx: Context) -> list[Change]:
    _election, change = upsert(Election, {"slug": payload["slug"]}, payload["fields"])
    return [change] if change else []


def export_elections(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = Election.objects.select_related("region").order_by("slug")
    if ctx.election:
        rows = rows.filter(pk=ctx.election.pk)
    for e in rows:
        yield {
            "slug": e.slug,
            "name": e.name,
            "office": e.office,
            "region": e.region.code,
            "source": e.source,
        }


ELECTIONS = Kind(
    name="elections",
    label=gettext_lazy("pemilihan"),
    description="An election: its slug (used by every other election kind), name, office "
    "and the stored area it covers.",
    columns=ELECTION_COLUMNS,
    check=check_election,
    key=lambda p: (p["slug"],),
    key_fields=("slug",),
    store=store_election,
    export=export_elections,
)


# -- rounds -----------------------------------------------------------------------------

ROUND_COLUMNS = (
    ELECTION,
    Column("round", "int", required=True, example="1", aliases=("putaran", "number")),
    Column(
        "voting_day",
        "date",
        required=True,
        example="2004-07-05",
        aliases=("hari_pemungutan", "tanggal", "pemungutan_suara"),
        future_days=None,
    ),
    Column(
        "campaign_start",
        "date",
        example="2004-06-01",
        aliases=("awal_kampanye",),
        future_days=None,
        help="empty: the 14 days before voting",
    ),
    Column(
        "campaign_end",
        "date",
        example="2004-07-01",
        aliases=("akhir_kampanye",),
        future_days=None,
        help="the last campaign day, before the quiet days",
    ),
)


def check_round(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    try:
        election = find_election(values["election"], ctx)
    except RowProblem as problem:
        raise RowProblem(problems=problem.problems) from None
    problems: list[tuple[str, str]] = []
    day, start, end = values["voting_day"], values["campaign_start"], values["campaign_end"]
    if values["round"] == 0:
        problems.append(("round", _("putaran mulai dari 1")))
    if start and start >= day:
        problems.append(("campaign_start", _("kampanye harus mulai sebelum hari pemungutan")))
    if end and end >= day:
        problems.append(("campaign_end", _("kampanye harus selesai sebelum hari pemungutan")))
    if start and end and start > end:
        problems.append(("campaign_end", _("akhir kampanye sebelum awalnya")))
    if problems:
        raise RowProblem(problems=problems)
    return {
        "election": election,
        "number": values["round"],
        "fields": {"voting_day": day, "campaign_start": start, "campaign_end": end},
    }


def store_round(payload: dict[str, Any], ctx: Context) -> list[Change]:
    _round, change = upsert(
        Round, {"election": payload["election"], "number": payload["number"]}, payload["fields"]
    )
    return [change] if change else []


def export_rounds(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = Round.objects.select_related("election").order_by("election__slug", "number")
    if ctx.election:
        rows = rows.filter(election=ctx.election)
    for r in rows:
        yield {
            "election": r.election.slug,
            "round": r.number,
            "voting_day": r.voting_day,
            "campaign_start": r.campaign_start,
            "campaign_end": r.campaign_end,
        }


ROUNDS = Kind(
    name="rounds",
    label=gettext_lazy("putaran"),
    description="A round of an election that already exists: voting day and campaign window.",
    columns=ROUND_COLUMNS,
    check=check_round,
    key=lambda p: (p["election"].pk, p["number"]),
    key_fields=("election", "round"),
    store=store_round,
    export=export_rounds,
    per_election=True,
)


# -- turnout ----------------------------------------------------------------------------

COUNTS = ("dpt", "extra_voters", "ballots", "valid", "invalid", "tps")
TURNOUT_COLUMNS = (
    ELECTION,
    ROUND,
    AREA,
    Column("dpt", "int", example="2130539", aliases=("jumlah_dpt",), help="registered voters"),
    Column("dpt_as_of", "date", example="2012-06-01", aliases=("dpt_per_tanggal",)),
    Column(
        "extra_voters",
        "int",
        example="2310",
        aliases=("pemilih_tambahan", "dptb", "dpk"),
        help="voters outside the DPT (DPTb, DPK, DPKTb)",
    ),
    Column(
        "ballots",
        "int",
        example="1372811",
        aliases=("surat_suara", "pengguna_hak_pilih", "pemilih_hadir"),
        help="voters who cast a ballot",
    ),
    Column("valid", "int", example="1350130", aliases=("suara_sah", "sah")),
    Column("invalid", "int", example="22681", aliases=("suara_tidak_sah", "tidak_sah")),
    Column("tps", "int", example="3876", aliases=("jumlah_tps",)),
    Column(
        "turnout_percent",
        example="64,44",
        aliases=("partisipasi", "persen_partisipasi"),
        help="published turnout, 0–100 (`,` or `.` as decimal mark), where counts are unknown",
    ),
    Column(
        "turnout_basis",
        example="dpt",
        aliases=("dasar_persentase",),
        help="`dpt` (ballots over DPT) or `all_voters` (over DPT and extra voters); "
        "required with turnout_percent",
    ),
    Column(
        "source", required=True, example="KPU DKI, DA1 2012", aliases=("sumber",), max_length=400
    ),
    Column("note", example="", aliases=("catatan",)),
)


def _percent(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise RowProblem(
            "turnout_percent", _('"%(value)s" bukan angka persen') % {"value": text}
        ) from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise RowProblem("turnout_percent", _("persen harus antara 0 dan 100"))
    return value.quantize(Decimal("0.01"))


def _turnout_problems(v: dict[str, Any]) -> list[tuple[str, str]]:
    """What cannot be true of one area's turnout: more ballots than voters, more votes
    than ballots, a percentage without its basis."""
    problems: list[tuple[str, str]] = []
    if v["ballots"] is not None and v["dpt"] is not None:
        allowed = v["dpt"] + (v["extra_voters"] or 0)
        if v["ballots"] > allowed:
            problems.append(
                (
                    "ballots",
                    _("%(ballots)d pemilih hadir melebihi DPT dan pemilih tambahan (%(n)d)")
                    % {"ballots": v["ballots"], "n": allowed},
                )
            )
    spent = (v["valid"] or 0) + (v["invalid"] or 0)
    if v["ballots"] is not None and spent > v["ballots"]:
        problems.append(
            (
                "valid",
                _("suara sah dan tidak sah (%(n)d) melebihi pemilih hadir (%(ballots)d)")
                % {"n": spent, "ballots": v["ballots"]},
            )
        )
    if v["turnout_percent"] is not None and not v["turnout_basis"]:
        problems.append(("turnout_basis", _("persentase partisipasi perlu dasarnya")))
    if v["turnout_basis"] and v["turnout_basis"] not in TurnoutBasis.values:
        problems.append(
            (
                "turnout_basis",
                _('"%(value)s" bukan dasar yang dikenal (%(known)s)')
                % {"value": v["turnout_basis"], "known": ", ".join(TurnoutBasis.values)},
            )
        )
    return problems


def check_turnout(values: dict[str, Any], ctx: Context) -> dict[str, Any]:
    try:
        election = find_election(values["election"], ctx)
    except RowProblem as problem:
        raise RowProblem(problems=problem.problems) from None
    problems: list[tuple[str, str]] = []
    round_ = area = None
    figures = {name: values[name] for name in COUNTS}
    figures["turnout_basis"] = (values["turnout_basis"] or "").strip().lower()
    figures["turnout_percent"] = None
    try:
        round_ = find_round(values["round"], election, ctx)
    except RowProblem as problem:
        problems += problem.problems
    try:
        area = find_area(values["area"], ctx)
    except RowProblem as problem:
        problems += problem.problems
    if not values["turnout_percent"] and all(figures[n] is None for n in COUNTS):
        problems.append(("dpt", _("baris tanpa angka: isi jumlah atau persentase partisipasi")))
    elif values["turnout_percent"]:
        try:
            figures["turnout_percent"] = _percent(values["turnout_percent"])
        except RowProblem as problem:
            problems += problem.problems
    problems += _turnout_problems(figures)
    if problems:
        raise RowProblem(problems=problems)
    fields = figures | {
        "dpt_as_of": values["dpt_as_of"],
        "source": values["source"],
        "note": values["note"] or "",
    }
    return {"round": round_, "area": area, "fields": fields}


def store_turnout(payload: dict[str, Any], ctx: Context) -> list[Change]:
    _turnout, change = upsert(
        Turnout,
        {"round": payload["round"], "area_id": payload["area"].id},
        payload["fields"],
    )
    return [change] if change else []


def export_turnout(ctx: Context) -> Iterable[dict[str, Any]]:
    rows = Turnout.objects.select_related("round__election", "area").order_by(
        "round__election__slug", "round__number", "area__code"
    )
    if ctx.election:
        rows = rows.filter(round__election=ctx.election)
    for t in rows:
        yield {
            "election": t.round.election.slug,
            "round": t.round.number,
            "area": t.area.code,
            **{name: getattr(t, name) for name in COUNTS},
            "dpt_as_of": t.dpt_as_of,
            "turnout_percent": "" if t.turnout_percent is None else str(t.turnout_percent),
            "turnout_basis": t.turnout_basis,
            "source": t.source,
            "note": t.note,
        }


TURNOUT = Kind(
    name="turnout",
    label=gettext_lazy("partisipasi pemilih"),
    description="DPT, extra voters, ballots, valid and invalid votes of one area in one round "
    "(the figures the planner reads), or a published turnout percentage with its basis where "
    "the counts are not known. The election's round and the area must exist.",
    columns=TURNOUT_COLUMNS,
    check=check_turnout,
    key=lambda p: (p["round"].pk, p["area"].id),
    key_fields=("round", "area"),
    store=store_turnout,
    export=export_turnout,
    per_election=True,
    area_column="area",
)
