"""What the volunteer pages show: people in scope, the referral tree, growth, teams, posko.

The funnel (signed up → active → leading) reads field reports, so it lives in
``ground.queries``.

Every list is limited to the reader's area (``core.scope``) through the volunteer's home
area; a coordinator never sees a volunteer outside their own area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from kampanye.areas.queries import dpt_by_code, per_thousand_voters
from kampanye.core.registry import MapSeries
from kampanye.core.scope import membership_of, scope_code, scope_filter, scope_q
from kampanye.elections.models import Contestant
from kampanye.volunteers.actions import normalise_phone
from kampanye.volunteers.models import Posko, Team, Volunteer


def campaign_of(user) -> Contestant | None:
    """The contestant whose campaign a user works for (their own, else the one with volunteers)."""
    v = Volunteer.objects.filter(user=user).select_related("contestant").first()
    if v is not None:
        return v.contestant
    m = membership_of(user)
    if m is not None and m.contestant_id:
        return m.contestant
    return Contestant.objects.annotate(n=Count("volunteers")).filter(n__gt=0).order_by("-n").first()


def volunteers_in_scope(user, contestant_id: int) -> QuerySet[Volunteer]:
    """The volunteers of the user's area, each with ``recruiter_name``: who recruited them,
    when that recruiter is in the user's area too (else empty: a name from another area
    is not the user's to see)."""
    recruiter: Any = F("recruited_by__name")
    if scope_code(user) is not None:
        recruiter = Case(
            When(scope_q(user, "recruited_by__home_area__code"), then=recruiter),
            default=Value(""),
        )
    qs = (
        Volunteer.objects.filter(contestant_id=contestant_id)
        .select_related("home_area", "community")
        .annotate(recruiter_name=recruiter)
    )
    return scope_filter(qs, user, "home_area__code")


@dataclass
class Node:
    id: int
    name: str
    joined_on: dt.date
    recruits: list[Node] = field(default_factory=list)

    @property
    def size(self) -> int:
        """This volunteer and everyone recruited under them."""
        return 1 + sum(r.size for r in self.recruits)


def referral_tree(user, contestant_id: int) -> list[Node]:
    """Who recruited whom, as a forest: roots joined by themselves (or outside the scope)."""
    rows = list(
        volunteers_in_scope(user, contestant_id)
        .order_by("joined_on", "pk")
        .values_list("pk", "name", "joined_on", "recruited_by_id")
    )
    nodes = {pk: Node(pk, name, joined) for pk, name, joined, _r in rows}
    roots: list[Node] = []
    for pk, _n, _j, parent in rows:
        if parent in nodes:
            nodes[parent].recruits.append(nodes[pk])
        else:
            roots.append(nodes[pk])
    return roots


@dataclass(frozen=True)
class GrowthWeek:
    week: dt.date
    joined: int
    referred: int
    total: int


def growth_by_week(user, contestant_id: int) -> list[GrowthWeek]:
    """Volunteers joined per ISO week (Monday), those through a referral, and the running total."""
    weeks: dict[dt.date, list[int]] = {}
    for joined, referred in volunteers_in_scope(user, contestant_id).values_list(
        "joined_on", "recruited_by_id"
    ):
        monday = joined - dt.timedelta(days=joined.weekday())
        row = weeks.setdefault(monday, [0, 0])
        row[0] += 1
        row[1] += referred is not None
    out, total = [], 0
    for monday in sorted(weeks):
        total += weeks[monday][0]
        out.append(GrowthWeek(monday, weeks[monday][0], weeks[monday][1], total))
    return out


def posko_in_scope(user, contestant_id: int) -> QuerySet[Posko]:
    return scope_filter(
        Posko.objects.filter(contestant_id=contestant_id).select_related("area"), user
    )


def teams_in_scope(user, contestant_id: int) -> QuerySet[Team]:
    return scope_filter(
        Team.objects.filter(contestant_id=contestant_id)
        .select_related("area", "coordinator", "parent")
        .annotate(n_members=Count("members")),
        user,
    )


def volunteers_to_forget(*, id: int | None = None, phone: str | None = None) -> list[Volunteer]:
    """``kampanye forget``: the volunteers not yet forgotten with this id or phone number
    (any form; a bad number raises ``ValidationError``)."""
    qs = Volunteer.objects.filter(forgotten_at__isnull=True)
    if id is not None:
        return list(qs.filter(pk=id))
    if phone:
        return list(qs.filter(phone_e164=normalise_phone(phone)))
    return []


def idle_volunteers(cutoff: dt.datetime) -> QuerySet[Volunteer]:
    """Volunteers not yet forgotten who joined before ``cutoff`` and have not logged in
    since (retention; the apps they work in narrow it by their own activity)."""
    return (
        Volunteer.objects.filter(forgotten_at__isnull=True, joined_on__lt=cutoff.date())
        .exclude(user__last_login__gte=cutoff)
        .order_by("pk")
    )


def map_layers(user) -> list[MapSeries]:
    """Volunteers per 1,000 registered voters, by their home area, for the user's campaign."""
    campaign = campaign_of(user)
    if campaign is None:
        return []
    counts: dict[str, float] = {}
    for code in volunteers_in_scope(user, campaign.pk).values_list("home_area__code", flat=True):
        if code:
            counts[code] = counts.get(code, 0) + 1
    return [
        MapSeries(
            "relawan",
            _("Relawan per 1.000 pemilih"),
            per_thousand_voters(counts, dpt_by_code(user)),
            _("per 1.000 pemilih"),
            "#2e7d32",
        )
    ]
