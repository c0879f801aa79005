"""Build what ``kampanye.sim`` takes from the database: results, turnout, transfer surveys
and the round-1 campaign's effort from the touchpoint ledger.

The effort window is the round-1 campaign (``Round.campaign_start``, or the 14 days before
voting, up to the eve of voting day): the ledger after round 1 is never read, so the
round-2 campaign cannot leak into a round-1 calibration.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from django.db.models import Sum
from django.utils.translation import gettext as _

from kampanye.areas.models import Area, Segment, SegmentSize
from kampanye.elections.models import (
    Contestant,
    Election,
    Result,
    Round,
    RunoffTransfer,
    Turnout,
)
from kampanye.ledger.models import Touchpoint
from kampanye.sim import (
    CHANNELS,
    POOLED,
    Effort,
    ElectionData,
    RoundResults,
    SegmentLayout,
    TransferRow,
)

DEFAULT_CAMPAIGN_DAYS = 14
OTHERS = "lainnya"  # the voters no stored segment covers
# What each of the paper's voter segments is assumed to think at the start, relative to its
# wilayah's fit: (favourability offset for every pair, (incumbent, challenger) known at the
# start or None for the calibrator's default, turnout offset). All *assumptions* with the
# paper's words as their only basis; see the parameter table of docs/planner.md.
SEGMENT_PRIORS: dict[str, tuple[float, tuple[float | None, float | None], float]] = {
    # "pemilih yang bergejolak" (volatile voters): weaker attachment, more undecided
    "pedagang-pasar-tradisional": (-1.0, (None, None), 0.0),
    "warga-miskin-kampung-kota": (-1.0, (None, None), 0.0),
    # employees of the incumbent's administration all know him
    "pns-muda": (0.0, (1.0, None), 0.0),
    # "berpengetahuan", strategic voters: know the challengers better
    "kelas-menengah-kota": (0.0, (None, 0.8), 0.0),
}


class SourceError(Exception):
    """The database lacks what the planner needs; the message is for users."""


def _areas(round1: Round, region: str) -> tuple[str, ...]:
    codes = set(
        Turnout.objects.filter(round=round1)
        .exclude(area__code=region)
        .values_list("area__code", flat=True)
    ) | set(
        Result.objects.filter(round=round1)
        .exclude(area__code=region)
        .values_list("area__code", flat=True)
    )
    return tuple(sorted(codes))


def _round(rnd: Round, codes: tuple[str, ...], region: str, index: dict[int, int]) -> RoundResults:
    a, k = len(codes), len(index)
    where = {code: i for i, code in enumerate(codes)}
    votes = np.full((a, k), np.nan)
    province = np.full(k, np.nan)
    for code, contestant, n in Result.objects.filter(round=rnd).values_list(
        "area__code", "contestant_id", "votes"
    ):
        if code == region:
            province[index[contestant]] = n
        elif code in where:
            votes[where[code], index[contestant]] = n
    ballots, registered = np.full(a, np.nan), np.full(a, np.nan)
    province_valid = None
    for t in Turnout.objects.filter(round=rnd).select_related("area"):
        if t.area.code == region:
            province_valid = float(t.valid) if t.valid is not None else None
        elif t.area.code in where:
            i = where[t.area.code]
            registered[i] = t.dpt if t.dpt is not None else np.nan
            ballots[i] = t.ballots if t.ballots is not None else np.nan
    return RoundResults(
        area_codes=codes,
        votes=votes,
        ballots=ballots,
        registered=registered,
        province_votes=None if np.isnan(province).all() else np.nan_to_num(province),
        province_valid=province_valid,
    )


def _transfers(election: Election, index: dict[int, int]) -> tuple[TransferRow, ...]:
    groups: dict[tuple[str, str], list[RunoffTransfer]] = defaultdict(list)
    for row in RunoffTransfer.objects.filter(election=election).order_by("id"):
        groups[(row.survey, row.from_label)].append(row)
    rows = []
    for (survey, _label), items in groups.items():
        source = items[0].from_contestant_id
        to = tuple(
            (index[r.to_contestant_id], float(r.per_100))
            for r in items
            if r.to_contestant_id is not None
        )
        undecided = next((float(r.per_100) for r in items if r.to_contestant_id is None), None)
        rows.append(TransferRow(survey, POOLED if source is None else index[source], to, undecided))
    return tuple(rows)


def campaign_window(round1: Round) -> tuple[dt.date, dt.date]:
    """The round-1 campaign: its first day and voting day (the window ends the eve)."""
    end = round1.voting_day
    return round1.campaign_start or end - dt.timedelta(days=DEFAULT_CAMPAIGN_DAYS), end


def ledger_effort(election: Election, contestant_id: int) -> tuple[dict[str, float], bool]:
    """People reached (reach, else count) by ``contestant_id`` per simulator front in the
    round-1 campaign window, and whether the ledger has any effort of any contestant of
    the election in that window (without it a plan is measured against no campaign)."""
    round1 = election.rounds.filter(number=1).first()
    if round1 is None:
        return {}, False
    start, end = campaign_window(round1)
    rows = Touchpoint.objects.filter(
        contestant__election=election, occurred_on__gte=start, occurred_on__lt=end
    ).filter(front__in=CHANNELS)
    mine: dict[str, float] = {}
    for row in (
        rows.filter(contestant_id=contestant_id)
        .values("front")
        .annotate(reach=Sum("reach"), count=Sum("count"))
    ):
        mine[row["front"]] = float(row["reach"] or row["count"] or 0)
    return mine, rows.exists()


def _effort(
    round1: Round, codes: tuple[str, ...], registered: np.ndarray, index: dict[int, int]
) -> Effort | None:
    start, end = campaign_window(round1)
    days = (end - start).days
    if days <= 0:
        return None
    rows = (
        Touchpoint.objects.filter(
            contestant_id__in=index, occurred_on__gte=start, occurred_on__lt=end
        )
        .values("occurred_on", "contestant_id", "area_code", "front")
        .annotate(reach=Sum("reach"), count=Sum("count"))
    )
    effort = Effort.none(days, len(index), len(codes))
    spread = np.nan_to_num(registered) / max(float(np.nansum(registered)), 1.0)
    found = False
    for row in rows:
        front = row["front"]
        if front not in CHANNELS:
            continue
        people = float(row["reach"] or row["count"] or 0)
        day = (row["occurred_on"] - start).days
        k, c = index[row["contestant_id"]], CHANNELS.index(front)
        code = row["area_code"] or ""
        target = next(
            (i for i, a in enumerate(codes) if code == a or code.startswith(a + ".")), None
        )
        if target is None:
            effort.reach[day, k, :, c] += people * spread
        else:
            effort.reach[day, k, target, c] += people
        found = True
    return effort if found else None


def segment_layout(codes: tuple[str, ...], as_of: dt.date) -> SegmentLayout | None:
    """The voter segments' sizes in each of ``codes`` (the latest count on or before
    ``as_of``), plus the rest of the voters as ``lainnya``; ``None`` when no size is stored.

    Sizes are numerators over their own denominators (``people`` of ``of_people``); where
    the segments of an area add up to more than its voters (they may overlap) they are
    scaled to fit. An area without sizes takes the mean shares of the others."""
    rows = (
        SegmentSize.objects.filter(
            area__code__in=codes, as_of__lte=as_of, segment__kind=Segment.Kind.VOTERS
        )
        .order_by("area__code", "segment__slug", "as_of")
        .values_list("area__code", "segment__slug", "people", "of_people")
    )
    latest = {(code, slug): (people, of) for code, slug, people, of in rows}
    slugs = sorted({slug for _code, slug in latest})
    if not slugs:
        return None
    shares = np.full((len(codes), len(slugs)), np.nan)
    for (code, slug), (people, of) in latest.items():
        shares[codes.index(code), slugs.index(slug)] = people / max(of, 1)
    known = ~np.isnan(shares).all(axis=1)
    mean = np.nanmean(shares[known], axis=0)
    shares = np.where(np.isnan(shares), np.where(known[:, None], 0.0, mean[None, :]), shares)
    return layout_from_shares(tuple(slugs), shares)


def layout_from_shares(slugs: tuple[str, ...], shares: np.ndarray) -> SegmentLayout:
    """Segments ``slugs`` at ``shares`` of each area's voters (areas × segments), plus the
    rest as ``lainnya``, with the assumed ``SEGMENT_PRIORS``."""
    covered = shares.sum(axis=1, keepdims=True)
    shares = shares / np.maximum(covered, 1.0)
    shares = np.hstack([shares, 1.0 - shares.sum(axis=1, keepdims=True)])
    priors = [SEGMENT_PRIORS.get(slug, (0.0, (None, None), 0.0)) for slug in slugs]
    priors.append((0.0, (None, None), 0.0))
    return SegmentLayout(
        names=(*slugs, OTHERS),
        shares=np.clip(shares, 0.0, 1.0),
        favourability=np.array([p[0] for p in priors]),
        awareness=np.array([[np.nan if v is None else v for v in p[1]] for p in priors]),
        turnout=np.array([p[2] for p in priors]),
    )


def _check_round1(slug: str, r1: RoundResults) -> None:
    """Refuse, naming each area and what it lacks, a round 1 the calibrator cannot read: it
    needs every area's DPT and ballots, and its votes or the province totals to fill them."""
    names = dict(Area.objects.filter(code__in=r1.area_codes).values_list("code", "name"))
    problems = []
    for i, code in enumerate(r1.area_codes):
        lacks = []
        if np.isnan(r1.registered[i]):
            lacks.append(_("DPT belum ada"))
        elif r1.registered[i] <= 0:
            lacks.append(_("DPT nol"))
        if np.isnan(r1.ballots[i]):
            lacks.append(_("jumlah surat suara terpakai belum ada"))
        if np.isnan(r1.votes[i]).any() and r1.province_votes is None:
            lacks.append(_("suara sebagian pasangan belum ada dan total provinsi tidak diketahui"))
        if lacks:
            problems.append(f"{names.get(code, code)} ({code}): {'; '.join(lacks)}")
    if problems:
        raise SourceError(
            _("Putaran 1 pemilihan '%(slug)s' belum lengkap untuk kalibrasi — %(areas)s.")
            % {"slug": slug, "areas": " | ".join(problems)}
        )


