"""Use cases of the ledger: recording touchpoints.

Fronts write touchpoints only through ``record_touchpoint`` (one) or
``record_touchpoints`` (many), inside the same transaction as their own records. Both are
idempotent on ``source``: recording the same source twice changes nothing; new values of a
source replace the old ones through ``record_touchpoint`` and ``record_touchpoints(…,
update=True)``, while plain ``record_touchpoints`` leaves the stored touchpoint as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from kampanye.areas.models import Area
from kampanye.core.audit import record_change, snapshot
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

# Which front each channel belongs to. A channel on the wrong front is refused.
CHANNEL_FRONT: dict[str, str] = {
    Channel.DOOR_TO_DOOR: Front.GROUND,
    Channel.MARKET_VISIT: Front.GROUND,
    Channel.KAMPUNG_VISIT: Front.GROUND,
    Channel.COMMUNITY_MEETING: Front.GROUND,
    Channel.RALLY: Front.GROUND,
    Channel.EVENT: Front.GROUND,
    Channel.PHONE: Front.GROUND,
    Channel.SMS: Front.GROUND,
    Channel.WHATSAPP: Front.ONLINE,
    Channel.TV: Front.AIR,
    Channel.RADIO: Front.AIR,
    Channel.PRINT: Front.AIR,
    Channel.OUTDOOR: Front.AIR,
    Channel.ONLINE_NEWS: Front.ONLINE,
    Channel.X: Front.ONLINE,
    Channel.FACEBOOK: Front.ONLINE,
    Channel.INSTAGRAM: Front.ONLINE,
    Channel.TIKTOK: Front.ONLINE,
    Channel.YOUTUBE: Front.ONLINE,
    Channel.WEBSITE: Front.ONLINE,
}


# the allowed values, as sets: ``problems`` runs once per touchpoint of every bulk import
_FRONT = frozenset(Front.values)
_CHANNEL = frozenset(Channel.values)
_IMCELEMENT = frozenset(ImcElement.values)
_MEDIATYPE = frozenset(MediaType.values)
_INITIATOR = frozenset(Initiator.values)
_PARTICIPATION = frozenset(Participation.values)


@dataclass(frozen=True)
class TouchpointIn:
    """What a front tells the ledger. ``source`` is ``"app:model:id"`` of the origin record."""

    source: str
    occurred_on: dt.date
    front: str
    channel: str
    imc_element: str
    contestant_id: int
    media_type: str
    initiated_by: str
    area_id: int | None = None
    area_code: str = ""
    segment_id: int | None = None
    theme_id: int | None = None
    count: int = 1
    reach: int = 0
    reach_basis: str = ""
    cost_idr: int = 0
    participation_level: int | None = None
    tone: float | None = None
    illustrative: bool = False

    def problems(self) -> dict[str, str]:
        """Every reason this touchpoint would be refused: field → words a campaign worker
        reads (the form of ``ValidationError(dict)``)."""
        p: dict[str, str] = {}
        unknown = _("'%(value)s' tidak dikenal")
        if not self.source or len(self.source) > 200:
            p["source"] = _("wajib diisi, paling panjang 200 karakter")
        if self.front not in _FRONT:
            p["front"] = _("'%(value)s' bukan salah satu dari %(allowed)s") % {
                "value": self.front,
                "allowed": ", ".join(sorted(_FRONT)),
            }
        if self.channel not in _CHANNEL:
            p["channel"] = unknown % {"value": self.channel}
        elif self.front in _FRONT and CHANNEL_FRONT[self.channel] != self.front:
            p["channel"] = _("'%(channel)s' termasuk front %(right)s, bukan %(given)s") % {
                "channel": self.channel,
                "right": CHANNEL_FRONT[self.channel],
                "given": self.front,
            }
        for name, allowed in (
            ("imc_element", _IMCELEMENT),
            ("media_type", _MEDIATYPE),
            ("initiated_by", _INITIATOR),
        ):
            if getattr(self, name) not in allowed:
                p[name] = unknown % {"value": getattr(self, name)}
        if self.participation_level is not None and (
            self.participation_level not in _PARTICIPATION
        ):
            p["participation_level"] = _("harus 1, 2, 3 atau 4")
        if self.tone is not None and not -1.0 <= self.tone <= 1.0:
            p["tone"] = _("harus antara −1 dan 1")
        for name in ("count", "reach", "cost_idr"):
            if getattr(self, name) < 0:
                p[name] = _("tidak boleh negatif")
        return p

    def fields(self) -> dict:
        return {f.name: getattr(self, f.name) for f in _FIELDS}


Outcome = Literal["created", "updated", "unchanged"]


def _area_code(tp: TouchpointIn) -> str:
    if tp.area_code or tp.area_id is None:
        return tp.area_code
    return Area.objects.values_list("code", flat=True).get(pk=tp.area_id)


def record_touchpoint(tp: TouchpointIn) -> tuple[Touchpoint, Outcome]:
    """Write one touchpoint, idempotently on ``tp.source``.

    The same source with the same values changes nothing; the same source with new values
    (a corrected rollup, say) updates the row. Raises ``ValidationError`` naming each field.
    """
    problems = tp.problems()
    if problems:
        raise ValidationError(problems)
    values = tp.fields()
    values["area_code"] = _area_code(tp)
    source = values.pop("source")
    with transaction.atomic():
        existing = Touchpoint.objects.select_for_update().filter(source=source).first()
        if existing is None:
            created = Touchpoint.objects.create(source=source, **values)
            _add_to_rollup(_rollup_deltas([_rollup_fields(values)]))
            return created, "created"
        changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
        if not changed:
            return existing, "unchanged"
        before = _rollup_fields(existing.__dict__)
        for key, value in changed.items():
            setattr(existing, key, value)
        existing.save(update_fields=list(changed))
        after = _rollup_fields(existing.__dict__)
        if before != after:
            _add_to_rollup(_rollup_deltas([after], minus=[before]))
        return existing, "updated"


def record_touchpoint_by(user, tp: TouchpointIn) -> tuple[Touchpoint, Outcome]:
    """``record_touchpoint`` on a person's behalf (the API), audited when it changed anything."""
    with transaction.atomic():
        before = Touchpoint.objects.filter(source=tp.source).first()
        before_data = snapshot(before)
        touchpoint, outcome = record_touchpoint(tp)
        if outcome != "unchanged":
            action = "record_touchpoint" if outcome == "created" else "update_touchpoint"
            record_change(user, action, touchpoint, before=before_data)
    return touchpoint, outcome


