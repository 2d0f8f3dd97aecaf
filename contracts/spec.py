"""The contract as the suite reads it: the OpenAPI document, with local $refs resolved."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from contactkit.resources import spec_file

Node = dict[str, Any]


@dataclass(frozen=True)
class Limit:
    """A length bound of one request field, from the spec."""

    schema: str
    field: str
    min_length: int | None
    max_length: int | None


@dataclass(frozen=True)
class ListOperation:
    """A list operation with its search fields (x-searchable-fields) and sort fields (enum)."""

    operation_id: str
    path: str
    searchable: tuple[str, ...]
    sortable: tuple[str, ...]


class ContractSpec:
    """Read-only access to one OpenAPI document."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or spec_file("gomobile.yaml")
        with self.path.open(encoding="utf-8") as handle:
            self.document: Node = yaml.safe_load(handle)

    def resolve(self, node: Any) -> Any:
        """Follow a local $ref (repeatedly) and return the node it names."""
        while isinstance(node, dict) and "$ref" in node:
            node = self.pointer(node["$ref"])
        return node

    def pointer(self, ref: str) -> Any:
        """Return the node at a local JSON pointer such as #/components/schemas/Uuid."""
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def is_assumption(self, ref: str) -> bool:
        """Tell whether the element at `ref` is marked x-assumption: true."""
        try:
            return bool(self.resolve(self.pointer(ref)).get("x-assumption"))
        except (KeyError, TypeError, AttributeError):
            return False

    @cached_property
    def operations(self) -> dict[str, tuple[str, str, Node]]:
        """Return operationId -> (METHOD, path, operation) for every operation."""
        found = {}
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    found[operation["operationId"]] = (method.upper(), path, operation)
        return found

    def list_operations(self) -> list[ListOperation]:
        """Return every operation that declares x-searchable-fields."""
        lists = []
        for operation_id, (_, path, operation) in self.operations.items():
            if "x-searchable-fields" not in operation:
                continue
            params = [self.resolve(p) for p in operation.get("parameters", [])]
            sort = next(p for p in params if p["name"] == "sortBy")
            lists.append(
                ListOperation(
                    operation_id,
                    path,
                    tuple(operation["x-searchable-fields"]),
                    tuple(self.resolve(sort["schema"])["enum"]),
                )
            )
        return lists

    def query_parameter(self, operation_id: str, name: str) -> Node:
        """Return the resolved schema of one query parameter of an operation."""
        operation = self.operations[operation_id][2]
        params = [self.resolve(p) for p in operation.get("parameters", [])]
        return dict(self.resolve(next(p for p in params if p["name"] == name)["schema"]))

    def string_limits(self, schema_name: str) -> list[Limit]:
        """Return the length bounds of every string property of a request schema."""
        schema = self.resolve(self.pointer(f"#/components/schemas/{schema_name}"))
        limits = []
        for field, prop in schema.get("properties", {}).items():
            prop = self.resolve(prop)
            if prop.get("type") == "string" and ("minLength" in prop or "maxLength" in prop):
                limits.append(
                    Limit(schema_name, field, prop.get("minLength"), prop.get("maxLength"))
                )
        return limits
