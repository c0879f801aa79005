"""What the area pages read: the wilayah tree with DPT, one area's detail, the segments.

Area scope: a coordinator of Jakarta Timur (31.75) sees the path down to 31.75 (names
only, to find the way) and everything under it, with figures; no sibling area, and no
figures of the province or of any area above their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area, DptCount, Level, Segment, SegmentSize
from kampanye.core.registry import MapSeries
from kampanye.core.scope import in_scope, scope_code, scope_filter, scope_q


@dataclass(frozen=True)
class DptFigure:
    voters: int
    as_of: dt.date
    version: str
    source: str


@dataclass(frozen=True)
class AreaRow:
    area: Area
    children: int
    dpt: DptFigure | None  # the latest count (None when unknown or out of scope)
    in_scope: bool  # False for an area above the user's own: shown as a way down only


def visible(user, code: str) -> bool:
    """An area the user may open: in scope, or above their own area (to find the way)."""
    limit = scope_code(user)
    if limit is None:
        return True
    if limit == "":
        return False
    return in_scope(user, code) or limit.startswith(code + ".")


def visible_q(user) -> Q:
    """``visible`` as a filter on areas: the user's subtree and the areas above it."""
    limit = scope_code(user)
    if limit is None:
        return Q()
    if limit == "":
        return Q(pk__in=[])
    parts = limit.split(".")
    above = [".".join(parts[:i]) for i in range(1, len(parts))]
    return scope_q(user, "code") | Q(code__in=above)


def latest_dpt(user, areas: Sequence[Area]) -> dict[int, DptFigure]:
    """The latest DPT count (by date) of each area the user may see figures of."""
    qs = scope_filter(DptCount.objects.filter(area__in=areas), user).order_by(
        "area", "-as_of", "-id"
    )
    out: dict[int, DptFigure] = {}
    for d in qs:
        out.setdefault(d.area_id, DptFigure(d.voters, d.as_of, d.version, d.source))
    return out


def area_children(user, code: str | None = None) -> list[AreaRow]:
    """The areas directly under ``code`` (the top level when None) that the user may see."""
    qs = Area.objects.filter(parent__code=code) if code else Area.objects.filter(parent=None)
    children = [a for a in qs.annotate(n=Count("children")) if visible(user, a.code)]
    dpt = latest_dpt(user, children)
    return [AreaRow(a, a.n, dpt.get(a.pk), in_scope(user, a.code)) for a in children]


@dataclass(frozen=True)
class SegmentFigure:
    segment: Segment
    people: int
    of_people: int
    share_pct: float
    as_of: dt.date
    estimated: bool
    source: str


@dataclass(frozen=True)
class AreaDetail:
    area: Area
    path: list[Area]  # from the top down to the area's parent
    in_scope: bool
    children: list[AreaRow]
    dpt_counts: list[DptCount]  # every version, newest first
    segment_sizes: list[SegmentFigure]
    local_levels: list[tuple[int, str | Promise]]  # RW/RT/TPS that may be added under this area


def area_detail(user, code: str) -> AreaDetail | None:
    """One area: its path, children, DPT counts and segment sizes; None if hidden or absent."""
    area = Area.objects.filter(code=code).first()
    if area is None or not visible(user, code):
        return None
    path: list[Area] = []
    parent = area.parent
    while parent is not None:
        path.insert(0, parent)
        parent = parent.parent
    allowed = in_scope(user, code)
    dpt = list(scope_filter(DptCount.objects.filter(area=area), user).order_by("-as_of", "-id"))
    sizes = [
        SegmentFigure(
            s.segment,
            s.people,
            s.of_people,
            100.0 * s.people / s.of_people,
            s.as_of,
            s.estimated,
            s.source,
        )
        for s in scope_filter(SegmentSize.objects.filter(area=area), user)
        .select_related("segment")
        .order_by("segment__name", "-as_of")
        if s.of_people
    ]
    below: dict[int, list[Level]] = {Level.VILLAGE: [Level.RW, Level.TPS], Level.RW: [Level.RT]}
    levels = below.get(area.level, [])
    return AreaDetail(
        area,
        path,
        allowed,
        area_children(user, code),
        dpt,
        sizes,
        [(lv.value, lv.label) for lv in levels],
    )


