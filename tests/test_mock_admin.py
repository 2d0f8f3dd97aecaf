"""The admin API (/__admin): info, reset, reseed, state export/import, journal, faults, token."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mock_helpers import (
    AUDIENCES,
    CONTACTS,
    KEY_A,
    KEY_B,
    ORG_A,
    ORG_B,
    assert_error,
    create_audience,
    create_contact,
    first_page,
    ok,
    phone,
    random_id,
    total,
    unchanged,
)
from starlette.testclient import TestClient

from mockserver.app import AppOptions, create_app
from mockserver.journal import Journal
from mockserver.state import SeedSettings, State
from mockserver.testing import MockServer

ADMIN = "/__admin"
_JSON = {"content-type": "application/json"}


@pytest.fixture
def admin(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock's admin API (no API key)."""
    with httpx.Client(base_url=f"{contactkit_mock.url}{ADMIN}") as client:
        yield client


def _export(admin: httpx.Client) -> Any:
    return ok(admin.get("/state"))


def _change_everything(api: httpx.Client) -> None:
    """Create, update and delete contacts and audiences, and add a member."""
    seeded = first_page(api, CONTACTS, limit=2, sortOrder="asc")["data"]
    contact = create_contact(api, 1)
    audience = create_audience(api)
    ok(api.put(f"{CONTACTS}/{seeded[1]['id']}", json={"city": "Changed"}))
    ok(api.delete(f"{CONTACTS}/{seeded[0]['id']}"))
    ok(api.delete(f"{AUDIENCES}/{first_page(api, AUDIENCES, sortOrder='asc')['data'][0]['id']}"))
    response = api.post(
        f"{AUDIENCES}/{audience['id']}/add-contacts", json={"contacts": [contact["id"]]}
    )
    assert response.status_code == 201


# Info, reset, reseed -----------------------------------------------------------------------------


def test_info_lists_settings_organizations_keys_and_counts(
    admin: httpx.Client, api: httpx.Client, api_b: httpx.Client
) -> None:
    info = ok(admin.get("/info"))
    assert info["settings"] == {
        "seed": 1,
        "profile": "default",
        "contacts": None,
        "audiences": None,
    }
    # The client contacts organizations: tests/test_mock_two_apis.py.
    gomobile = [o for o in info["organizations"] if o["api"] == "gomobile"]
    assert [(o["id"], o["apiKeys"]) for o in gomobile] == [
        (ORG_A, [KEY_A, "test-key-org-a-support"]),
        (ORG_B, [KEY_B]),
    ]
    a, b = gomobile
    assert (a["contacts"], a["audiences"]) == (total(api, CONTACTS), total(api, AUDIENCES))
    assert (b["contacts"], b["audiences"]) == (total(api_b, CONTACTS), total(api_b, AUDIENCES))


def test_reset_restores_the_seed_data(admin: httpx.Client, api: httpx.Client) -> None:
    seed = admin.get("/state").content
    _change_everything(api)
    assert admin.get("/state").content != seed
    ok(admin.post("/reset"))
    assert admin.get("/state").content == seed


def test_reset_clears_the_journal(admin: httpx.Client, api: httpx.Client) -> None:
    api.get(CONTACTS)
    assert ok(admin.get("/journal"))["entries"]
    ok(admin.post("/reset"))
    assert ok(admin.get("/journal"))["entries"] == []


def test_reset_clears_the_faults(admin: httpx.Client, api: httpx.Client) -> None:
    ok_fault = admin.post("/faults", json={"operationId": "listContacts", "status": 503})
    assert ok_fault.status_code == 201
    ok(admin.post("/reset"))
    assert ok(admin.get("/faults")) == []
    ok(api.get(CONTACTS))


def test_reseed_with_the_same_seed_is_byte_identical(admin: httpx.Client) -> None:
    ok(admin.post("/reseed", json={"seed": 7}))
    first = admin.get("/state").content
    ok(admin.post("/reseed", json={"seed": 8}))
    ok(admin.post("/reseed", json={"seed": 7}))
    assert admin.get("/state").content == first


