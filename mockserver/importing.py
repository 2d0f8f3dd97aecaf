"""Checks of an imported state document's records, shared by every dataset's `restore`.

An import is validated like the writes that made the records: each record against the spec's
schema of what the API serves (the response schema, plus the fields the mock keeps besides:
the stored form), and the rules the handlers keep: unique ids, unique values among a tenant's
active records, tenants that are organizations of the API. Every violation is listed, each
naming the record (`gomobile contacts[3] (id …): firstName must be a string`), so one import
attempt shows everything to fix; the state then loads all datasets or none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import jsonschema_rs
import yaml
from jsonschema import validators

from contactkit.resources import spec_file
from mockserver.emails import is_email
from mockserver.quiet import connexion_imports

# The datasets import this module, and `State` them: often the first import of Connexion in a
# process (a user's MockServer script, `contactkit mock`), whose deprecations stay unseen.
with connexion_imports():
    from connexion.json_schema import Draft4ResponseValidator, resolve_refs

    from mockserver.validation import FORMAT_CHECKER, pattern_check, violations

Record = dict[str, Any]
# Connexion's response validator (nullable, writeOnly) with ECMA-262 `pattern`.
StoredRecordValidator = validators.extend(Draft4ResponseValidator, {"pattern": pattern_check})


@cache
def _components(spec: str) -> Mapping[str, Any]:
    """Return the component schemas of openapi/`spec`, every $ref resolved."""
    with spec_file(spec).open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    resolved: Mapping[str, Any] = resolve_refs(document)["components"]["schemas"]
    return resolved


class RecordValidator:
    """Checks stored records: in Rust for speed, worded by our validator when one fails.

    100,000 contacts take about 30 s through jsonschema and well under a second through
    jsonschema-rs; the few records that fail are checked again for the vendor's wording.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self._worded = StoredRecordValidator(schema, format_checker=FORMAT_CHECKER)
        self._fast = jsonschema_rs.Draft4Validator(
            _json_schema(schema), formats={"email": is_email}, validate_formats=True
        )

    def messages(self, record: Record) -> list[str]:
        """Return every violation of `record`, worded; none when it is valid."""
        if self._fast.is_valid(record):
            return []
        worded = violations(self._worded, record, "record")
        return worded or [error.message for error in self._fast.iter_errors(record)]


def _json_schema(node: Any) -> Any:
    """Return an OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a "null" type."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
        if "enum" in converted and None not in converted["enum"]:
            converted["enum"] = [*converted["enum"], None]
    return converted


def stored_schema(
    spec: str, served: str, fields: Sequence[str], kept: Mapping[str, Any] | None = None
) -> RecordValidator:
    """Return a validator of records stored with `fields`, served as the schema `served`.

    `kept` maps the fields the mock keeps in another form than it serves (or does not serve)
    to their schema, or to the name of the component schema they are kept as.
    """
    components = _components(spec)
    served_schema = components[served]
    # A field the API may leave out is stored as null while unset (and left out when served).
    properties = {
        name: prop if name in served_schema.get("required", ()) else {**prop, "nullable": True}
        for name, prop in served_schema["properties"].items()
    }
    properties.update(
        {
            field: components[schema] if isinstance(schema, str) else schema
            for field, schema in (kept or {}).items()
        }
    )
    return RecordValidator(
        {
            "type": "object",
            "properties": properties,
            "required": list(fields),
            "additionalProperties": False,
        }
    )


class ImportCheck:
    """The violations found in one dataset of a state document, each naming its record."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.messages: list[str] = []

    def records(self, dump: Mapping[str, Any], table: str) -> list[Record]:
        """Return `dump[table]` if it is a list of objects, noting a violation otherwise."""
        found = dump.get(table)
        if not isinstance(found, list):
            self.messages.append(f"{self.api} {table} must be a list of records")
            return []
        for index, record in enumerate(found):
            if not isinstance(record, dict):
                self.messages.append(f"{self.api} {table}[{index}] must be an object")
        return [record for record in found if isinstance(record, dict)]

    def where(self, table: str, index: int, record: Record, id_field: str) -> str:
        """Return how a message names a record: `gomobile contacts[3] (id 9f0c…)`."""
        return f"{self.api} {table}[{index}] ({id_field} {record.get(id_field)!r})"

    def schema(
        self, table: str, records: Sequence[Record], validator: RecordValidator, id_field: str
    ) -> None:
        """Note every schema violation of every record."""
        self.each(table, records, id_field, validator.messages)

    def unique(self, table: str, values: Iterable[str]) -> None:
        """Note every value (`id '9f0c…'`) that must be unique and is given more than once."""
        for value, count in Counter(values).items():
            if count > 1:
                self.messages.append(f"{self.api} {table}: {value} is used {count} times")

    def tenants(
        self, table: str, records: Sequence[Record], organizations: Collection[str], id_field: str
    ) -> None:
        """Note every record whose organization is no organization of this API."""
        for index, record in enumerate(records):
            tenant = record.get("organizationId")
            if isinstance(tenant, str) and tenant not in organizations:
                self.messages.append(
                    f"{self.where(table, index, record, id_field)}: organizationId {tenant!r} "
                    f"is no {self.api} organization of the fixtures"
                )

    def each(self, table: str, records: Sequence[Record], id_field: str, rule: Rule) -> None:
        """Note what `rule` finds wrong with each record (a list of messages, maybe empty)."""
        for index, record in enumerate(records):
            where = self.where(table, index, record, id_field)
            self.messages += [f"{where}: {message}" for message in rule(record)]


Rule = Callable[[Record], list[str]]
