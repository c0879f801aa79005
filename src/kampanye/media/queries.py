"""Every figure the media pages and API show.

**The sample.** Every figure counts only the coverage in this registry: what the media
centre logged by hand or imported. It says nothing of items nobody logged, and a pair
whose coverage was logged more thoroughly looks bigger. Pages say so beside the figures.

**Placements and stories.** A placement is one item in one outlet; a story is the items
that share a normalised title (``schemas.story_of``), so a story re-published word for word
by three outlets is one story and three placements. Lightly re-titled copies still count as
separate stories (no similarity grouping yet).

**The media-darling index** of a pair (THEORY §4: "share of a candidate's coverage that is
earned and positive, against competitors") is, over its placements in the period, the share
that is earned (not paid) and not negative in tone toward it. Beside it stands the plain
baseline the index must beat to say anything: the pair's share of voice (its placements
over all pairs' placements).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek

from kampanye.core.models import Role
from kampanye.core.scope import membership_of, role_of, scope_filter
from kampanye.elections.models import Contestant, Election
from kampanye.media.models import (
    CoverageItem,
    FollowUp,
    MediaContact,
    Meeting,
    Mention,
    PressEvent,
    Tone,
)


@dataclass(frozen=True)
class Filters:
    election: Election
    start: dt.date | None = None
    end: dt.date | None = None
    outlet_kind: str = ""

    def mentions(self) -> QuerySet[Mention]:
        qs = Mention.objects.filter(contestant__election=self.election)
        if self.start:
            qs = qs.filter(item__published_on__gte=self.start)
        if self.end:
            qs = qs.filter(item__published_on__lte=self.end)
        if self.outlet_kind:
            qs = qs.filter(item__outlet__kind=self.outlet_kind)
        return qs


# -- who sees which contacts ----------------------------------------------------------------


def contacts_in_scope(user) -> QuerySet[MediaContact]:
    """A campaign's contacts are its own: a user tied to a pair sees only that pair's, a
    manager tied to none sees every pair's; and only in the user's area (core.scope)."""
    qs = MediaContact.objects.filter(forgotten_at__isnull=True).select_related("outlet", "area")
    if user.is_superuser:
        return qs
    m = membership_of(user)
    if m is None or role_of(user) not in (Role.MANAGER, Role.MEDIA_OFFICER):
        return qs.none()
    if m.contestant_id:
        qs = qs.filter(contestant_id=m.contestant_id)
    elif m.role != Role.MANAGER:
        return qs.none()
    return scope_filter(qs, user, "area__code")


def meetings_in_scope(user) -> QuerySet[Meeting]:
    """Meetings with at least one contact the user may see."""
    visible = contacts_in_scope(user).filter(meetings=OuterRef("pk"))
    return Meeting.objects.filter(Exists(visible)).prefetch_related("contacts", "follow_ups")


# -- share of voice and the darling index ---------------------------------------------------


@dataclass
class PairFigures:
    contestant_id: int
    short: str
    color: str
    placements: int = 0
    stories: int = 0
    earned: int = 0
    paid: int = 0
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    earned_not_negative: int = 0
    cost_idr: int = 0
    paid_reach: int = 0  # the outlets' audience figures over the paid items it bought
    share_of_voice: float | None = None

    @property
    def darling_index(self) -> float | None:
        return self.earned_not_negative / self.placements if self.placements else None

    @property
    def net_tone(self) -> float | None:
        return (self.positive - self.negative) / self.placements if self.placements else None

    @property
    def cost_per_paid_item(self) -> float | None:
        return self.cost_idr / self.paid if self.paid else None

    @property
    def cost_per_reached(self) -> float | None:
        """Rupiah per person reached by paid placements (audience figures as the outlets'
        bases give them; placements in outlets without a figure reach no one here)."""
        return self.cost_idr / self.paid_reach if self.paid_reach else None


def pair_figures(f: Filters) -> list[PairFigures]:
    """Per pair of the election (every pair, with zeros): placements, stories, earned and
    paid, tone, the darling index and share of voice."""
    pairs = {
        c.pk: PairFigures(c.pk, c.short, c.color)
        for c in Contestant.objects.filter(election=f.election).order_by("ballot_no")
    }
    earned = Q(item__paid=False)
    rows = (
        f.mentions()
        .values("contestant_id")
        .annotate(
            placements=Count("pk"),
            stories=Count("item__story", distinct=True),
            earned=Count("pk", filter=earned),
            paid=Count("pk", filter=Q(item__paid=True)),
            positive=Count("pk", filter=Q(tone=Tone.POSITIVE)),
            neutral=Count("pk", filter=Q(tone=Tone.NEUTRAL)),
            negative=Count("pk", filter=Q(tone=Tone.NEGATIVE)),
            earned_not_negative=Count("pk", filter=earned & ~Q(tone=Tone.NEGATIVE)),
        )
    )
    for row in rows:
        p = pairs[row.pop("contestant_id")]
        for k, v in row.items():
            setattr(p, k, v)
    # a paid item's cost, and the reach it bought, belong to the pair it names first (as in
    # the ledger)
    firsts = (
        f.mentions()
        .filter(item__paid=True)
        .values("item_id")
        .annotate(first=Min("pk"))
        .values_list("first", flat=True)
    )
    for row in (
        Mention.objects.filter(pk__in=list(firsts))
        .values("contestant_id")
        .annotate(cost=Sum("item__cost_idr"), reach=Sum("item__outlet__audience"))
    ):
        pairs[row["contestant_id"]].cost_idr = row["cost"] or 0
        pairs[row["contestant_id"]].paid_reach = row["reach"] or 0
    total = sum(p.placements for p in pairs.values())
    for p in pairs.values():
        p.share_of_voice = p.placements / total if total else None
    return list(pairs.values())


@dataclass
class Ave:
    """Advertising value equivalence of a pair's earned, non-negative placements."""

    contestant_id: int
    short: str
    value_idr: int  # the outlets' rate card summed over the placements with a rate
    with_rate: int
    without_rate: int  # placements whose outlet has no rate: not in ``value_idr``


