"""Helpers shared by the mock's HTTP tests (tests/test_mock_*.py): keys, bodies, assertions."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from contactkit.resources import spec_file
from mockserver.testing import MockServer

KEY_A = "test-key-org-a"
KEY_A_SUPPORT = "test-key-org-a-support"
KEY_B = "test-key-org-b"
ORG_A = "660e8400-e29b-41d4-a716-446655440001"
ORG_B = "660e8400-e29b-41d4-a716-446655440002"
USER_A = "770e8400-e29b-41d4-a716-4466554400a1"
USER_A_SUPPORT = "770e8400-e29b-41d4-a716-4466554400a2"

CONTACTS = "/api/contact"
AUDIENCES = "/api/audience"


@cache
def gomobile_document() -> dict[str, Any]:
    """Return the parsed openapi/gomobile.yaml, for tables built at collection time."""
    with spec_file("gomobile.yaml").open(encoding="utf-8") as stream:
        document: dict[str, Any] = yaml.safe_load(stream)
    return document


def schema(name: str) -> dict[str, Any]:
    """Return the components schema `name` of the Gomobile spec."""
    found: dict[str, Any] = gomobile_document()["components"]["schemas"][name]
    return found


def string_limits(schema_name: str) -> list[tuple[str, int | None, int | None]]:
    """Return (field, minLength, maxLength) of every string property of a schema with a limit."""
    return [
        (name, prop.get("minLength"), prop.get("maxLength"))
        for name, prop in schema(schema_name)["properties"].items()
        if "minLength" in prop or "maxLength" in prop
    ]


def length_bounds(schema_name: str, inside: bool) -> list[Any]:
    """Return pytest params (field, length) at each bound of each string limit, or just past it."""
    params = []
    for field, low, high in string_limits(schema_name):
        for name, bound, step in (("min", low, -1), ("max", high, 1)):
            if bound is None:
                continue
            length = bound if inside else bound + step
            if length < 0:
                continue
            label = f"{field}-{name}" if inside else f"{field}-{name}{step:+d}"
            params.append(pytest.param(field, length, id=label))
    return params


def request_example(operation_id: str) -> list[tuple[str, Any]]:
    """Return (name, value) of each request body example of an operation."""
    for item in gomobile_document()["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                examples = operation["requestBody"]["content"]["application/json"]["examples"]
                return [(name, example["value"]) for name, example in examples.items()]
    raise KeyError(operation_id)


def phone(number: int) -> str:
    """Return a distinct Moroccan-style E.164 phone number for `number`."""
    return f"+2126{number:08d}"


def random_id() -> str:
    """Return a fresh UUID no resource has."""
    return str(uuid.uuid4())


def assert_error(response: httpx.Response, status: int) -> list[str]:
    """Assert a NestJS error body with `status`; return its messages as a list."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"statusCode", "message", "error"}, body
    assert body["statusCode"] == status
    assert body["error"] == HTTPStatus(status).phrase
    message = body["message"]
    if isinstance(message, str):
        return [message]
    assert isinstance(message, list), body
    assert message, "a 400 must list at least one violation"
    assert all(isinstance(item, str) for item in message), body
    return message


def assert_names(messages: list[str], field: str) -> None:
    """Assert that one of the messages names `field` ("field ...", "field.0 ...", "field's")."""
    named = re.compile(rf"(?<![\w.]){re.escape(field)}(?=[ .']|$)")
    assert any(named.search(m) for m in messages), (field, messages)


def created(response: httpx.Response) -> dict[str, Any]:
    """Assert a 201 and return its JSON body."""
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(response: httpx.Response) -> Any:
    """Assert a 200 and return its JSON body."""
    assert response.status_code == 200, response.text
    return response.json()


def create_contact(client: httpx.Client, number: int = 1, **fields: Any) -> dict[str, Any]:
    """Create a contact with phone(number) unless `fields` give primaryPhone; return it."""
    return created(client.post(CONTACTS, json={"primaryPhone": phone(number), **fields}))


def create_audience(client: httpx.Client, name: str = "Test audience", **fields: Any) -> Any:
    """Create an audience; return it."""
    return created(client.post(AUDIENCES, json={"name": name, **fields}))


