"""The whole API fuzzed against its own OpenAPI document (schemathesis): no server errors, and every answer,
problems included, matches what the document says. Bounded to a few examples an operation so the suite stays fast."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from putright.api.choices import Scope
from putright.api.keys import create_api_key

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls go to the WSGI app directly, not through Django's test client: like the client, keep the test's
    database connection open between requests (on PostgreSQL it would otherwise be closed, transaction and all)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(make_case, lead_officer, adult_social_care):
    # Something to find: an ordinary case and a restricted one the key may not see.
    make_case(lead=lead_officer)
    make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits stopped")
    return create_api_key(name="Fuzzer", scope=Scope.WRITE, actor=None).token


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_document(case, api_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_key}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