def election_data(slug: str) -> ElectionData:
    """The election ``slug`` as ``kampanye.sim.ElectionData`` (raises ``SourceError``)."""
    election = Election.objects.filter(slug=slug).select_related("region").first()
    if election is None:
        raise SourceError(_("Pemilihan '%(slug)s' tidak ada di basis data.") % {"slug": slug})
    rounds = {r.number: r for r in election.rounds.all()}
    if 1 not in rounds:
        raise SourceError(_("Pemilihan '%(slug)s' tidak punya putaran 1.") % {"slug": slug})
    people = list(Contestant.objects.filter(election=election).order_by("ballot_no"))
    index = {c.pk: i for i, c in enumerate(people)}
    region = election.region.code
    codes = _areas(rounds[1], region)
    if not codes:
        raise SourceError(
            _("Putaran 1 pemilihan '%(slug)s' belum punya hasil per wilayah.") % {"slug": slug}
        )
    round1 = _round(rounds[1], codes, region, index)
    _check_round1(slug, round1)
    return ElectionData(
        name=election.name,
        contestants=tuple(c.short for c in people),
        incumbent=tuple(c.incumbent for c in people),
        round1=round1,
        round2=_round(rounds[2], codes, region, index) if 2 in rounds else None,
        transfers=_transfers(election, index),
        effort=_effort(rounds[1], codes, round1.registered, index),
        segments=segment_layout(codes, rounds[1].voting_day),
    )
