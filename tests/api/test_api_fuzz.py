"""schemathesis drives every API route with generated, often hostile, input."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from microconf.demo.builder import build_demo
from microconf.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def demo(db):
    return build_demo()


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
    case.validate_response(response, checks=[response_schema_conformance])
