"""Gomobile and client contacts side by side in one mock: keys, tenants, errors, admin, docs."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mock_helpers import (
    CLIENT_CONTACTS,
    CLIENT_KEY_A,
    CLIENT_KEY_A_CLIENT,
    CLIENT_KEY_B,
    CLIENT_ORG_A,
    CLIENT_ORG_B,
    CONTACTS,
    KEY_A,
    KEY_A_SUPPORT,
    KEY_B,
    ORG_A,
    ORG_B,
    assert_client_error,
    assert_error,
    client_document,
    client_page,
    client_total,
    create_client_contact,
    create_contact,
    gomobile_document,
    object_id,
    ok,
    phone,
    server_errors,
    total,
    unchanged,
)

from mockserver.app import MAX_BODY_BYTES
from mockserver.testing import MockServer

pytestmark = pytest.mark.usefixtures("no_5xx")

ADMIN = "/__admin"
JSON = {"content-type": "application/json"}
# Every client contacts operation, with a request that Souk Digital's key gets a 2xx for.
# {id} is an existing client contact of Souk Digital.
CLIENT_OPERATIONS: dict[str, tuple[str, str, Any]] = {
    "listClientContacts": ("GET", CLIENT_CONTACTS, None),
    "createClientContact": ("POST", CLIENT_CONTACTS, {"name": "John Smith"}),
    "getClientContact": ("GET", f"{CLIENT_CONTACTS}/{{id}}", None),
    "updateClientContact": ("PATCH", f"{CLIENT_CONTACTS}/{{id}}", {"title": "CTO"}),
    "deleteClientContact": ("DELETE", f"{CLIENT_CONTACTS}/{{id}}", None),
}


@pytest.fixture
def admin(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock's admin API."""
    with httpx.Client(base_url=f"{contactkit_mock.url}{ADMIN}") as client:
        yield client


