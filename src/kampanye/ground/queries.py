"""What the ground dashboards show. Every figure comes from one function here, scoped to
the reader's area through ``core.scope``. Shares are returned as numerator and denominator.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area, DptCount, Level
from kampanye.areas.queries import dpt_by_code, rolled_up, share_of_dpt
from kampanye.core import clock
from kampanye.core.registry import MapSeries
from kampanye.core.scope import scope_filter
from kampanye.ground.models import (
    Activity,
    Aspiration,
    Assignment,
    Click,
    Contact,
    Response,
    ShareKit,
    ShareLink,
    Shift,
    SignUp,
)
from kampanye.volunteers.models import Team, Volunteer
from kampanye.volunteers.queries import campaign_of, volunteers_in_scope


def first_of(qs: QuerySet, limit: int) -> tuple[list, int]:
    """The first ``limit`` rows of ``qs``, and how many more there are (counted only when
    there are more): for choice lists that say what they left out."""
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, 0
    return rows[:limit], qs.count() - limit


def current_contacts(user, contestant_id: int) -> QuerySet[Contact]:
    """Contacts in scope that no correction has replaced."""
    qs = Contact.objects.filter(contestant_id=contestant_id, superseded_by__isnull=True)
    return scope_filter(qs, user, "area_code")


def village_code(code: str) -> str:
    """The kelurahan an area code lies in (``31.75.01.1001.RW003`` → ``31.75.01.1001``)."""
    return ".".join(code.split(".")[:4])


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    households: int  # households reached (someone was home)
    contacts: int
    dpt: int | None  # registered voters, latest list; None when unknown


def coverage_by_area(user, contestant_id: int) -> list[Coverage]:
    """Households reached per kelurahan against its DPT."""
    reached: dict[str, list[int]] = {}
    rows = (
        current_contacts(user, contestant_id)
        .values("area_code")
        .annotate(
            contacts=Count("pk"),
            households=Sum("households", filter=~Q(response=Response.NOT_HOME), default=0),
        )
    )
    for row in rows:
        agg = reached.setdefault(village_code(row["area_code"]), [0, 0])
        agg[0] += row["households"]
        agg[1] += row["contacts"]
    names = dict(Area.objects.filter(code__in=reached).values_list("code", "name"))
    dpt: dict[str, int] = {}
    for code, voters in (
        DptCount.objects.filter(area__code__in=reached, area__level=Level.VILLAGE)
        .order_by("area__code", "-as_of")
        .values_list("area__code", "voters")
    ):
        dpt.setdefault(code, voters)
    return [
        Coverage(code, names.get(code, code), h, n, dpt.get(code))
        for code, (h, n) in sorted(reached.items())
    ]


@dataclass(frozen=True)
class LeaderRow:
    volunteer_id: int
    name: str
    contacts: int
    households: int


def leaderboard(user, contestant_id: int, limit: int = 10) -> list[LeaderRow]:
    rows = (
        current_contacts(user, contestant_id)
        .filter(volunteer__isnull=False)
        .values("volunteer_id", "volunteer__name")
        .annotate(
            contacts=Count("pk"),
            households=Sum("households", filter=~Q(response=Response.NOT_HOME), default=0),
        )
        .order_by("-contacts", "volunteer__name")[:limit]
    )
    return [
        LeaderRow(r["volunteer_id"], r["volunteer__name"], r["contacts"], r["households"])
        for r in rows
    ]


@dataclass(frozen=True)
class ActivityWeek:
    week: dt.date
    active_volunteers: int
    contacts: int


def weekly_activity(user, contestant_id: int) -> list[ActivityWeek]:
    """Per ISO week: volunteers who filed at least one report, and reports filed."""
    weeks: dict[dt.date, tuple[set[int], list[int]]] = {}
    for vid, at in current_contacts(user, contestant_id).values_list("volunteer_id", "occurred_at"):
        day = timezone.localdate(at)
        monday = day - dt.timedelta(days=day.weekday())
        ids, n = weeks.setdefault(monday, (set(), [0]))
        n[0] += 1
        if vid is not None:
            ids.add(vid)
    return [ActivityWeek(m, len(weeks[m][0]), weeks[m][1][0]) for m in sorted(weeks)]


@dataclass(frozen=True)
class Retention:
    previous: int  # active in the previous period
    retained: int  # of those, active again in the last period


def retention(
    user, contestant_id: int, *, now: dt.datetime | None = None, days: int = 28
) -> Retention:
    now = now or clock.now()
    qs = current_contacts(user, contestant_id).filter(volunteer__isnull=False)
    last = set(
        qs.filter(occurred_at__gt=now - dt.timedelta(days=days), occurred_at__lte=now).values_list(
            "volunteer_id", flat=True
        )
    )
    prev = set(
        qs.filter(
            occurred_at__gt=now - dt.timedelta(days=2 * days),
            occurred_at__lte=now - dt.timedelta(days=days),
        ).values_list("volunteer_id", flat=True)
    )
    return Retention(previous=len(prev), retained=len(prev & last))


def aspirations_in_scope(user, contestant_id: int) -> QuerySet[Aspiration]:
    qs = Aspiration.objects.filter(contestant_id=contestant_id).select_related("area", "plank")
    return scope_filter(qs, user, "area_code")


def aspirations_by_category(user, contestant_id: int) -> list[tuple[str, str, int]]:
    """(category, kecamatan code, count), largest first."""
    counts: dict[tuple[str, str], int] = {}
    for cat, code in aspirations_in_scope(user, contestant_id).values_list("category", "area_code"):
        key = (cat, ".".join(code.split(".")[:3]))
        counts[key] = counts.get(key, 0) + 1
    return sorted(((c, a, n) for (c, a), n in counts.items()), key=lambda r: (-r[2], r[0], r[1]))


def aspirations_per_category(user, contestant_id: int) -> dict[str, int]:
    """Aspirations per category over every kecamatan in scope, largest first."""
    totals: dict[str, int] = {}
    for category, _area, n in aspirations_by_category(user, contestant_id):
        totals[category] = totals.get(category, 0) + n
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class ReplyTimes:
    total: int
    answered: int
    median_days: float | None
    linked_to_plank: int


def reply_times(user, contestant_id: int) -> ReplyTimes:
    qs = aspirations_in_scope(user, contestant_id)
    days = [
        (answered - heard).total_seconds() / 86400
        for heard, answered in qs.filter(answered_at__isnull=False).values_list(
            "heard_at", "answered_at"
        )
        if answered is not None
    ]
    return ReplyTimes(
        total=qs.count(),
        answered=len(days),
        median_days=statistics.median(days) if days else None,
        linked_to_plank=qs.filter(plank__isnull=False).count(),
    )


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    households: int  # reached in the area since it was assigned
    expired: bool


def assignment_progress(
    user, contestant_id: int, *, volunteer: Volunteer | None = None, now: dt.datetime | None = None
) -> list[AssignmentRow]:
    """Open assignments with households reached in their area since they were given."""
    now = now or clock.now()
    qs = scope_filter(
        Assignment.objects.filter(
            contestant_id=contestant_id, status=Assignment.Status.OPEN
        ).select_related("volunteer", "area"),
        user,
        "area_code",
    )
    if volunteer is not None:
        qs = qs.filter(volunteer=volunteer)
    out = []
    for a in qs.order_by("lease_until"):
        reached = (
            Contact.objects.filter(
                Area.subtree_q(a.area_code, "area_code"),
                contestant_id=contestant_id,
                superseded_by__isnull=True,
                occurred_at__gte=a.assigned_at,
            )
            .exclude(response=Response.NOT_HOME)
            .aggregate(n=Sum("households", default=0))["n"]
        )
        out.append(AssignmentRow(a, reached, a.lease_until <= now))
    return out


def shifts_of(volunteer: Volunteer, *, now: dt.datetime | None = None) -> QuerySet[SignUp]:
    now = now or clock.now()
    return (
        SignUp.objects.filter(volunteer=volunteer, shift__ends_at__gte=now)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("shift__activity__area")
        .order_by("shift__starts_at")
    )


def activities_in_scope(user, contestant_id: int) -> QuerySet[Activity]:
    qs = Activity.objects.filter(contestant_id=contestant_id).select_related("area", "initiator")
    return scope_filter(qs, user, "area_code")


def open_shifts(user, contestant_id: int, *, now: dt.datetime | None = None) -> QuerySet[Shift]:
    now = now or clock.now()
    qs = Shift.objects.filter(activity__contestant_id=contestant_id, ends_at__gte=now)
    return (
        scope_filter(qs, user, "activity__area_code")
        .select_related("activity__area")
        .annotate(taken=Count("signups", filter=~Q(signups__status=SignUp.Status.CANCELLED)))
        .order_by("starts_at")
    )


def participation_mix(user, contestant_id: int) -> dict[int, int]:
    """Activities per participation level 1…4 (THEORY.md §2)."""
    mix = {1: 0, 2: 0, 3: 0, 4: 0}
    for level, n in (
        activities_in_scope(user, contestant_id)
        .values_list("participation_level")
        .annotate(n=Count("pk"))
    ):
        mix[level] = n
    return mix


def clicks_by_volunteer(user, contestant_id: int, limit: int = 20) -> list[tuple[str, str, int]]:
    """(volunteer name, home area name, clicks), most first."""
    qs = scope_filter(
        Click.objects.filter(link__kit__contestant_id=contestant_id),
        user,
        "link__volunteer__home_area__code",
    )
    rows = (
        qs.values("link__volunteer__name", "link__volunteer__home_area__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "link__volunteer__name")[:limit]
    )
    return [
        (r["link__volunteer__name"], r["link__volunteer__home_area__name"] or "", r["n"])
        for r in rows
    ]


def clicks_by_area(user, contestant_id: int, limit: int | None = None) -> list[tuple[str, int]]:
    """(home area name of the sharing volunteer, clicks), most first."""
    qs = scope_filter(
        Click.objects.filter(link__kit__contestant_id=contestant_id),
        user,
        "link__volunteer__home_area__code",
    )
    rows = qs.values("link__volunteer__home_area__name").annotate(n=Count("pk")).order_by("-n")
    if limit is not None:
        rows = rows[:limit]
    return [(r["link__volunteer__home_area__name"] or "—", r["n"]) for r in rows]


@dataclass(frozen=True)
class Funnel:
    signed_up: int
    active: int
    leading: int


def funnel(user, contestant_id: int, *, now: dt.datetime | None = None, days: int = 30) -> Funnel:
    """Signed up → active (a report or attended shift in the last ``days``) → leading
    (initiated an activity, or coordinates a team). Each stage is a subset of the one before.
    """
    since = (now or clock.now()) - dt.timedelta(days=days)
    qs = volunteers_in_scope(user, contestant_id).annotate(
        reported=Exists(Contact.objects.filter(volunteer=OuterRef("pk"), occurred_at__gte=since)),
        attended=Exists(
            SignUp.objects.filter(
                volunteer=OuterRef("pk"),
                status=SignUp.Status.ATTENDED,
                shift__starts_at__gte=since,
            )
        ),
        initiating=Exists(Volunteer.objects.filter(pk=OuterRef("pk"), initiated__isnull=False)),
        coordinating=Exists(Team.objects.filter(coordinator=OuterRef("pk"))),
    )
    active = Q(reported=True) | Q(attended=True)
    leading = active & (Q(initiating=True) | Q(coordinating=True))
    return Funnel(
        signed_up=qs.count(), active=qs.filter(active).count(), leading=qs.filter(leading).count()
    )


def idle_in_the_field(volunteers: QuerySet[Volunteer], cutoff: dt.datetime):
    """Those of ``volunteers`` with no field report, shift sign-up or assignment since
    ``cutoff`` (retention; the volunteers app checks their joining date and log-ins)."""
    return (
        volunteers.exclude(contacts__received_at__gte=cutoff)
        .exclude(signups__created_at__gte=cutoff)
        .exclude(assignments__assigned_at__gte=cutoff)
    )


def active_share_kits(contestant_id: int, limit: int = 30) -> list[ShareKit]:
    """The campaign's share kits on offer, newest first."""
    return list(ShareKit.objects.filter(contestant_id=contestant_id, active=True)[:limit])


