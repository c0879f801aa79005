"""What the election pages read: results, turnout, polls and funds, each from one function.

Shares are computed here from numerator and denominator and returned with both. Area
scope applies to everything tied to an area: a coordinator of Jakarta Timur (31.75) gets
Jakarta Timur rows only, and no province rows (area 31).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area
from kampanye.core.registry import MapSeries
from kampanye.core.scope import scope_filter
from kampanye.elections.models import (
    CampaignFund,
    Contestant,
    Election,
    Poll,
    Result,
    Round,
    RunoffTransfer,
    Turnout,
)


def pct(numerator: int | None, denominator: int | None) -> float | None:
    """numerator / denominator × 100, or None when either is unknown or the base is 0."""
    if numerator is None or not denominator:
        return None
    return 100.0 * numerator / denominator


# colours for pairs without one of their own, by ballot number: distinct, and readable on white
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")
UNSET_COLOR = "#888888"  # the model's default


def contestant_color(contestant: Contestant) -> str:
    """The colour of a pair on every chart and map of the product: its own (the campaign's
    colour, set on import), else one of ``PALETTE`` by its ballot number."""
    if contestant.color and contestant.color.lower() != UNSET_COLOR:
        return contestant.color
    return PALETTE[(contestant.ballot_no - 1) % len(PALETTE)]


def current_election(slug: str | None = None) -> Election | None:
    """The election named by ``slug``; without one, "the current election" of every page:
    the one whose latest round votes last (not the one loaded last). An election without
    rounds comes after those with a voting day; ties go to the newest."""
    qs = Election.objects.select_related("region")
    if slug:
        return qs.filter(slug=slug).first()
    return (
        qs.annotate(last_voting_day=Max("rounds__voting_day"))
        .order_by(F("last_voting_day").desc(nulls_last=True), "-pk")
        .first()
    )


@dataclass(frozen=True)
class ContestantRow:
    contestant: Contestant
    parties: list[str]
    independent: bool
    incumbent: bool
    aliases: list[str]


@dataclass(frozen=True)
class Overview:
    election: Election
    rounds: list[Round]
    contestants: list[ContestantRow]


def election_overview(election: Election) -> Overview:
    contestants = election.contestants.prefetch_related("parties")
    return Overview(
        election=election,
        rounds=list(election.rounds.all()),
        contestants=[
            ContestantRow(
                c, [p.short for p in c.parties.all()], c.independent, c.incumbent, list(c.aliases)
            )
            for c in contestants
        ],
    )


@dataclass(frozen=True)
class Share:
    contestant: Contestant
    votes: int
    denominator: int | None
    share_pct: float | None


@dataclass(frozen=True)
class AreaResult:
    """One area's result in one round; ``denominator_kind`` says what the shares divide by."""

    area: Area
    shares: list[Share]
    denominator: int | None
    denominator_kind: str
    dpt: int | None
    ballots: int | None
    valid: int | None
    winner: Contestant | None
    complete: bool  # every contestant of the round has a vote count here


def _area_results(
    rnd: Round, results: list[Result], turnouts: dict[int, Turnout], in_round: int
) -> list[AreaResult]:
    by_area: dict[int, list[Result]] = defaultdict(list)
    for r in results:
        by_area[r.area_id].append(r)
    out = []
    for rows in by_area.values():
        area = rows[0].area
        t = turnouts.get(area.pk)
        complete = len(rows) == in_round
        if t is not None and t.valid:
            denominator, kind = t.valid, str(_("suara sah"))
        elif complete:
            denominator, kind = sum(r.votes for r in rows), str(_("jumlah suara semua pasangan"))
        elif t is not None and t.ballots:
            denominator, kind = t.ballots, str(_("suara masuk (mungkin termasuk tidak sah)"))
        else:
            denominator, kind = None, str(_("tidak diketahui"))
        shares = [
            Share(r.contestant, r.votes, denominator, pct(r.votes, denominator))
            for r in sorted(rows, key=lambda r: r.contestant.ballot_no)
        ]
        out.append(
            AreaResult(
                area=area,
                shares=shares,
                denominator=denominator,
                denominator_kind=kind,
                dpt=t.dpt if t else None,
                ballots=t.ballots if t else None,
                valid=t.valid if t else None,
                winner=max(rows, key=lambda r: r.votes).contestant,
                complete=complete,
            )
        )
    return sorted(out, key=lambda a: a.area.code)


@dataclass(frozen=True)
class RoundResults:
    round: Round
    contestants: list[Contestant]  # those with any result in this round, by ballot number
    province: AreaResult | None  # None when out of the user's scope
    wilayah: list[AreaResult]