def record_touchpoints(
    items: Iterable[TouchpointIn], batch_size: int = 5000, update: bool = False
) -> dict[str, int]:
    """Write many touchpoints fast. A source already in the ledger is left as it is, or with
    ``update`` given the item's values where they differ (``record_touchpoint`` for many: one
    bulk update, one change of the rollup).

    Returns ``{"created": n, "existing": m}``, with ``update`` also ``"updated"`` and
    ``"unchanged"`` (which make up ``existing``). Every item is validated first; one bad item
    refuses the whole batch with a ``ValidationError`` that names its source.
    """
    rows: list[Touchpoint] = []
    codes: dict[int, str] = {}
    for tp in items:
        problems = tp.problems()
        if problems:
            # the batch's bad item, named by its source beside each field's reason
            raise ValidationError(
                {field: f"{tp.source}: {message}" for field, message in problems.items()}
            )
        values = tp.fields()
        if not values["area_code"] and tp.area_id is not None:
            if tp.area_id not in codes:
                codes[tp.area_id] = _area_code(tp)
            values["area_code"] = codes[tp.area_id]
        rows.append(Touchpoint(**values))
    sources = [r.source for r in rows]
    with transaction.atomic():
        known: dict[str, Touchpoint | None] = {}  # the stored row, where it is compared
        for start in range(0, len(sources), 900):
            chunk = Touchpoint.objects.filter(source__in=sources[start : start + 900])
            if update:
                known.update((t.source, t) for t in chunk.select_for_update())
            else:
                known.update(dict.fromkeys(chunk.values_list("source", flat=True)))
        Touchpoint.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
        new: dict[str, Touchpoint] = {}
        changed: dict[str, Touchpoint] = {}
        minus: list[tuple[tuple, tuple[int, int, int]]] = []
        by_fields: dict[tuple[str, ...], list[Touchpoint]] = {}  # what changed → rows
        for row in rows:  # the first row of a source is the one stored
            if row.source not in known and row.source not in new:
                new[row.source] = row
            elif update and row.source in known and row.source not in changed:
                existing = known[row.source]
                assert existing is not None  # with ``update`` the stored rows were read
                names = tuple(n for n in _COMPARED if getattr(existing, n) != getattr(row, n))
                if names:
                    minus.append(_rollup_fields(existing.__dict__))
                    row.pk = existing.pk
                    changed[row.source] = row
                    by_fields.setdefault(names, []).append(row)
        for names, changing in by_fields.items():
            _update_fields(changing, names)
        plus = [_rollup_fields(r.__dict__) for r in [*new.values(), *changed.values()]]
        _add_to_rollup(_rollup_deltas(plus, minus))
    counts = {"created": len(new), "existing": len(known)}
    if update:
        counts.update(updated=len(changed), unchanged=len(known) - len(changed))
    return counts


