"""The API's contract, checked by a fuzzer: schemathesis sends what the OpenAPI
document allows (and what it does not) to the live test server, anonymously and as a
gemeente employee, and every answer must be no server error and what the document
says: a declared status code, JSON, and a body that fits the declared schema.

The run is deterministic and bounded to ``CONTRACT_EXAMPLES`` examples per operation
and caller (default 10, about two minutes); ``CONTRACT_EXAMPLES=100`` searches longer.
With ``-s`` it ends with the number of requests and the statuses per operation. See
docs/api.md.
"""

import os
import time
from collections import Counter

from django.test import Client
from django.utils.crypto import get_random_string

import hypothesis
import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samenzorg.api import api

# On SQLite the live server's request threads share the test's in-memory database
# connection, and Django's closing of it from those threads raises after the answer
# was sent; it says nothing about the answer.
pytestmark = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnhandledThreadExceptionWarning"
)

MAX_EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"),
    config=schemathesis.Config.from_dict(
        {
            "generation": {
                # Valid and invalid input alike.
                "mode": "all",
                "deterministic": True,
                # The session cookie is the caller's own, not a generated one.
                "with-security-parameters": False,
            },
            "phases": {"stateful": {"enabled": False}},
        }
    ),
)

STATUSES: Counter = Counter()
RUN = {"requests": 0, "seconds": 0.0}


def teardown_module():
    print(f"\nschemathesis: {RUN['requests']} requests, {RUN['seconds']:.0f} s")  # noqa: T201
    for (label, status), count in sorted(STATUSES.items()):
        print(f"  {label}: {status} ×{count}")  # noqa: T201


@pytest.fixture(params=["anoniem", "gemeente"])
def api_session(request, contract_data, live_server):
    """Anonymous, or logged in as gemeente staff with the CSRF token for writes."""
    session = requests.Session()
    if request.param == "gemeente":
        client = Client()
        client.force_login(contract_data["gemeente"])
        token = get_random_string(32)
        session.cookies.set("sessionid", client.cookies["sessionid"].value)
        session.cookies.set("csrftoken", token)
        session.headers["X-CSRFToken"] = token
    return session


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_the_api_keeps_its_contract(case, api_session, contract_data, live_server):
    # Half of the ids are those of objects that exist, so that the operations also
    # answer with what they found, changed or refused.
    parameters = dict(case.path_parameters or {})
    for name, value in parameters.items():
        known = contract_data["ids"].get(name)
        number = int(value) if str(value).isdigit() else None
        if known and number is not None and number % 2 == 0:
            parameters[name] = known[(number // 2) % len(known)]
    if parameters:
        case.path_parameters = parameters
    started = time.monotonic()
    response = case.call_and_validate(
        base_url=live_server.url, session=api_session, checks=CHECKS
    )
    RUN["seconds"] += time.monotonic() - started
    RUN["requests"] += 1
    STATUSES[(case.operation.label, response.status_code)] += 1