def test_reseed_with_another_seed_changes_the_data(admin: httpx.Client) -> None:
    ok(admin.post("/reseed", json={"seed": 7}))
    seven = _export(admin)["datasets"]
    ok(admin.post("/reseed", json={"seed": 8}))
    eight = _export(admin)["datasets"]
    assert seven != eight
    ids = {c["id"] for c in seven["gomobile"]["contacts"]}
    assert ids.isdisjoint(c["id"] for c in eight["gomobile"]["contacts"])


def test_reseed_answers_the_new_settings_and_sizes(admin: httpx.Client, api: httpx.Client) -> None:
    info = ok(admin.post("/reseed", json={"seed": 3, "contacts": 5, "audiences": 2}))
    assert info["settings"] == {"seed": 3, "profile": "default", "contacts": 5, "audiences": 2}
    gomobile = [o for o in info["organizations"] if o["api"] == "gomobile"]
    assert [(o["contacts"], o["audiences"]) for o in gomobile] == [(5, 2), (5, 2)]
    assert (total(api, CONTACTS), total(api, AUDIENCES)) == (5, 2)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"profile": "nope"}, "profile", id="unknown-profile"),
        pytest.param({"contacts": -1}, "contacts", id="negative-count"),
        pytest.param({"seed": "seven"}, "seed", id="seed-not-integer"),
        pytest.param({"colour": "red"}, "colour", id="unknown-field"),
    ],
)
def test_reseed_with_bad_settings_is_400_and_keeps_the_data(
    contactkit_mock: MockServer, admin: httpx.Client, body: dict[str, Any], field: str
) -> None:
    with unchanged(contactkit_mock):
        messages = assert_error(admin.post("/reseed", json=body), 400)
    assert any(field in m for m in messages), messages
    assert ok(admin.get("/info"))["settings"]["seed"] == 1


# State export and import -------------------------------------------------------------------------


def test_export_then_import_restores_the_state_exactly(
    admin: httpx.Client, api: httpx.Client
) -> None:
    exported = admin.get("/state")
    _change_everything(api)
    ok(admin.put("/state", content=exported.content, headers={"content-type": "application/json"}))
    assert admin.get("/state").content == exported.content


def test_imported_state_is_what_the_api_serves(admin: httpx.Client, api: httpx.Client) -> None:
    exported = _export(admin)
    active = [
        c
        for c in exported["datasets"]["gomobile"]["contacts"]
        if c["organizationId"] == ORG_A and c["deletedAt"] is None
    ]
    contact = create_contact(api, 1)
    ok(api.delete(f"{CONTACTS}/{active[0]['id']}"))
    ok(admin.put("/state", json=exported))
    assert_error(api.get(f"{CONTACTS}/{contact['id']}"), 404)
    ok(api.get(f"{CONTACTS}/{active[0]['id']}"))
    assert total(api, CONTACTS) == len(active)
    # The indexes were rebuilt from the document: the phone is free again, the old one taken.
    create_contact(api, 1)
    assert_error(api.post(CONTACTS, json={"primaryPhone": active[0]["primaryPhone"]}), 409)


