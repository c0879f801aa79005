"""The planner API's input is bounded by its schema: a seed or a count out of range is a
422 naming the field, never a 500 (issue 27: seed -1 hit the database's CHECK, seed 10^20
an OverflowError); schemathesis then tries the whole planner API against its schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from kampanye.core.models import ApiToken
from kampanye.core.tests.api_schema import CHECKS, api_schema
from kampanye.planner.actions import AllocationIn, ScenarioIn, save_scenario
from kampanye.planner.models import Run

schema = api_schema(r"^/api/planner/")


@pytest.fixture
def planner_token(jakarta, jokowi, manager) -> str:
    save_scenario(manager, jakarta, ScenarioIn("API", jokowi.pk, 10, 0), [AllocationIn("tv", 10)])
    _token, raw = ApiToken.issue(manager, "schemathesis")
    return raw


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 10**20}, "seed"),
        ({"seed": 2**31}, "seed"),
        ({"runs": 5001}, "runs"),
        ({"runs": -3}, "runs"),
    ],
)
def test_out_of_range_numbers_are_a_422_naming_the_field(planner_token, body, field):
    # given a scenario and a client with a token
    client = Client(HTTP_AUTHORIZATION=f"Bearer {planner_token}")
    pk = json.loads(client.get("/api/planner/scenarios").content)[0]["id"]
    # when a run is asked for with a number out of range
    response = client.post(
        f"/api/planner/scenarios/{pk}/runs", json.dumps(body), content_type="application/json"
    )
    # then
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])
    assert not Run.objects.exists()


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=15, suppress_health_check=list(HealthCheck))
def test_planner_api_keeps_its_schema(case, planner_token, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {planner_token}"}, checks=CHECKS)
