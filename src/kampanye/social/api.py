"""Social listening over JSON (read-only, mounted at /api/social/): the dashboard's share of
voice and net sentiment, with numerators and denominators."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema

from kampanye.core.api import ERRORS, ErrorOut, allow
from kampanye.elections.models import Election
from kampanye.social import queries
from kampanye.social.models import Platform

router = Router(tags=["social"])
SLUG = r"^[-a-zA-Z0-9_]{1,50}$"


class VoiceQuery(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    platform: list[Platform] = []


class ShareOut(Schema):
    contestant_id: int
    short: str
    mentions: int
    reach: int
    engagement: int
    positive: int
    neutral: int
    negative: int
    net_sentiment: float | None


class VoiceOut(Schema):
    mentions: int
    reach: int
    engagement: int
    model_version: str
    model_macro_f1: float | None
    contestants: list[ShareOut]


@router.get(
    "/elections/{slug}/share-of-voice",
    response={200: VoiceOut, 404: ErrorOut, **ERRORS},
    summary="Share of voice and net sentiment",
)
def share_of_voice(
    request,
    slug: str = Path(..., pattern=SLUG),
    q: Query[VoiceQuery] = None,  # type: ignore[assignment]  # ninja's Query[] has no None
):
    allow(request, "use_social_listening")
    election = get_object_or_404(Election, slug=slug)
    q = q or VoiceQuery()
    voice = queries.share_of_voice(
        queries.Filters(
            election, start=q.start, end=q.end, platforms=tuple(str(p) for p in q.platform)
        )
    )
    return {
        "mentions": voice.mentions,
        "reach": voice.reach,
        "engagement": voice.engagement,
        "model_version": voice.model_version,
        "model_macro_f1": voice.model_macro_f1,
        "contestants": [
            {
                "contestant_id": r.contestant.pk,
                "short": r.contestant.short,
                "mentions": r.mentions,
                "reach": r.reach,
                "engagement": r.engagement,
                "positive": r.positive,
                "neutral": r.neutral,
                "negative": r.negative,
                "net_sentiment": r.net,
            }
            for r in voice.rows
        ],
    }
