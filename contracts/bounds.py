"""Every documented bound of a request, read from the spec, and values just inside or outside.

A bound is a length (strings), a count (arrays), an item length (arrays of strings) or a
range (integers), of a body property or a query parameter. Its value just inside must be
accepted; just outside must be a 400 that names the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from contracts.profile import Maker
from contracts.spec import ContractSpec, Node

# keyword -> (kind of value, +1 for an upper bound / -1 for a lower one)
KEYWORDS = {
    "minLength": ("length", -1),
    "maxLength": ("length", 1),
    "minItems": ("count", -1),
    "maxItems": ("count", 1),
    "minimum": ("number", -1),
    "maximum": ("number", 1),
}
Found = tuple[str, str, Node]  # a field's path in the body, its pointer in the spec, its schema
DOMAIN_LABEL = 63  # the longest label a domain name may have
# Addresses no reading of "valid email" (the vendor documents) accepts: each must be a 400.
INVALID_EMAILS = (
    "a@b",
    "@example.com",
    "john@",
    "jo hn@example.com",
    "a@@example.com",
    "jo..hn@example.com",
)


@dataclass(frozen=True)
class Bound:
    """One value to send for one field: at a documented bound (accepted) or just past it."""

    field: str
    keyword: str  # a KEYWORDS key, or "items." + one for the items of an array
    size: int  # the length, count or number to send
    accepted: bool
    schema: Node  # the field's schema: how to build the value
    ref: str  # the field in the spec, for the x-assumption label

    @property
    def label(self) -> str:
        """Return a short id, e.g. `firstName.maxLength=65-400` (the value and its answer)."""
        return f"{self.field}.{self.keyword}={self.size}-{'ok' if self.accepted else '400'}"

    @property
    def what(self) -> str:
        """Return the value in words, e.g. `firstName of length 65`."""
        kind = KEYWORDS[self.keyword.removeprefix("items.")][0]
        items = " items" if self.keyword.startswith("items.") else ""
        return f"{self.field}{items} of {kind} {self.size}"


def _edges(field: str, schema: Node, ref: str, prefix: str = "") -> list[Bound]:
    found = []
    for keyword, (_, step) in KEYWORDS.items():
        if keyword not in schema:
            continue
        limit = int(schema[keyword])
        found.append(Bound(field, prefix + keyword, limit, True, schema, ref))
        # Nothing is shorter than empty: a minimum length of 0 has no outside.
        if step > 0 or limit > 0 or KEYWORDS[keyword][0] == "number":
            found.append(Bound(field, prefix + keyword, limit + step, False, schema, ref))
    return found


def field_bounds(spec: ContractSpec, field: str, schema: Node, ref: str) -> list[Bound]:
    """Return the bounds of one property or parameter schema (and of its items)."""
    schema = spec.resolve(schema)
    found = _edges(field, schema, ref)
    items = spec.resolve(schema.get("items", {}))
    if schema.get("type") == "array" and items.get("type") == "string":
        found += _edges(field, items, ref, "items.")
    return found


def body_bounds(spec: ContractSpec, operation_id: str) -> list[Bound]:
    """Return the bounds of every top-level property of an operation's request body."""
    pointer, schema = spec.request_schema(operation_id)
    return [
        bound
        for name, prop in schema.get("properties", {}).items()
        for bound in field_bounds(spec, name, prop, f"{pointer}/properties/{name}")
    ]


def _objects(spec: ContractSpec, schema: Node, pointer: str, path: str) -> Iterator[Found]:
    """Yield (path, pointer, schema) of each object a value of `schema` is, or holds as items."""
    while isinstance(schema, dict) and "$ref" in schema:
        pointer = schema["$ref"]
        schema = spec.pointer(pointer)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for index, branch in enumerate(schema.get(keyword, [])):
            yield from _objects(spec, branch, f"{pointer}/{keyword}/{index}", path)
    if schema.get("properties"):
        yield path, pointer, schema
    if schema.get("type") == "array":
        yield from _objects(spec, schema.get("items", {}), f"{pointer}/items", f"{path}[]")


