"""The mock's audiences: CRUD, limits, add-contacts, member counts and soft delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mock_helpers import (
    AUDIENCES,
    CONTACTS,
    KEY_A_SUPPORT,
    ORG_A,
    USER_A,
    USER_A_SUPPORT,
    add_contacts,
    assert_error,
    assert_names,
    create_audience,
    create_contact,
    created,
    first_page,
    length_bounds,
    ok,
    phone,
    random_id,
    request_example,
    total,
    unchanged,
    upsert,
)

from mockserver.testing import MockServer

pytestmark = [pytest.mark.usefixtures("no_5xx"), pytest.mark.contactkit(profile="empty")]


def _members(client: httpx.Client, audience_id: str) -> list[str]:
    body = first_page(client, f"{AUDIENCES}/{audience_id}/contacts", limit=100, sortOrder="asc")
    return [contact["id"] for contact in body["data"]]


def _count(client: httpx.Client, audience_id: str) -> int:
    audiences = first_page(client, AUDIENCES, limit=100)["data"]
    [audience] = [a for a in audiences if a["id"] == audience_id]
    count: int = audience["contactCount"]
    return count


# CRUD ------------------------------------------------------------------------------------------


def test_create_get_list_update_delete_round_trip(api: httpx.Client) -> None:
    audience = create_audience(api, "VIP Customers", description="High-value customers")
    assert audience["organizationId"] == ORG_A
    assert ok(api.get(f"{AUDIENCES}/{audience['id']}")) == audience
    [listed] = first_page(api, AUDIENCES)["data"]
    assert listed == {**audience, "contactCount": 0}
    updated = ok(api.put(f"{AUDIENCES}/{audience['id']}", json={"name": "VIP"}))
    assert (updated["name"], updated["description"]) == ("VIP", "High-value customers")
    deleted = ok(api.delete(f"{AUDIENCES}/{audience['id']}"))
    assert deleted["deletedAt"] is not None
    assert deleted["deletedBy"] == USER_A
    assert_error(api.get(f"{AUDIENCES}/{audience['id']}"), 404)


@pytest.mark.parametrize(
    ("name", "body"), [pytest.param(n, b, id=n) for n, b in request_example("createAudience")]
)
def test_documented_create_example_is_accepted(
    api: httpx.Client, name: str, body: dict[str, Any]
) -> None:
    audience = created(api.post(AUDIENCES, json=body))
    assert {k: audience[k] for k in body} == body


def test_documented_update_example_is_accepted(api: httpx.Client) -> None:
    audience = create_audience(api, "VIP Customers")
    [(_, change)] = request_example("updateAudience")
    updated = ok(api.put(f"{AUDIENCES}/{audience['id']}", json=change))
    assert {k: updated[k] for k in change} == change


def test_update_keeps_untouched_fields_and_moves_updated_at(api: httpx.Client) -> None:
    audience = create_audience(api, "VIP Customers", description="Kept")
    updated = ok(api.put(f"{AUDIENCES}/{audience['id']}", json={"name": "Renamed"}))
    assert updated["description"] == "Kept"
    assert updated["createdAt"] == audience["createdAt"]
    assert updated["updatedAt"] > audience["updatedAt"]


def test_update_with_null_description_clears_it(api: httpx.Client) -> None:
    audience = create_audience(api, "VIP Customers", description="Gone soon")
    updated = ok(api.put(f"{AUDIENCES}/{audience['id']}", json={"description": None}))
    assert updated["description"] is None
    assert ok(api.get(f"{AUDIENCES}/{audience['id']}"))["description"] is None


def test_update_with_null_name_is_400(api: httpx.Client, contactkit_mock: MockServer) -> None:
    audience = create_audience(api)
    with unchanged(contactkit_mock):
        response = api.put(f"{AUDIENCES}/{audience['id']}", json={"name": None})
        assert_names(assert_error(response, 400), "name")


def test_writes_record_the_acting_user(contactkit_mock: MockServer, api: httpx.Client) -> None:
    audience = create_audience(api)
    assert (audience["createdBy"], audience["updatedBy"]) == (USER_A, USER_A)
    with contactkit_mock.client(KEY_A_SUPPORT) as support:
        updated = ok(support.put(f"{AUDIENCES}/{audience['id']}", json={"name": "Renamed"}))
        deleted = ok(support.delete(f"{AUDIENCES}/{audience['id']}"))
    assert (updated["createdBy"], updated["updatedBy"]) == (USER_A, USER_A_SUPPORT)
    assert deleted["deletedBy"] == USER_A_SUPPORT


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        pytest.param("GET", "", None, id="get"),
        pytest.param("PUT", "", {"name": "Renamed"}, id="update"),
        pytest.param("GET", "/contacts", None, id="contacts"),
        pytest.param("POST", "/add-contacts", "contacts", id="add-contacts"),
        pytest.param("DELETE", "", None, id="delete"),
    ],
)
def test_uppercase_uuid_in_the_path_finds_the_audience(
    api: httpx.Client, method: str, suffix: str, body: Any
) -> None:
    audience = create_audience(api)
    if body == "contacts":
        body = {"contacts": [create_contact(api)["id"]]}
    response = api.request(method, f"{AUDIENCES}/{audience['id'].upper()}{suffix}", json=body)
    assert response.status_code in (200, 201), response.text


# Limits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "length"), length_bounds("CreateAudienceRequest", inside=True))
def test_create_accepts_a_length_on_the_bound(api: httpx.Client, field: str, length: int) -> None:
    body = {"name": "Audience", field: "x" * length}
    assert created(api.post(AUDIENCES, json=body))[field] == "x" * length


@pytest.mark.parametrize(("field", "length"), length_bounds("CreateAudienceRequest", inside=False))
def test_create_rejects_a_length_past_the_bound(
    api: httpx.Client, contactkit_mock: MockServer, field: str, length: int
) -> None:
    body = {"name": "Audience", field: "x" * length}
    with unchanged(contactkit_mock):
        assert_names(assert_error(api.post(AUDIENCES, json=body), 400), field)


@pytest.mark.parametrize(("field", "length"), length_bounds("UpdateAudienceRequest", inside=True))
def test_update_accepts_a_length_on_the_bound(api: httpx.Client, field: str, length: int) -> None:
    audience = create_audience(api)
    response = api.put(f"{AUDIENCES}/{audience['id']}", json={field: "x" * length})
    assert ok(response)[field] == "x" * length


@pytest.mark.parametrize(("field", "length"), length_bounds("UpdateAudienceRequest", inside=False))
def test_update_rejects_a_length_past_the_bound(
    api: httpx.Client, contactkit_mock: MockServer, field: str, length: int
) -> None:
    audience = create_audience(api)
    with unchanged(contactkit_mock):
        response = api.put(f"{AUDIENCES}/{audience['id']}", json={field: "x" * length})
        assert_names(assert_error(response, 400), field)


def test_missing_name_is_400(api: httpx.Client) -> None:
    messages = assert_error(api.post(AUDIENCES, json={"description": "No name"}), 400)
    assert messages == ["name should not be empty"]


# Add contacts ----------------------------------------------------------------------------------


def test_add_contacts_answers_the_ids_without_repeats_in_input_order(api: httpx.Client) -> None:
    audience = create_audience(api)
    one, two, three = (create_contact(api, n)["id"] for n in (1, 2, 3))
    answered = add_contacts(api, audience["id"], [two, one, two, three, one])
    assert answered == [two, one, three]
    assert sorted(_members(api, audience["id"])) == sorted([one, two, three])


def test_add_contacts_accepts_uppercase_ids(api: httpx.Client) -> None:
    audience = create_audience(api)
    contact = create_contact(api)["id"]
    assert add_contacts(api, audience["id"], [contact.upper()]) == [contact]
    assert _members(api, audience["id"]) == [contact]


def test_re_adding_a_member_is_a_no_op(api: httpx.Client) -> None:
    audience = create_audience(api)
    one, two = create_contact(api, 1)["id"], create_contact(api, 2)["id"]
    add_contacts(api, audience["id"], [one])
    assert add_contacts(api, audience["id"], [one, two]) == [one, two]
    assert _count(api, audience["id"]) == 2
    assert len(_members(api, audience["id"])) == 2


def _unknown(api: httpx.Client, api_b: httpx.Client) -> str:
    return random_id()


def _other_organization(api: httpx.Client, api_b: httpx.Client) -> str:
    contact_id: str = create_contact(api_b, 9)["id"]
    return contact_id


def _soft_deleted(api: httpx.Client, api_b: httpx.Client) -> str:
    contact_id: str = create_contact(api, 9)["id"]
    ok(api.delete(f"{CONTACTS}/{contact_id}"))
    return contact_id


@pytest.mark.parametrize("make_id", [_unknown, _other_organization, _soft_deleted])
def test_add_contacts_with_an_id_that_is_no_active_contact_adds_nothing(
    api: httpx.Client, api_b: httpx.Client, contactkit_mock: MockServer, make_id: Any
) -> None:
    audience = create_audience(api)
    member = create_contact(api, 1)["id"]
    add_contacts(api, audience["id"], [member])
    valid = create_contact(api, 2)["id"]
    bad_ids = [make_id(api, api_b), random_id()]
    with unchanged(contactkit_mock):
        response = api.post(
            f"{AUDIENCES}/{audience['id']}/add-contacts",
            json={"contacts": [valid, bad_ids[0], member, bad_ids[1]]},
        )
        [message] = assert_error(response, 404)
    assert all(bad in message for bad in bad_ids), message
    assert valid not in message and member not in message
    assert _members(api, audience["id"]) == [member]


@pytest.mark.parametrize(
    ("count", "status"),
    [
        pytest.param(0, 400, id="0"),
        pytest.param(1, 201, id="1"),
        pytest.param(1000, 201, id="1000"),
        pytest.param(1001, 400, id="1001"),
    ],
)
def test_add_contacts_takes_1_to_1000_ids(
    api: httpx.Client, contactkit_mock: MockServer, count: int, status: int
) -> None:
    audience = create_audience(api)
    # Up to 1000 real contacts (1001 repeats the first: the size alone must be refused).
    items = [{"primaryPhone": phone(n)} for n in range(min(count, 1000))]
    ids = [c["id"] for c in upsert(api, items)["data"]] if items else []
    ids += ids[: count - len(ids)]
    path = f"{AUDIENCES}/{audience['id']}/add-contacts"
    if status == 201:
        assert created(api.post(path, json={"contacts": ids})) == ids
        assert _count(api, audience["id"]) == count
    else:
        with unchanged(contactkit_mock):
            assert_names(assert_error(api.post(path, json={"contacts": ids}), 400), "contacts")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"contacts": ["not-a-uuid"]}, id="malformed-id"),
        pytest.param({"contacts": [12]}, id="not-a-string"),
        pytest.param({"contacts": "550e8400-e29b-41d4-a716-446655440000"}, id="not-an-array"),
        pytest.param({}, id="no-contacts"),
    ],
)
def test_add_contacts_with_a_malformed_body_is_400(
    api: httpx.Client, contactkit_mock: MockServer, body: dict[str, Any]
) -> None:
    audience = create_audience(api)
    with unchanged(contactkit_mock):
        response = api.post(f"{AUDIENCES}/{audience['id']}/add-contacts", json=body)
        assert_names(assert_error(response, 400), "contacts")


def test_add_contacts_to_a_missing_audience_is_404(api: httpx.Client) -> None:
    missing = random_id()
    contact = create_contact(api)["id"]
    response = api.post(f"{AUDIENCES}/{missing}/add-contacts", json={"contacts": [contact]})
    assert assert_error(response, 404) == [f"Audience with id {missing} not found"]


# Member counts and soft delete -------------------------------------------------------------------


def test_contact_count_counts_each_audience_s_members(api: httpx.Client) -> None:
    small, large, empty = (create_audience(api, name) for name in ("Small", "Large", "Empty"))
    contacts = [create_contact(api, n)["id"] for n in range(5)]
    add_contacts(api, small["id"], contacts[:2])
    add_contacts(api, large["id"], contacts)
    counts = {a["name"]: a["contactCount"] for a in first_page(api, AUDIENCES)["data"]}
    assert counts == {"Small": 2, "Large": 5, "Empty": 0}
    assert first_page(api, f"{AUDIENCES}/{large['id']}/contacts")["meta"]["total"] == 5
    assert empty["id"]


def test_soft_deleted_contact_leaves_every_audience(api: httpx.Client) -> None:
    first, second = create_audience(api, "First"), create_audience(api, "Second")
    kept, dropped = create_contact(api, 1)["id"], create_contact(api, 2)["id"]
    for audience in (first, second):
        add_contacts(api, audience["id"], [kept, dropped])
    ok(api.delete(f"{CONTACTS}/{dropped}"))
    for audience in (first, second):
        assert _members(api, audience["id"]) == [kept]
        assert _count(api, audience["id"]) == 1
        assert total(api, f"{AUDIENCES}/{audience['id']}/contacts") == 1


def test_a_new_contact_with_a_deleted_contact_s_phone_is_no_member(api: httpx.Client) -> None:
    audience = create_audience(api)
    old = create_contact(api, 1)["id"]
    add_contacts(api, audience["id"], [old])
    ok(api.delete(f"{CONTACTS}/{old}"))
    create_contact(api, 1)
    assert _members(api, audience["id"]) == []


def test_audience_contacts_show_the_short_projection(api: httpx.Client) -> None:
    audience = create_audience(api)
    contact = create_contact(api, firstName="Salma", city="Rabat", primaryEmail="s@example.com")
    add_contacts(api, audience["id"], [contact["id"]])
    [member] = first_page(api, f"{AUDIENCES}/{audience['id']}/contacts")["data"]
    fields = [
        "id",
        "organizationId",
        "firstName",
        "lastName",
        "primaryPhone",
        "primaryEmail",
        "createdAt",
        "updatedAt",
    ]
    assert member == {field: contact[field] for field in fields}


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        pytest.param("GET", "", None, id="get"),
        pytest.param("PUT", "", {"name": "Renamed"}, id="update"),
        pytest.param("DELETE", "", None, id="delete"),
        pytest.param("GET", "/contacts", None, id="contacts"),
        pytest.param("POST", "/add-contacts", "contacts", id="add-contacts"),
    ],
)
def test_soft_deleted_audience_is_404(
    api: httpx.Client,
    contactkit_mock: MockServer,
    method: str,
    suffix: str,
    body: Any,
) -> None:
    audience = create_audience(api)
    contact = create_contact(api)["id"]
    add_contacts(api, audience["id"], [contact])
    ok(api.delete(f"{AUDIENCES}/{audience['id']}"))
    if body == "contacts":
        body = {"contacts": [contact]}
    with unchanged(contactkit_mock):
        response = api.request(method, f"{AUDIENCES}/{audience['id']}{suffix}", json=body)
        assert assert_error(response, 404) == [f"Audience with id {audience['id']} not found"]


def test_soft_deleted_audience_leaves_the_list_and_total(api: httpx.Client) -> None:
    kept, dropped = create_audience(api, "Kept"), create_audience(api, "Dropped")
    ok(api.delete(f"{AUDIENCES}/{dropped['id']}"))
    body = first_page(api, AUDIENCES)
    assert [a["id"] for a in body["data"]] == [kept["id"]]
    assert body["meta"]["total"] == 1
    assert total(api, AUDIENCES, search="Dropped") == 0


def test_soft_deleted_audience_leaves_its_contacts_alone(api: httpx.Client) -> None:
    audience = create_audience(api)
    contact = create_contact(api)
    add_contacts(api, audience["id"], [contact["id"]])
    ok(api.delete(f"{AUDIENCES}/{audience['id']}"))
    assert ok(api.get(f"{CONTACTS}/{contact['id']}"))["deletedAt"] is None
    assert total(api, CONTACTS) == 1