def _column(name: str) -> tuple[models.Field, str]:
    """A touchpoint field stored in a column of its own, and that column's name."""
    field = Touchpoint._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None  # _COMPARED: columns
    return field, field.column


def _update_fields(rows: list[Touchpoint], names: tuple[str, ...]) -> None:
    """Write the fields ``names`` of stored touchpoints, one statement for all (Django's
    ``bulk_update`` builds a CASE of every row for every field: seconds for 5,000 rows)."""
    qn = connection.ops.quote_name
    chosen = [_column(n) for n in names]
    sets = ", ".join(f"{qn(column)} = %s" for _field, column in chosen)
    sql = f"UPDATE {qn(Touchpoint._meta.db_table)} SET {sets} WHERE {qn('id')} = %s"
    params = [
        [
            *(f.get_db_prep_save(getattr(r, f.attname), connection) for f, _column_name in chosen),
            r.pk,
        ]
        for r in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# --- the daily rollup the ledger page reads (TouchpointRollup) -----------------------------

_ROLLUP_KEY = ("occurred_on", "contestant_id", "front", "channel", "kota", "illustrative")
_ROLLUP_SUMS = ("count", "reach", "cost_idr", "rows")


def _rollup_fields(values: dict) -> tuple[tuple, tuple[int, int, int]]:
    key = (
        values["occurred_on"],
        values["contestant_id"],
        str(values["front"]),
        str(values["channel"]),
        (values.get("area_code") or "")[:5],
        bool(values["illustrative"]),
    )
    return key, (int(values["count"]), int(values["reach"]), int(values["cost_idr"]))


def _rollup_deltas(
    plus: list[tuple[tuple, tuple[int, int, int]]],
    minus: list[tuple[tuple, tuple[int, int, int]]] = (),  # type: ignore[assignment]
) -> dict[tuple, list[int]]:
    deltas: dict[tuple, list[int]] = {}
    for sign, items in ((1, plus), (-1, minus)):
        for key, (count, reach, cost) in items:
            d = deltas.setdefault(key, [0, 0, 0, 0])
            d[0] += sign * count
            d[1] += sign * reach
            d[2] += sign * cost
            d[3] += sign
    return deltas


def _add_to_rollup(deltas: dict[tuple, list[int]]) -> None:
    """Add sums to the rollup rows of their keys (an upsert; SQLite ≥ 3.24 and PostgreSQL)."""
    if not deltas:
        return
    qn = connection.ops.quote_name
    table = qn(TouchpointRollup._meta.db_table)
    key = ", ".join(qn(c) for c in _ROLLUP_KEY)
    sums = ", ".join(qn(c) for c in _ROLLUP_SUMS)
    marks = ", ".join(["%s"] * (len(_ROLLUP_KEY) + len(_ROLLUP_SUMS)))
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in _ROLLUP_SUMS)
    sql = (
        f"INSERT INTO {table} ({key}, {sums}) VALUES ({marks}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
    iso = connection.vendor == "sqlite"  # the sqlite3 module's date adapter is deprecated
    params = [(k[0].isoformat() if iso else k[0], *k[1:], *v) for k, v in deltas.items()]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        if any(v[3] < 0 for v in deltas.values()):
            cursor.execute(f"DELETE FROM {table} WHERE {qn('rows')} <= 0")


def rebuild_ledger_rollup() -> int:
    """Recompute the rollup from the ledger (after raw bulk loads); returns its row count."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in rollup_rebuild_sql(connection.ops.quote_name):
            cursor.execute(statement)
    return TouchpointRollup.objects.count()


def rollup_rebuild_sql(qn) -> list[str]:
    """The SQL that refills the rollup from the ledger."""
    table, source = qn(TouchpointRollup._meta.db_table), qn(Touchpoint._meta.db_table)
    key = ", ".join(qn(c) for c in _ROLLUP_KEY[:4])
    kota = f"SUBSTR({qn('area_code')}, 1, 5)"
    sums = ", ".join(qn(c) for c in _ROLLUP_SUMS)
    return [
        f"DELETE FROM {table}",
        f"INSERT INTO {table} ({key}, {qn('kota')}, {qn('illustrative')}, {sums}) "
        f"SELECT {key}, {kota}, {qn('illustrative')}, SUM({qn('count')}), SUM({qn('reach')}), "
        f"SUM({qn('cost_idr')}), COUNT(*) FROM {source} "
        f"GROUP BY {key}, {kota}, {qn('illustrative')}",
    ]


_FIELDS = fields(TouchpointIn)
_COMPARED = tuple(f.name for f in _FIELDS if f.name != "source")  # what an update may change