def round_results(user, election: Election, number: int) -> RoundResults | None:
    """Province and kota/kabupaten results of one round, shares from votes and a stated base."""
    rnd = election.rounds.filter(number=number).first()
    if rnd is None:
        return None
    results = list(
        scope_filter(Result.objects.filter(round=rnd).select_related("area", "contestant"), user)
    )
    in_round = (
        Result.objects.filter(round=rnd, area=election.region)
        .values("contestant")
        .distinct()
        .count()
    )
    turnouts = {t.area_id: t for t in scope_filter(Turnout.objects.filter(round=rnd), user)}
    areas = _area_results(rnd, results, turnouts, in_round)
    region = election.region.code
    contestants = sorted(
        {r.contestant for r in Result.objects.filter(round=rnd).select_related("contestant")},
        key=lambda c: c.ballot_no,
    )
    return RoundResults(
        round=rnd,
        contestants=contestants,
        province=next((a for a in areas if a.area.code == region), None),
        wilayah=[a for a in areas if a.area.parent_id == election.region_id],
    )


@dataclass(frozen=True)
class SwingRow:
    area: Area
    contestant: Contestant
    share_round1: float | None
    share_round2: float | None
    swing_points: float | None
    denominator_kind_round1: str
    denominator_kind_round2: str


def swing(user, election: Election) -> list[SwingRow]:
    """Change in share between round 1 and round 2, per area and runoff contestant."""
    one, two = round_results(user, election, 1), round_results(user, election, 2)
    if one is None or two is None:
        return []
    first = {a.area.code: a for a in ([one.province] if one.province else []) + one.wilayah}
    rows = []
    for a2 in ([two.province] if two.province else []) + two.wilayah:
        a1 = first.get(a2.area.code)
        if a1 is None:
            continue
        before = {s.contestant.pk: s.share_pct for s in a1.shares}
        for s in a2.shares:
            s1 = before.get(s.contestant.pk)
            rows.append(
                SwingRow(
                    area=a2.area,
                    contestant=s.contestant,
                    share_round1=s1,
                    share_round2=s.share_pct,
                    swing_points=None if s1 is None or s.share_pct is None else s.share_pct - s1,
                    denominator_kind_round1=a1.denominator_kind,
                    denominator_kind_round2=a2.denominator_kind,
                )
            )
    return rows


@dataclass(frozen=True)
class TurnoutMeasure:
    """One way to state turnout: a numerator over a denominator, both named."""

    label: str
    numerator: int
    denominator: int
    pct: float


@dataclass(frozen=True)
class TurnoutRow:
    round: Round
    area: Area
    dpt: int | None
    dpt_as_of: dt.date | None
    ballots: int | None
    valid: int | None
    invalid: int | None
    ballots_pct: float | None  # ballots / DPT
    valid_pct: float | None  # valid / DPT
    source: str
    note: str


@dataclass(frozen=True)
class TurnoutReport:
    rows: list[TurnoutRow]
    measures: dict[int, list[TurnoutMeasure]] = field(default_factory=dict)


def turnout(user, election: Election) -> TurnoutReport:
    """Turnout per round and area, and the province's turnout under each denominator."""
    qs = scope_filter(
        Turnout.objects.filter(round__election=election).select_related("round", "area"), user
    ).order_by("round__number", "area__code")
    rows = [
        TurnoutRow(
            t.round,
            t.area,
            t.dpt,
            t.dpt_as_of,
            t.ballots,
            t.valid,
            t.invalid,
            pct(t.ballots, t.dpt),
            pct(t.valid, t.dpt),
            t.source,
            t.note,
        )
        for t in qs
    ]
    region = election.region.code
    measures: dict[int, list[TurnoutMeasure]] = {}
    for p in (r for r in rows if r.area.code == region):
        m: list[TurnoutMeasure] = []
        if p.ballots and p.dpt:
            m.append(
                TurnoutMeasure(
                    str(_("surat suara digunakan / DPT")),
                    p.ballots,
                    p.dpt,
                    100.0 * p.ballots / p.dpt,
                )
            )
        if p.valid and p.dpt:
            m.append(
                TurnoutMeasure(str(_("suara sah / DPT")), p.valid, p.dpt, 100.0 * p.valid / p.dpt)
            )
        below = [r for r in rows if r.round == p.round and r.area.parent_id == election.region_id]
        if below and all(r.ballots for r in below) and p.dpt:
            ballots = sum(r.ballots or 0 for r in below)
            m.append(
                TurnoutMeasure(
                    str(_("suara masuk, jumlah 6 wilayah / DPT provinsi")),
                    ballots,
                    p.dpt,
                    100.0 * ballots / p.dpt,
                )
            )
            dpts = [r.dpt for r in below]
            if all(dpts) and sum(d or 0 for d in dpts) != p.dpt:
                total = sum(d or 0 for d in dpts)
                m.append(
                    TurnoutMeasure(
                        str(_("suara masuk, jumlah 6 wilayah / DPT wilayah")),
                        ballots,
                        total,
                        100.0 * ballots / total,
                    )
                )
        measures[p.round.number] = m
    return TurnoutReport(rows=rows, measures=measures)