def _inner(spec: ContractSpec, schema: Node, pointer: str, path: str) -> Iterator[Found]:
    for where, holder, found in _objects(spec, schema, pointer, path):
        for name, prop in found["properties"].items():
            ref = f"{holder}/properties/{name}"
            yield f"{where}.{name}", ref, prop
            yield from _inner(spec, prop, ref, f"{where}.{name}")


def nested_fields(spec: ContractSpec, operation_id: str) -> list[Found]:
    """Return (path, ref, schema) of each property of the objects inside a request body's fields.

    `data[].firstName` is the firstName of each item of `data`; `creator._id` the `_id` of the
    object `creator` (of the first oneOf branch that declares it).
    """
    pointer, schema = spec.request_schema(operation_id)
    found: dict[str, Found] = {}
    for name, prop in schema.get("properties", {}).items():
        for path, ref, inner in _inner(spec, prop, f"{pointer}/properties/{name}", name):
            found.setdefault(path, (path, ref, inner))
    return list(found.values())


def item_bounds(spec: ContractSpec, operation_id: str, array: str) -> list[Bound]:
    """Return the bounds of each property of the items of the body's array `array`."""
    prefix = f"{array}[]."
    return [
        bound
        for path, ref, schema in nested_fields(spec, operation_id)
        if path.startswith(prefix) and "." not in path.removeprefix(prefix)
        for bound in field_bounds(spec, path.removeprefix(prefix), schema, ref)
    ]


def query_bounds(spec: ContractSpec, operation_id: str) -> list[Bound]:
    """Return the bounds of every query parameter of an operation."""
    return [
        bound
        for ref, param in spec.parameters(operation_id)
        if param["in"] == "query"
        for bound in field_bounds(spec, param["name"], {**param["schema"], **_example(param)}, ref)
    ]


def _example(param: Node) -> Node:
    # A parameter's example (e.g. `[name:asc]` for an array) is the valid item to repeat.
    return {"example": param["example"]} if "example" in param else {}


def email_fields(spec: ContractSpec, operation_id: str) -> list[tuple[str, str]]:
    """Return (field, ref in the spec) of each top-level body property of `format: email`."""
    pointer, schema = spec.request_schema(operation_id)
    return [
        (name, f"{pointer}/properties/{name}")
        for name, prop in schema.get("properties", {}).items()
        if spec.resolve(prop).get("format") == "email"
    ]


def email(length: int) -> str:
    """Return a valid email address of exactly `length` characters (13 or more)."""
    domain = ["x"] * (length - len("a@.com"))
    # Dots cut the domain into labels of at most 63 characters, none empty.
    for i in range(DOMAIN_LABEL - 1, len(domain) - 1, DOMAIN_LABEL):
        domain[i] = "."
    return f"a@{''.join(domain)}.com"


def _items(spec: ContractSpec, schema: Node, count: int) -> list[Any]:
    items = spec.resolve(schema.get("items", {}))
    if schema.get("uniqueItems") or not (schema.get("example") or "example" in items):
        return [f"v{i:03d}" for i in range(count)]
    examples = schema.get("example") or [items["example"]]
    return [examples[i % len(examples)] for i in range(count)]


def value(spec: ContractSpec, bound: Bound, maker: Maker, unique: str | None = None) -> Any:
    """Return the value to send for `bound`; `unique` names a field whose values must differ."""
    kind = KEYWORDS[bound.keyword.removeprefix("items.")][0]
    if bound.keyword.startswith("items."):
        return ["x" * bound.size]
    if kind == "number":
        return bound.size
    if kind == "count":
        return _items(spec, bound.schema, bound.size)
    if bound.schema.get("format") == "email":
        return email(bound.size)
    if bound.field == unique:
        return (maker.phone() + "0" * bound.size)[: bound.size]
    # The run's token first (when it fits): a leftover record still says which run made it.
    return (maker.token() + "x" * bound.size)[: bound.size]
