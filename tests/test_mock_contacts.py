"""The mock's contacts: CRUD, limits, phone uniqueness, partial update, attributes, upsert."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mock_helpers import (
    CONTACTS,
    KEY_A_SUPPORT,
    ORG_A,
    USER_A,
    USER_A_SUPPORT,
    assert_error,
    assert_names,
    create_contact,
    created,
    first_page,
    length_bounds,
    ok,
    phone,
    random_id,
    request_example,
    schema,
    total,
    unchanged,
    upsert,
)

from mockserver.testing import MockServer

pytestmark = [pytest.mark.usefixtures("no_5xx"), pytest.mark.contactkit(profile="empty")]

# Organization A's attribute definitions, in the order fixtures/attributes.yaml gives them.
ORG_A_ATTRIBUTES = [
    "age",
    "interests",
    "company_size",
    "accountBalance",
    "vip",
    "preferred_language",
]


def _text(field: str, length: int) -> str:
    """Return a value of `length` characters for `field` (digits for a phone)."""
    return ("1" if field == "primaryPhone" else "x") * length


# Round trip and documented examples ------------------------------------------------------------


def test_create_get_list_update_delete_round_trip(api: httpx.Client) -> None:
    contact = create_contact(api, firstName="Salma", lastName="Benali")
    assert contact["organizationId"] == ORG_A
    assert contact["deletedAt"] is None
    fetched = ok(api.get(f"{CONTACTS}/{contact['id']}"))
    assert {k: v for k, v in fetched.items() if k != "customAttributes"} == contact
    listed = first_page(api, CONTACTS)
    assert [item["id"] for item in listed["data"]] == [contact["id"]]
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={"city": "Rabat"}))
    assert updated["city"] == "Rabat"
    assert ok(api.get(f"{CONTACTS}/{contact['id']}"))["city"] == "Rabat"
    deleted = ok(api.delete(f"{CONTACTS}/{contact['id']}"))
    assert deleted["id"] == contact["id"]
    assert_error(api.get(f"{CONTACTS}/{contact['id']}"), 404)
    assert total(api, CONTACTS) == 0


@pytest.mark.parametrize(
    ("name", "body"), [pytest.param(n, b, id=n) for n, b in request_example("createContact")]
)
def test_documented_create_example_is_accepted(
    api: httpx.Client, name: str, body: dict[str, Any]
) -> None:
    contact = created(api.post(CONTACTS, json=body))
    for field, value in body.items():
        if field != "customAttributes":
            assert contact[field] == value, field
    assert "customAttributes" not in contact
    attributes = ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]
    given = body.get("customAttributes", {})
    assert {a["name"]: a["value"] for a in attributes} == given


def test_documented_update_example_is_accepted(api: httpx.Client) -> None:
    base = dict(request_example("createContact"))["documented"]
    contact = created(api.post(CONTACTS, json=base))
    [(_, change)] = request_example("updateContact")
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json=change))
    untouched = {"updatedAt", "updatedBy", *change}
    assert {k: v for k, v in updated.items() if k not in untouched} == {
        k: v for k, v in contact.items() if k not in untouched
    }
    assert {k: updated[k] for k in change} == change


def test_documented_upsert_example_is_accepted(api: httpx.Client) -> None:
    [(_, body)] = request_example("upsertContacts")
    result = created(api.post(f"{CONTACTS}/upsert", json=body))
    assert (result["created"], result["updated"]) == (len(body["data"]), 0)
    assert [c["primaryPhone"] for c in result["data"]] == [i["primaryPhone"] for i in body["data"]]


def test_delete_answers_the_contact_with_deleted_at_and_deleted_by(api: httpx.Client) -> None:
    contact = create_contact(api)
    deleted = ok(api.delete(f"{CONTACTS}/{contact['id']}"))
    assert deleted["deletedAt"] is not None
    assert deleted["deletedBy"] == USER_A
    assert deleted["primaryPhone"] == contact["primaryPhone"]


@pytest.mark.parametrize(
    ("method", "body"),
    [
        pytest.param("GET", None, id="get"),
        pytest.param("PUT", {"city": "Rabat"}, id="update"),
        pytest.param("DELETE", None, id="delete-again"),
    ],
)
def test_soft_deleted_contact_is_404(
    api: httpx.Client, contactkit_mock: MockServer, method: str, body: Any
) -> None:
    contact = create_contact(api)
    ok(api.delete(f"{CONTACTS}/{contact['id']}"))
    with unchanged(contactkit_mock):
        messages = assert_error(api.request(method, f"{CONTACTS}/{contact['id']}", json=body), 404)
    assert messages == [f"Contact with id {contact['id']} not found"]


def test_soft_deleted_contact_leaves_the_list_and_total(api: httpx.Client) -> None:
    kept, dropped = create_contact(api, 1), create_contact(api, 2)
    ok(api.delete(f"{CONTACTS}/{dropped['id']}"))
    body = first_page(api, CONTACTS)
    assert [c["id"] for c in body["data"]] == [kept["id"]]
    assert body["meta"]["total"] == 1
    assert total(api, CONTACTS, search=dropped["primaryPhone"]) == 0


def test_writes_record_the_acting_user(contactkit_mock: MockServer, api: httpx.Client) -> None:
    contact = create_contact(api)
    assert (contact["createdBy"], contact["updatedBy"]) == (USER_A, USER_A)
    with contactkit_mock.client(KEY_A_SUPPORT) as support:
        updated = ok(support.put(f"{CONTACTS}/{contact['id']}", json={"city": "Rabat"}))
        assert (updated["createdBy"], updated["updatedBy"]) == (USER_A, USER_A_SUPPORT)
        deleted = ok(support.delete(f"{CONTACTS}/{contact['id']}"))
    assert deleted["deletedBy"] == USER_A_SUPPORT


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_uppercase_uuid_in_the_path_finds_the_contact(api: httpx.Client, method: str) -> None:
    contact = create_contact(api)
    body = {"city": "Rabat"} if method == "PUT" else None
    response = api.request(method, f"{CONTACTS}/{contact['id'].upper()}", json=body)
    assert ok(response)["id"] == contact["id"]


# Field limits, from the spec's request schemas -----------------------------------------------


@pytest.mark.parametrize(("field", "length"), length_bounds("CreateContactRequest", inside=True))
def test_create_accepts_a_length_on_the_bound(api: httpx.Client, field: str, length: int) -> None:
    value = _text(field, length)
    body = {"primaryPhone": phone(1), field: value}
    assert created(api.post(CONTACTS, json=body))[field] == value


@pytest.mark.parametrize(("field", "length"), length_bounds("CreateContactRequest", inside=False))
def test_create_rejects_a_length_past_the_bound(
    api: httpx.Client, contactkit_mock: MockServer, field: str, length: int
) -> None:
    body = {"primaryPhone": phone(1), field: _text(field, length)}
    with unchanged(contactkit_mock):
        assert_names(assert_error(api.post(CONTACTS, json=body), 400), field)


@pytest.mark.parametrize(("field", "length"), length_bounds("UpdateContactRequest", inside=True))
def test_update_accepts_a_length_on_the_bound(api: httpx.Client, field: str, length: int) -> None:
    contact = create_contact(api)
    value = _text(field, length)
    assert ok(api.put(f"{CONTACTS}/{contact['id']}", json={field: value}))[field] == value


@pytest.mark.parametrize(("field", "length"), length_bounds("UpdateContactRequest", inside=False))
def test_update_rejects_a_length_past_the_bound(
    api: httpx.Client, contactkit_mock: MockServer, field: str, length: int
) -> None:
    contact = create_contact(api)
    with unchanged(contactkit_mock):
        response = api.put(f"{CONTACTS}/{contact['id']}", json={field: _text(field, length)})
        assert_names(assert_error(response, 400), field)


def test_every_violation_is_listed(api: httpx.Client) -> None:
    body = {"primaryPhone": "1", "firstName": "x", "city": "x" * 65, "primaryEmail": "nope"}
    messages = assert_error(api.post(CONTACTS, json=body), 400)
    for field in ("primaryPhone", "firstName", "city", "primaryEmail"):
        assert_names(messages, field)


def test_missing_phone_is_400(api: httpx.Client) -> None:
    messages = assert_error(api.post(CONTACTS, json={"firstName": "John"}), 400)
    assert messages == ["primaryPhone should not be empty"]


CHANNEL_LIMITS = schema("ChannelTypes")


@pytest.mark.parametrize(
    ("channels", "accepted"),
    [
        pytest.param([], True, id="none"),
        pytest.param([f"c{i}" for i in range(CHANNEL_LIMITS["maxItems"])], True, id="max-items"),
        pytest.param(
            [f"c{i}" for i in range(CHANNEL_LIMITS["maxItems"] + 1)], False, id="max-items+1"
        ),
        pytest.param(["x" * CHANNEL_LIMITS["items"]["maxLength"]], True, id="max-length"),
        pytest.param(["x" * (CHANNEL_LIMITS["items"]["maxLength"] + 1)], False, id="max-length+1"),
        pytest.param(["x" * CHANNEL_LIMITS["items"]["minLength"]], True, id="min-length"),
        pytest.param([""], False, id="min-length-1"),
        pytest.param(["phone", "phone"], False, id="repeated"),
    ],
)
def test_channel_limits(
    api: httpx.Client, contactkit_mock: MockServer, channels: list[str], accepted: bool
) -> None:
    body = {"primaryPhone": phone(1), "channels": channels}
    if accepted:
        assert len(created(api.post(CONTACTS, json=body))["channels"]) == len(channels)
    else:
        with unchanged(contactkit_mock):
            assert_names(assert_error(api.post(CONTACTS, json=body), 400), "channels")


# Phone uniqueness ------------------------------------------------------------------------------


def test_create_with_a_taken_phone_is_409(api: httpx.Client, contactkit_mock: MockServer) -> None:
    create_contact(api, 1)
    with unchanged(contactkit_mock):
        messages = assert_error(api.post(CONTACTS, json={"primaryPhone": phone(1)}), 409)
    assert "primaryPhone" in messages[0]


def test_update_to_a_taken_phone_is_409(api: httpx.Client, contactkit_mock: MockServer) -> None:
    create_contact(api, 1)
    other = create_contact(api, 2)
    with unchanged(contactkit_mock):
        response = api.put(f"{CONTACTS}/{other['id']}", json={"primaryPhone": phone(1)})
        assert "primaryPhone" in assert_error(response, 409)[0]


def test_update_to_its_own_phone_is_no_conflict(api: httpx.Client) -> None:
    contact = create_contact(api, 1)
    ok(api.put(f"{CONTACTS}/{contact['id']}", json={"primaryPhone": phone(1)}))


def test_phone_of_a_soft_deleted_contact_can_be_reused_by_create(api: httpx.Client) -> None:
    old = create_contact(api, 1)
    ok(api.delete(f"{CONTACTS}/{old['id']}"))
    new = create_contact(api, 1)
    assert new["id"] != old["id"]


def test_phone_of_a_soft_deleted_contact_can_be_reused_by_update(api: httpx.Client) -> None:
    old, other = create_contact(api, 1), create_contact(api, 2)
    ok(api.delete(f"{CONTACTS}/{old['id']}"))
    ok(api.put(f"{CONTACTS}/{other['id']}", json={"primaryPhone": phone(1)}))


def test_phone_of_a_soft_deleted_contact_is_a_new_contact_for_upsert(api: httpx.Client) -> None:
    old = create_contact(api, 1)
    ok(api.delete(f"{CONTACTS}/{old['id']}"))
    result = upsert(api, [{"primaryPhone": phone(1)}])
    assert (result["created"], result["updated"]) == (1, 0)
    assert result["data"][0]["id"] != old["id"]


def test_phones_are_unique_per_organization_only(api: httpx.Client, api_b: httpx.Client) -> None:
    create_contact(api, 1)
    create_contact(api_b, 1)


# Partial update ---------------------------------------------------------------------------------

NULLABLE_FIELDS = [
    name
    for name, prop in schema("UpdateContactRequest")["properties"].items()
    if prop.get("nullable")
]
FULL_CONTACT: dict[str, Any] = {
    "firstName": "Salma",
    "lastName": "Benali",
    "fullName": "Salma Benali",
    "primaryEmail": "salma@example.com",
    "address": "12 Rue Ibn Batouta",
    "city": "Casablanca",
    "state": "Casablanca-Settat",
    "zip": "20000",
    "occupation": "Engineer",
    "preferredChannel": "whatsapp",
    "gender": "female",
    "channels": ["phone", "whatsapp"],
}


def test_update_keeps_the_fields_it_does_not_name(api: httpx.Client) -> None:
    contact = create_contact(api, **FULL_CONTACT)
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={"occupation": "Architect"}))
    changed = {"occupation", "updatedAt"}
    assert {k: v for k, v in updated.items() if k not in changed} == {
        k: v for k, v in contact.items() if k not in changed
    }


@pytest.mark.parametrize("field", NULLABLE_FIELDS)
def test_update_with_null_clears_a_nullable_field(api: httpx.Client, field: str) -> None:
    contact = create_contact(api, **FULL_CONTACT)
    assert contact[field] is not None
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={field: None}))
    assert updated[field] is None
    assert ok(api.get(f"{CONTACTS}/{contact['id']}"))[field] is None
    others = set(FULL_CONTACT) - {field, "channels", "primaryEmail", "preferredChannel"}
    assert {k: updated[k] for k in others} == {k: contact[k] for k in others}


def test_update_with_null_phone_is_400(api: httpx.Client, contactkit_mock: MockServer) -> None:
    contact = create_contact(api)
    with unchanged(contactkit_mock):
        response = api.put(f"{CONTACTS}/{contact['id']}", json={"primaryPhone": None})
        assert_names(assert_error(response, 400), "primaryPhone")


def test_update_moves_updated_at_but_not_created_at(api: httpx.Client) -> None:
    contact = create_contact(api)
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={"city": "Rabat"}))
    assert updated["createdAt"] == contact["createdAt"]
    assert updated["updatedAt"] > contact["updatedAt"]


def test_update_of_a_missing_contact_is_404(api: httpx.Client) -> None:
    missing = random_id()
    messages = assert_error(api.put(f"{CONTACTS}/{missing}", json={"city": "Rabat"}), 404)
    assert messages == [f"Contact with id {missing} not found"]


# Custom attributes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"age": 30}, id="integer"),
        pytest.param({"age": 30.5}, id="float"),
        pytest.param({"interests": []}, id="empty-array"),
        pytest.param({"interests": ["tech", "music"]}, id="array-of-strings"),
        pytest.param({"vip": False}, id="boolean"),
        pytest.param({"preferred_language": "fr"}, id="string"),
    ],
)
def test_custom_attribute_of_the_defined_type_is_stored(
    api: httpx.Client, values: dict[str, Any]
) -> None:
    contact = create_contact(api, customAttributes=values)
    attributes = ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]
    assert {a["name"]: a["value"] for a in attributes} == values


@pytest.mark.parametrize(
    ("values", "field"),
    [
        pytest.param({"shoe_size": 42}, "shoe_size", id="unknown-name"),
        pytest.param({"age": "30"}, "age", id="number-as-string"),
        pytest.param({"age": True}, "age", id="number-as-boolean"),
        pytest.param({"age": None}, "age", id="null-on-create"),
        pytest.param({"interests": "tech"}, "interests", id="array-as-string"),
        pytest.param({"interests": ["tech", 1]}, "interests", id="array-of-non-strings"),
        pytest.param({"vip": "yes"}, "vip", id="boolean-as-string"),
        pytest.param({"vip": 1}, "vip", id="boolean-as-number"),
        pytest.param({"preferred_language": 5}, "preferred_language", id="string-as-number"),
    ],
)
def test_custom_attribute_unknown_or_of_the_wrong_type_is_400_on_create(
    api: httpx.Client, contactkit_mock: MockServer, values: dict[str, Any], field: str
) -> None:
    body = {"primaryPhone": phone(1), "customAttributes": values}
    with unchanged(contactkit_mock):
        assert_names(assert_error(api.post(CONTACTS, json=body), 400), f"customAttributes.{field}")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        pytest.param({"shoe_size": 42}, "shoe_size", id="unknown-name"),
        pytest.param({"shoe_size": None}, "shoe_size", id="unknown-name-null"),
        pytest.param({"age": "30"}, "age", id="wrong-type"),
    ],
)
def test_custom_attribute_unknown_or_of_the_wrong_type_is_400_on_update(
    api: httpx.Client, contactkit_mock: MockServer, values: dict[str, Any], field: str
) -> None:
    contact = create_contact(api, customAttributes={"age": 30})
    with unchanged(contactkit_mock):
        response = api.put(f"{CONTACTS}/{contact['id']}", json={"customAttributes": values})
        assert_names(assert_error(response, 400), f"customAttributes.{field}")


def test_every_attribute_violation_is_listed(api: httpx.Client) -> None:
    body = {"primaryPhone": phone(1), "customAttributes": {"shoe_size": 1, "age": "x", "vip": 0}}
    messages = assert_error(api.post(CONTACTS, json=body), 400)
    for field in ("shoe_size", "age", "vip"):
        assert_names(messages, f"customAttributes.{field}")


def test_get_answers_custom_attributes_in_definition_order(api: httpx.Client) -> None:
    values: dict[str, Any] = {
        "preferred_language": "ar",
        "vip": True,
        "accountBalance": 120.5,
        "company_size": 100,
        "interests": ["tech"],
        "age": 30,
    }
    contact = create_contact(api, customAttributes=values)
    attributes = ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]
    assert [a["name"] for a in attributes] == ORG_A_ATTRIBUTES
    company_size = attributes[ORG_A_ATTRIBUTES.index("company_size")]
    assert company_size == {
        "name": "company_size",
        "displayName": "Company Size",
        "description": "Number of employees",
        "type": "number",
        "value": 100,
        "isLocked": False,
    }


def test_get_answers_only_the_attributes_the_contact_has(api: httpx.Client) -> None:
    contact = create_contact(api, customAttributes={"vip": True})
    assert [a["name"] for a in ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]] == [
        "vip"
    ]
    bare = create_contact(api, 2)
    assert ok(api.get(f"{CONTACTS}/{bare['id']}"))["customAttributes"] == []


def test_lists_and_writes_omit_custom_attributes(api: httpx.Client) -> None:
    contact = create_contact(api, customAttributes={"age": 30})
    assert "customAttributes" not in contact
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={"customAttributes": {"age": 31}}))
    assert "customAttributes" not in updated
    assert "customAttributes" not in upsert(api, [{"primaryPhone": phone(1)}])["data"][0]
    [listed] = first_page(api, CONTACTS)["data"]
    assert "customAttributes" not in listed


def test_update_merges_custom_attributes_and_null_removes_one(api: httpx.Client) -> None:
    contact = create_contact(api, customAttributes={"age": 30, "vip": True, "interests": ["tech"]})
    change = {"customAttributes": {"age": 31, "vip": None, "preferred_language": "fr"}}
    ok(api.put(f"{CONTACTS}/{contact['id']}", json=change))
    attributes = ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]
    assert {a["name"]: a["value"] for a in attributes} == {
        "age": 31,
        "interests": ["tech"],
        "preferred_language": "fr",
    }


def test_update_without_custom_attributes_keeps_them(api: httpx.Client) -> None:
    contact = create_contact(api, customAttributes={"age": 30})
    ok(api.put(f"{CONTACTS}/{contact['id']}", json={"city": "Rabat"}))
    attributes = ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]
    assert [(a["name"], a["value"]) for a in attributes] == [("age", 30)]


def test_attribute_of_organization_a_only_is_rejected_for_b(
    api: httpx.Client, api_b: httpx.Client, contactkit_mock: MockServer
) -> None:
    body = {"primaryPhone": phone(1), "customAttributes": {"company_size": 10}}
    created(api.post(CONTACTS, json={**body, "primaryPhone": phone(2)}))
    with unchanged(contactkit_mock):
        messages = assert_error(api_b.post(CONTACTS, json=body), 400)
    assert_names(messages, "customAttributes.company_size")


# Channels ---------------------------------------------------------------------------------------


def test_channels_render_value_and_primary(api: httpx.Client) -> None:
    contact = create_contact(
        api,
        primaryEmail="salma@example.com",
        channels=["phone", "email", "whatsapp"],
        preferredChannel="email",
    )
    assert contact["channels"] == [
        {"type": "phone", "value": contact["primaryPhone"], "isPrimary": False},
        {"type": "email", "value": "salma@example.com", "isPrimary": True},
        {"type": "whatsapp", "value": contact["primaryPhone"], "isPrimary": False},
    ]


def test_email_channel_is_left_out_without_an_email(api: httpx.Client) -> None:
    contact = create_contact(api, channels=["email", "sms"], preferredChannel="sms")
    assert contact["channels"] == [
        {"type": "sms", "value": contact["primaryPhone"], "isPrimary": True}
    ]


def test_email_channel_appears_once_the_email_is_set(api: httpx.Client) -> None:
    contact = create_contact(api, channels=["email"])
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={"primaryEmail": "a@example.com"}))
    assert updated["channels"] == [{"type": "email", "value": "a@example.com", "isPrimary": False}]


def test_channels_follow_the_phone(api: httpx.Client) -> None:
    contact = create_contact(api, channels=["whatsapp"], preferredChannel="whatsapp")
    updated = ok(api.put(f"{CONTACTS}/{contact['id']}", json={"primaryPhone": phone(9)}))
    assert updated["channels"] == [{"type": "whatsapp", "value": phone(9), "isPrimary": True}]
    listed = first_page(api, CONTACTS)["data"][0]
    assert listed["channels"] == updated["channels"]


# Upsert -----------------------------------------------------------------------------------------


def test_upsert_counts_created_and_updated(api: httpx.Client) -> None:
    create_contact(api, 1)
    result = upsert(api, [{"primaryPhone": phone(n)} for n in (1, 2, 3)])
    assert (result["created"], result["updated"]) == (2, 1)
    assert total(api, CONTACTS) == 3


def test_upsert_updates_the_contact_with_that_phone_partially(api: httpx.Client) -> None:
    contact = create_contact(api, 1, firstName="Salma", city="Casablanca")
    result = upsert(api, [{"primaryPhone": phone(1), "city": "Rabat"}])
    [updated] = result["data"]
    assert updated["id"] == contact["id"]
    assert (updated["firstName"], updated["city"]) == ("Salma", "Rabat")
    assert updated["createdAt"] == contact["createdAt"]
    assert updated["updatedAt"] > contact["updatedAt"]
    assert total(api, CONTACTS) == 1


def test_upsert_merges_custom_attributes_of_a_match(api: httpx.Client) -> None:
    contact = create_contact(api, 1, customAttributes={"age": 30})
    upsert(api, [{"primaryPhone": phone(1), "customAttributes": {"vip": True}}])
    attributes = ok(api.get(f"{CONTACTS}/{contact['id']}"))["customAttributes"]
    assert {a["name"]: a["value"] for a in attributes} == {"age": 30, "vip": True}


def test_upsert_of_the_same_phone_twice_makes_one_contact(api: httpx.Client) -> None:
    items = [
        {"primaryPhone": phone(1), "firstName": "First", "city": "Rabat"},
        {"primaryPhone": phone(1), "firstName": "Second"},
    ]
    result = upsert(api, items)
    assert (result["created"], result["updated"]) == (1, 1)
    first, second = result["data"]
    assert first["id"] == second["id"]
    assert total(api, CONTACTS) == 1
    stored = ok(api.get(f"{CONTACTS}/{first['id']}"))
    assert (stored["firstName"], stored["city"]) == ("Second", "Rabat")


def test_upsert_answers_in_input_order(api: httpx.Client) -> None:
    create_contact(api, 5)
    numbers = [7, 5, 1, 9, 3]
    result = upsert(api, [{"primaryPhone": phone(n)} for n in numbers])
    assert [c["primaryPhone"] for c in result["data"]] == [phone(n) for n in numbers]


BAD_ITEMS = [
    pytest.param({"primaryPhone": phone(8), "firstName": "x"}, "firstName", id="too-short"),
    pytest.param({"firstName": "Nophone"}, "primaryPhone", id="no-phone"),
    pytest.param({"primaryPhone": phone(8), "foo": 1}, "foo", id="unknown-field"),
    pytest.param({"primaryPhone": 212600, "city": "Rabat"}, "primaryPhone", id="wrong-type"),
    pytest.param(
        {"primaryPhone": phone(8), "customAttributes": {"shoe_size": 1}},
        "customAttributes.shoe_size",
        id="unknown-attribute",
    ),
    pytest.param(
        {"primaryPhone": phone(8), "customAttributes": {"age": "old"}},
        "customAttributes.age",
        id="attribute-type",
    ),
]


@pytest.mark.parametrize(("item", "field"), BAD_ITEMS)
@pytest.mark.contactkit(profile="default")
def test_upsert_with_one_invalid_item_writes_nothing(
    api: httpx.Client, contactkit_mock: MockServer, item: dict[str, Any], field: str
) -> None:
    existing = first_page(api, CONTACTS, limit=1)["data"][0]
    items = [
        {"primaryPhone": existing["primaryPhone"], "city": "Changed"},
        {"primaryPhone": phone(1)},
        item,
        {"primaryPhone": phone(2)},
    ]
    with unchanged(contactkit_mock):
        messages = assert_error(api.post(f"{CONTACTS}/upsert", json={"data": items}), 400)
    prefix = f"data.2.{field} " if field != "foo" else "property data.2.foo "
    assert any(m.startswith(prefix) for m in messages), messages
    assert all("data.0." not in m and "data.1." not in m for m in messages), messages


def test_upsert_names_every_invalid_item(api: httpx.Client) -> None:
    items = [
        {"primaryPhone": "1"},
        {"primaryPhone": phone(1)},
        {"primaryPhone": phone(2), "zip": ""},
    ]
    messages = assert_error(api.post(f"{CONTACTS}/upsert", json={"data": items}), 400)
    assert_names(messages, "data.0.primaryPhone")
    assert_names(messages, "data.2.zip")


def test_upsert_takes_1000_items(api: httpx.Client) -> None:
    result = upsert(api, [{"primaryPhone": phone(n)} for n in range(1000)])
    assert (result["created"], result["updated"]) == (1000, 0)
    assert total(api, CONTACTS) == 1000


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(
            {"data": [{"primaryPhone": phone(n)} for n in range(1001)]}, "data", id="1001"
        ),
        pytest.param({"data": []}, "data", id="empty"),
        pytest.param({}, "data", id="no-data"),
        pytest.param({"data": {"primaryPhone": phone(1)}}, "data", id="not-an-array"),
    ],
)
def test_upsert_batch_size_is_1_to_1000(
    api: httpx.Client, contactkit_mock: MockServer, body: dict[str, Any], field: str
) -> None:
    with unchanged(contactkit_mock):
        assert_names(assert_error(api.post(f"{CONTACTS}/upsert", json=body), 400), field)