def _malformed_documents() -> list[Any]:
    """(name, mutate) pairs: each mutate breaks a copy of a valid export."""

    def contacts(document: dict[str, Any]) -> list[Any]:
        found: list[Any] = document["datasets"]["gomobile"]["contacts"]
        return found

    def drop_id(d: dict[str, Any]) -> None:
        del contacts(d)[0]["id"]

    def drop_phone_field(d: dict[str, Any]) -> None:
        del contacts(d)[3]["primaryPhone"]

    def duplicate_id(d: dict[str, Any]) -> None:
        contacts(d)[1]["id"] = contacts(d)[0]["id"]

    def duplicate_phone(d: dict[str, Any]) -> None:
        contacts(d)[1]["primaryPhone"] = contacts(d)[0]["primaryPhone"]

    def record_not_object(d: dict[str, Any]) -> None:
        contacts(d)[2] = "contact"

    return [
        pytest.param(lambda d: [d], id="not-an-object"),
        pytest.param(lambda d: {**d, "format": "other"}, id="wrong-format"),
        pytest.param(lambda d: {**d, "version": 2}, id="wrong-version"),
        pytest.param(lambda d: {k: v for k, v in d.items() if k != "datasets"}, id="no-datasets"),
        pytest.param(lambda d: {**d, "datasets": {}}, id="no-gomobile"),
        pytest.param(
            lambda d: {**d, "datasets": {"gomobile": {"contacts": 5, "audiences": []}}},
            id="contacts-not-a-list",
        ),
        pytest.param(
            lambda d: {**d, "datasets": {"gomobile": {"contacts": []}}}, id="no-audiences"
        ),
        pytest.param(drop_id, id="record-without-id"),
        pytest.param(drop_phone_field, id="record-without-a-field"),
        pytest.param(duplicate_id, id="duplicate-id"),
        pytest.param(duplicate_phone, id="duplicate-active-phone"),
        pytest.param(record_not_object, id="record-not-an-object"),
    ]


@pytest.mark.parametrize("mutate", _malformed_documents())
def test_malformed_import_is_400_and_changes_nothing(
    contactkit_mock: MockServer, admin: httpx.Client, api: httpx.Client, mutate: Any
) -> None:
    document = copy.deepcopy(_export(admin))
    create_contact(api, 1)  # the current state differs from the export
    broken = mutate(document)
    body = document if broken is None else broken
    with unchanged(contactkit_mock):
        assert_error(admin.put("/state", json=body), 400)
    ok(api.get(CONTACTS))


def _gomobile(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["datasets"]["gomobile"]
    return found


def _of_org(document: dict[str, Any], kind: str, organization: str, active: bool = True) -> Any:
    """Return the first record of `kind` of `organization` (active or soft-deleted)."""
    return next(
        r
        for r in _gomobile(document)[kind]
        if r["organizationId"] == organization and (r["deletedAt"] is None) == active
    )


def _member_from_org_b(d: dict[str, Any]) -> str:
    audience, contact = _of_org(d, "audiences", ORG_A), _of_org(d, "contacts", ORG_B)
    _gomobile(d)["audienceMembers"].append([audience["id"], contact["id"]])
    return "active contact of the audience's organization"


def _member_unknown(d: dict[str, Any]) -> str:
    _gomobile(d)["audienceMembers"].append([_of_org(d, "audiences", ORG_A)["id"], random_id()])
    return "active contact of the audience's organization"


def _member_soft_deleted(d: dict[str, Any]) -> str:
    member = _gomobile(d)["audienceMembers"][0][1]
    contact = next(c for c in _gomobile(d)["contacts"] if c["id"] == member)
    contact["deletedAt"] = contact["updatedAt"]
    return "active contact of the audience's organization"


def _member_of_no_audience(d: dict[str, Any]) -> str:
    _gomobile(d)["audienceMembers"].append([random_id(), _of_org(d, "contacts", ORG_A)["id"]])
    return "no audience has id"


def _set(kind: str, field: str, value: Any, expected: str) -> Any:
    def mutate(d: dict[str, Any]) -> str:
        _gomobile(d)[kind][0][field] = value
        return expected

    return mutate


def _client_set(field: str, value: Any, expected: str) -> Any:
    def mutate(d: dict[str, Any]) -> str:
        d["datasets"]["client-contacts"]["clientContacts"][0][field] = value
        return expected

    return mutate


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(
            _set("contacts", "firstName", ["Jo"], "firstName must be a string"), id="list"
        ),
        pytest.param(
            _set("contacts", "primaryPhone", 5, "primaryPhone must be a string"), id="int"
        ),
        pytest.param(
            _set("contacts", "customAttributes", None, "customAttributes must be an object"),
            id="attributes-null",
        ),
        pytest.param(
            _set("contacts", "customAttributes", {"nope": 1}, "not a custom attribute"),
            id="unknown-attribute",
        ),
        pytest.param(_set("contacts", "createdAt", "yesterday", "createdAt must"), id="timestamp"),
        pytest.param(_set("contacts", "colour", "red", "colour should not exist"), id="extra"),
        pytest.param(
            _set("contacts", "organizationId", random_id(), "is no gomobile organization"),
            id="unknown-organization",
        ),
        pytest.param(_set("audiences", "name", None, "name must be a string"), id="audience"),
        pytest.param(_member_from_org_b, id="member-of-another-organization"),
        pytest.param(_member_unknown, id="member-that-does-not-exist"),
        pytest.param(_member_soft_deleted, id="member-soft-deleted"),
        pytest.param(_member_of_no_audience, id="membership-of-no-audience"),
        pytest.param(_client_set("name", 5, "name must be a string"), id="client-name"),
        pytest.param(_client_set("_id", "xyz", "_id must match"), id="client-id"),
        pytest.param(
            _client_set("organizationId", ORG_A, "is no client-contacts organization"),
            id="client-of-a-gomobile-organization",
        ),
    ],
)
def test_import_violating_the_schemas_or_rules_is_400_and_changes_nothing(
    contactkit_mock: MockServer, admin: httpx.Client, mutate: Any
) -> None:
    document = copy.deepcopy(_export(admin))
    expected = mutate(document)
    with unchanged(contactkit_mock):
        messages = assert_error(admin.put("/state", json=document), 400)
    assert any(expected in message for message in messages), messages


