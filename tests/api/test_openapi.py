"""The OpenAPI document: valid, the same as the committed snapshot, and complete in
what it promises (every error status with the one error schema, bounded lists).

After a deliberate change to the API, refresh the snapshot with

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py

and commit tests/api/openapi.snapshot.json with the change.
"""

import difflib
import json
import os
from pathlib import Path

import pytest
from openapi_spec_validator import validate

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
REFRESH = "UPDATE_OPENAPI_SNAPSHOT"
ERROR_REF = "#/components/schemas/ApiError"


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _schemas(node):
    """Every schema object in the document (anything with a type or a reference)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas(value)


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_the_document_is_the_committed_snapshot(document):
    served = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get(REFRESH):
        SNAPSHOT.write_text(served, encoding="utf-8")
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if served != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                served.splitlines(keepends=True),
                "openapi.snapshot.json (committed)",
                "openapi.json (served)",
                n=2,
            )
        )
        pytest.fail(
            "The served OpenAPI document differs from tests/api/openapi.snapshot.json. "
            f"If the change is meant, refresh it with {REFRESH}=1 .venv/bin/pytest "
            f"tests/api/test_openapi.py and commit it.\n\n{diff[:6000]}"
        )


def test_every_operation_declares_its_errors_with_the_error_schema(document):
    for label, operation in _operations(document):
        responses = operation["responses"]
        assert {"403", "422", "429"} <= set(responses), label
        for status, response in responses.items():
            schema = response["content"]["application/json"]["schema"]
            if status.startswith("2"):
                assert schema.get("$ref") != ERROR_REF, label
            else:
                assert schema == {"$ref": ERROR_REF}, (label, status)
        if operation.get("security"):
            assert {"401", "400", "413"} <= set(responses), label
        if "{" in label:
            assert "404" in responses, label


def test_the_error_schema_has_a_dutch_detail_and_errors_per_field(document):
    schema = document["components"]["schemas"]["ApiError"]
    assert schema["required"] == ["detail"]
    assert schema["properties"]["detail"]["type"] == "string"
    errors = schema["properties"]["errors"]
    assert errors["type"] == "object"
    assert errors["additionalProperties"] == {
        "items": {"type": "string"},
        "type": "array",
    }


def test_lists_are_bounded(document):
    seen = set()
    for label, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] in ("limit", "offset", "page"):
                schema = parameter["schema"]
                assert schema["type"] == "integer", label
                assert "minimum" in schema and "maximum" in schema, label
                seen.add(parameter["name"])
    assert seen == {"limit", "offset"}


def test_no_default_the_schema_itself_refuses(document):
    """A default of null only where null is allowed; no tuple in the old array form."""
    for schema in _schemas(document["components"]):
        if "default" in schema and schema["default"] is None:
            types = [s.get("type") for s in schema.get("anyOf", [])]
            assert "null" in types or schema.get("type") == "null", schema
        assert not isinstance(schema.get("items"), list), schema


def test_query_parameters_are_never_null(document):
    """A query parameter is left out, never sent as null."""
    for label, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            text = json.dumps(parameter["schema"])
            assert '"null"' not in text, (label, parameter["name"])
