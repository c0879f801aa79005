# ruff: noqa: E501  (the PROFILES table: one kind of contact per line)
"""Illustrative touchpoints for the demo: plausible, clearly labelled, never facts.

Every touchpoint made here has ``illustrative=True`` and a source starting ``demo:``. The
mix follows the paper's account of Jakarta 2012: Jokowi–Ahok's campaign was ground-heavy
(blusukan, volunteer-initiated, participatory), won *earned* air coverage rather than paid
advertising, and was strong online; Foke–Nara's was paid TV and outdoor advertising run
by staff; the other four pairs were smaller. Each row is a daily aggregate of one kind of
contact in one kelurahan (ground, billboards) or province-wide (TV, radio, print, online).
Reach per broadcast contact is sized for a city of about 10 million: a TV spot or news item
on one channel reaches 1–5 % of it (100,000–500,000 people), a radio spot 20,000–80,000.

Deterministic for a seed and idempotent: the same election and seed give the same sources,
so building twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from kampanye.areas.models import Area, Level, Segment
from kampanye.elections.models import Result
from kampanye.ledger.actions import TouchpointIn, record_touchpoints
from kampanye.product.models import Theme

CHALLENGER, INCUMBENT, OTHER = "challenger", "incumbent", "other"


@dataclass(frozen=True)
class Mix:
    """One kind of contact: its share of a campaign's rows and the ranges of its values."""

    channel: str
    front: str
    share: float
    imc: str
    media: str
    initiated: str
    count: tuple[int, int]  # contacts per row
    reach_per_contact: tuple[float, float]
    cost_per_contact: tuple[int, int]  # Rupiah
    participation: tuple[int, int] | None = None
    local: bool = True  # in a kelurahan, or province-wide
    tone: tuple[float, float] | None = None


def _m(*args, **kwargs) -> Mix:
    return Mix(*args, **kwargs)


# fmt: off
# One row per kind of contact reads better as a table than wrapped over eleven lines.
PROFILES: dict[str, list[Mix]] = {
    CHALLENGER: [
        _m("door_to_door", "ground", .22, "personal_selling", "owned", "volunteer", (20, 200), (2.5, 4), (5_000, 25_000), (3, 4), tone=(.3, .9)),
        _m("market_visit", "ground", .12, "personal_selling", "earned", "candidate", (100, 900), (1, 2), (2_000, 10_000), (2, 3), tone=(.4, .9)),
        _m("kampung_visit", "ground", .12, "events_sponsorship", "earned", "candidate", (150, 1_200), (1, 2), (2_000, 10_000), (2, 4), tone=(.4, .9)),
        _m("community_meeting", "ground", .08, "customer_service", "owned", "volunteer", (20, 150), (1, 1.5), (10_000, 40_000), (2, 4), tone=(.2, .8)),
        _m("tv", "air", .07, "publicity_pr", "earned", "media", (1, 3), (100_000, 500_000), (0, 0), local=False, tone=(.1, .7)),
        _m("online_news", "online", .06, "publicity_pr", "earned", "media", (1, 10), (5_000, 40_000), (0, 0), local=False, tone=(.1, .7)),
        _m("x", "online", .10, "direct_marketing", "shared", "volunteer", (200, 5_000), (3, 12), (0, 20), (2, 4), local=False, tone=(.2, .8)),
        _m("tv", "air", .02, "advertising", "paid", "staff", (1, 3), (150_000, 400_000), (10_000_000, 25_000_000), local=False),
        _m("facebook", "online", .08, "direct_marketing", "shared", "volunteer", (100, 3_000), (3, 10), (0, 20), (2, 4), local=False, tone=(.2, .8)),
        _m("youtube", "online", .05, "advertising", "shared", "public", (1, 5), (5_000, 60_000), (0, 0), (1, 3), local=False, tone=(.3, .9)),
        _m("outdoor", "air", .03, "packaging", "paid", "staff", (1, 3), (5_000, 20_000), (3_000_000, 8_000_000)),
        _m("sms", "ground", .05, "direct_marketing", "owned", "volunteer", (100, 2_000), (1, 1), (150, 350), (1, 2)),
    ],
    INCUMBENT: [
        _m("tv", "air", .20, "advertising", "paid", "staff", (1, 4), (150_000, 400_000), (15_000_000, 40_000_000), local=False),
        _m("radio", "air", .08, "advertising", "paid", "staff", (2, 8), (20_000, 80_000), (1_000_000, 3_000_000), local=False),
        _m("print", "air", .07, "advertising", "paid", "staff", (1, 2), (50_000, 250_000), (5_000_000, 20_000_000), local=False),
        _m("outdoor", "air", .20, "packaging", "paid", "staff", (1, 5), (5_000, 30_000), (1_500_000, 5_000_000)),
        _m("rally", "ground", .05, "events_sponsorship", "paid", "staff", (100, 1_000), (1, 1.2), (20_000, 60_000), (1, 1)),
        _m("community_meeting", "ground", .13, "personal_selling", "owned", "staff", (30, 300), (1, 1.5), (5_000, 25_000), (1, 2)),
        _m("door_to_door", "ground", .07, "personal_selling", "owned", "staff", (10, 80), (2.5, 4), (10_000, 30_000), (1, 2)),
        _m("tv", "air", .05, "publicity_pr", "earned", "media", (1, 2), (100_000, 400_000), (0, 0), local=False, tone=(-.5, .3)),
        _m("website", "online", .05, "customer_service", "owned", "staff", (50, 500), (1, 1), (0, 500), (1, 1), local=False),
        _m("facebook", "online", .06, "advertising", "paid", "staff", (200, 2_000), (5, 15), (200, 1_000), (1, 1), local=False, tone=(-.2, .5)),
        _m("x", "online", .04, "direct_marketing", "owned", "staff", (100, 1_000), (3, 8), (0, 100), (1, 2), local=False, tone=(-.4, .4)),
    ],
    OTHER: [
        _m("door_to_door", "ground", .20, "personal_selling", "owned", "volunteer", (10, 80), (2.5, 4), (0, 5_000), (2, 3), tone=(.2, .8)),
        _m("community_meeting", "ground", .20, "personal_selling", "owned", "staff", (20, 200), (1, 1.5), (2_000, 15_000), (1, 3)),
        _m("rally", "ground", .08, "events_sponsorship", "paid", "staff", (200, 2_000), (1, 1.2), (10_000, 40_000), (1, 1)),
        _m("outdoor", "air", .15, "packaging", "paid", "staff", (1, 3), (3_000, 15_000), (1_500_000, 6_000_000)),
        _m("tv", "air", .07, "advertising", "paid", "staff", (1, 2), (100_000, 300_000), (10_000_000, 30_000_000), local=False),
        _m("online_news", "online", .10, "publicity_pr", "earned", "media", (1, 4), (5_000, 30_000), (0, 0), local=False, tone=(-.3, .6)),
        _m("facebook", "online", .12, "direct_marketing", "owned", "staff", (50, 800), (3, 8), (0, 200), (1, 2), local=False),
        _m("x", "online", .08, "direct_marketing", "shared", "volunteer", (50, 1_000), (3, 8), (0, 50), (2, 3), local=False),
    ],
}
# fmt: on
ROWS = {CHALLENGER: 3_000, INCUMBENT: 2_600, OTHER: 1_000}  # per contestant, round 1
ROUND_TWO_SHARE = 0.5  # the run-off campaign is shorter