def test_import_lists_every_violation(contactkit_mock: MockServer, admin: httpx.Client) -> None:
    document = copy.deepcopy(_export(admin))
    contacts = _gomobile(document)["contacts"]
    contacts[0]["firstName"], contacts[5]["lastName"] = 1, 2
    contacts[9]["primaryPhone"] = contacts[10]["primaryPhone"]
    with unchanged(contactkit_mock):
        messages = assert_error(admin.put("/state", json=document), 400)
    assert len(messages) == 3, messages
    assert [m.split(":")[0] for m in messages[:2]] == [
        f"gomobile contacts[0] (id {contacts[0]['id']!r})",
        f"gomobile contacts[5] (id {contacts[5]['id']!r})",
    ]
    assert "used 2 times" in messages[2]


def test_import_honours_the_document_s_settings(admin: httpx.Client, api: httpx.Client) -> None:
    ok(admin.post("/reseed", json={"seed": 7, "contacts": 4}))
    seven = admin.get("/state").content
    ok(admin.post("/reseed", json={"seed": 1}))
    info = ok(admin.put("/state", content=seven, headers=_JSON))
    assert info["settings"] == {"seed": 7, "profile": "default", "contacts": 4, "audiences": None}
    _change_everything(api)
    ok(admin.post("/reset"))
    assert admin.get("/state").content == seven


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"profile": "nope"}, id="unknown-profile"),
        pytest.param({"seed": "7"}, id="seed-not-integer"),
        pytest.param({"colour": 1}, id="unknown-setting"),
    ],
)
def test_import_with_bad_settings_is_400(
    contactkit_mock: MockServer, admin: httpx.Client, settings: dict[str, Any]
) -> None:
    document = {**_export(admin), "settings": settings}
    with unchanged(contactkit_mock):
        assert_error(admin.put("/state", json=document), 400)
    assert ok(admin.get("/info"))["settings"]["seed"] == 1


def test_import_of_an_export_over_a_mebibyte_round_trips(admin: httpx.Client) -> None:
    ok(admin.post("/reseed", json={"contacts": 2500}))
    exported = admin.get("/state").content
    assert len(exported) > 2 * 1024 * 1024
    ok(admin.post("/reseed", json={"seed": 2}))
    ok(admin.put("/state", content=exported, headers=_JSON, timeout=120))
    assert admin.get("/state").content == exported


