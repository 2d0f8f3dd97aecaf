"""What holds for every OpenAPI document of the project, checked once for each of them.

Each spec is a valid OpenAPI 3.0.3 document that every tool of the project loads, every example
in it is a valid instance of its schema, and every `x-assumption` marker is `true` and sits next
to the description that states the decision. What is particular to one API is in its own module
(tests/test_spec_documents.py, tests/test_spec_limits.py, tests/test_spec_client_contacts.py).
"""

from pathlib import Path
from typing import Any

import openapi_spec_validator
import pytest
import schemathesis
import yaml
from openapi_core import OpenAPI
from schemathesis.core.result import Err, Ok
from spec_walk import (
    HTTP_METHODS,
    Schema,
    at_pointer,
    deref,
    example_params,
    load_for_collection,
    marker_params,
    violations,
)

from contactkit.resources import spec_file

SPECS = ("gomobile.yaml", "client-contacts.yaml")
_COLLECTED = {name: load_for_collection(spec_file(name)) for name in SPECS}
EXAMPLES = [
    pytest.param(name, *param.values, id=f"{name}:{param.id}")
    for name in SPECS
    for param in example_params(_COLLECTED[name])
]
MARKERS = [
    pytest.param(name, *param.values, id=f"{name}:{param.id}")
    for name in SPECS
    for param in marker_params(_COLLECTED[name])
]


@pytest.fixture(scope="module", params=SPECS)
def spec_name(request: pytest.FixtureRequest) -> str:
    """Each spec's file name in openapi/."""
    name: str = request.param
    return name


def _document(name: str) -> Schema:
    with spec_file(name).open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    assert isinstance(document, dict), f"{name} is not a YAML mapping"
    return document


def _operation_ids(document: Schema) -> set[str]:
    return {
        operation["operationId"]
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def test_spec_is_openapi_3_0_3(spec_name: str) -> None:
    # Connexion 3.3 refuses 3.1 documents at load.
    assert _document(spec_name).get("openapi") == "3.0.3"


def test_spec_passes_openapi_spec_validator(spec_name: str) -> None:
    path: Path = spec_file(spec_name)
    openapi_spec_validator.validate(_document(spec_name), base_uri=path.as_uri())


def test_spec_loads_in_openapi_core(spec_name: str) -> None:
    api = OpenAPI.from_file_path(str(spec_file(spec_name)))
    assert api.spec["info"]["title"]


def test_spec_loads_in_schemathesis_with_every_operation(spec_name: str) -> None:
    schema = schemathesis.openapi.from_path(spec_file(spec_name))
    schema.validate()
    results = list(schema.get_all_operations())
    assert [str(result.err()) for result in results if isinstance(result, Err)] == []
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert {operation.definition.raw.get("operationId") for operation in operations} == (
        _operation_ids(_document(spec_name))
    )


def test_spec_has_examples_to_check(spec_name: str) -> None:
    assert example_params(_COLLECTED[spec_name]), f"no example found in {spec_name}"


@pytest.mark.parametrize(("name", "instance", "schema"), EXAMPLES)
def test_example_is_valid_instance_of_its_schema(name: str, instance: Any, schema: Any) -> None:
    assert violations(_COLLECTED[name], schema, instance) == []


@pytest.mark.parametrize(("name", "pointer"), MARKERS)
def test_assumption_marker_is_boolean_true(name: str, pointer: str) -> None:
    assert at_pointer(_COLLECTED[name], pointer)["x-assumption"] is True


@pytest.mark.parametrize(("name", "pointer"), MARKERS)
def test_assumption_marker_sits_next_to_a_description(name: str, pointer: str) -> None:
    # The decision must be written out where it is marked, not only flagged.
    document = _COLLECTED[name]
    node = at_pointer(document, pointer)
    described = node.get("description") or deref(document, node).get("description")
    assert isinstance(described, str)
    assert described.strip()
