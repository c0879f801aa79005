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

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from kampanye.areas.models import Area
from kampanye.social.filters import Filters, contestants, in_period
from kampanye.social.models import Mention
from kampanye.social.queries import Series, Share, Voice, detect_spikes, model_info


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
    by: dict[int, dict[dt.date, int]] = {}
    rows = mentions(f, focus).values("contestant_id", "day").annotate(n=Count("pk")).order_by()
    for r in rows:
        by.setdefault(r["contestant_id"], {})[r["day"]] = r["n"]
    all_days = [d for per in by.values() for d in per]
    if not all_days:
        return []
    start, end = f.start or min(all_days), f.end or max(all_days)
    days = [start + dt.timedelta(i) for i in range((end - start).days + 1)]
    out = []
    for c in contestants(f):
        counts = [by.get(c.pk, {}).get(d, 0) for d in days]
        out.append(Series(c, days, counts, detect_spikes(counts)))
    return out


def share_of_voice(f: Filters, focus: Focus) -> Voice:
    """As ``queries.share_of_voice``, within the focus."""
    agg = {
        r["contestant_id"]: r
        for r in mentions(f, focus)
        .values("contestant_id")
        .annotate(
            n=Count("pk"),
            reach=Sum("reach"),
            eng=Sum("engagement"),
            pos=Count("pk", filter=Q(label="positive")),
            neu=Count("pk", filter=Q(label="neutral")),
            neg=Count("pk", filter=Q(label="negative")),
        )
        .order_by()
    }
    rows = [
        Share(
            c,
            agg.get(c.pk, {}).get("n", 0),
            agg.get(c.pk, {}).get("reach") or 0,
            agg.get(c.pk, {}).get("eng") or 0,
            agg.get(c.pk, {}).get("pos", 0),
            agg.get(c.pk, {}).get("neu", 0),
            agg.get(c.pk, {}).get("neg", 0),
        )
        for c in contestants(f)
    ]
    version, f1 = model_info()
    return Voice(
        rows,
        sum(r.mentions for r in rows),
        sum(r.reach for r in rows),
        sum(r.engagement for r in rows),
        version,
        f1,
    )
