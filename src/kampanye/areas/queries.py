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

from kampanye.areas.models import Area, DptCount, Level, Segment, SegmentSize
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