def share_codes_of(volunteer: Volunteer, kits: list[ShareKit]) -> dict[int, str]:
    """The volunteer's tracking-link codes per kit, for the kits that have one."""
    return dict(
        ShareLink.objects.filter(volunteer=volunteer, kit__in=kits).values_list("kit_id", "code")
    )


def share_target(code: str) -> str | None:
    """Where a share link sends its visitor (None for an unknown code), without counting."""
    return ShareLink.objects.filter(code=code).values_list("kit__target_url", flat=True).first()


def top_coverage(user, contestant_id: int, limit: int = 25) -> list[Coverage]:
    """The kelurahan with the most households reached, most first."""
    rows = coverage_by_area(user, contestant_id)
    return sorted(rows, key=lambda c: (-c.households, c.code))[:limit]


@dataclass(frozen=True)
class Dashboard:
    """Every figure of the ground dashboard, for one user's scope."""

    coverage: list[Coverage]  # top kelurahan by households reached
    dpt_missing: bool  # a shown kelurahan has no DPT: the table says so
    weeks: list[ActivityWeek]
    aspirations: dict[str, int]  # per category
    participation: dict[int, int]  # activities per level 1…4
    leaders: list[LeaderRow]
    funnel: Funnel
    retention: Retention
    replies: ReplyTimes
    clicks_by_volunteer: list[tuple[str, str, int]]
    clicks_by_area: list[tuple[str, int]]


