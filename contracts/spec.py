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
class ListOperation:
    """A list operation with its search fields (x-searchable-fields) and sort fields (enum)."""

    operation_id: str
    path: str
    searchable: tuple[str, ...]
    sortable: tuple[str, ...]


class ContractSpec:
    """Read-only access to one OpenAPI document."""

    def __init__(self, name: str) -> None:
        self.path: Path = spec_file(name)
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

    def marker(self, ref: str) -> str:
        """Return the pointer of the element whose x-assumption covers `ref` ($refs followed)."""
        pointer, node = ref, self.pointer(ref)
        while isinstance(node, dict) and "$ref" in node and not node.get("x-assumption"):
            pointer = node["$ref"]
            node = self.pointer(pointer)
        return pointer

    @cached_property
    def operations(self) -> dict[str, tuple[str, str, Node]]:
        """Return operationId -> (METHOD, path, operation) for every operation."""
        found = {}
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    found[operation["operationId"]] = (method.upper(), path, operation)
        return found

    def operation_ref(self, operation_id: str) -> str:
        """Return the JSON pointer of an operation, e.g. #/paths/~1api~1contact~1{id}/put."""
        method, path, _ = self.operations[operation_id]
        return f"#/paths/{path.replace('~', '~0').replace('/', '~1')}/{method.lower()}"

    def parameters(self, operation_id: str) -> list[tuple[str, Node]]:
        """Return (pointer, resolved parameter) for each parameter the operation declares."""
        operation = self.operations[operation_id][2]
        base = f"{self.operation_ref(operation_id)}/parameters"
        return [
            (p.get("$ref", f"{base}/{i}"), self.resolve(p))
            for i, p in enumerate(operation.get("parameters", []))
        ]

    def query_parameter(self, operation_id: str, name: str) -> Node:
        """Return the resolved schema of one query parameter of an operation."""
        param = next(p for _, p in self.parameters(operation_id) if p["name"] == name)
        return dict(self.resolve(param["schema"]))

    def list_operation(self, operation_id: str, sort_param: str) -> ListOperation:
        """Return a list operation's searchable fields and the fields `sort_param` takes.

        A descending variant written `-field` (as in `sort=-createdAt`) names the same field.
        """
        _, path, operation = self.operations[operation_id]
        enum = self.query_parameter(operation_id, sort_param)["enum"]
        return ListOperation(
            operation_id,
            path,
            tuple(operation.get("x-searchable-fields", ())),
            tuple(dict.fromkeys(value.removeprefix("-") for value in enum)),
        )

    def request_schema(self, operation_id: str) -> tuple[str, Node]:
        """Return (pointer, resolved schema) of an operation's JSON request body."""
        body = self.resolve(self.operations[operation_id][2]["requestBody"])
        schema = body["content"]["application/json"]["schema"]
        pointer = schema.get("$ref", f"{self.operation_ref(operation_id)}/requestBody")
        return pointer, dict(self.resolve(schema))
