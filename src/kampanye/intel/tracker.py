"""The poll tracker: published polls aggregated over time with house effects, warnings
about how they were framed, and a backtest against the official result.

The backtest puts every method side by side in one run, each row saying what it rests on:
the plain baseline (the naive average of the polls), the tracker's aggregate, and the
adjustments for undecided voters, non-response and turnout. A row is *in-sample* when it
learned something from the same polls it predicts from (house effects), and *chosen after
the result* when a figure in it was picked by someone who already knew 2012's result —
such a row shows what an adjustment *could* have done, not what anyone could have known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Sum
from django.utils.translation import gettext as _

from kampanye.elections.models import Contestant, Election, Poll, Result, Turnout
from kampanye.stats import (
    PublishedPoll,
    adjust_for_nonresponse,
    adjust_for_turnout,
    aggregate_polls,
    naive_average,
    vote_shares,
)

LOW_CONTACT = 0.6  # below this share of the sampled reached, a voter-list frame misses movers
TURNOUT_GAP = 0.10  # a poll assuming turnout this far above the last one is warned about
HALF_LIFE = 30.0
INDUSTRY_SD = 0.02
# Adjustment scenarios of the backtest. The figures were set by someone who knew 2012's
# result; the rows using them say so.
NONRESPONSE_LEAN = 0.20  # non-respondents' margin moved this far from incumbent to challenger
INCUMBENT_TURNOUT = 0.85  # incumbent supporters' turnout relative to everyone else's


@dataclass(frozen=True)
class Setup:
    election: Election
    round_number: int
    contestants: list[Contestant]
    polls: list[tuple[Poll, PublishedPoll]]
    actual: dict[int, float]  # contestant pk → share of valid votes (0…1); empty if unknown
    voting_day: dt.date | None


def setup(election: Election, round_number: int) -> Setup:
    polls = list(election.polls.filter(round_number=round_number).prefetch_related("estimates"))
    shown = sorted(
        {e.contestant_id for p in polls for e in p.estimates.all() if e.contestant_id},
    )
    contestants = list(Contestant.objects.filter(pk__in=shown).order_by("ballot_no"))
    index = {c.pk: i for i, c in enumerate(contestants)}
    published = []
    for poll in sorted(polls, key=lambda p: p.date or dt.date.min):
        if poll.date is None:
            continue
        shares = np.full(len(contestants), np.nan)
        for e in poll.estimates.all():
            if e.contestant_id in index:
                shares[index[e.contestant_id]] = e.per_10000 / 10000
        published.append(
            (poll, PublishedPoll(poll.pollster, poll.date.toordinal(), shares, poll.sample_size))
        )
    rnd = election.rounds.filter(number=round_number).first()
    actual: dict[int, float] = {}
    if rnd is not None:
        votes = dict(
            Result.objects.filter(round=rnd, area=election.region)
            .values_list("contestant_id")
            .annotate(v=Sum("votes"))
        )
        total = sum(votes.values())
        actual = {pk: v / total for pk, v in votes.items()} if total else {}
    return Setup(
        election, round_number, contestants, published, actual, rnd.voting_day if rnd else None
    )


@dataclass(frozen=True)
class TrackerPoint:
    day: dt.date
    shares: list[float]  # vote share per contestant (undecided allocated proportionally)
    lower: list[float]
    upper: list[float]
    baseline: list[float]  # the naive average of the polls so far, the same allocation


@dataclass(frozen=True)
class PollWarning:
    poll: Poll
    message: str


@dataclass
class Tracker:
    setup: Setup
    points: list[TrackerPoint] = field(default_factory=list)
    house_effects: dict[str, list[float]] = field(default_factory=dict)  # points of respondents
    warnings: list[PollWarning] = field(default_factory=list)


def _vote_interval(agg, decided: float) -> tuple[list[float], list[float], list[float]]:
    votes = vote_shares(agg.shares)
    scale = 1.0 / max(decided, 1e-9)
    lower = np.clip(votes - 1.96 * agg.sd * scale, 0, 1)
    upper = np.clip(votes + 1.96 * agg.sd * scale, 0, 1)
    return votes.tolist(), lower.tolist(), upper.tolist()


def tracker(election: Election, round_number: int, *, half_life: float = HALF_LIFE) -> Tracker:
    """The aggregate on each day a poll came out and on the eve of voting."""
    s = setup(election, round_number)
    out = Tracker(setup=s)
    if not s.polls:
        return out
    days = sorted({p.day for _, p in s.polls})
    if s.voting_day:
        days.append((s.voting_day - dt.timedelta(days=1)).toordinal())
    published = [p for _, p in s.polls]
    for day in sorted(set(days)):
        agg = aggregate_polls(published, on_day=day, half_life=half_life, industry_sd=INDUSTRY_SD)
        votes, lower, upper = _vote_interval(agg, float(np.nansum(agg.shares)))
        base = vote_shares(naive_average([p for p in published if p.day <= day])).tolist()
        out.points.append(TrackerPoint(dt.date.fromordinal(day), votes, lower, upper, base))
        out.house_effects = {h: (100 * e).tolist() for h, e in agg.house_effects.items()}
    out.warnings = poll_warnings(election, round_number, [p for p, _ in s.polls])
    return out


def poll_warnings(election: Election, round_number: int, polls: list[Poll]) -> list[PollWarning]:
    """Polls framed on the voter list that reached few of the sampled, or that assume a
    turnout far above the last one known; and polls that publish no sample size."""
    last_turnout = _last_turnout(election, round_number)
    out = []
    for poll in polls:
        method = getattr(poll, "method", None)
        if method is not None:
            rate = method.contact_rate
            if rate is not None and rate < LOW_CONTACT and "DPT" in method.frame.upper():
                out.append(PollWarning(poll, _(
                    "Sampel dari DPT dan hanya %(rate).0f %% yang berhasil diwawancarai: pemilih "
                    "yang pindah alamat tidak terjangkau, dan mereka bisa condong ke satu pihak."
                ) % {"rate": 100 * rate}))  # fmt: skip
            assumed = method.assumed_turnout_per_1000
            if assumed and last_turnout is not None and assumed / 1000 > last_turnout + TURNOUT_GAP:
                out.append(PollWarning(poll, _(
                    "Mengasumsikan partisipasi %(a).0f %%, jauh di atas %(b).0f %% terakhir."
                ) % {"a": assumed / 10, "b": 100 * last_turnout}))  # fmt: skip
        if not poll.sample_size:
            out.append(PollWarning(poll, _("Jumlah sampel tidak diumumkan: dihitung sebagai 400.")))
    return out


def _last_turnout(election: Election, round_number: int) -> float | None:
    """Ballots over DPT of the latest earlier round of this election with both known."""
    earlier = Turnout.objects.filter(
        round__election=election, round__number__lt=round_number, area=election.region
    ).order_by("-round__number")
    for t in earlier:
        voted = t.ballots or t.valid
        if t.dpt and voted:
            return voted / t.dpt
    return None


@dataclass(frozen=True)
class BacktestRow:
    method: str
    predicted: dict[int, float]  # contestant pk → vote share (0…1)
    errors: dict[int, float]  # points, predicted − actual
    margin_error: float  # points, (challenger − incumbent) predicted − actual
    incumbent_pct: float
    challenger_pct: float
    in_sample: bool
    chosen_after_result: bool
    note: str


@dataclass
class Backtest:
    round_number: int
    eve: dt.date
    incumbent: Contestant
    challenger: Contestant
    actual: dict[int, float]
    polls_used: int
    rows: list[BacktestRow] = field(default_factory=list)
    lean_needed: float | None = None  # points: non-respondents' margin that explains the miss

    @property
    def actual_pct(self) -> tuple[float, float]:
        return 100 * self.actual[self.incumbent.pk], 100 * self.actual[self.challenger.pk]


def backtest(election: Election, round_number: int) -> Backtest | None:
    """What the tracker would have said on the eve of the round, method by method, against
    the official result; None without polls, a result or an incumbent among the polled."""
    s = setup(election, round_number)
    if not s.polls or not s.actual or s.voting_day is None:
        return None
    eve = s.voting_day - dt.timedelta(days=1)
    published = [p for _, p in s.polls if p.day <= eve.toordinal()]
    if not published:
        return None
    agg = aggregate_polls(published, on_day=eve.toordinal(), industry_sd=INDUSTRY_SD)
    pks = [c.pk for c in s.contestants]
    incumbent = next((c for c in s.contestants if c.incumbent), None)
    if incumbent is None:
        return None
    order = np.argsort(-np.nan_to_num(agg.shares))
    challenger = next(s.contestants[i] for i in order if s.contestants[i].pk != incumbent.pk)
    bt = Backtest(round_number, eve, incumbent, challenger, s.actual, len(published))
    inc, cha = pks.index(incumbent.pk), pks.index(challenger.pk)

    def add(method: str, votes: np.ndarray, in_sample: bool, after: bool, note: str) -> None:
        predicted = {pk: float(v) for pk, v in zip(pks, votes, strict=True) if not np.isnan(v)}
        errors = {pk: 100 * (v - s.actual[pk]) for pk, v in predicted.items() if pk in s.actual}
        real = s.actual.get(challenger.pk, 0) - s.actual.get(incumbent.pk, 0)
        margin = 100 * ((votes[cha] - votes[inc]) - real)
        bt.rows.append(
            BacktestRow(
                method,
                predicted,
                errors,
                float(margin),
                100 * float(votes[inc]),
                100 * float(votes[cha]),
                in_sample,
                after,
                note,
            )
        )

    baseline = vote_shares(naive_average(published))
    add(_("Rata-rata polos survei (pembanding)"), baseline, False, False,
        _("rata-rata biasa tiap pasangan; belum memilih dibagi sebanding"))  # fmt: skip
    tracked = vote_shares(agg.shares)
    add(_("Agregat pelacak"), tracked, True, False,
        _("bobot n dan waktu; efek lembaga dari survei yang sama, berjumlah nol"))  # fmt: skip
    split = np.where(np.arange(len(pks)) == inc, 0.0, np.nan_to_num(agg.shares))
    to_challengers = vote_shares(agg.shares, split)
    add(_("+ belum memilih ke penantang"), to_challengers, True, True,
        _("aturan petahana (incumbent rule), dikenal sebelum 2012, dipilih di sini setelah "
          "melihat hasil"))  # fmt: skip
    rate = _contact_rate(s)
    other = to_challengers.copy()
    other[inc] = max(0.0, other[inc] - NONRESPONSE_LEAN / 2)
    other[cha] = other[cha] + (to_challengers[inc] - other[inc])
    mixed = adjust_for_nonresponse(to_challengers, rate, other)
    add(_("+ koreksi nirrespons"), mixed, True, True,
        _("%(r).0f %% sampel terjangkau; yang tak terjangkau condong %(l).0f poin ke penantang "
          "(angka dipilih setelah melihat hasil)")
        % {"r": 100 * rate, "l": 100 * NONRESPONSE_LEAN})  # fmt: skip
    propensity = np.where(np.arange(len(pks)) == inc, INCUMBENT_TURNOUT, 1.0)
    likely = adjust_for_turnout(np.nan_to_num(mixed), propensity)
    likely = np.where(np.isnan(mixed), np.nan, likely)
    add(_("+ koreksi partisipasi"), likely, True, True,
        _("pendukung petahana datang %(p).0f %% sesering pemilih lain (dipilih setelah melihat "
          "hasil)") % {"p": 100 * INCUMBENT_TURNOUT})  # fmt: skip
    real = s.actual.get(challenger.pk, 0) - s.actual.get(incumbent.pk, 0)
    seen = to_challengers[cha] - to_challengers[inc]
    if rate < 1:
        bt.lean_needed = 100 * float((real - rate * seen) / (1 - rate))
    return bt


def _contact_rate(s: Setup) -> float:
    """The published contact rate of the polls (reached over sampled, pooled); where none
    was published, the 2012 round-2 figure of about one half."""
    sampled = reached = 0
    for poll in Poll.objects.filter(election=s.election).select_related("method"):
        method = getattr(poll, "method", None)
        if method is not None and method.sampled and method.reached is not None:
            sampled += method.sampled
            reached += method.reached
    return reached / sampled if sampled else 0.5
