"""The intel API against its own OpenAPI schema (schemathesis): nothing a client sends gives
a 5xx, and every answer has the status and shape the schema promises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from kampanye.core.models import ApiToken
from kampanye.core.tests.api_schema import CHECKS, api_schema

schema = api_schema(r"^/api/intel/")


@pytest.fixture
def researcher_token(survey, make_user) -> str:
    _token, raw = ApiToken.issue(make_user("researcher"), "schemathesis")
    return raw


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=10, suppress_health_check=list(HealthCheck))
def test_intel_api_keeps_its_schema(case, researcher_token, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {researcher_token}"}, checks=CHECKS)