@dataclass(frozen=True)
class SegmentRow:
    segment: Segment
    sized_areas: int  # areas (in the user's scope) with a size estimate
    planks: int


def segment_list(user) -> list[SegmentRow]:
    """Every segment with how many areas in scope have a size for it, and linked planks."""
    sized = dict(
        scope_filter(SegmentSize.objects.all(), user)
        .values_list("segment")
        .annotate(n=Count("area", distinct=True))
        .values_list("segment", "n")
    )
    return [
        SegmentRow(s, sized.get(s.pk, 0), s.n_planks)
        for s in Segment.objects.annotate(n_planks=Count("planks")).order_by("kind", "name")
    ]


# --- the map: figures per area at kota, kecamatan and kelurahan -------------------------

MAP_LEVELS = (Level.REGENCY, Level.DISTRICT, Level.VILLAGE)


def parents_of(code: str) -> list[str]:
    """The kota, kecamatan and kelurahan codes above and including ``code`` (a kelurahan's
    RW or TPS counts in its kelurahan): ``31.75.01.1001.RW003`` → 31.75, 31.75.01, 31.75.01.1001."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in (2, 3, 4) if len(parts) >= n]


def rolled_up(counts: dict[str, float]) -> dict[str, float]:
    """Counts by area code summed into every kota, kecamatan and kelurahan that holds them."""
    out: dict[str, float] = {}
    for code, n in counts.items():
        for parent in parents_of(code):
            out[parent] = out.get(parent, 0) + n
    return out


def dpt_by_code(user) -> dict[str, int]:
    """The latest DPT of every kota, kecamatan and kelurahan in the user's scope."""
    qs = scope_filter(DptCount.objects.filter(area__level__in=MAP_LEVELS), user).order_by(
        "area__code", "-as_of", "-id"
    )
    out: dict[str, int] = {}
    for code, voters in qs.values_list("area__code", "voters"):
        out.setdefault(code, voters)
    return out


def per_thousand_voters(counts: dict[str, float], dpt: dict[str, int]) -> dict[str, float]:
    """People per 1,000 registered voters, where both are known (counts rolled up first)."""
    rolled = rolled_up(counts)
    return {code: 1000 * rolled.get(code, 0) / v for code, v in dpt.items() if v}


def share_of_dpt(counts: dict[str, float], dpt: dict[str, int]) -> dict[str, float]:
    """Counts as a percentage of the registered voters, where both are known."""
    return {code: n / 10 for code, n in per_thousand_voters(counts, dpt).items()}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: int
    path: str  # the kota and kecamatan it lies in, for telling namesakes apart


def places(user, query: str = "", limit: int = 20) -> list[Place]:
    """Kota, kecamatan and kelurahan the user may pick, matching a name or code."""
    qs = Area.objects.filter(level__in=MAP_LEVELS).select_related("parent__parent")
    limit_code = scope_code(user)
    if limit_code is not None:
        qs = qs.filter(Area.subtree_q(limit_code)) if limit_code else qs.none()
    query = query.strip()
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(code__startswith=query)
    out = []
    for a in qs.order_by("level", "name")[:limit]:
        above = [p.name for p in (a.parent, a.parent.parent if a.parent else None) if p]
        out.append(Place(a.code, a.name, a.level, " · ".join(above[: a.level - Level.REGENCY])))
    return out


def map_layers(user) -> list[MapSeries]:
    return [MapSeries("dpt", _("DPT (pemilih terdaftar)"), dpt_by_code(user), _("pemilih"))]
