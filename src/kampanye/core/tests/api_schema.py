"""What every app's schemathesis test shares: the project's schema and the checks."""

import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# no 5xx, and every answer has the status, content type and shape the schema promises
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def api_schema(path_regex: str):
    """The OpenAPI schema served by the app in-process, limited to ``path_regex``."""
    wsgi = get_wsgi_application()
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi).include(path_regex=path_regex)
