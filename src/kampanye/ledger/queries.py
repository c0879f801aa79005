"""What the ledger page and the ledger API read: aggregates of touchpoints, always scoped.

Every figure comes from one function here:

- ``ledger_summary`` — count, reach and cost grouped by any of ``DIMENSIONS``;
- ``ledger_series`` — contacts by front over time (the chart);
- ``ledger_totals`` — the grand totals;
- ``cost_by_channel`` — cost per contact and per person reached, numerator and denominator
  kept side by side.

Rows are limited to the user's area subtree with ``kampanye.core.scope``: a coordinator of
31.75 never gets a row outside 31.75, and rows without an area only reach users without an
area limit. ``occurred_on`` is a calendar date in WIB, so days, weeks (Monday first) and
months are WIB periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kampanye.areas.models import Area, Segment
from kampanye.core.periods import Period, read_period
from kampanye.core.queries import FilterError
from kampanye.core.scope import scope_code, scope_q
from kampanye.elections.models import Contestant
from kampanye.ledger.models import (
    Channel,
    Front,
    ImcElement,
    Initiator,
    MediaType,
    Participation,
    Touchpoint,
    TouchpointRollup,
)

# Characters of an area code that name each level: "31.74" kota, "31.74.04" kecamatan …
AREA_LEVELS: dict[str, int] = {"provinsi": 2, "kota": 5, "kecamatan": 8, "kelurahan": 13}
PERIODS = ("day", "week", "month")
DIMENSIONS = (
    "front",
    "channel",
    "imc_element",
    "contestant",
    "period",
    "area",
    "segment",
    "media_type",
    "initiated_by",
    "participation_level",
)
_COLUMNS = {"contestant": "contestant_id", "segment": "segment_id"}
_CHOICES: dict[str, Any] = {
    "front": Front,
    "channel": Channel,
    "imc_element": ImcElement,
    "media_type": MediaType,
    "initiated_by": Initiator,
    "participation_level": Participation,
}


@dataclass(frozen=True)
class LedgerFilters:
    """Which touchpoints to count. Empty tuples and ``None`` mean "no limit"."""

    election: str | None = None
    contestants: tuple[int, ...] = ()
    fronts: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    area: str | None = None
    segment: int | None = None
    illustrative: bool | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> LedgerFilters:
        """Parse a GET ``QueryDict`` (or a plain dict); raise ``FilterError`` for bad input."""
        errors: dict[str, str] = {}

        def many(key: str) -> list[str]:
            raw = data.getlist(key) if hasattr(data, "getlist") else data.get(key) or []
            values = [raw] if isinstance(raw, str | int) else list(raw)
            return [str(v).strip() for v in values if str(v).strip()]

        def one(key: str) -> str | None:
            values = many(key)
            return values[-1] if values else None

        def ints(key: str) -> tuple[int, ...]:
            out = []
            for text in many(key):
                if not (text.isascii() and text.isdigit()) or len(text) > 18:
                    errors[key] = _("'%(v)s' bukan nomor id") % {"v": text}
                else:
                    out.append(int(text))
            return tuple(out)

        def choices(key: str, allowed: Sequence[str]) -> tuple[str, ...]:
            values = tuple(many(key))
            bad = [v for v in values if v not in allowed]
            if bad:
                errors[key] = _("'%(v)s' tidak dikenal; pilih dari %(a)s") % {
                    "v": bad[0],
                    "a": ", ".join(allowed),
                }
            return values

        illustrative_text = one("illustrative")
        illustrative = None
        if illustrative_text is not None:
            lowered = illustrative_text.lower()
            if lowered in ("1", "true", "ya", "yes"):
                illustrative = True
            elif lowered in ("0", "false", "tidak", "no"):
                illustrative = False
            elif lowered not in ("", "all", "semua"):
                errors["illustrative"] = _("tulis 'ya' atau 'tidak'")
        segments = ints("segment")
        area = one("area")
        if area is not None and (len(area) > 40 or not all(c.isalnum() or c == "." for c in area)):
            errors["area"] = _("kode wilayah '%(v)s' tidak valid") % {"v": area[:40]}
        try:
            period = read_period(data)
        except ValidationError as exc:
            errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
            period = Period()
        election = one("election")
        if election is not None and (
            len(election) > 50 or (election.isascii() and election.isdigit() and len(election) > 18)
        ):
            errors["election"] = _("terlalu panjang")
        filters = cls(
            election=election,
            contestants=ints("contestant"),
            fronts=choices("front", Front.values),
            channels=choices("channel", Channel.values),
            date_from=period.start,
            date_to=period.end,
            area=area,
            segment=segments[-1] if segments else None,
            illustrative=illustrative,
        )
        if errors:
            raise FilterError(errors)
        return filters

    def q(self) -> Q:
        q = Q()
        if self.election:
            key = (
                "contestant__election_id"
                if self.election.isascii() and self.election.isdigit()
                else "contestant__election__slug"
            )
            q &= Q(**{key: self.election})
        if self.contestants:
            q &= Q(contestant_id__in=self.contestants)
        if self.fronts:
            q &= Q(front__in=self.fronts)
        if self.channels:
            q &= Q(channel__in=self.channels)
        q &= Period(self.date_from, self.date_to).q("occurred_on")
        if self.area:
            q &= Area.subtree_q(self.area, "area_code")
        if self.segment is not None:
            q &= Q(segment_id=self.segment)
        if self.illustrative is not None:
            q &= Q(illustrative=self.illustrative)
        return q


def touchpoints(user, filters: LedgerFilters) -> QuerySet[Touchpoint]:
    """The touchpoints ``user`` may read that match ``filters``."""
    return Touchpoint.objects.filter(scope_q(user, "area_code"), filters.q())


_ROLLUP_DIMENSIONS = frozenset({"front", "channel", "contestant", "period", "area"})
_KOTA = AREA_LEVELS["kota"]


def _rollup_serves(user, filters: LedgerFilters, by: Sequence[str], area_level: str) -> bool:
    """Whether the daily rollup by contestant × channel × kota holds every key needed."""
    code = scope_code(user)
    return (
        set(by) <= _ROLLUP_DIMENSIONS
        and ("area" not in by or AREA_LEVELS[area_level] <= _KOTA)
        and filters.segment is None
        and (filters.area is None or len(filters.area) <= _KOTA)
        and (code is None or 0 < len(code) <= _KOTA)
    )


def _source(user, filters: LedgerFilters, by: Sequence[str], area_level: str):
    """(queryset, area column, rows aggregate) from the rollup where it serves, else the ledger."""
    if not _rollup_serves(user, filters, by, area_level):
        return touchpoints(user, filters).order_by(), "area_code", Count("id")
    q = filters.q()
    qs = TouchpointRollup.objects.filter(scope_q(user, "kota"), _on_kota(q))
    return qs.order_by(), "kota", Sum("rows")


def _on_kota(q: Q) -> Q:
    """The same filter with ``area_code`` read as the rollup's ``kota`` column."""
    out = Q(_connector=q.connector, _negated=q.negated)
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(_on_kota(child))
        else:
            assert isinstance(child, tuple)  # a leaf of a Q is a (lookup, value) pair
            key, value = child
            out.children.append((key.replace("area_code", "kota", 1), value))
    return out


