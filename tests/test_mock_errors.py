"""Bad input of every kind: the right status, the NestJS error body, and nothing changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml
from mock_helpers import (
    AUDIENCES,
    CONTACTS,
    assert_error,
    assert_names,
    first_page,
    gomobile_document,
    phone,
    unchanged,
)

from contactkit.resources import spec_file
from mockserver.app import MAX_BODY_BYTES
from mockserver.testing import MockServer

pytestmark = pytest.mark.usefixtures("no_5xx")

JSON = {"content-type": "application/json"}

# The operations that take a body: a valid body for each, and one of every wrong type.
# {contact} and {audience} are an existing contact and audience of organization A.
BODY_OPERATIONS: dict[str, tuple[str, str, Any, Any, list[str]]] = {
    "createContact": (
        "POST",
        "/api/contact",
        {"primaryPhone": phone(77)},
        {"primaryPhone": 212600, "firstName": 7, "channels": "phone", "customAttributes": []},
        ["primaryPhone", "firstName", "channels", "customAttributes"],
    ),
    "upsertContacts": (
        "POST",
        "/api/contact/upsert",
        {"data": [{"primaryPhone": phone(78)}]},
        {"data": [{"primaryPhone": True}, "contact"]},
        ["data.0.primaryPhone", "data.1"],
    ),
    "updateContact": (
        "PUT",
        "/api/contact/{contact}",
        {"city": "Rabat"},
        {"city": 5, "gender": "other", "primaryEmail": ["a@example.com"]},
        ["city", "gender", "primaryEmail"],
    ),
    "createAudience": (
        "POST",
        "/api/audience",
        {"name": "Padded"},
        {"name": ["VIP"], "description": False},
        ["name", "description"],
    ),
    "updateAudience": (
        "PUT",
        "/api/audience/{audience}",
        {"name": "Padded"},
        {"name": 3.5, "description": {}},
        ["name", "description"],
    ),
    "addAudienceContacts": (
        "POST",
        "/api/audience/{audience}/add-contacts",
        {"contacts": ["{contact}"]},
        {"contacts": [None, 4]},
        ["contacts.0", "contacts.1"],
    ),
}


@pytest.fixture
def ids(api: httpx.Client) -> dict[str, str]:
    """An existing contact and audience of organization A, by placeholder name."""
    return {
        "contact": first_page(api, CONTACTS, limit=1)["data"][0]["id"],
        "audience": first_page(api, AUDIENCES, limit=1)["data"][0]["id"],
    }


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


def _request(
    api: httpx.Client, ids: dict[str, str], operation: str, **kwargs: Any
) -> httpx.Response:
    method, path = BODY_OPERATIONS[operation][:2]
    return api.request(method, path.format(**ids), **kwargs)


def _spec_paths(name: str, base: str = "") -> list[tuple[str, list[str]]]:
    """Return (path, its declared methods sorted) for every path of an OpenAPI document."""
    with spec_file(name).open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    methods = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    return [
        (base + path, sorted(m.upper() for m in item if m in methods))
        for path, item in document["paths"].items()
    ]


def _concrete(path: str) -> str:
    return path.replace("{id}", "550e8400-e29b-41d4-a716-446655440000").replace(
        "{operationId}", "createContact"
    )


# Bodies ------------------------------------------------------------------------------------------

# (name, raw body, headers, status): sent as is to every operation that takes a body.
RAW_BODIES = [
    pytest.param(b'{"name": ', JSON, 400, id="malformed-json"),
    pytest.param(b"{'name': 'x'}", JSON, 400, id="single-quotes"),
    pytest.param(b'{"name": "\xff\xfe"}', JSON, 400, id="not-utf-8"),
    pytest.param(b'{"name": NaN}', JSON, 400, id="nan"),
    pytest.param(b'{"name": Infinity}', JSON, 400, id="infinity"),
    pytest.param(b"", JSON, 400, id="empty"),
    pytest.param(b"   \n", JSON, 400, id="whitespace"),
    pytest.param(b"", {}, 400, id="no-body-no-content-type"),
    pytest.param(b"null", JSON, 400, id="null"),
    pytest.param(b"[]", JSON, 400, id="array"),
    pytest.param(b'"text"', JSON, 400, id="string"),
    pytest.param(b"42", JSON, 400, id="number"),
    pytest.param(b'{"name": "x"}', {}, 415, id="no-content-type"),
    pytest.param(b'{"name": "x"}', {"content-type": "text/plain"}, 415, id="text-plain"),
    pytest.param(b"name=x", {"content-type": "application/x-www-form-urlencoded"}, 415, id="form"),
    pytest.param(b"<name>x</name>", {"content-type": "application/xml"}, 415, id="xml"),
]


@pytest.mark.parametrize("operation", sorted(BODY_OPERATIONS))
@pytest.mark.parametrize(("raw", "headers", "status"), RAW_BODIES)
def test_bad_body_is_refused_and_changes_nothing(
    contactkit_mock: MockServer,
    api: httpx.Client,
    ids: dict[str, str],
    operation: str,
    raw: bytes,
    headers: dict[str, str],
    status: int,
) -> None:
    with unchanged(contactkit_mock):
        assert_error(_request(api, ids, operation, content=raw, headers=headers), status)


@pytest.mark.parametrize("operation", sorted(BODY_OPERATIONS))
def test_wrong_types_are_400_naming_every_field(
    contactkit_mock: MockServer, api: httpx.Client, ids: dict[str, str], operation: str
) -> None:
    wrong, fields = BODY_OPERATIONS[operation][3:]
    with unchanged(contactkit_mock):
        messages = assert_error(_request(api, ids, operation, json=wrong), 400)
    for field in fields:
        assert_names(messages, field)


@pytest.mark.parametrize("operation", sorted(BODY_OPERATIONS))
def test_unknown_field_is_400_should_not_exist(
    contactkit_mock: MockServer, api: httpx.Client, ids: dict[str, str], operation: str
) -> None:
    body = {**_fill(BODY_OPERATIONS[operation][2], ids), "foo": 1}
    with unchanged(contactkit_mock):
        messages = assert_error(_request(api, ids, operation, json=body), 400)
    assert "property foo should not exist" in messages


def test_unknown_field_in_an_upsert_item_names_its_index(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    body = {"data": [{"primaryPhone": phone(1)}, {"primaryPhone": phone(2), "foo": 1}]}
    with unchanged(contactkit_mock):
        messages = assert_error(api.post(f"{CONTACTS}/upsert", json=body), 400)
    assert "property data.1.foo should not exist" in messages


def _padded(body: Any, size: int) -> bytes:
    """Return `body` as JSON padded with trailing spaces to exactly `size` bytes."""
    raw = json.dumps(body).encode()
    return raw + b" " * (size - len(raw))


@pytest.mark.parametrize("operation", sorted(BODY_OPERATIONS))
def test_body_of_exactly_1_mib_is_accepted(
    api: httpx.Client, ids: dict[str, str], operation: str
) -> None:
    raw = _padded(_fill(BODY_OPERATIONS[operation][2], ids), MAX_BODY_BYTES)
    response = _request(api, ids, operation, content=raw, headers=JSON)
    assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize("operation", sorted(BODY_OPERATIONS))
def test_body_over_1_mib_is_413(
    contactkit_mock: MockServer, api: httpx.Client, ids: dict[str, str], operation: str
) -> None:
    raw = _padded(_fill(BODY_OPERATIONS[operation][2], ids), MAX_BODY_BYTES + 1)
    with unchanged(contactkit_mock):
        assert_error(_request(api, ids, operation, content=raw, headers=JSON), 413)


def _chunks(raw: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(raw), size):
        yield raw[start : start + size]


@pytest.mark.parametrize("operation", sorted(BODY_OPERATIONS))
def test_chunked_body_over_1_mib_is_413(
    contactkit_mock: MockServer, api: httpx.Client, ids: dict[str, str], operation: str
) -> None:
    raw = _padded(_fill(BODY_OPERATIONS[operation][2], ids), MAX_BODY_BYTES + 1)
    with unchanged(contactkit_mock):
        response = _request(api, ids, operation, content=_chunks(raw), headers=JSON)
        assert_error(response, 413)


def test_chunked_body_is_read(api: httpx.Client) -> None:
    raw = json.dumps({"primaryPhone": phone(1), "firstName": "Chunked"}).encode()
    response = api.post(CONTACTS, content=_chunks(raw, 8), headers=JSON)
    assert response.status_code == 201, response.text
    assert response.json()["firstName"] == "Chunked"


def test_empty_post_body_says_it_is_required(api: httpx.Client) -> None:
    messages = assert_error(api.post(CONTACTS), 400)
    assert any("body" in m.lower() for m in messages), messages


# Paths -------------------------------------------------------------------------------------------

ID_OPERATIONS = [
    pytest.param("GET", "/api/contact/{id}", None, id="getContact"),
    pytest.param("PUT", "/api/contact/{id}", {"city": "Rabat"}, id="updateContact"),
    pytest.param("DELETE", "/api/contact/{id}", None, id="deleteContact"),
    pytest.param("GET", "/api/audience/{id}", None, id="getAudience"),
    pytest.param("PUT", "/api/audience/{id}", {"name": "Renamed"}, id="updateAudience"),
    pytest.param("DELETE", "/api/audience/{id}", None, id="deleteAudience"),
    pytest.param("GET", "/api/audience/{id}/contacts", None, id="listAudienceContacts"),
    pytest.param(
        "POST",
        "/api/audience/{id}/add-contacts",
        {"contacts": ["550e8400-e29b-41d4-a716-446655440000"]},
        id="addAudienceContacts",
    ),
]
MALFORMED_IDS = [
    "not-a-uuid",
    "550e8400-e29b-41d4-a716-44665544000",
    "550e8400-e29b-41d4-a716-4466554400000",
    "550e8400e29b41d4a716446655440000",
    "550e8400-e29b-41d4-a716-44665544000g",
    "%7B550e8400-e29b-41d4-a716-446655440000%7D",
    "%20",
    "%E2%82%AC",
    "%FF",
]
CONTROL_CHARACTER_IDS = [
    "550e8400-e29b-41d4-a716-446655440000%0A",
    "%0A",
    "550e8400-e29b-41d4-a716-446655440000%0D",
    "550e8400-e29b-41d4-a716-446655440000%00",
    "550e8400-%09e29b-41d4-a716-446655440000",
]


@pytest.mark.parametrize(("method", "path", "body"), ID_OPERATIONS)
def test_malformed_uuid_in_the_path_is_400(
    contactkit_mock: MockServer, api: httpx.Client, method: str, path: str, body: Any
) -> None:
    with unchanged(contactkit_mock):
        for bad_id in MALFORMED_IDS:
            response = api.request(method, path.format(id=bad_id), json=body)
            messages = assert_error(response, 400)
            assert messages == ["Validation failed (uuid is expected)"], bad_id


@pytest.mark.parametrize(("method", "path", "body"), ID_OPERATIONS)
def test_control_character_in_a_path_parameter_is_400_not_500(
    contactkit_mock: MockServer, api: httpx.Client, method: str, path: str, body: Any
) -> None:
    with unchanged(contactkit_mock):
        for bad_id in CONTROL_CHARACTER_IDS:
            assert_error(api.request(method, path.format(id=bad_id), json=body), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/x",
        "/api",
        "/api/contacts",
        "/api/contact/550e8400-e29b-41d4-a716-446655440000/extra",
        "/api/audience/550e8400-e29b-41d4-a716-446655440000/members",
        "/api/contact//x",
        "/__admin/nothing",
    ],
)
def test_unknown_path_is_404_cannot_get(api: httpx.Client, path: str) -> None:
    assert assert_error(api.get(path), 404) == [f"Cannot GET {path}"]


def _wrong_methods() -> list[Any]:
    params = []
    documented = [*_spec_paths("gomobile.yaml"), *_spec_paths("mock-admin.yaml", "/__admin")]
    for path, allowed in documented:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if method not in allowed:
                params.append(pytest.param(method, path, allowed, id=f"{method} {path}"))
    return params


@pytest.mark.parametrize(("method", "path", "allowed"), _wrong_methods())
def test_wrong_method_is_405_allowing_every_method_of_the_path(
    contactkit_mock: MockServer, api: httpx.Client, method: str, path: str, allowed: list[str]
) -> None:
    concrete = _concrete(path)
    with unchanged(contactkit_mock):
        response = api.request(method, concrete, json={} if method != "GET" else None)
        assert assert_error(response, 405) == [f"Cannot {method} {concrete}"]
    assert response.headers["allow"] == ", ".join(allowed)


def test_the_405_table_covers_a_path_with_three_methods() -> None:
    paths = dict(_spec_paths("gomobile.yaml"))
    assert paths["/api/contact/{id}"] == ["DELETE", "GET", "PUT"]
    assert set(paths) == set(gomobile_document()["paths"])


# Queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"page": "\x00"}, id="nul-page"),
        pytest.param({"search": "\n"}, id="newline-search"),
        pytest.param({"search": "\u00e9\u20ac\U0001f600"}, id="unicode-search"),
        pytest.param({"sortBy": "firstName\n"}, id="newline-sortBy"),
        pytest.param({"limit": "9" * 40}, id="huge-limit"),
        pytest.param({"page": "9" * 40}, id="huge-page"),
    ],
)
def test_odd_query_values_are_never_a_server_error(
    api: httpx.Client, params: dict[str, str]
) -> None:
    response = api.get(CONTACTS, params=params)
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        assert_error(response, response.status_code)
