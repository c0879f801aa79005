"""The JSON API as clients meet it: bearer tokens, permissions, the ledger endpoints."""

from __future__ import annotations

import json

import pytest

from kampanye.core.models import ApiToken, AuditEntry
from kampanye.ledger.models import Touchpoint

LIST = "/api/ledger/touchpoints"
SUMMARY = "/api/ledger/touchpoints/summary"


@pytest.fixture
def bearer(make_user):
    def make(role: str, area: str | None = None) -> dict[str, str]:
        _token, raw = ApiToken.issue(make_user(role, area), "test")
        return {"Authorization": f"Bearer {raw}"}

    return make


def _post(client, headers, payload):
    return client.post(LIST, json.dumps(payload), content_type="application/json", headers=headers)


def _payload(world, **overrides):
    data = {
        "source": "api:1",
        "occurred_on": "2012-06-27",
        "front": "ground",
        "channel": "market_visit",
        "imc_element": "personal_selling",
        "contestant_id": world.jokowi.pk,
        "media_type": "earned",
        "initiated_by": "candidate",
        "area_code": "31.75.02.1001",
        "count": 400,
        "reach": 500,
    }
    data.update(overrides)
    return data


# --- authentication and permission ---------------------------------------------------------


def test_no_token_is_401(client, world):
    response = client.get(LIST)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_bad_or_revoked_token_is_401(client, world, make_user):
    from django.utils import timezone

    token, raw = ApiToken.issue(make_user("manager"), "old")
    token.revoked_at = timezone.now()
    token.save()
    for header in ("Bearer kmp_not-a-token", f"Bearer {raw}"):
        assert client.get(LIST, headers={"Authorization": header}).status_code == 401


def test_a_role_without_the_permission_is_403(client, world, bearer):
    headers = bearer("volunteer", "31.75")
    for url in (LIST, SUMMARY):
        response = client.get(url, headers=headers)
        assert response.status_code == 403
        assert "detail" in response.json()
    assert _post(client, headers, _payload(world)).status_code == 403


def test_a_researcher_may_read_but_not_record(client, world, bearer):
    headers = bearer("researcher")
    assert client.get(LIST, headers=headers).status_code == 200
    assert _post(client, headers, _payload(world)).status_code == 403


# --- reading -------------------------------------------------------------------------------


def test_the_list_is_paginated_and_filtered(client, world, bearer):
    headers = bearer("manager")
    page = client.get(LIST + "?limit=2&offset=1", headers=headers).json()
    assert (page["count"], page["limit"], page["offset"]) == (5, 2, 1)
    assert [t["source"] for t in page["items"]] == ["t4", "t3"]  # newest first
    air = client.get(LIST + "?front=air", headers=headers).json()
    assert {t["source"] for t in air["items"]} == {"t3", "t4"}


def test_the_summary_has_the_pages_figures(client, world, bearer):
    body = client.get(SUMMARY + "?period=month", headers=bearer("manager")).json()
    assert body["totals"] == {
        "count": 333, "reach": 2180, "cost_idr": 151_000, "rows": 5, "illustrative_rows": 2,
    }  # fmt: skip
    assert body["rows"][0]["keys"] == {
        "front": "online",
        "channel": "x",
        "contestant": world.jokowi.pk,
    }
    assert body["series"]["periods"] == ["2012-06-01", "2012-07-01", "2012-09-01"]
    tv = next(c for c in body["cost_by_channel"] if c["channel"] == "tv")
    assert (tv["cost_idr"], tv["contacts"], tv["per_contact_idr"]) == (100_000, 2, 50_000)


def test_the_summary_groups_by_any_dimension(client, world, bearer):
    url = SUMMARY + "?by=area&by=period&area_level=kecamatan&period=month&illustrative=false"
    rows = client.get(url, headers=bearer("manager")).json()["rows"]
    assert {(r["keys"]["area"], r["keys"]["period"]): r["count"] for r in rows} == {
        ("31.75.02", "2012-06-01"): 10,
        ("31.73.01", "2012-06-01"): 20,
        ("", "2012-07-01"): 2,
    }