# Journal -----------------------------------------------------------------------------------------


def test_journal_records_each_request(admin: httpx.Client, api: httpx.Client) -> None:
    body = {"primaryPhone": phone(1), "firstName": "Journal"}
    api.post(CONTACTS, json=body, params={"trace": "1"})
    [entry] = ok(admin.get("/journal"))["entries"]
    assert entry["method"] == "POST"
    assert entry["path"] == CONTACTS
    assert entry["query"] == "trace=1"
    assert entry["operationId"] == "createContact"
    assert entry["status"] == 201
    assert entry["apiKey"] == KEY_A
    assert entry["organizationId"] == ORG_A
    assert entry["body"] == body
    assert entry["durationMs"] >= 0


def test_journal_records_refused_requests(admin: httpx.Client, contactkit_mock: MockServer) -> None:
    with httpx.Client(base_url=contactkit_mock.url) as stranger:
        stranger.get(CONTACTS, headers={"x-api-key": "nope"})
        stranger.post(CONTACTS, content=b"{bad", headers={"x-api-key": KEY_A, **_JSON})
    refused, malformed = ok(admin.get("/journal"))["entries"]
    assert (refused["status"], refused["apiKey"], refused["organizationId"]) == (401, "nope", None)
    assert (malformed["status"], malformed["body"]) == (400, "{bad")


def test_journal_leaves_out_admin_calls(admin: httpx.Client, api: httpx.Client) -> None:
    admin.get("/info")
    api.get(CONTACTS)
    assert [e["path"] for e in ok(admin.get("/journal"))["entries"]] == [CONTACTS]


def test_journal_entries_are_oldest_first(admin: httpx.Client, api: httpx.Client) -> None:
    for path in (CONTACTS, AUDIENCES, f"{CONTACTS}/missing"):
        api.get(path)
    entries = ok(admin.get("/journal"))["entries"]
    assert [e["path"] for e in entries] == [CONTACTS, AUDIENCES, f"{CONTACTS}/missing"]
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({"method": "post"}, ["create-a", "create-b"], id="method-any-case"),
        pytest.param({"path": "/api/audience"}, ["audiences"], id="path-prefix"),
        pytest.param({"path": "/api/contact"}, ["list", "create-a", "create-b"], id="path"),
        pytest.param({"operationId": "listContacts"}, ["list"], id="operationId"),
        pytest.param({"status": 409}, ["create-b"], id="status"),
        pytest.param({"apiKey": KEY_B}, ["audiences"], id="apiKey"),
        pytest.param({"organizationId": ORG_B}, ["audiences"], id="organizationId"),
        pytest.param({"method": "POST", "status": 201}, ["create-a"], id="every-filter"),
        pytest.param({"method": "DELETE"}, [], id="no-match"),
    ],
)
def test_journal_filters(
    admin: httpx.Client,
    api: httpx.Client,
    api_b: httpx.Client,
    filters: dict[str, Any],
    expected: list[str],
) -> None:
    api.get(CONTACTS)
    api.post(CONTACTS, json={"primaryPhone": phone(1)})
    api.post(CONTACTS, json={"primaryPhone": phone(1)})
    api_b.get(AUDIENCES)
    labels = ["list", "create-a", "create-b", "audiences"]
    entries = ok(admin.get("/journal"))["entries"]
    by_seq = {entry["seq"]: label for entry, label in zip(entries, labels, strict=True)}
    found = ok(admin.get("/journal", params=filters))["entries"]
    assert [by_seq[e["seq"]] for e in found] == expected


def test_journal_clear(admin: httpx.Client, api: httpx.Client) -> None:
    api.get(CONTACTS)
    assert admin.delete("/journal").status_code == 204
    assert ok(admin.get("/journal"))["entries"] == []
    api.get(AUDIENCES)
    assert [e["path"] for e in ok(admin.get("/journal"))["entries"]] == [AUDIENCES]