@pytest.fixture
def stranger(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock sending no key unless a request gives one."""
    with httpx.Client(base_url=contactkit_mock.url) as client:
        yield client


@pytest.fixture
def client_id_a(client_api: httpx.Client) -> str:
    """The id of a seeded client contact of Souk Digital."""
    contact_id: str = client_page(client_api, per_page=1)["data"][0]["_id"]
    return contact_id


def _client_dataset(document: dict[str, Any]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = document["datasets"]["client-contacts"]["clientContacts"]
    return records


def _change_both_apis(api: httpx.Client, client_api: httpx.Client) -> None:
    """Create, update and delete in both APIs."""
    create_contact(api, 1)
    seeded = client_page(client_api, per_page=2)["data"]
    create_client_contact(client_api, "New one")
    ok(client_api.patch(f"{CLIENT_CONTACTS}/{seeded[0]['_id']}", json={"title": "Changed"}))
    ok(client_api.delete(f"{CLIENT_CONTACTS}/{seeded[1]['_id']}"))


def test_the_operation_table_covers_the_client_spec() -> None:
    operation_ids = {
        operation["operationId"]
        for item in client_document()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert operation_ids == set(CLIENT_OPERATIONS)


# Keys are per API --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-key"),
        pytest.param({"api-key": ""}, id="empty-key"),
        pytest.param({"api-key": "not-a-key"}, id="unknown-key"),
        pytest.param({"api-key": KEY_A}, id="gomobile-key-in-api-key"),
        pytest.param({"x-api-key": KEY_A}, id="gomobile-key-in-x-api-key"),
        pytest.param({"x-api-key": CLIENT_KEY_A}, id="client-key-in-the-wrong-header"),
        pytest.param({"api-key": CLIENT_KEY_A.upper()}, id="key-in-another-case"),
    ],
)
@pytest.mark.parametrize("operation", sorted(CLIENT_OPERATIONS))
def test_client_contacts_without_a_client_key_is_401(
    contactkit_mock: MockServer,
    stranger: httpx.Client,
    client_id_a: str,
    operation: str,
    headers: dict[str, str],
) -> None:
    method, path, body = CLIENT_OPERATIONS[operation]
    with unchanged(contactkit_mock):
        response = stranger.request(method, path.format(id=client_id_a), json=body, headers=headers)
        [message] = assert_client_error(response, 401)
    assert "API key" in message


def test_the_same_client_requests_succeed_with_the_key(
    client_api: httpx.Client, client_id_a: str
) -> None:
    for operation, (method, path, body) in CLIENT_OPERATIONS.items():
        response = client_api.request(method, path.format(id=client_id_a), json=body)
        assert response.status_code in (200, 201), (operation, response.text)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"x-api-key": CLIENT_KEY_A}, id="client-key"),
        pytest.param({"x-api-key": CLIENT_KEY_B}, id="other-client-key"),
        pytest.param({"api-key": KEY_A}, id="gomobile-key-in-api-key"),
    ],
)
def test_gomobile_without_a_gomobile_key_is_401(
    contactkit_mock: MockServer, stranger: httpx.Client, headers: dict[str, str]
) -> None:
    with unchanged(contactkit_mock):
        for method, body in (("GET", None), ("POST", {"primaryPhone": phone(1)})):
            response = stranger.request(method, CONTACTS, json=body, headers=headers)
            [message] = assert_error(response, 401)
            assert "API key" in message


@pytest.mark.parametrize(
    ("path", "header", "check"),
    [
        pytest.param(CLIENT_CONTACTS, "api-key", assert_client_error, id="client-contacts"),
        pytest.param(CONTACTS, "x-api-key", assert_error, id="gomobile"),
    ],
)
def test_missing_key_message_names_the_api_s_header(
    stranger: httpx.Client, path: str, header: str, check: Any
) -> None:
    assert check(stranger.get(path), 401) == [f"Missing API key: send it in the {header} header"]


def test_a_key_of_the_other_api_is_an_invalid_key(stranger: httpx.Client) -> None:
    client_error = stranger.get(CLIENT_CONTACTS, headers={"api-key": KEY_A})
    gomobile_error = stranger.get(CONTACTS, headers={"x-api-key": CLIENT_KEY_A})
    assert assert_client_error(client_error, 401) == ["Invalid API key"]
    assert assert_error(gomobile_error, 401) == ["Invalid API key"]


def test_both_apis_answer_their_own_keys_side_by_side(
    api: httpx.Client, client_api: httpx.Client
) -> None:
    assert ok(api.get(CONTACTS))["meta"]["total"] == total(api, CONTACTS)
    assert client_page(client_api)["success"] is True


# Organizations ----------------------------------------------------------------------------------

OTHER_ORG_REQUESTS = [
    pytest.param("GET", None, id="get"),
    pytest.param("PATCH", {"title": "CTO"}, id="update"),
    pytest.param("DELETE", None, id="delete"),
]


@pytest.mark.parametrize(("method", "body"), OTHER_ORG_REQUESTS)
def test_another_organization_s_client_contact_is_404_exactly_like_a_missing_one(
    contactkit_mock: MockServer,
    client_api_b: httpx.Client,
    client_id_a: str,
    method: str,
    body: Any,
) -> None:
    missing = object_id(7)
    with unchanged(contactkit_mock):
        foreign = client_api_b.request(method, f"{CLIENT_CONTACTS}/{client_id_a}", json=body)
        assert_client_error(foreign, 404)
    absent = client_api_b.request(method, f"{CLIENT_CONTACTS}/{missing}", json=body)
    assert_client_error(absent, 404)
    assert foreign.json() == {
        **absent.json(),
        "message": absent.json()["message"].replace(missing, client_id_a),
    }


def test_another_key_of_the_same_organization_sees_its_client_contacts(
    contactkit_mock: MockServer, client_api: httpx.Client
) -> None:
    contact = create_client_contact(client_api, "Shared")
    with contactkit_mock.client(CLIENT_KEY_A_CLIENT, api="client-contacts") as same_org:
        assert ok(same_org.get(f"{CLIENT_CONTACTS}/{contact['_id']}"))["data"] == contact
        assert client_total(same_org) == client_total(client_api)


def test_client_lists_show_only_the_organization_s_contacts(
    client_api: httpx.Client, client_api_b: httpx.Client
) -> None:
    ids_a = {c["_id"] for c in client_page(client_api, per_page=100)["data"]}
    ids_b = {c["_id"] for c in client_page(client_api_b, per_page=100)["data"]}
    assert ids_a and ids_b and not ids_a & ids_b


def test_filters_and_search_never_reach_another_organization(
    client_api: httpx.Client, client_api_b: httpx.Client
) -> None:
    contact = create_client_contact(client_api, "Quokka Unique", local_name="كوكا")
    assert client_total(client_api_b, _id=[contact["_id"]]) == 0
    assert client_total(client_api_b, name=["Quokka Unique"]) == 0
    assert client_total(client_api_b, search="quokka unique") == 0
    assert client_total(client_api_b, search="كوكا") == 0
    assert client_total(client_api, _id=[contact["_id"]]) == 1


def test_client_writes_leave_the_other_organization_and_gomobile_alone(
    api: httpx.Client, client_api: httpx.Client, client_api_b: httpx.Client
) -> None:
    before = (total(api, CONTACTS), client_total(client_api_b))
    create_client_contact(client_api, "One more")
    assert (total(api, CONTACTS), client_total(client_api_b)) == before


# Error formats per path prefix --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "check"),
    [
        pytest.param(f"{CLIENT_CONTACTS}/{object_id(1)}/extra", assert_client_error, id="client"),
        pytest.param(f"{CLIENT_CONTACTS}/a/b/c", assert_client_error, id="client-deep"),
        pytest.param(f"{CLIENT_CONTACTS}x", assert_error, id="client-prefix-not-a-segment"),
        pytest.param("/api/nothing", assert_error, id="gomobile"),
        pytest.param("/nothing", assert_error, id="neither"),
    ],
)
def test_unknown_path_answers_in_the_format_of_its_prefix(
    client_api: httpx.Client, path: str, check: Any
) -> None:
    assert check(client_api.get(path), 404) == [f"Cannot GET {path}"]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        pytest.param("PUT", f"{CLIENT_CONTACTS}/{object_id(1)}", "DELETE, GET, PATCH", id="id"),
        pytest.param("POST", f"{CLIENT_CONTACTS}/{object_id(1)}", "DELETE, GET, PATCH", id="post"),
        pytest.param("DELETE", CLIENT_CONTACTS, "GET, POST", id="collection-delete"),
        pytest.param("PATCH", CLIENT_CONTACTS, "GET, POST", id="collection-patch"),
    ],
)
def test_wrong_method_on_client_contacts_is_405_in_its_format(
    contactkit_mock: MockServer, client_api: httpx.Client, method: str, path: str, allow: str
) -> None:
    with unchanged(contactkit_mock):
        response = client_api.request(method, path, json={"name": "x"})
        assert assert_client_error(response, 405) == [f"Cannot {method} {path}"]
    assert response.headers["allow"] == allow


@pytest.mark.parametrize(
    ("raw", "headers", "status", "errors"),
    [
        pytest.param(b'{"name": ', JSON, 400, [], id="malformed-json"),
        pytest.param(b'{"name": NaN}', JSON, 400, [], id="nan"),
        pytest.param(b'{"name": "\xff"}', JSON, 400, [], id="not-utf-8"),
        pytest.param(b"[]", JSON, 400, ["body must be an object"], id="array"),
        pytest.param(b"", JSON, 400, [], id="empty"),
        pytest.param(b'{"name": "x"}', {}, 415, [], id="no-content-type"),
        pytest.param(b'{"name": "x"}', {"content-type": "text/plain"}, 415, [], id="text-plain"),
        pytest.param(b'{"name": "x"}' + b" " * MAX_BODY_BYTES, JSON, 413, [], id="over-1-MiB"),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", CLIENT_CONTACTS, id="create"),
        pytest.param("PATCH", f"{CLIENT_CONTACTS}/{{id}}", id="update"),
    ],
)
def test_bad_body_is_refused_in_the_client_format(
    contactkit_mock: MockServer,
    client_api: httpx.Client,
    client_id_a: str,
    method: str,
    path: str,
    raw: bytes,
    headers: dict[str, str],
    status: int,
    errors: list[str],
) -> None:
    with unchanged(contactkit_mock):
        response = client_api.request(
            method, path.format(id=client_id_a), content=raw, headers=headers
        )
        assert_client_error(response, status)
    assert response.json()["errors"] == errors


def test_body_of_exactly_1_mib_is_accepted(client_api: httpx.Client) -> None:
    raw = json.dumps({"name": "Padded"}).encode()
    response = client_api.post(
        CLIENT_CONTACTS, content=raw + b" " * (MAX_BODY_BYTES - len(raw)), headers=JSON
    )
    assert response.status_code == 201, response.text


# Admin: info, reset, reseed ---------------------------------------------------------------------


def test_info_lists_the_four_organizations_with_their_api_and_counts(
    admin: httpx.Client,
    api: httpx.Client,
    api_b: httpx.Client,
    client_api: httpx.Client,
    client_api_b: httpx.Client,
) -> None:
    organizations = ok(admin.get("/info"))["organizations"]
    assert [(o["id"], o["name"], o["api"], o["apiKeys"]) for o in organizations] == [
        (ORG_A, "Atlas Telecom", "gomobile", [KEY_A, KEY_A_SUPPORT]),
        (ORG_B, "Bahia Retail", "gomobile", [KEY_B]),
        (CLIENT_ORG_A, "Souk Digital", "client-contacts", [CLIENT_KEY_A, CLIENT_KEY_A_CLIENT]),
        (CLIENT_ORG_B, "Atlas Logistics", "client-contacts", [CLIENT_KEY_B]),
    ]
    gomobile_a, gomobile_b, client_a, client_b = organizations
    for org, client in ((gomobile_a, api), (gomobile_b, api_b)):
        assert set(org) == {"id", "name", "api", "apiKeys", "contacts", "audiences"}
        assert org["contacts"] == total(client, CONTACTS) > 0
    for org, client in ((client_a, client_api), (client_b, client_api_b)):
        assert set(org) == {"id", "name", "api", "apiKeys", "clientContacts"}
        assert org["clientContacts"] == client_total(client) > 0


def test_info_counts_follow_client_writes(admin: httpx.Client, client_api: httpx.Client) -> None:
    def count() -> int:
        found: int = ok(admin.get("/info"))["organizations"][2]["clientContacts"]
        return found

    before = count()
    contact = create_client_contact(client_api)
    assert count() == before + 1
    ok(client_api.delete(f"{CLIENT_CONTACTS}/{contact['_id']}"))
    assert count() == before


def test_reset_restores_both_apis(
    admin: httpx.Client, api: httpx.Client, client_api: httpx.Client
) -> None:
    seed = admin.get("/state").content
    _change_both_apis(api, client_api)
    assert admin.get("/state").content != seed
    ok(admin.post("/reset"))
    assert admin.get("/state").content == seed


def test_reseed_reseeds_both_apis_and_back(
    admin: httpx.Client, api: httpx.Client, client_api: httpx.Client
) -> None:
    seed = ok(admin.get("/state"))
    _change_both_apis(api, client_api)
    ok(admin.post("/reseed", json={"seed": 7}))
    seven = ok(admin.get("/state"))["datasets"]
    assert seven["client-contacts"] != seed["datasets"]["client-contacts"]
    assert seven["gomobile"] != seed["datasets"]["gomobile"]
    ok(admin.post("/reseed", json={"seed": 1}))
    assert ok(admin.get("/state")) == seed


def test_reseed_contacts_override_sizes_client_contacts_too(
    admin: httpx.Client, client_api: httpx.Client, client_api_b: httpx.Client
) -> None:
    info = ok(admin.post("/reseed", json={"contacts": 5}))
    assert [o.get("clientContacts") for o in info["organizations"]] == [None, None, 5, 5]
    assert (client_total(client_api), client_total(client_api_b)) == (5, 5)


@pytest.mark.contactkit(profile="empty")
def test_the_empty_profile_has_no_client_contacts(
    client_api: httpx.Client, client_api_b: httpx.Client
) -> None:
    for client in (client_api, client_api_b):
        body = client_page(client)
        assert body["data"] == []
        assert body["pagination"]["total"] == body["pagination"]["total_page"] == 0


def test_the_same_seed_serves_the_same_client_contacts_byte_for_byte(
    contactkit_mock: MockServer, client_api: httpx.Client
) -> None:
    params: dict[str, str | int] = {"per_page": 100, "sort": "name"}
    contactkit_mock.reset(seed=11)
    first = client_api.get(CLIENT_CONTACTS, params=params).content
    contactkit_mock.reset(seed=12)
    assert client_api.get(CLIENT_CONTACTS, params=params).content != first
    contactkit_mock.reset(seed=11)
    assert client_api.get(CLIENT_CONTACTS, params=params).content == first


def test_another_seed_gives_other_client_contact_ids(contactkit_mock: MockServer) -> None:
    contactkit_mock.reset(seed=11)
    eleven = {r["_id"] for r in _client_dataset(contactkit_mock.state.export())}
    contactkit_mock.reset(seed=12)
    twelve = {r["_id"] for r in _client_dataset(contactkit_mock.state.export())}
    assert eleven.isdisjoint(twelve)


# Admin: state export and import ----------------------------------------------------------------


def test_export_holds_both_datasets(admin: httpx.Client) -> None:
    document = ok(admin.get("/state"))
    assert list(document["datasets"]) == ["gomobile", "client-contacts"]
    records = _client_dataset(document)
    assert {r["organizationId"] for r in records} == {CLIENT_ORG_A, CLIENT_ORG_B}


def test_export_then_import_round_trips_both_datasets(
    admin: httpx.Client, api: httpx.Client, client_api: httpx.Client
) -> None:
    exported = admin.get("/state")
    _change_both_apis(api, client_api)
    ok(admin.put("/state", content=exported.content, headers=JSON))
    assert admin.get("/state").content == exported.content


def test_imported_client_contacts_are_what_the_api_serves(
    admin: httpx.Client, client_api: httpx.Client
) -> None:
    exported = ok(admin.get("/state"))
    mine = [r for r in _client_dataset(exported) if r["organizationId"] == CLIENT_ORG_A]
    new = create_client_contact(client_api, "Created after the export")
    ok(client_api.delete(f"{CLIENT_CONTACTS}/{mine[0]['_id']}"))
    ok(admin.put("/state", json=exported))
    assert_client_error(client_api.get(f"{CLIENT_CONTACTS}/{new['_id']}"), 404)
    assert (
        ok(client_api.get(f"{CLIENT_CONTACTS}/{mine[0]['_id']}"))["data"]["_id"] == mine[0]["_id"]
    )
    assert client_total(client_api) == len(mine)
    # The indexes were rebuilt: search and sort see the imported records.
    assert client_total(client_api, name=[mine[0]["name"]]) >= 1


def test_import_of_the_gomobile_dataset_only_leaves_client_contacts_alone(
    admin: httpx.Client, contactkit_mock: MockServer, api: httpx.Client, client_api: httpx.Client
) -> None:
    exported = ok(admin.get("/state"))
    del exported["datasets"]["client-contacts"]
    _change_both_apis(api, client_api)
    clients_before = json.dumps(contactkit_mock.state.export()["datasets"]["client-contacts"])
    ok(admin.put("/state", json=exported))
    after = ok(admin.get("/state"))
    assert after["datasets"]["gomobile"] == exported["datasets"]["gomobile"]
    assert json.dumps(after["datasets"]["client-contacts"]) == clients_before


def test_import_of_the_client_dataset_only_leaves_gomobile_alone(
    admin: httpx.Client, contactkit_mock: MockServer, api: httpx.Client, client_api: httpx.Client
) -> None:
    exported = ok(admin.get("/state"))
    del exported["datasets"]["gomobile"]
    _change_both_apis(api, client_api)
    gomobile_before = json.dumps(contactkit_mock.state.export()["datasets"]["gomobile"])
    ok(admin.put("/state", json=exported))
    after = ok(admin.get("/state"))
    assert after["datasets"]["client-contacts"] == exported["datasets"]["client-contacts"]
    assert json.dumps(after["datasets"]["gomobile"]) == gomobile_before


def _malformed_client_datasets() -> list[Any]:
    """Each breaks the client-contacts dataset of a copy of a valid export."""

    def records(d: dict[str, Any]) -> list[Any]:
        return _client_dataset(d)

    def drop(field: str) -> Any:
        def mutate(d: dict[str, Any]) -> None:
            del records(d)[3][field]

        return mutate

    def duplicate_id(d: dict[str, Any]) -> None:
        records(d)[1]["_id"] = records(d)[0]["_id"]

    def not_an_object(d: dict[str, Any]) -> None:
        records(d)[2] = "contact"

    def dataset(value: Any) -> Any:
        def mutate(d: dict[str, Any]) -> None:
            d["datasets"]["client-contacts"] = value

        return mutate

    return [
        pytest.param(dataset(5), id="dataset-not-an-object"),
        pytest.param(dataset({}), id="no-clientContacts"),
        pytest.param(dataset({"clientContacts": 5}), id="clientContacts-not-a-list"),
        pytest.param(dataset({"clientContacts": None}), id="clientContacts-null"),
        pytest.param(drop("_id"), id="record-without-_id"),
        pytest.param(drop("organizationId"), id="record-without-organizationId"),
        pytest.param(drop("name"), id="record-without-name"),
        pytest.param(drop("creator"), id="record-without-creator"),
        pytest.param(drop("__v"), id="record-without-__v"),
        pytest.param(duplicate_id, id="duplicate-_id"),
        pytest.param(not_an_object, id="record-not-an-object"),
    ]


@pytest.mark.parametrize("mutate", _malformed_client_datasets())
def test_malformed_client_dataset_is_400_and_changes_nothing(
    contactkit_mock: MockServer,
    admin: httpx.Client,
    api: httpx.Client,
    client_api: httpx.Client,
    mutate: Any,
) -> None:
    document = copy.deepcopy(ok(admin.get("/state")))
    # The current state differs from the document in both APIs: a partial import would show.
    _change_both_apis(api, client_api)
    mutate(document)
    with unchanged(contactkit_mock):
        assert_error(admin.put("/state", json=document), 400)
    ok(client_api.get(CLIENT_CONTACTS))
    ok(api.get(CONTACTS))


# Admin: journal and faults -----------------------------------------------------------------------


def test_journal_records_client_requests_with_their_key_and_operation(
    admin: httpx.Client, client_api: httpx.Client
) -> None:
    body = {"name": "Journal"}
    client_api.post(CLIENT_CONTACTS, json=body, params={"trace": "1"})
    [entry] = ok(admin.get("/journal"))["entries"]
    assert entry["method"] == "POST"
    assert entry["path"] == CLIENT_CONTACTS
    assert entry["query"] == "trace=1"
    assert entry["operationId"] == "createClientContact"
    assert entry["status"] == 201
    assert entry["apiKey"] == CLIENT_KEY_A
    assert entry["organizationId"] == CLIENT_ORG_A
    assert entry["body"] == body


@pytest.mark.parametrize(
    ("operation", "method", "path"),
    [
        pytest.param("listClientContacts", "GET", CLIENT_CONTACTS, id="list"),
        pytest.param("getClientContact", "GET", f"{CLIENT_CONTACTS}/{{id}}", id="get"),
        pytest.param("updateClientContact", "PATCH", f"{CLIENT_CONTACTS}/{{id}}", id="update"),
        pytest.param("deleteClientContact", "DELETE", f"{CLIENT_CONTACTS}/{{id}}", id="delete"),
    ],
)
def test_journal_names_each_client_operation(
    contactkit_mock: MockServer,
    client_api_b: httpx.Client,
    operation: str,
    method: str,
    path: str,
) -> None:
    contact_id = client_page(client_api_b, per_page=1)["data"][0]["_id"]
    contactkit_mock.state.journal.clear()
    body = {"title": "CTO"} if method == "PATCH" else None
    client_api_b.request(method, path.format(id=contact_id), json=body)
    [entry] = contactkit_mock.journal(operationId=operation)
    assert (entry["apiKey"], entry["organizationId"], entry["status"]) == (
        CLIENT_KEY_B,
        CLIENT_ORG_B,
        200,
    )


def test_journal_filters_across_both_apis(
    admin: httpx.Client, api: httpx.Client, client_api: httpx.Client, client_api_b: httpx.Client
) -> None:
    api.get(CONTACTS)
    client_api.get(CLIENT_CONTACTS)
    client_api_b.get(CLIENT_CONTACTS)

    def paths(**filters: Any) -> list[tuple[str, str]]:
        entries = ok(admin.get("/journal", params=filters))["entries"]
        return [(e["path"], e["apiKey"]) for e in entries]

    assert paths(path=CLIENT_CONTACTS) == [
        (CLIENT_CONTACTS, CLIENT_KEY_A),
        (CLIENT_CONTACTS, CLIENT_KEY_B),
    ]
    assert paths(apiKey=CLIENT_KEY_B) == [(CLIENT_CONTACTS, CLIENT_KEY_B)]
    assert paths(organizationId=CLIENT_ORG_A) == [(CLIENT_CONTACTS, CLIENT_KEY_A)]
    assert paths(organizationId=ORG_A) == [(CONTACTS, KEY_A)]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        pytest.param(CLIENT_CONTACTS, {"api-key": KEY_A}, id="gomobile-key-on-client-contacts"),
        pytest.param(CONTACTS, {"x-api-key": CLIENT_KEY_A}, id="client-key-on-gomobile"),
    ],
)
def test_journal_gives_no_organization_to_a_key_of_the_other_api(
    admin: httpx.Client, stranger: httpx.Client, path: str, headers: dict[str, str]
) -> None:
    stranger.get(path, headers=headers)
    [entry] = ok(admin.get("/journal"))["entries"]
    assert (entry["status"], entry["apiKey"], entry["organizationId"]) == (
        401,
        next(iter(headers.values())),
        None,
    )


def _forget_injected_failures(mock: MockServer, operation: str) -> None:
    """Clear the journal once its only 5xx answers are the faults injected into `operation`.

    So that the no_5xx check after the test does not count the answers it asked for.
    """
    assert {entry["operationId"] for entry in server_errors(mock)} == {operation}
    mock.state.journal.clear()


def test_fault_on_list_client_contacts_answers_503_in_the_client_format(
    contactkit_mock: MockServer,
    admin: httpx.Client,
    api: httpx.Client,
    client_api: httpx.Client,
    client_id_a: str,
) -> None:
    response = admin.post("/faults", json={"operationId": "listClientContacts", "status": 503})
    assert response.status_code == 201, response.text
    failed = client_api.get(CLIENT_CONTACTS)
    [message] = assert_client_error(failed, 503)
    assert "listClientContacts" in message
    assert failed.headers["retry-after"].isdigit()
    ok(api.get(CONTACTS))
    ok(client_api.get(f"{CLIENT_CONTACTS}/{client_id_a}"))
    entries = ok(admin.get("/journal", params={"operationId": "listClientContacts"}))["entries"]
    assert entries[-1]["status"] == 503
    _forget_injected_failures(contactkit_mock, "listClientContacts")


def test_fault_on_a_client_operation_is_cleared_on_reset(
    admin: httpx.Client, client_api: httpx.Client
) -> None:
    response = admin.post("/faults", json={"operationId": "listClientContacts", "status": 503})
    assert response.status_code == 201, response.text
    assert_client_error(client_api.get(CLIENT_CONTACTS), 503)
    ok(admin.post("/reset"))  # which clears the journal too
    assert ok(admin.get("/faults")) == []
    ok(client_api.get(CLIENT_CONTACTS))


def test_fault_on_a_client_write_changes_nothing(
    contactkit_mock: MockServer, client_api: httpx.Client
) -> None:
    contactkit_mock.inject_fault("createClientContact", 503)
    with unchanged(contactkit_mock):
        assert_client_error(client_api.post(CLIENT_CONTACTS, json={"name": "x"}), 503)
    _forget_injected_failures(contactkit_mock, "createClientContact")


def test_unknown_fault_operation_lists_the_client_operations(admin: httpx.Client) -> None:
    [message] = assert_error(admin.post("/faults", json={"operationId": "nope"}), 400)
    assert all(operation in message for operation in CLIENT_OPERATIONS)


# Documents and /docs -----------------------------------------------------------------------------


def test_client_spec_is_served_as_json_with_a_relative_server(
    contactkit_mock: MockServer,
) -> None:
    response = httpx.get(f"{contactkit_mock.url}/openapi/client-contacts.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["servers"] == [{"url": "/"}]
    expected = json.loads(json.dumps(client_document(), default=str))
    assert {k: v for k, v in document.items() if k != "servers"} == {
        k: v for k, v in expected.items() if k != "servers"
    }


def test_gomobile_spec_is_still_served(contactkit_mock: MockServer) -> None:
    document = httpx.get(f"{contactkit_mock.url}/openapi.json").json()
    assert document["paths"].keys() == gomobile_document()["paths"].keys()


def test_docs_page_lists_both_documents(contactkit_mock: MockServer) -> None:
    response = httpx.get(f"{contactkit_mock.url}/docs/", follow_redirects=True)
    assert response.status_code == 200
    found = re.search(r"urls: (\[.*?\]),\n", response.text)
    assert found, response.text
    urls = json.loads(found.group(1))
    assert urls == [
        {"url": "/openapi.json", "name": "gomobile"},
        {"url": "/openapi/client-contacts.json", "name": "client-contacts"},
    ]
    for entry in urls:
        listed = httpx.get(f"{contactkit_mock.url}{entry['url']}")
        assert listed.status_code == 200
        assert listed.json()["openapi"].startswith("3.0")


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        pytest.param("/docs", 307, None, id="docs-redirects-to-slash"),
        pytest.param("/docs/index.html", 200, "text/html", id="docs-index"),
        pytest.param("/docs/swagger-ui.css", 200, "text/css", id="docs-static-file"),
        pytest.param("/__admin/openapi.json", 200, "application/json", id="admin-document-json"),
        pytest.param("/__admin/openapi.yaml", 200, "text/yaml", id="admin-document-yaml"),
    ],
)
def test_every_docs_route_is_served(
    contactkit_mock: MockServer, path: str, status: int, content_type: str | None
) -> None:
    """Connexion's Swagger UI routes answer though the API requests skip its router."""
    response = httpx.get(f"{contactkit_mock.url}{path}")
    assert response.status_code == status
    if content_type:
        assert response.headers["content-type"].startswith(content_type)
    else:
        assert response.headers["location"] == "/docs/"