def ave(f: Filters) -> list[Ave]:
    """AVE per pair — off by default and shown with the AMEC warning (the Barcelona
    Principles reject it as a measure of value): the price the same space or airtime would
    have cost, summed over earned placements that are not negative; never over negative
    ones, never over paid ones."""
    rows = (
        f.mentions()
        .filter(item__paid=False)
        .exclude(tone=Tone.NEGATIVE)
        .values("contestant_id", "contestant__short")
        .annotate(
            value=Sum("item__outlet__ad_rate_idr"),
            with_rate=Count("pk", filter=Q(item__outlet__ad_rate_idr__isnull=False)),
            without_rate=Count("pk", filter=Q(item__outlet__ad_rate_idr__isnull=True)),
        )
        .order_by("contestant__ballot_no")
    )
    return [
        Ave(r["contestant_id"], r["contestant__short"], r["value"] or 0, r["with_rate"],
            r["without_rate"])
        for r in rows
    ]  # fmt: skip


@dataclass
class WeekPoint:
    week: dt.date
    contestant_id: int
    placements: int
    earned_not_negative: int

    @property
    def darling_index(self) -> float:
        return self.earned_not_negative / self.placements


def darling_trend(f: Filters) -> list[WeekPoint]:
    """The darling index per pair and week (Monday), for weeks with coverage of the pair."""
    rows = (
        f.mentions()
        .annotate(week=TruncWeek("item__published_on"))
        .values("week", "contestant_id")
        .annotate(
            placements=Count("pk"),
            earned_not_negative=Count("pk", filter=Q(item__paid=False) & ~Q(tone=Tone.NEGATIVE)),
        )
        .order_by("week", "contestant_id")
    )
    return [
        WeekPoint(
            _as_date(r["week"]), r["contestant_id"], r["placements"], r["earned_not_negative"]
        )
        for r in rows
    ]


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def items_behind(
    f: Filters, contestant_id: int, week: dt.date | None = None
) -> QuerySet[CoverageItem]:
    """The placements behind a pair's figure (one week of the trend when ``week`` is given)."""
    mentions = f.mentions().filter(contestant_id=contestant_id)
    if week is not None:
        mentions = mentions.filter(
            item__published_on__gte=week, item__published_on__lt=week + dt.timedelta(days=7)
        )
    return (
        CoverageItem.objects.filter(pk__in=mentions.values("item_id"))
        .select_related("outlet", "outlet__owner")
        .prefetch_related("mentions__contestant")
    )


@dataclass
class OwnerRow:
    owner: str
    ties_note: str
    ties_source: str
    by_pair: dict[int, tuple[int, float | None]] = field(default_factory=dict)  # n, net tone


def by_owner_group(f: Filters) -> list[OwnerRow]:
    """Placements and net tone per owner group and pair, beside the owners' known ties."""
    out: dict[str, OwnerRow] = {}
    rows = (
        f.mentions()
        .values(
            "item__outlet__owner__name",
            "item__outlet__owner__ties_note",
            "item__outlet__owner__ties_source",
            "contestant_id",
        )
        .annotate(
            n=Count("pk"),
            pos=Count("pk", filter=Q(tone=Tone.POSITIVE)),
            neg=Count("pk", filter=Q(tone=Tone.NEGATIVE)),
        )
        .order_by("item__outlet__owner__name")
    )
    for r in rows:
        name = r["item__outlet__owner__name"] or "—"
        row = out.setdefault(
            name,
            OwnerRow(
                name,
                r["item__outlet__owner__ties_note"] or "",
                r["item__outlet__owner__ties_source"] or "",
            ),
        )
        row.by_pair[r["contestant_id"]] = (r["n"], (r["pos"] - r["neg"]) / r["n"])
    return list(out.values())


