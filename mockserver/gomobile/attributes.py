"""Custom attribute values checked against the organization's definitions (writes and imports)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.fixtures import AttributeDefinition

_VALUE_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}
_TYPE_WORDS = {
    "string": "a string",
    "number": "a number",
    "boolean": "a boolean value",
    "array": "an array of strings",
}


def attribute_errors(
    definitions: Sequence[AttributeDefinition],
    values: Mapping[str, Any],
    prefix: str,
    *,
    removable: bool,
) -> list[str]:
    """Check custom attribute values against the organization's definitions."""
    by_name = {d.name: d for d in definitions}
    errors = []
    for name, value in values.items():
        definition = by_name.get(name)
        if definition is None:
            errors.append(
                f"{prefix}customAttributes.{name} is not a custom attribute of this organization"
            )
        elif value is None and removable:
            continue
        elif not _VALUE_CHECKS[definition.type](value):
            errors.append(f"{prefix}customAttributes.{name} must be {_TYPE_WORDS[definition.type]}")
    return errors
