"""The API against its own OpenAPI schema (schemathesis): whatever a client sends that the
schema allows — and much that it does not — never gives a 5xx, and every answer has the
status code and the shape the schema promises.

Covers the endpoints this module's apps own (core ledger, areas, elections, product).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from kampanye.core.models import ApiToken
from kampanye.core.tests.api_schema import CHECKS, api_schema

schema = api_schema(r"^/api/(core|areas|elections|product)/")


@pytest.fixture
def manager_token(world, make_user) -> str:
    _token, raw = ApiToken.issue(make_user("manager"), "schemathesis")
    return raw


@schema.parametrize()
@settings(max_examples=12, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, manager_token, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {manager_token}"}, checks=CHECKS)
