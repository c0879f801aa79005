"""The ground and volunteer API against its own OpenAPI schema (schemathesis): nothing a
client sends gives a 5xx, and every answer has the status and shape the schema promises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from kampanye.core.models import ApiToken, Membership
from kampanye.core.tests.api_schema import CHECKS, api_schema

schema = api_schema(r"^/api/(ground|volunteers)/")


@pytest.fixture
def manager_token(world, make_user) -> str:
    user = make_user("manager")
    Membership.objects.filter(user=user).update(contestant=world.jokowi)
    _token, raw = ApiToken.issue(user, "schemathesis")
    return raw


@schema.parametrize()
@settings(max_examples=10, suppress_health_check=list(HealthCheck))
def test_ground_api_keeps_its_schema(case, manager_token, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {manager_token}"}, checks=CHECKS)