@pytest.mark.parametrize(
    "query",
    ["date_from=2012-02-30", "date_from=2012-07-02&date_to=2012-07-01", "front=sea", "by=colour"],
)
def test_bad_filters_are_422_with_reasons(client, world, bearer, query):
    response = client.get(SUMMARY + "?" + query, headers=bearer("manager"))
    assert response.status_code == 422
    assert response.json()["detail"]


# --- recording -----------------------------------------------------------------------------


def test_recording_is_201_then_200_unchanged_then_200_updated(client, world, bearer):
    headers = bearer("coordinator", "31.75")
    first = _post(client, headers, _payload(world))
    again = _post(client, headers, _payload(world))
    fixed = _post(client, headers, _payload(world, count=450))
    assert (first.status_code, first.json()["outcome"]) == (201, "created")
    assert (again.status_code, again.json()["outcome"]) == (200, "unchanged")
    assert (fixed.status_code, fixed.json()["outcome"]) == (200, "updated")
    assert fixed.json()["touchpoint"]["count"] == 450
    assert Touchpoint.objects.get(source="api:1").area_code == "31.75.02.1001"
    actions = list(AuditEntry.objects.filter(object_id=str(first.json()["touchpoint"]["id"])))
    assert sorted(a.action for a in actions) == ["record_touchpoint", "update_touchpoint"]
    assert all(a.username == "coordinator-31.75" for a in actions)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "tv"}, "channel"),  # TV is not a ground channel
        ({"area_code": "31.75.99"}, "area_code"),
        ({"contestant_id": 999_999}, "contestant_id"),
        ({"segment_id": 999_999}, "segment_id"),
    ],
)
def test_bad_records_are_422_naming_the_field(client, world, bearer, overrides, field):
    response = _post(client, bearer("manager"), _payload(world, **overrides))
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Touchpoint.objects.filter(source="api:1").exists()


@pytest.mark.parametrize(
    "overrides", [{"tone": 2}, {"count": -1}, {"front": "sea"}, {"source": ""}]
)
def test_records_outside_the_schema_are_422(client, world, bearer, overrides):
    response = _post(client, bearer("manager"), _payload(world, **overrides))
    assert response.status_code == 422


def test_recording_outside_ones_area_is_403(client, world, bearer):
    headers = bearer("coordinator", "31.75")
    outside = _post(client, headers, _payload(world, area_code="31.73.01"))
    nowhere = _post(client, headers, _payload(world, area_code=None))
    overwrite = _post(client, headers, _payload(world, source="t2", area_code="31.75"))
    assert (outside.status_code, nowhere.status_code, overwrite.status_code) == (403, 403, 403)
    assert Touchpoint.objects.get(source="t2").area_code == "31.73.01.1001"


# --- the vocabulary ------------------------------------------------------------------------


def test_vocabulary_endpoints(client, world, bearer):
    headers = bearer("volunteer", "31.75")
    areas = client.get("/api/areas/areas?parent=31.75", headers=headers).json()
    assert [a["code"] for a in areas["items"]] == ["31.75.02"]
    assert client.get("/api/areas/areas/31.75.02", headers=headers).json()["parent_code"] == "31.75"
    assert client.get("/api/areas/areas/99", headers=headers).status_code == 404
    contestants = client.get("/api/elections/elections/jkt/contestants", headers=headers).json()
    assert [c["short"] for c in contestants] == ["Foke–Nara", "Jokowi–Ahok"]
    assert client.get("/api/elections/elections/nope/rounds", headers=headers).status_code == 404
    rounds = client.get("/api/elections/elections/jkt/rounds", headers=headers).json()
    assert [r["number"] for r in rounds] == [1, 2]
    assert client.get("/api/areas/segments", headers=headers).json()[0]["slug"] == "pemilih-muda"
    assert client.get("/api/product/themes", headers=headers).json() == []
    assert client.get("/api/areas/segments").status_code == 401