@dataclass(frozen=True)
class SummaryRow:
    """One group: its keys (raw values) and labels (words for people) and the sums."""

    keys: dict[str, Any]
    labels: dict[str, str]
    count: int
    reach: int
    cost_idr: int
    rows: int
    illustrative_rows: int

    @property
    def illustrative(self) -> bool:
        return self.illustrative_rows > 0


def _illustrative(rows):
    return type(rows)(*rows.source_expressions, filter=Q(illustrative=True))


def _group_column(dimension: str, area_column: str) -> str:
    """The column SQL groups on. Days and full area codes are grouped as stored, then folded
    to weeks, months or a level in Python: SQL then reads a covering index in order."""
    if dimension == "period":
        return "occurred_on"
    if dimension == "area":
        return area_column
    return _COLUMNS.get(dimension, dimension)


def _check(by: Sequence[str], period: str, area_level: str) -> None:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown or period not in PERIODS or area_level not in AREA_LEVELS:
        raise ValueError(f"unknown grouping: {unknown or period or area_level}")


def ledger_summary(
    user,
    filters: LedgerFilters,
    by: Sequence[str] = ("front", "channel", "contestant"),
    *,
    period: str = "month",
    area_level: str = "kota",
) -> list[SummaryRow]:
    """Count, reach and cost of the user's touchpoints grouped by ``by``, largest count first."""
    _check(by, period, area_level)
    if not by:
        t = ledger_totals(user, filters)
        return [SummaryRow({}, {}, t.count, t.reach, t.cost_idr, t.rows, t.illustrative_rows)]
    qs, area_column, rows = _source(user, filters, by, area_level)
    names = [_group_column(d, area_column) for d in by]
    grouped = qs.values(*names).annotate(
        n=Sum("count"),
        r=Sum("reach"),
        c=Sum("cost_idr"),
        k=rows,
        ill=_illustrative(rows),
    )
    cut = AREA_LEVELS[area_level]
    sums: dict[tuple, list[int]] = {}
    for item in grouped:
        key = tuple(_fold(d, item[name], period, cut) for d, name in zip(by, names, strict=True))
        total = sums.setdefault(key, [0, 0, 0, 0, 0])
        for i, field_name in enumerate(("n", "r", "c", "k", "ill")):
            total[i] += item[field_name] or 0
    result = [
        SummaryRow(dict(zip(by, key, strict=True)), {}, *values) for key, values in sums.items()
    ]
    labels = _labels(by, result, area_level)
    result = [
        SummaryRow(
            keys=r.keys,
            labels={d: labels[d](r.keys[d]) for d in by},
            count=r.count,
            reach=r.reach,
            cost_idr=r.cost_idr,
            rows=r.rows,
            illustrative_rows=r.illustrative_rows,
        )
        for r in result
    ]
    result.sort(key=lambda r: (-r.count, tuple(str(r.keys[d]) for d in by)))
    return result