def dashboard(user, contestant_id: int, *, now: dt.datetime | None = None) -> Dashboard:
    coverage = top_coverage(user, contestant_id)
    return Dashboard(
        coverage=coverage,
        dpt_missing=any(c.dpt is None for c in coverage),
        weeks=weekly_activity(user, contestant_id),
        aspirations=aspirations_per_category(user, contestant_id),
        participation=participation_mix(user, contestant_id),
        leaders=leaderboard(user, contestant_id),
        funnel=funnel(user, contestant_id, now=now),
        retention=retention(user, contestant_id, now=now),
        replies=reply_times(user, contestant_id),
        clicks_by_volunteer=clicks_by_volunteer(user, contestant_id, limit=10),
        clicks_by_area=clicks_by_area(user, contestant_id, limit=10),
    )


def map_layers(user) -> list[MapSeries]:
    """Households reached by door-to-door work as a share of DPT, and residents' aspirations,
    by area, for the user's campaign."""
    campaign = campaign_of(user)
    if campaign is None:
        return []
    reached = {c.code: float(c.households) for c in coverage_by_area(user, campaign.pk)}
    asked: dict[str, float] = {}
    for code in aspirations_in_scope(user, campaign.pk).values_list("area_code", flat=True):
        asked[code] = asked.get(code, 0) + 1
    return [
        MapSeries(
            "cakupan",
            _("Cakupan penugasan: rumah tangga terjangkau (% DPT)"),
            share_of_dpt(reached, dpt_by_code(user)),
            "%",
            "#b45309",
        ),
        MapSeries("aspirasi", _("Aspirasi warga"), rolled_up(asked), _("aspirasi"), "#6a1b9a"),
    ]


# ---- a volunteer's own reports ---------------------------------------------------------

MY_REPORTS_PAGE = 20


@dataclass(frozen=True)
class MyReports:
    """A volunteer's reports the server holds, newest first, and how many they sent today."""

    page: object  # a Django Page of Contact
    total: int
    today: int


def reports_of(volunteer: Volunteer, page: int | str | None = 1) -> MyReports:
    """The reports a volunteer filed (a corrected report shows once, as corrected)."""
    from django.core.paginator import Paginator

    qs = (
        Contact.objects.filter(volunteer=volunteer, superseded_by__isnull=True)
        .select_related("area")
        .order_by("-occurred_at", "-id")
    )
    day = clock.today()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return MyReports(
        page=Paginator(qs, MY_REPORTS_PAGE).get_page(page),
        total=qs.count(),
        today=qs.filter(
            occurred_at__gte=start, occurred_at__lt=start + dt.timedelta(days=1)
        ).count(),
    )