def outlet_pairs(outlet) -> list[dict]:
    """What an outlet carried about each pair: placements, earned, positive, negative."""
    return list(
        Mention.objects.filter(item__outlet=outlet)
        .values("contestant__short")
        .annotate(
            placements=Count("pk"),
            earned=Count("pk", filter=Q(item__paid=False)),
            positive=Count("pk", filter=Q(tone=Tone.POSITIVE)),
            negative=Count("pk", filter=Q(tone=Tone.NEGATIVE)),
        )
        .order_by("-placements")
    )


def events_with_coverage(contestant) -> QuerySet[PressEvent]:
    """The campaign's press agenda, each event with the placements and stories it produced
    and its cost per earned placement (None when it earned none or cost nothing known)."""
    return PressEvent.objects.filter(contestant=contestant).annotate(
        placements=Count("items", distinct=True),
        stories=Count("items__story", distinct=True),
        earned=Count("items", filter=Q(items__paid=False), distinct=True),
    )


LABEL_OF_TONE = {Tone.NEGATIVE: "negative", Tone.NEUTRAL: "neutral", Tone.POSITIVE: "positive"}


def training_rows(election: Election) -> list[tuple[str, str]]:
    """``(text, label)`` for retraining the shared sentiment model (``kampanye nlp train``):
    the title of every item whose tone a person corrected. An item whose corrections differ
    between pairs is left out: its one text cannot carry two labels."""
    labels: dict[int, set[int]] = {}
    titles: dict[int, str] = {}
    for item_id, title, tone in Mention.objects.filter(
        contestant__election=election, corrected_by__isnull=False
    ).values_list("item_id", "item__title", "tone"):
        labels.setdefault(item_id, set()).add(tone)
        titles[item_id] = title
    return [
        (titles[i], LABEL_OF_TONE[Tone(next(iter(t)))])
        for i, t in sorted(labels.items())
        if len(t) == 1
    ]


# -- relationships ---------------------------------------------------------------------------


@dataclass
class Health:
    meetings: int
    last_met: dt.date | None
    follow_ups_due: int
    follow_ups_kept: int  # done on or before their due date
    items_after: int  # the outlet's placements naming the campaign since the first meeting
    earned_not_negative_after: int


def contact_health(contact: MediaContact, today: dt.date) -> Health:
    meetings = contact.meetings.all()
    span = meetings.aggregate(first=Min("held_on"), last=Max("held_on"))
    first, last = span["first"], span["last"]
    fus = FollowUp.objects.filter(meeting__contacts=contact)
    due = fus.filter(due_on__lte=today)
    kept = due.filter(done_on__isnull=False, done_on__lte=F("due_on")).count()
    after = Mention.objects.none()
    if first is not None:
        after = Mention.objects.filter(
            contestant_id=contact.contestant_id,
            item__outlet_id=contact.outlet_id,
            item__published_on__gte=first,
        )
    return Health(
        meetings=meetings.count(),
        last_met=last,
        follow_ups_due=due.count(),
        follow_ups_kept=kept,
        items_after=after.count(),
        earned_not_negative_after=after.filter(item__paid=False)
        .exclude(tone=Tone.NEGATIVE)
        .count(),
    )


def agenda_counts(meetings: QuerySet[Meeting]) -> dict[str, int]:
    """How many meetings served each of the four agenda items."""
    counts: dict[str, int] = {}
    for agenda in meetings.values_list("agenda", flat=True):
        for a in agenda:
            counts[a] = counts.get(a, 0) + 1
    return counts


# -- retention -------------------------------------------------------------------------------


def contacts_to_forget(*, id: int | None = None, phone: str | None = None) -> list[MediaContact]:
    from kampanye.volunteers.actions import normalise_phone

    qs = MediaContact.objects.filter(forgotten_at__isnull=True)
    if id is not None:
        return list(qs.filter(pk=id))
    if phone:
        return list(qs.filter(phone_e164=normalise_phone(phone)))
    return []


def idle_contacts(cutoff: dt.datetime) -> QuerySet[MediaContact]:
    """Contacts added before ``cutoff`` and not met since (retention)."""
    recent = Meeting.objects.filter(contacts=OuterRef("pk"), held_on__gte=cutoff.date())
    return (
        MediaContact.objects.filter(forgotten_at__isnull=True, added_on__lt=cutoff.date())
        .exclude(Exists(recent))
        .order_by("pk")
    )
