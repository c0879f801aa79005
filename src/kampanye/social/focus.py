"""The social dashboard narrowed to one tone, issue, keyword or place: its buzz and share of
voice counted from the mentions themselves.

The daily aggregates (``MentionDay``) answer the dashboard's usual filters (election, pairs,
days, platforms); a focus asks of each mention something they do not keep (the post's issues
or words), so these figures read ``Mention`` and ``Post``: fine at a campaign's size, slower
than the aggregates at tens of millions of posts.

*Place*: posts carry no location, so a place means posts that name it (the kota, kecamatan or
kelurahan name in the text) — what a team reads as "talk about Tanah Abang".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from kampanye.areas.models import Area
from kampanye.social.filters import Filters, in_period
from kampanye.social.models import Mention, Sentiment
from kampanye.social.queries import Series, Voice, series_of, voice_of


@dataclass(frozen=True)
class Focus:
    sentiment: str = ""  # a Sentiment value
    issue: str = ""  # an issue code of the nlp lexicon
    keyword: str = ""
    area: str = ""  # an area code: posts naming the area

    def __bool__(self) -> bool:
        return bool(self.sentiment or self.issue or self.keyword or self.area)


def _words(text: str) -> Q:
    return Q(post__text__icontains=text) | Q(post__text_norm__icontains=text.lower())


def mentions(f: Filters, focus: Focus) -> QuerySet[Mention]:
    """The mentions of the filters' election, pairs, days and platforms within the focus."""
    qs = in_period(Mention.objects.filter(post__election=f.election), f)
    if f.contestants:
        qs = qs.filter(contestant_id__in=f.contestants)
    if focus.sentiment:
        qs = qs.filter(label=focus.sentiment)
    if focus.issue:
        qs = qs.filter(post__issues__issue=focus.issue)
    if focus.keyword:
        qs = qs.filter(_words(focus.keyword))
    if focus.area:
        name = Area.objects.filter(code=focus.area).values_list("name", flat=True).first()
        qs = qs.filter(_words(name)) if name else qs.none()
    return qs


def timeline(f: Filters, focus: Focus) -> list[Series]:
    """As ``queries.timeline``: mentions per WIB day per pair, zero-filled, spikes marked."""
    rows = mentions(f, focus).values("contestant_id", "day").annotate(n=Count("pk")).order_by()
    return series_of(f, rows)


def share_of_voice(f: Filters, focus: Focus) -> Voice:
    """As ``queries.share_of_voice``, within the focus."""
    rows = (
        mentions(f, focus)
        .values("contestant_id")
        .annotate(
            n=Count("pk"),
            reach=Sum("reach"),
            eng=Sum("engagement"),
            pos=Count("pk", filter=Q(label=Sentiment.POSITIVE)),
            neu=Count("pk", filter=Q(label=Sentiment.NEUTRAL)),
            neg=Count("pk", filter=Q(label=Sentiment.NEGATIVE)),
        )
        .order_by()
    )
    return voice_of(f, rows)
