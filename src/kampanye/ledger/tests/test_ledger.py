"""Recording touchpoints and reading the ledger's aggregates, against hand-counted figures.

The world and its five touchpoints are described in ``ledger_world``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from kampanye.ledger import queries
from kampanye.ledger.actions import record_touchpoint, record_touchpoints
from kampanye.ledger.models import Touchpoint, TouchpointRollup
from kampanye.ledger.queries import FilterError, LedgerFilters
from kampanye.ledger.tests.ledger_world import touchpoint, world_touchpoints

NONE = LedgerFilters()
_ROLLUP_ROW = (
    "occurred_on", "contestant_id", "front", "channel", "kota", "illustrative",
    "count", "reach", "cost_idr", "rows",
)  # fmt: skip


def _table(rows, *dims):
    return {tuple(r.keys[d] for d in dims): (r.count, r.reach, r.cost_idr) for r in rows}


def _rollup_total():
    agg = TouchpointRollup.objects.aggregate(n=Sum("count"), r=Sum("reach"), c=Sum("cost_idr"))
    return agg["n"] or 0, agg["r"] or 0, agg["c"] or 0


def _ledger_total():
    agg = Touchpoint.objects.aggregate(n=Sum("count"), r=Sum("reach"), c=Sum("cost_idr"))
    return agg["n"] or 0, agg["r"] or 0, agg["c"] or 0


# --- record_touchpoint ----------------------------------------------------------------------


def test_recording_the_same_source_twice_changes_nothing(world):
    # given the world's first touchpoint, already recorded
    tp = world_touchpoints(world)[0]
    # when it is recorded again
    _row, outcome = record_touchpoint(tp)
    # then nothing changed, in the ledger or its rollup
    assert outcome == "unchanged"
    assert Touchpoint.objects.count() == 5
    assert _rollup_total() == (333, 2180, 151_000)


def test_recording_a_source_with_new_values_updates_it_and_the_rollup(manager, world):
    # given t1 corrected: 15 contacts instead of 10, now in Jakarta Barat
    tp = touchpoint(
        source="t1", contestant_id=world.jokowi.pk, area_id=world.areas["31.73.01"].pk,
        count=15, reach=30, segment_id=world.segment.pk,
    )  # fmt: skip
    # when it is recorded
    row, outcome = record_touchpoint(tp)
    # then the row is updated and the rollup moved with it
    assert outcome == "updated"
    assert (row.count, row.area_code) == (15, "31.73.01")
    assert _rollup_total() == _ledger_total() == (338, 2180, 151_000)
    assert not TouchpointRollup.objects.filter(rows__lte=0).exists()
    by_kota = _table(queries.ledger_summary(manager, NONE, ("area",)), "area")
    assert by_kota[("31.73",)][0] == 35


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("source", {"source": ""}),
        ("source", {"source": "x" * 201}),
        ("front", {"front": "sea"}),
        ("channel", {"channel": "pigeon"}),
        ("imc_element", {"imc_element": "billboard"}),
        ("media_type", {"media_type": "free"}),
        ("initiated_by", {"initiated_by": "nobody"}),
        ("participation_level", {"participation_level": 5}),
        ("tone", {"tone": 1.5}),
        ("tone", {"tone": -1.01}),
        ("count", {"count": -1}),
        ("reach", {"reach": -1}),
        ("cost_idr", {"cost_idr": -1}),
    ],
)
def test_every_bad_field_is_refused_by_name(empty_world, field, overrides):
    # given a touchpoint with one bad field
    tp = touchpoint(contestant_id=empty_world.jokowi.pk, **overrides)
    # when it is recorded, then it is refused, naming that field alone, and nothing is written
    with pytest.raises(ValidationError) as refused:
        record_touchpoint(tp)
    assert list(refused.value.message_dict) == [field]
    assert not Touchpoint.objects.exists()
    assert not TouchpointRollup.objects.exists()


def test_a_channel_on_the_wrong_front_is_refused(empty_world):
    # given TV reported as a ground contact
    tp = touchpoint(contestant_id=empty_world.foke.pk, front="ground", channel="tv")
    # when recorded, then refused with the front it belongs to
    with pytest.raises(ValidationError) as refused:
        record_touchpoint(tp)
    assert refused.value.message_dict == {"channel": ["'tv' termasuk front air, bukan ground"]}


def test_bulk_recording_is_idempotent_and_keeps_the_rollup(empty_world):
    # given the five touchpoints and a duplicate of the first in the same batch
    items = world_touchpoints(empty_world)
    # when recorded in bulk twice
    first = record_touchpoints([*items, items[0]])
    second = record_touchpoints(items)
    # then each source was stored once, and the rollup agrees with the ledger
    assert first == {"created": 5, "existing": 0}
    assert second == {"created": 0, "existing": 5}
    assert _rollup_total() == _ledger_total() == (333, 2180, 151_000)


def test_bulk_recording_with_update_writes_what_recording_one_by_one_writes(empty_world):
    # given the five touchpoints in the ledger
    items = world_touchpoints(empty_world)
    record_touchpoints(items)
    # when recorded in bulk again with update: t1 counted again in another kelurahan, t3 moved
    # to another day (each to another row of the rollup), t2, t4 and t5 as they were, and a
    # new t6
    elsewhere = empty_world.areas["31.73.01.1001"].pk
    t1 = replace(items[0], count=15, tone=0.25, area_id=elsewhere)
    t3 = replace(items[2], occurred_on=dt.date(2012, 7, 9))
    t6 = replace(items[4], source="t6", count=7)
    counts = record_touchpoints([t1, items[1], t3, *items[3:], t6], update=True)
    # then the two changed are updated, the new one created, the rest left as they were
    assert counts == {"created": 1, "existing": 5, "updated": 2, "unchanged": 3}
    fields = ("source", "occurred_on", "area", "area_code", "count", "reach", "tone", "cost_idr")
    bulk = sorted(Touchpoint.objects.values_list(*fields))
    rollup = sorted(TouchpointRollup.objects.values_list(*_ROLLUP_ROW))
    # and the ledger and its rollup are what recording them one at a time gives
    Touchpoint.objects.all().delete()
    TouchpointRollup.objects.all().delete()
    for tp in (*items, t1, t3, t6):
        record_touchpoint(tp)
    assert bulk == sorted(Touchpoint.objects.values_list(*fields))
    assert rollup == sorted(TouchpointRollup.objects.values_list(*_ROLLUP_ROW))
    assert _rollup_total() == _ledger_total() == (333 + 5 + 7, 2180 + 900, 151_000)


def test_bulk_recording_refuses_the_whole_batch_for_one_bad_item(empty_world):
    items = world_touchpoints(empty_world)
    bad = touchpoint(source="bad", contestant_id=empty_world.foke.pk, tone=3)
    with pytest.raises(ValidationError) as refused:
        record_touchpoints([*items, bad])
    assert refused.value.message_dict == {"tone": ["bad: harus antara −1 dan 1"]}
    assert not Touchpoint.objects.exists()


# --- queries -------------------------------------------------------------------------------


def test_totals_count_every_touchpoint(manager, world):
    totals = queries.ledger_totals(manager, NONE)
    assert (totals.count, totals.reach, totals.cost_idr) == (333, 2180, 151_000)
    assert (totals.rows, totals.illustrative_rows) == (5, 2)


def test_summary_by_front_channel_and_contestant(manager, world):
    rows = queries.ledger_summary(manager, NONE)
    j, f = world.jokowi.pk, world.foke.pk
    assert _table(rows, "front", "channel", "contestant") == {
        ("online", "x", j): (300, 900, 0),
        ("ground", "door_to_door", j): (30, 80, 1_000),
        ("air", "tv", f): (2, 1_000, 100_000),
        ("air", "outdoor", f): (1, 200, 50_000),
    }
    assert [r.count for r in rows] == [300, 30, 2, 1]  # largest first
    assert rows[0].labels == {
        "front": "online",
        "channel": "X / Twitter",
        "contestant": "Jokowi–Ahok",
    }
    assert [r.illustrative for r in rows] == [True, False, False, True]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("month", {dt.date(2012, 6, 1): 30, dt.date(2012, 7, 1): 3, dt.date(2012, 9, 1): 300}),
        ("week", {dt.date(2012, 6, 25): 30, dt.date(2012, 7, 2): 3, dt.date(2012, 9, 10): 300}),
        (
            "day",
            {
                dt.date(2012, 6, 25): 10,
                dt.date(2012, 6, 26): 20,
                dt.date(2012, 7, 2): 2,
                dt.date(2012, 7, 3): 1,
                dt.date(2012, 9, 14): 300,
            },
        ),
    ],
)
def test_summary_by_period(manager, world, period, expected):
    rows = queries.ledger_summary(manager, NONE, ("period",), period=period)
    assert {r.keys["period"]: r.count for r in rows} == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("kota", {"31.75": 311, "31.73": 20, "": 2}),
        ("kecamatan", {"31.75.02": 11, "31.73.01": 20, "31.75": 300, "": 2}),
        (
            "kelurahan",
            {"31.75.02.1001": 10, "31.73.01.1001": 20, "31.75.02": 1, "31.75": 300, "": 2},
        ),
    ],
)
def test_summary_by_area_level(manager, world, level, expected):
    rows = queries.ledger_summary(manager, NONE, ("area",), area_level=level)
    assert {r.keys["area"]: r.count for r in rows} == expected


def test_summary_by_the_other_dimensions(manager, world):
    def by(dim):
        return {r.keys[dim]: r.count for r in queries.ledger_summary(manager, NONE, (dim,))}

    assert by("segment") == {world.segment.pk: 10, None: 323}
    assert by("media_type") == {"owned": 30, "paid": 3, "shared": 300}
    assert by("initiated_by") == {"volunteer": 330, "staff": 3}
    assert by("imc_element") == {
        "personal_selling": 30, "advertising": 2, "packaging": 1, "direct_marketing": 300,
    }  # fmt: skip
    assert by("participation_level") == {None: 333}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("illustrative=tidak", 32),
        ("illustrative=ya", 301),
        ("area=31.75.02", 11),
        ("area=31.7", 0),
        ("date_from=2012-07-01&date_to=2012-07-31", 3),
        ("front=air", 3),
        ("front=air&front=online", 303),
        ("channel=door_to_door", 30),
        ("election=jkt", 333),
        ("election=lain", 0),
    ],
)
def test_filters(manager, world, query, count):
    filters = LedgerFilters.from_query(QueryDict(query))
    assert queries.ledger_totals(manager, filters).count == count
    assert sum(r.count for r in queries.ledger_summary(manager, filters)) == count


def test_filters_by_contestant_and_segment(manager, world):
    foke = LedgerFilters.from_query(QueryDict(f"contestant={world.foke.pk}"))
    segment = LedgerFilters.from_query(QueryDict(f"segment={world.segment.pk}"))
    assert queries.ledger_totals(manager, foke).count == 3
    assert queries.ledger_totals(manager, segment).count == 10


def test_cost_per_contact_and_per_person_by_channel(manager, world):
    costs = {c.channel: c for c in queries.cost_by_channel(manager, NONE)}
    assert [c.channel for c in queries.cost_by_channel(manager, NONE)][:2] == ["tv", "outdoor"]
    assert (costs["tv"].cost_idr, costs["tv"].contacts, costs["tv"].reach) == (100_000, 2, 1_000)
    assert (costs["tv"].per_contact, costs["tv"].per_person) == (50_000, 100)
    assert costs["door_to_door"].per_contact == pytest.approx(1_000 / 30)
    assert costs["door_to_door"].per_person == 12.5
    assert (costs["x"].per_contact, costs["x"].per_person) == (0, 0)


def test_cost_ratios_are_none_without_a_denominator():
    cost = queries.ChannelCost("tv", "televisi", 5_000, 0, 0)
    assert (cost.per_contact, cost.per_person) == (None, None)


def test_series_by_front_fills_missing_periods_with_zero(manager, world):
    series = queries.ledger_series(manager, NONE, "week")
    assert series.periods == [dt.date(2012, 6, 25), dt.date(2012, 7, 2), dt.date(2012, 9, 10)]
    assert series.by_front == {"ground": [30, 0, 0], "air": [0, 3, 0], "online": [0, 0, 300]}


@pytest.mark.parametrize(
    ("by", "options", "query"),
    [
        (("front", "channel", "contestant"), {}, ""),
        (("period", "front"), {"period": "week"}, "illustrative=tidak"),
        (("area",), {"area_level": "kota"}, "area=31.75"),
        (("area", "contestant"), {"area_level": "provinsi"}, "date_from=2012-06-26"),
        (("channel",), {}, "area=31"),
    ],
)
def test_the_rollup_gives_the_same_figures_as_the_ledger(
    manager, world, monkeypatch, by, options, query
):
    # given a query the rollup serves
    filters = LedgerFilters.from_query(QueryDict(query))
    assert queries._rollup_serves(manager, filters, by, options.get("area_level", "kota"))
    from_rollup = queries.ledger_summary(manager, filters, by, **options)
    # when the same query must read the ledger itself
    monkeypatch.setattr(queries, "_rollup_serves", lambda *args: False)
    from_ledger = queries.ledger_summary(manager, filters, by, **options)
    # then every figure agrees
    assert from_rollup == from_ledger


# --- parsing filters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=2012-13-01", "date_from"),
        ("date_to=kemarin", "date_to"),
        ("date_from=2012-07-02&date_to=2012-07-01", "date_to"),
        ("front=sea", "front"),
        ("channel=pigeon", "channel"),
        ("contestant=abc", "contestant"),
        ("contestant=²", "contestant"),
        ("segment=-1", "segment"),
        ("illustrative=maybe", "illustrative"),
        ("area=31;drop", "area"),
    ],
)
def test_bad_filters_are_named(query, field):
    with pytest.raises(FilterError) as refused:
        LedgerFilters.from_query(QueryDict(query))
    assert field in refused.value.errors


def test_good_filters_parse():
    filters = LedgerFilters.from_query(
        QueryDict("contestant=1&contestant=3&front=ground&date_from=2012-06-24&illustrative=ya")
    )
    assert filters == LedgerFilters(
        contestants=(1, 3), fronts=("ground",), date_from=dt.date(2012, 6, 24), illustrative=True
    )


KEYS = ["election", "contestant", "front", "channel", "date_from", "date_to", "area", "segment",
        "illustrative"]  # fmt: skip


@given(st.dictionaries(st.sampled_from(KEYS), st.text(max_size=30)))
def test_any_query_either_parses_or_names_its_bad_fields(data):
    try:
        filters = LedgerFilters.from_query(data)
    except FilterError as refused:
        assert refused.errors
        assert set(refused.errors) <= set(KEYS)
    else:
        assert isinstance(filters, LedgerFilters)
        filters.q()


@given(st.dates(), st.dates())
def test_dates_round_trip(a, b):
    low, high = sorted((a, b))
    filters = LedgerFilters.from_query({"date_from": low.isoformat(), "date_to": high.isoformat()})
    assert (filters.date_from, filters.date_to) == (low, high)