# Official campaign periods of 2012 when the election's rounds do not give them.
FALLBACK_PERIODS = {
    1: (dt.date(2012, 6, 24), dt.date(2012, 7, 7)),
    2: (dt.date(2012, 9, 14), dt.date(2012, 9, 16)),
}


def profile_of(contestant) -> str:
    """Which campaign style a contestant gets, by name: the paper's two finalists, or other."""
    words = " ".join([contestant.short, contestant.head, *map(str, contestant.aliases or [])])
    lowered = words.lower()
    if "jokowi" in lowered or "joko widodo" in lowered:
        return CHALLENGER
    if "foke" in lowered or "fauzi bowo" in lowered:
        return INCUMBENT
    return OTHER


def _periods(election) -> dict[int, tuple[dt.date, dt.date]]:
    periods = {}
    for r in election.rounds.order_by("number"):
        start, end = r.campaign_start, r.campaign_end
        if start is None or end is None:
            start, end = FALLBACK_PERIODS.get(
                r.number, (r.voting_day - dt.timedelta(days=17), r.voting_day - dt.timedelta(4))
            )
        periods[r.number] = (start, end)
    return periods or dict(FALLBACK_PERIODS)


def _finalists(election, contestants) -> set[int]:
    ids = set(
        Result.objects.filter(round__election=election, round__number=2).values_list(
            "contestant_id", flat=True
        )
    )
    return ids or {c.pk for c in contestants if profile_of(c) != OTHER}


def build_illustrative_touchpoints(election, seed: int = 2012) -> int:
    """Create the demo's touchpoints for every contestant; returns how many were new."""
    contestants = list(election.contestants.order_by("ballot_no"))
    kelurahan = list(
        Area.objects.filter(level=Level.VILLAGE, code__startswith=election.region.code + ".")
        .order_by("code")
        .values_list("pk", "code")
    )
    segments = list(Segment.objects.order_by("slug").values_list("pk", flat=True))
    periods = _periods(election)
    finalists = _finalists(election, contestants)
    items: list[TouchpointIn] = []
    for contestant in contestants:
        themes = list(
            Theme.objects.filter(contestant=contestant)
            .order_by("slug")
            .values_list("pk", flat=True)
        )
        style = profile_of(contestant)
        for number, (start, end) in periods.items():
            if number > 1 and contestant.pk not in finalists:
                continue
            rng = random.Random(f"{seed}:{election.slug}:{contestant.ballot_no}:{number}")
            rows = ROWS[style] if number == 1 else int(ROWS[style] * ROUND_TWO_SHARE)
            days = (end - start).days + 1
            mixes = PROFILES[style]
            for i in range(rows):
                mix = rng.choices(mixes, weights=[m.share for m in mixes])[0]
                area = rng.choice(kelurahan) if mix.local and kelurahan else None
                count = rng.randint(*mix.count)
                items.append(
                    TouchpointIn(
                        source=f"demo:{election.slug}:{contestant.ballot_no}:r{number}:{i}",
                        occurred_on=start + dt.timedelta(days=rng.randrange(days)),
                        front=mix.front,
                        channel=mix.channel,
                        imc_element=mix.imc,
                        contestant_id=contestant.pk,
                        media_type=mix.media,
                        initiated_by=mix.initiated,
                        area_id=area[0] if area else None,
                        area_code=area[1] if area else "",
                        segment_id=rng.choice(segments)
                        if segments and rng.random() < 0.6
                        else None,
                        theme_id=rng.choice(themes) if themes and rng.random() < 0.7 else None,
                        count=count,
                        reach=round(count * rng.uniform(*mix.reach_per_contact)),
                        reach_basis="ilustratif: perkiraan per kontak",
                        cost_idr=count * rng.randint(*mix.cost_per_contact),
                        participation_level=rng.randint(*mix.participation)
                        if mix.participation
                        else None,
                        tone=round(rng.uniform(*mix.tone), 2) if mix.tone else None,
                        illustrative=True,
                    )
                )
    return record_touchpoints(items)["created"]