@dataclass(frozen=True)
class PollRow:
    poll: Poll
    estimates: dict[int, float]  # contestant pk → published %
    undecided: float | None
    errors: dict[int, float]  # contestant pk → poll % − actual share, in points


@dataclass(frozen=True)
class PollReport:
    round_number: int
    contestants: list[Contestant]
    actual: dict[int, float]  # contestant pk → share of valid votes (empty out of scope)
    polls: list[PollRow]
    mean_abs_error: dict[int, float]


def polls_against_result(user, election: Election, round_number: int) -> PollReport:
    """Each published poll against the official province result, error in points."""
    actual: dict[int, float] = {}
    results = round_results(user, election, round_number)
    if results is not None and results.province is not None:
        actual = {
            s.contestant.pk: s.share_pct for s in results.province.shares if s.share_pct is not None
        }
    polls = list(election.polls.filter(round_number=round_number).prefetch_related("estimates"))
    rows, errors_by = [], defaultdict(list)
    for poll in sorted(polls, key=lambda p: p.date or dt.date.min):
        est = {e.contestant_id: e.per_10000 / 100 for e in poll.estimates.all()}
        undecided = est.pop(None, None)
        named = {pk: v for pk, v in est.items() if pk is not None}
        errors = {pk: v - actual[pk] for pk, v in named.items() if pk in actual}
        for pk, e in errors.items():
            errors_by[pk].append(abs(e))
        rows.append(PollRow(poll, named, undecided, errors))
    shown = {pk for r in rows for pk in r.estimates} | set(actual)
    contestants = list(election.contestants.filter(pk__in=shown))
    return PollReport(
        round_number=round_number,
        contestants=contestants,
        actual=actual,
        polls=rows,
        mean_abs_error={pk: sum(v) / len(v) for pk, v in errors_by.items()},
    )


@dataclass(frozen=True)
class FundReport:
    reports: list[tuple[str, dt.date]]
    contestants: list[Contestant]
    amounts: dict[tuple[str, dt.date], dict[int, int]]  # (report, date) → contestant pk → Rp
    sources: dict[tuple[str, dt.date], str]
    total_by_report: dict[tuple[str, dt.date], int]


def campaign_funds(election: Election) -> FundReport:
    """Reported campaign funds by report and contestant (Rupiah, as reported)."""
    funds = CampaignFund.objects.filter(contestant__election=election).select_related("contestant")
    amounts: dict[tuple[str, dt.date], dict[int, int]] = defaultdict(dict)
    sources: dict[tuple[str, dt.date], str] = {}
    for f in funds:
        key = (f.report, f.reported_on)
        amounts[key][f.contestant_id] = f.amount_idr
        sources[key] = f.source
    reports = sorted(amounts, key=lambda k: k[1])
    return FundReport(
        reports=reports,
        contestants=list(election.contestants.all()),
        amounts=dict(amounts),
        sources=sources,
        total_by_report={k: sum(amounts[k].values()) for k in reports},
    )


def runoff_transfers(election: Election) -> list[RunoffTransfer]:
    """Survey tables of where round-1 voters went in round 2, as published (per 100)."""
    return list(
        election.transfers.select_related("from_contestant", "to_contestant").order_by(
            "survey", "from_label", "to_contestant__ballot_no"
        )
    )


def map_layers(user) -> list[MapSeries]:
    """Each pair's share (%) in the latest round with results of the current election, in
    every area with a result in the user's scope, in the pair's own colour."""
    election = current_election()
    if election is None:
        return []
    rnd = election.rounds.filter(results__isnull=False).order_by("-number").first()
    if rnd is None:
        return []
    results = list(
        scope_filter(Result.objects.filter(round=rnd).select_related("area", "contestant"), user)
    )
    # the pairs of the round, from the province's result even where the user may not see it
    in_round = (
        Result.objects.filter(round=rnd, area=election.region).values("contestant").distinct()
    ).count()
    turnouts = {t.area_id: t for t in scope_filter(Turnout.objects.filter(round=rnd), user)}
    shares: dict[Contestant, dict[str, float]] = defaultdict(dict)
    for area in _area_results(rnd, results, turnouts, in_round):
        for s in area.shares:
            if s.share_pct is not None:
                shares[s.contestant][area.area.code] = s.share_pct
    return [
        MapSeries(
            f"hasil-{c.ballot_no}",
            _("Putaran %(n)s: suara %(pair)s") % {"n": rnd.number, "pair": c.short},
            values,
            "%",
            contestant_color(c),
        )
        for c, values in sorted(shares.items(), key=lambda item: item[0].ballot_no)
    ]
