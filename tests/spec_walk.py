"""Walking an OpenAPI document in the spec tests: JSON pointers, $refs, every example, markers.

Shared by tests/test_spec_documents.py (Gomobile) and tests/test_spec_client_contacts.py.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator

Schema = dict[str, Any]
# (JSON pointer of an example, the example, the schema it must satisfy)
Found = tuple[str, Any, Any]
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def at_pointer(document: Any, pointer: str) -> Any:
    """The node at `pointer`, following any `$ref` met on the way (for example a response)."""
    node = document
    for token in pointer.lstrip("#").split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and "$ref" in node and key not in node:
            node = deref(document, node)
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def deref(document: Schema, node: Any) -> Any:
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are expected, got {ref!r}"
        assert ref not in seen, f"circular $ref {ref}"
        seen.add(ref)
        node = at_pointer(document, ref)
    return node


def schema_examples(schema: Any, pointer: str) -> Iterator[Found]:
    if not isinstance(schema, dict) or "$ref" in schema:
        return  # a referenced schema is visited where it is defined
    if "example" in schema:
        yield f"{pointer}/example", schema["example"], schema
    for name, subschema in schema.get("properties", {}).items():
        yield from schema_examples(subschema, f"{pointer}/properties/{escape(name)}")
    for key in ("items", "additionalProperties", "not"):
        yield from schema_examples(schema.get(key), f"{pointer}/{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for index, subschema in enumerate(schema.get(key, [])):
            yield from schema_examples(subschema, f"{pointer}/{key}/{index}")


def holder_examples(document: Schema, holder: Any, pointer: str) -> Iterator[Found]:
    """Examples of a media type, a parameter or a header: `example` and `examples[*].value`."""
    if not isinstance(holder, dict) or "$ref" in holder:
        return
    schema = holder.get("schema")
    yield from schema_examples(schema, f"{pointer}/schema")
    if schema is not None and "example" in holder:
        yield f"{pointer}/example", holder["example"], schema
    for name, example in holder.get("examples", {}).items():
        example = deref(document, example)
        if schema is not None and "value" in example:
            yield f"{pointer}/examples/{escape(name)}/value", example["value"], schema
    for media_type, media in holder.get("content", {}).items():
        yield from holder_examples(document, media, f"{pointer}/content/{escape(media_type)}")


def response_examples(document: Schema, response: Any, pointer: str) -> Iterator[Found]:
    if not isinstance(response, dict) or "$ref" in response:
        return
    for media_type, media in response.get("content", {}).items():
        yield from holder_examples(document, media, f"{pointer}/content/{escape(media_type)}")
    for name, header in response.get("headers", {}).items():
        yield from holder_examples(document, header, f"{pointer}/headers/{escape(name)}")


def all_examples(document: Schema) -> Iterator[Found]:
    components = document.get("components", {})
    for name, schema in components.get("schemas", {}).items():
        yield from schema_examples(schema, f"/components/schemas/{escape(name)}")
    for kind in ("parameters", "headers", "requestBodies"):
        for name, holder in components.get(kind, {}).items():
            yield from holder_examples(document, holder, f"/components/{kind}/{escape(name)}")
    for name, response in components.get("responses", {}).items():
        yield from response_examples(document, response, f"/components/responses/{escape(name)}")
    for path, path_item in document.get("paths", {}).items():
        base = f"/paths/{escape(path)}"
        for index, parameter in enumerate(path_item.get("parameters", [])):
            yield from holder_examples(document, parameter, f"{base}/parameters/{index}")
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            for index, parameter in enumerate(operation.get("parameters", [])):
                yield from holder_examples(
                    document, parameter, f"{base}/{method}/parameters/{index}"
                )
            yield from holder_examples(
                document, operation.get("requestBody"), f"{base}/{method}/requestBody"
            )
            for status, response in operation.get("responses", {}).items():
                yield from response_examples(
                    document, response, f"{base}/{method}/responses/{status}"
                )


def assumption_markers(node: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        if "x-assumption" in node:
            yield pointer
        for key, value in node.items():
            yield from assumption_markers(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from assumption_markers(value, f"{pointer}/{index}")


def load_for_collection(path: Path) -> Schema:
    """The spec for building test tables; a broken spec yields no rows (other tests fail)."""
    try:
        with path.open(encoding="utf-8") as stream:
            document = yaml.safe_load(stream)
    except (OSError, yaml.YAMLError):
        return {}
    return document if isinstance(document, dict) else {}


def example_params(document: Schema) -> list[Any]:
    """One pytest param (example, schema) per example of `document`, with its pointer as id."""
    return [
        pytest.param(instance, schema, id=pointer)
        for pointer, instance, schema in all_examples(document)
    ]


def marker_params(document: Schema) -> list[Any]:
    """One pytest param per `x-assumption` marker of `document`, with its pointer as id."""
    return [pytest.param(pointer, id=pointer) for pointer in assumption_markers(document)]


def violations(document: Schema, schema: Any, instance: Any) -> list[str]:
    """What makes `instance` invalid against `schema` of `document` (its local `$ref`s resolve)."""
    # Rooted beside the components, so `$ref`s and discriminator mappings resolve as in the spec.
    rooted = {"components": document.get("components", {}), "allOf": [schema]}
    validator = OAS30Validator(rooted, format_checker=OAS30Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]