def test_journal_keeps_the_newest_entries_up_to_its_size() -> None:
    journal = Journal(size=3)
    for number in range(5):
        journal.record({"path": f"/{number}", "status": 200})
    assert [e["path"] for e in journal.entries()] == ["/2", "/3", "/4"]
    assert [e["seq"] for e in journal.entries()] == [3, 4, 5]
    assert journal.size == 3


def test_journal_of_a_served_mock_is_bounded() -> None:
    state = State(settings=SeedSettings(profile="empty"), journal_size=5)
    app = create_app(state, AppOptions(validate_responses=True))
    with TestClient(app) as client:
        for number in range(8):
            client.get(f"{CONTACTS}?page={number + 1}", headers={"x-api-key": KEY_A})
        entries = client.get(f"{ADMIN}/journal").json()["entries"]
    assert [e["query"] for e in entries] == [f"page={n}" for n in range(4, 9)]


# Faults ------------------------------------------------------------------------------------------


def _fault(admin: httpx.Client, **fault: Any) -> None:
    response = admin.post("/faults", json=fault)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("status", [503, 429])
def test_forced_status_answers_with_retry_after(
    admin: httpx.Client, api: httpx.Client, status: int
) -> None:
    _fault(admin, operationId="listContacts", status=status)
    response = api.get(CONTACTS)
    [message] = assert_error(response, status)
    assert "listContacts" in message
    assert response.headers["retry-after"].isdigit()
    ok(api.get(AUDIENCES))


def test_forced_500_is_journaled(admin: httpx.Client, api: httpx.Client) -> None:
    _fault(admin, operationId="getAudience", status=500)
    audience = first_page(api, AUDIENCES, limit=1)["data"][0]
    assert_error(api.get(f"{AUDIENCES}/{audience['id']}"), 500)
    [entry] = ok(admin.get("/journal", params={"operationId": "getAudience"}))["entries"]
    assert entry["status"] == 500


def test_a_failed_write_changes_nothing(
    contactkit_mock: MockServer, admin: httpx.Client, api: httpx.Client
) -> None:
    _fault(admin, operationId="createContact", status=503)
    with unchanged(contactkit_mock):
        assert_error(api.post(CONTACTS, json={"primaryPhone": phone(1)}), 503)


def test_probability_0_never_fires(admin: httpx.Client, api: httpx.Client) -> None:
    _fault(admin, operationId="listContacts", status=503, probability=0)
    assert all(api.get(CONTACTS, params={"limit": 1}).status_code == 200 for _ in range(30))


def test_probability_between_0_and_1_hits_some_requests(
    admin: httpx.Client, api: httpx.Client
) -> None:
    _fault(admin, operationId="listContacts", status=503, probability=0.5)
    statuses = {api.get(CONTACTS, params={"limit": 1}).status_code for _ in range(40)}
    assert statuses == {200, 503}


def test_a_faulted_request_is_journaled_with_its_body(
    contactkit_mock: MockServer, admin: httpx.Client, api: httpx.Client
) -> None:
    _fault(admin, operationId="createContact", status=503)
    assert_error(api.post("/api/contact", json={"primaryPhone": "+212600000099"}), 503)
    [entry] = contactkit_mock.journal(operationId="createContact")
    assert entry["status"] == 503
    assert entry["body"] == {"primaryPhone": "+212600000099"}


def test_times_clears_the_fault_after_that_many_hits(
    admin: httpx.Client, api: httpx.Client
) -> None:
    _fault(admin, operationId="listAudiences", status=503, times=2)
    assert [api.get(AUDIENCES).status_code for _ in range(3)] == [503, 503, 200]
    assert ok(admin.get("/faults")) == []


def test_latency_delays_the_answer(admin: httpx.Client, api: httpx.Client) -> None:
    _fault(admin, operationId="listContacts", latencyMs=300)
    started = time.perf_counter()
    ok(api.get(CONTACTS, params={"limit": 1}))
    assert time.perf_counter() - started >= 0.3


