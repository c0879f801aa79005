"""The API against its own OpenAPI schema (schemathesis): whatever a client sends that the
schema allows — and much that it does not — never gives a 5xx, and every answer has the
status code and the shape the schema promises.

Covers the endpoints this module's apps own (core ledger, areas, elections, product).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kampanye.core.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application()).include(
    path_regex=r"^/api/(core|areas|elections|product)/"
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def manager_token(world, make_user) -> str:
    _token, raw = ApiToken.issue(make_user("manager"), "schemathesis")
    return raw


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, manager_token, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {manager_token}"}, checks=CHECKS)