def upsert(client: httpx.Client, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Upsert `items` (one request) and return the response body."""
    return created(client.post(f"{CONTACTS}/upsert", json={"data": items}))


def add_contacts(client: httpx.Client, audience_id: str, contact_ids: list[str]) -> Any:
    """Add contacts to an audience, asserting 201; return the ids the mock answered."""
    response = client.post(
        f"{AUDIENCES}/{audience_id}/add-contacts", json={"contacts": contact_ids}
    )
    return created(response)


def first_page(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    """GET a list and return its body, asserting 200."""
    body: dict[str, Any] = ok(client.get(path, params=params))
    return body


def total(client: httpx.Client, path: str, **params: Any) -> int:
    """Return meta.total of a list."""
    count: int = first_page(client, path, limit=1, **params)["meta"]["total"]
    return count


def walk(client: httpx.Client, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Return every item of a list, page after page, until hasNextPage is false."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = first_page(client, path, page=page, limit=limit, **params)
        items += body["data"]
        if not body["meta"]["hasNextPage"]:
            return items
        page += 1


def snapshot(mock: MockServer) -> str:
    """Return the whole state as canonical JSON (the export holds live records: copy them)."""
    return json.dumps(mock.state.export(), sort_keys=True)


@contextmanager
def unchanged(mock: MockServer) -> Iterator[None]:
    """Assert that the block leaves the mock's data exactly as it was."""
    before = snapshot(mock)
    yield
    assert snapshot(mock) == before, "the request changed the mock's state"


def server_errors(mock: MockServer) -> list[Mapping[str, Any]]:
    """Return the journal entries answered with a 5xx."""
    return [entry for entry in mock.journal() if entry["status"] >= 500]


# Mock subprocesses (the spawn_mock fixture) --------------------------------------------------


@dataclass
class MockProcess:
    """A `contactkit mock` subprocess on a free loopback port."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        """Return what the process printed so far (stdout and stderr)."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 30) -> int:
        """Send SIGTERM and wait for the process to exit; return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def free_port() -> int:
    """Return a loopback TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def mock_command(*args: str) -> list[str]:
    """Return the command line of `contactkit mock ARGS` from this virtualenv."""
    return [str(Path(sys.executable).with_name("contactkit")), "mock", *args]


# The client contacts API (openapi/client-contacts.yaml, header api-key) -------------------------

CLIENT_CONTACTS = "/client-contacts"
CLIENT_KEY_A = "test-client-key-a"
CLIENT_KEY_A_CLIENT = "test-client-key-a-client"
CLIENT_KEY_B = "test-client-key-b"
CLIENT_ORG_A = "880e8400-e29b-41d4-a716-446655440011"
CLIENT_ORG_B = "880e8400-e29b-41d4-a716-446655440012"
# The creator / editor object of each key's user (fixtures/organizations.yaml).
CLIENT_USER_A = {
    "_id": "64b7f0a1c2d3e4f5a6b7c801",
    "username": "hind.sebti",
    "name": "Hind Sebti",
    "type": "admin",
}
CLIENT_USER_A_CLIENT = {
    "_id": "64b7f0a1c2d3e4f5a6b7c803",
    "username": "omar.kabbaj",
    "name": "Omar Kabbaj",
    "type": "client",
}
CLIENT_USER_B = {
    "_id": "64b7f0a1c2d3e4f5a6b7c901",
    "username": "reda.mansouri",
    "name": "Reda Mansouri",
    "type": "rep",
}
OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


@cache
def client_document() -> dict[str, Any]:
    """Return the parsed openapi/client-contacts.yaml, for tables built at collection time."""
    with spec_file("client-contacts.yaml").open(encoding="utf-8") as stream:
        document: dict[str, Any] = yaml.safe_load(stream)
    return document


def object_id(number: int) -> str:
    """Return a well-formed ObjectId no client contact has (its timestamp is 0)."""
    return f"{number:024x}"


def assert_client_error(response: httpx.Response, status: int) -> list[str]:
    """Assert a client contacts error body with `status`; return message and errors as a list.

    The body is `{success: false, message, errors: [...]}`; for a 400 that lists violations,
    message is "Validation failed" and the returned list is `errors`.
    """
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"success", "message", "errors"}, body
    assert body["success"] is False
    assert isinstance(body["message"], str) and body["message"], body
    errors = body["errors"]
    assert isinstance(errors, list) and all(isinstance(e, str) for e in errors), body
    if errors:
        return list(errors)
    return [body["message"]]


def create_client_contact(
    client: httpx.Client, name: str = "John Smith", **fields: Any
) -> dict[str, Any]:
    """Create a client contact named `name`; return its `data`."""
    body = created(client.post(CLIENT_CONTACTS, json={"name": name, **fields}))
    assert body["success"] is True, body
    data: dict[str, Any] = body["data"]
    return data


def client_page(client: httpx.Client, **params: Any) -> dict[str, Any]:
    """GET /client-contacts with `params` and return the body, asserting 200."""
    body: dict[str, Any] = ok(client.get(CLIENT_CONTACTS, params=params))
    assert body["success"] is True, body
    return body


def client_ids(client: httpx.Client, **params: Any) -> list[str]:
    """Return the `_id`s of one page of /client-contacts, in order."""
    return [item["_id"] for item in client_page(client, **params)["data"]]


def client_total(client: httpx.Client, **params: Any) -> int:
    """Return pagination.total of /client-contacts with `params`."""
    count: int = client_page(client, per_page=1, **params)["pagination"]["total"]
    return count


def client_walk(client: httpx.Client, per_page: int, **params: Any) -> list[dict[str, Any]]:
    """Return every client contact of a list, page after page, until next_page is 0."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = client_page(client, page=page, per_page=per_page, **params)
        items += body["data"]
        if body["pagination"]["next_page"] == 0:
            return items
        page = body["pagination"]["next_page"]


# Snapshots of the state (exports, saved files) ------------------------------------------------


def assert_invariants(document: dict[str, Any]) -> None:
    """Active phones are unique per organization; members are active contacts of its own."""
    gomobile = document["datasets"]["gomobile"]
    active = {c["id"]: c for c in gomobile["contacts"] if c["deletedAt"] is None}
    phones = Counter((c["organizationId"], c["primaryPhone"]) for c in active.values())
    shared = [key for key, count in phones.items() if count > 1]
    assert not shared, f"active contacts share a phone: {shared}"
    organization = {a["id"]: a["organizationId"] for a in gomobile["audiences"]}
    for audience_id, contact_id in gomobile["audienceMembers"]:
        assert contact_id in active, f"audience {audience_id} has inactive member {contact_id}"
        assert active[contact_id]["organizationId"] == organization[audience_id]
