"""schemathesis drives every API route with generated, often hostile, input."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from microconf.demo.builder import build_demo
from microconf.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def demo(db):
    # Called straight through WSGI, Django would close the database connection
    # after each request, and with it the test's transaction; its test client
    # avoids that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield build_demo()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_no_api_input_causes_a_server_error_or_a_malformed_answer(case, demo):
    response = case.call(headers={"Host": "localhost"})

    assert response.status_code < 500, response.text[:500]
    # Every answer is one the OpenAPI document lists for the route, in its shape.
    case.validate_response(
        response, checks=[response_schema_conformance, status_code_conformance]
    )