def _fold(dimension: str, value: Any, period: str, cut: int) -> Any:
    """A grouped value at the level asked for: a day to its week or month, a code to its level."""
    if dimension == "period":
        return _period_start(value, period)
    if dimension == "area":
        return (value or "")[:cut]
    return value


def _period_start(day: dt.date, period: str) -> dt.date:
    if isinstance(day, str):  # a raw value from a backend without date conversion
        day = dt.date.fromisoformat(day)
    if period == "week":
        return day - dt.timedelta(days=day.weekday())  # Monday
    if period == "month":
        return day.replace(day=1)
    return day


def _labels(by: Sequence[str], rows: list[SummaryRow], area_level: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in by:
        values = {r.keys[d] for r in rows if r.keys[d] not in (None, "")}
        if d in _CHOICES:
            names = dict(_CHOICES[d].choices)
        elif d == "contestant":
            names = dict(Contestant.objects.filter(pk__in=values).values_list("pk", "short"))
        elif d == "segment":
            names = dict(Segment.objects.filter(pk__in=values).values_list("pk", "name"))
        elif d == "area":
            names = dict(Area.objects.filter(code__in=values).values_list("code", "name"))
        else:
            names = {v: v.isoformat() for v in values}
        none = _("(seluruh wilayah)") if d == "area" else _("(tidak ada)")
        out[d] = lambda v, names=names, none=none: none if v in (None, "") else str(names.get(v, v))
    return out


@dataclass(frozen=True)
class Totals:
    count: int
    reach: int
    cost_idr: int
    rows: int
    illustrative_rows: int


def ledger_totals(user, filters: LedgerFilters) -> Totals:
    """The grand totals of the user's touchpoints matching ``filters``."""
    qs, _column, rows = _source(user, filters, (), "kota")
    agg = qs.aggregate(
        n=Sum("count"), r=Sum("reach"), c=Sum("cost_idr"), k=rows, ill=_illustrative(rows)
    )
    return Totals(agg["n"] or 0, agg["r"] or 0, agg["c"] or 0, agg["k"] or 0, agg["ill"] or 0)


@dataclass(frozen=True)
class Series:
    """Contacts by front over time: ``periods`` on the x axis, one list per front."""

    periods: list[dt.date]
    by_front: dict[str, list[int]] = field(default_factory=dict)


def ledger_series(user, filters: LedgerFilters, period: str = "week") -> Series:
    """Contacts per period for each front (zeros where a front had none)."""
    rows = ledger_summary(user, filters, ("period", "front"), period=period)
    periods = sorted({r.keys["period"] for r in rows})
    index = {p: i for i, p in enumerate(periods)}
    by_front: dict[str, list[int]] = {}
    for front in Front.values:
        values = [0] * len(periods)
        for r in rows:
            if r.keys["front"] == front:
                values[index[r.keys["period"]]] = r.count
        if any(values):
            by_front[front] = values
    return Series(periods=periods, by_front=by_front)


@dataclass(frozen=True)
class ChannelCost:
    """Cost of a channel with its two denominators; ratios are None where nothing was counted."""

    channel: str
    label: str
    cost_idr: int
    contacts: int
    reach: int

    @property
    def per_contact(self) -> float | None:
        return self.cost_idr / self.contacts if self.contacts else None

    @property
    def per_person(self) -> float | None:
        return self.cost_idr / self.reach if self.reach else None


def cost_by_channel(user, filters: LedgerFilters) -> list[ChannelCost]:
    """Cost per contact and per person reached, by channel, costliest first."""
    rows = ledger_summary(user, filters, ("front", "channel"))  # front: the index's order
    out = [
        ChannelCost(r.keys["channel"], r.labels["channel"], r.cost_idr, r.count, r.reach)
        for r in rows
    ]
    return sorted(out, key=lambda c: (-c.cost_idr, c.channel))


# --- the audit log ------------------------------------------------------------------------