def test_latency_and_status_together(admin: httpx.Client, api: httpx.Client) -> None:
    _fault(admin, operationId="listContacts", latencyMs=200, status=503)
    started = time.perf_counter()
    assert_error(api.get(CONTACTS), 503)
    assert time.perf_counter() - started >= 0.2


def test_fault_of_an_unknown_operation_is_400(admin: httpx.Client) -> None:
    [message] = assert_error(
        admin.post("/faults", json={"operationId": "nope", "status": 503}), 400
    )
    assert "nope" in message
    assert ok(admin.get("/faults")) == []


@pytest.mark.parametrize(
    ("fault", "field"),
    [
        pytest.param({"operationId": "listContacts", "status": 99}, "status", id="status-99"),
        pytest.param({"operationId": "listContacts", "status": 600}, "status", id="status-600"),
        pytest.param({"operationId": "listContacts", "probability": 1.5}, "probability", id="p"),
        pytest.param({"operationId": "listContacts", "latencyMs": -1}, "latencyMs", id="latency"),
        pytest.param({"operationId": "listContacts", "times": 0}, "times", id="times-0"),
        pytest.param({"status": 503}, "operationId", id="no-operation"),
        pytest.param({"operationId": "listContacts", "colour": 1}, "colour", id="unknown-field"),
    ],
)
def test_invalid_fault_is_400(admin: httpx.Client, fault: dict[str, Any], field: str) -> None:
    messages = assert_error(admin.post("/faults", json=fault), 400)
    assert any(field in m for m in messages), messages
    assert ok(admin.get("/faults")) == []


def test_faults_are_listed_replaced_and_removed(admin: httpx.Client, api: httpx.Client) -> None:
    _fault(admin, operationId="listContacts", status=503)
    _fault(admin, operationId="listContacts", status=429, times=1)
    _fault(admin, operationId="getContact", latencyMs=10)
    listed = ok(admin.get("/faults"))
    assert [(f["operationId"], f["status"]) for f in listed] == [
        ("listContacts", 429),
        ("getContact", None),
    ]
    assert admin.delete("/faults/listContacts").status_code == 204
    assert_error(admin.delete("/faults/listContacts"), 404)
    ok(api.get(CONTACTS))
    assert admin.delete("/faults").status_code == 204
    assert ok(admin.get("/faults")) == []


# Admin token -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    """Connexion's test client of a mock started with --admin-token s3cret (read-only use)."""
    state = State(settings=SeedSettings(profile="empty"))
    with TestClient(create_app(state, AppOptions(admin_token="s3cret"))) as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-token"),
        pytest.param({"x-admin-token": "wrong"}, id="wrong-token"),
        pytest.param({"x-admin-token": ""}, id="empty-token"),
        pytest.param({"x-api-key": KEY_A}, id="api-key-is-no-token"),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/info"), ("POST", "/reset"), ("GET", "/state"), ("GET", "/journal")],
)
def test_admin_without_the_token_is_401(
    guarded: TestClient, headers: dict[str, str], method: str, path: str
) -> None:
    response = guarded.request(method, f"{ADMIN}{path}", headers=headers)
    body = response.json()
    assert response.status_code == 401
    assert set(body) == {"statusCode", "message", "error"}
    assert (body["statusCode"], body["error"]) == (401, "Unauthorized")


def test_admin_with_the_token_is_served(guarded: TestClient) -> None:
    response = guarded.get(f"{ADMIN}/info", headers={"x-admin-token": "s3cret"})
    assert response.status_code == 200
    assert response.json()["settings"]["profile"] == "empty"


def test_admin_token_does_not_guard_the_api(guarded: TestClient) -> None:
    response = guarded.get(CONTACTS, headers={"x-api-key": KEY_A})
    assert response.status_code == 200


def test_admin_needs_no_token_without_the_option(admin: httpx.Client) -> None:
    assert json.loads(admin.get("/state").content)["format"] == "contactkit-state"
