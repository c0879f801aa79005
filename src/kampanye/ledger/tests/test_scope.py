"""Area scope: a coordinator of Jakarta Timur (31.75) never sees a Jakarta Barat (31.73) row,
nor a province-wide one, through the queries, the page or the API."""

from __future__ import annotations

import pytest

from kampanye.core.models import ApiToken
from kampanye.ledger import queries
from kampanye.ledger.queries import LedgerFilters

DIMENSIONS = ["front", "channel", "contestant", "period", "area", "segment"]


@pytest.fixture
def coordinator(world, make_user):
    return make_user("coordinator", "31.75")


def test_queries_return_only_the_coordinators_area(coordinator):
    # when the coordinator reads the ledger
    rows = queries.touchpoints(coordinator, LedgerFilters())
    # then only rows in 31.75 or under it, none without an area
    assert sorted(rows.values_list("source", flat=True)) == ["t1", "t4", "t5"]
    totals = queries.ledger_totals(coordinator, LedgerFilters())
    assert (totals.count, totals.reach, totals.cost_idr) == (311, 1130, 50_000)


@pytest.mark.parametrize("level", ["provinsi", "kota", "kecamatan", "kelurahan"])
@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_no_grouping_leaks_another_area(coordinator, dimension, level):
    rows = queries.ledger_summary(coordinator, LedgerFilters(), (dimension,), area_level=level)
    assert sum(r.count for r in rows) == 311
    if dimension == "area" and level != "provinsi":
        assert all(r.keys["area"].startswith("31.75") for r in rows)


@pytest.mark.parametrize("area", ["31.73", "31.73.01.1001", "31", "31.7"])
def test_filtering_on_another_area_gives_nothing_more(coordinator, area):
    filters = LedgerFilters(area=area)
    expected = 311 if area == "31" else 0
    assert queries.ledger_totals(coordinator, filters).count == expected
    assert sum(r.count for r in queries.ledger_summary(coordinator, filters)) == expected


def test_a_kecamatan_coordinator_is_scoped_too(world, make_user):
    user = make_user("coordinator", "31.75.02")
    assert queries.ledger_totals(user, LedgerFilters()).count == 11
    assert sum(r.count for r in queries.ledger_summary(user, LedgerFilters())) == 11


def test_a_user_without_membership_sees_nothing(world, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    assert queries.ledger_totals(user, LedgerFilters()).count == 0


def test_the_page_is_scoped(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/titik-kontak/?area=31.73")
    assert response.context["totals"].count == 0
    assert client.get("/titik-kontak/").context["totals"].count == 311


def test_the_api_is_scoped(client, coordinator):
    _token, raw = ApiToken.issue(coordinator, "test")
    headers = {"Authorization": f"Bearer {raw}"}
    listed = client.get("/api/ledger/touchpoints?limit=500", headers=headers).json()
    assert sorted(t["source"] for t in listed["items"]) == ["t1", "t4", "t5"]
    summary = client.get("/api/ledger/touchpoints/summary?by=area", headers=headers).json()
    assert summary["totals"]["count"] == 311
    assert {r["keys"]["area"] for r in summary["rows"]} == {"31.75"}
