"""The client contacts mock: create, get, partial update, hard delete, ids, validation, limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from mock_helpers import (
    CLIENT_CONTACTS,
    CLIENT_KEY_A,
    CLIENT_KEY_A_CLIENT,
    CLIENT_KEY_B,
    CLIENT_USER_A,
    CLIENT_USER_A_CLIENT,
    CLIENT_USER_B,
    OBJECT_ID,
    TIMESTAMP,
    assert_client_error,
    assert_names,
    client_document,
    client_ids,
    client_total,
    create_client_contact,
    created,
    ok,
    unchanged,
)

from contracts.bounds import email
from mockserver.testing import MockServer

pytestmark = [pytest.mark.usefixtures("no_5xx"), pytest.mark.contactkit(profile="empty")]

# The vendor document's field order; the optional ones are there only when set.
FIELD_ORDER = [
    "_id", "creator", "editor", "name", "local_name", "phone1", "phone2", "email", "title",
    "extra_info", "disabled", "media", "cover_photo", "integration_meta", "company_namespace",
    "createdAt", "updatedAt", "__v",
]  # fmt: skip
ALWAYS = {
    "_id", "creator", "editor", "name", "disabled", "media", "company_namespace", "createdAt",
    "updatedAt", "__v",
}  # fmt: skip
INTERNAL = ("_id", "createdAt", "updatedAt", "__v")
# Every field a client may set, with a value other than its default.
FULL: dict[str, Any] = {
    "name": "John Smith",
    "local_name": "جون سميث",
    "phone1": "+212600000001",
    "phone2": "+212600000002",
    "email": "john.smith@example.com",
    "title": "Sales Manager",
    "extra_info": "Primary contact for technical issues",
    "disabled": True,
    "media": ["https://cdn.example.com/media/1.jpg", "https://cdn.example.com/media/2.jpg"],
    "cover_photo": "https://cdn.example.com/cover.jpg",
    "integration_meta": {"external_id": "contact_123", "sync_status": "active", "n": {"k": [1]}},
    "company_namespace": ["company1", "company2"],
}
# Other values for every settable field (an update changes each of them).
OTHER: dict[str, Any] = {
    "name": "John Smith Updated",
    "local_name": "جون سميث محدث",
    "phone1": "+212700000001",
    "phone2": "+212700000002",
    "email": "john.smith.updated@example.com",
    "title": "Senior Sales Manager",
    "extra_info": "Primary contact for technical issues - updated",
    "disabled": False,
    "media": [],
    "cover_photo": "https://cdn.example.com/cover-2.jpg",
    "integration_meta": {"external_id": "contact_123", "sync_status": "updated"},
    "company_namespace": ["company3"],
}
# Creators as the vendor document shows them (not users of the mock's fixtures).
VENDOR_ADMIN = {
    "_id": "60f1b2b3c9e9a12345678901",
    "username": "admin_user",
    "name": "Admin User",
    "type": "admin",
}
VENDOR_REP = {**VENDOR_ADMIN, "_id": "60f1b2b3c9e9a12345678902", "type": "rep"}
VENDOR_CLIENT = {**VENDOR_ADMIN, "_id": "60f1b2b3c9e9a12345678903", "type": "client"}


def _url(contact_id: str) -> str:
    return f"{CLIENT_CONTACTS}/{contact_id}"


def _data(response: httpx.Response) -> dict[str, Any]:
    """Assert a 200 `{success: true, data}` and return data."""
    body = ok(response)
    assert set(body) == {"success", "data"}, body
    assert body["success"] is True
    data: dict[str, Any] = body["data"]
    return data


def _seconds(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp).timestamp())


def _request_example(operation_id: str) -> list[Any]:
    """Return pytest params of each request body example of an operation of the spec."""
    document = client_document()
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                media = operation["requestBody"]["content"]["application/json"]
                params = []
                for name, example in media["examples"].items():
                    if "$ref" in example:
                        example = document["components"]["examples"][example["$ref"].split("/")[-1]]
                    params.append(pytest.param(example["value"], id=name))
                return params
    raise KeyError(operation_id)


# Create ----------------------------------------------------------------------------------------


def test_create_answers_201_with_the_server_managed_fields(client_api: httpx.Client) -> None:
    body = created(client_api.post(CLIENT_CONTACTS, json={"name": "John Smith"}))
    assert set(body) == {"success", "data"}
    assert body["success"] is True
    contact = body["data"]
    assert set(contact) == ALWAYS
    assert OBJECT_ID.match(contact["_id"])
    assert contact["__v"] == 0
    assert TIMESTAMP.match(contact["createdAt"])
    assert contact["updatedAt"] == contact["createdAt"]
    assert (contact["creator"], contact["editor"]) == (CLIENT_USER_A, CLIENT_USER_A)
    assert (contact["disabled"], contact["media"], contact["company_namespace"]) == (False, [], [])
    assert contact["name"] == "John Smith"


def test_create_keeps_every_given_field(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    assert {field: contact[field] for field in FULL} == FULL
    assert set(contact) == ALWAYS | set(FULL)


def test_fields_come_in_the_vendor_document_s_order(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    assert list(contact) == FIELD_ORDER
    fetched = _data(client_api.get(_url(contact["_id"])))
    assert list(fetched) == FIELD_ORDER


def test_object_id_leads_with_the_creation_second(client_api: httpx.Client) -> None:
    contacts = [create_client_contact(client_api, f"Contact {n}") for n in range(5)]
    ids = [contact["_id"] for contact in contacts]
    assert len(set(ids)) == len(ids)
    for contact in contacts:
        assert int(contact["_id"][:8], 16) == _seconds(contact["createdAt"]), contact
    # And ids grow with creation time, within one second too (a counter, as MongoDB's).
    assert ids == sorted(ids)


def test_created_at_strictly_increases(client_api: httpx.Client) -> None:
    stamps = [create_client_contact(client_api, f"Contact {n}")["createdAt"] for n in range(5)]
    assert stamps == sorted(set(stamps))


@pytest.mark.parametrize(
    ("key", "user"),
    [
        pytest.param(CLIENT_KEY_A, CLIENT_USER_A, id="admin"),
        pytest.param(CLIENT_KEY_A_CLIENT, CLIENT_USER_A_CLIENT, id="client"),
        pytest.param(CLIENT_KEY_B, CLIENT_USER_B, id="rep"),
    ],
)
def test_creator_and_editor_default_to_the_key_s_user(
    contactkit_mock: MockServer, key: str, user: dict[str, str]
) -> None:
    with contactkit_mock.client(key, api="client-contacts") as client:
        contact = create_client_contact(client)
    assert (contact["creator"], contact["editor"]) == (user, user)


@pytest.mark.parametrize(
    ("given", "creator", "editor"),
    [
        pytest.param({"creator": VENDOR_ADMIN}, VENDOR_ADMIN, CLIENT_USER_A, id="creator-only"),
        pytest.param({"editor": VENDOR_REP}, CLIENT_USER_A, VENDOR_REP, id="editor-only"),
        pytest.param(
            {"creator": VENDOR_CLIENT, "editor": VENDOR_ADMIN},
            VENDOR_CLIENT,
            VENDOR_ADMIN,
            id="both",
        ),
    ],
)
def test_given_creator_and_editor_are_kept(
    client_api: httpx.Client,
    given: dict[str, Any],
    creator: dict[str, str],
    editor: dict[str, str],
) -> None:
    contact = create_client_contact(client_api, **given)
    assert (contact["creator"], contact["editor"]) == (creator, editor)
    fetched = _data(client_api.get(_url(contact["_id"])))
    assert (fetched["creator"], fetched["editor"]) == (creator, editor)


@pytest.mark.parametrize("field", ["creator", "editor"])
@pytest.mark.parametrize(
    "value",
    [
        pytest.param({**VENDOR_ADMIN, "type": "owner"}, id="unknown-type"),
        pytest.param({k: v for k, v in VENDOR_ADMIN.items() if k != "username"}, id="no-username"),
        pytest.param({k: v for k, v in VENDOR_ADMIN.items() if k != "type"}, id="no-type"),
        pytest.param({**VENDOR_ADMIN, "email": "a@example.com"}, id="extra-property"),
        pytest.param({**VENDOR_ADMIN, "name": 5}, id="name-not-a-string"),
        pytest.param({**VENDOR_ADMIN, "_id": "60f1b2b3c9e9a1234567890"}, id="_id-not-an-object-id"),
        pytest.param({**VENDOR_ADMIN, "_id": f"{VENDOR_ADMIN['_id']}\n"}, id="_id-newline"),
        pytest.param("admin_user", id="not-an-object"),
    ],
)
def test_creator_or_editor_of_another_shape_is_400(
    client_api: httpx.Client, contactkit_mock: MockServer, field: str, value: Any
) -> None:
    with unchanged(contactkit_mock):
        response = client_api.post(CLIENT_CONTACTS, json={"name": "John", field: value})
        assert_names(assert_client_error(response, 400), field)


@pytest.mark.parametrize("body", _request_example("createClientContact"))
def test_documented_create_example_is_accepted(
    client_api: httpx.Client, body: dict[str, Any]
) -> None:
    contact = created(client_api.post(CLIENT_CONTACTS, json=body))["data"]
    assert {field: contact[field] for field in body} == body


def test_get_answers_the_contact_as_created(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    assert _data(client_api.get(_url(contact["_id"]))) == contact


# Partial update ---------------------------------------------------------------------------------


def test_update_changes_only_the_fields_it_names(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    updated = _data(client_api.patch(_url(contact["_id"]), json={"title": "Senior Sales Manager"}))
    assert updated["title"] == "Senior Sales Manager"
    moved = {"title", "updatedAt", "__v"}
    assert {k: v for k, v in updated.items() if k not in moved} == {
        k: v for k, v in contact.items() if k not in moved
    }
    assert _data(client_api.get(_url(contact["_id"]))) == updated


def test_update_can_change_every_settable_field(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    updated = _data(client_api.patch(_url(contact["_id"]), json=OTHER))
    assert {field: updated[field] for field in OTHER} == OTHER


def test_update_moves_updated_at_and_counts_versions(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api)
    first = _data(client_api.patch(_url(contact["_id"]), json={"title": "One"}))
    second = _data(client_api.patch(_url(contact["_id"]), json={"title": "Two"}))
    assert [c["__v"] for c in (contact, first, second)] == [0, 1, 2]
    assert contact["updatedAt"] < first["updatedAt"] < second["updatedAt"]
    assert contact["createdAt"] == first["createdAt"] == second["createdAt"]
    assert TIMESTAMP.match(second["updatedAt"])


def test_empty_update_still_moves_updated_at_and_version(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    updated = _data(client_api.patch(_url(contact["_id"]), json={}))
    assert (updated["__v"], updated["updatedAt"] > contact["updatedAt"]) == (1, True)
    assert {k: v for k, v in updated.items() if k not in ("__v", "updatedAt")} == {
        k: v for k, v in contact.items() if k not in ("__v", "updatedAt")
    }


def test_update_sets_the_editor_to_the_caller(
    contactkit_mock: MockServer, client_api: httpx.Client
) -> None:
    contact = create_client_contact(client_api)
    with contactkit_mock.client(CLIENT_KEY_A_CLIENT, api="client-contacts") as other_user:
        updated = _data(other_user.patch(_url(contact["_id"]), json={"title": "CTO"}))
    assert (updated["creator"], updated["editor"]) == (CLIENT_USER_A, CLIENT_USER_A_CLIENT)


def test_update_sets_the_editor_to_the_caller_even_over_a_given_one_at_create(
    client_api: httpx.Client,
) -> None:
    contact = create_client_contact(client_api, editor=VENDOR_REP)
    updated = _data(client_api.patch(_url(contact["_id"]), json={"title": "CTO"}))
    assert updated["editor"] == CLIENT_USER_A


def test_update_keeps_a_given_editor_and_creator(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api)
    change = {"creator": VENDOR_CLIENT, "editor": VENDOR_REP}
    updated = _data(client_api.patch(_url(contact["_id"]), json=change))
    assert (updated["creator"], updated["editor"]) == (VENDOR_CLIENT, VENDOR_REP)


def test_update_ignores_the_internal_fields(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api)
    other = create_client_contact(client_api, "Other")
    change = {
        "_id": other["_id"],
        "createdAt": "2000-01-01T00:00:00.000Z",
        "updatedAt": "2000-01-01T00:00:00.000Z",
        "__v": 42,
        "name": "Renamed",
    }
    updated = _data(client_api.patch(_url(contact["_id"]), json=change))
    assert updated["name"] == "Renamed"
    assert (updated["_id"], updated["createdAt"], updated["__v"]) == (
        contact["_id"],
        contact["createdAt"],
        1,
    )
    assert updated["updatedAt"] > contact["updatedAt"]
    assert _data(client_api.get(_url(other["_id"])))["name"] == "Other"
    assert client_total(client_api) == 2


@pytest.mark.parametrize("body", _request_example("updateClientContact"))
def test_documented_update_example_is_accepted(
    client_api: httpx.Client, body: dict[str, Any]
) -> None:
    contact = create_client_contact(client_api, **FULL)
    updated = _data(client_api.patch(_url(contact["_id"]), json=body))
    settable = {k: v for k, v in body.items() if k not in INTERNAL}
    assert {field: updated[field] for field in settable} == settable
    assert (updated["_id"], updated["createdAt"], updated["__v"]) == (
        contact["_id"],
        contact["createdAt"],
        1,
    )


@pytest.mark.parametrize("field", [*FULL, "creator", "editor"])
def test_update_with_null_is_400(
    client_api: httpx.Client, contactkit_mock: MockServer, field: str
) -> None:
    contact = create_client_contact(client_api, **FULL)
    with unchanged(contactkit_mock):
        response = client_api.patch(_url(contact["_id"]), json={field: None})
        assert_names(assert_client_error(response, 400), field)


# Hard delete ------------------------------------------------------------------------------------


def test_delete_answers_the_contact_as_it_was(client_api: httpx.Client) -> None:
    contact = create_client_contact(client_api, **FULL)
    updated = _data(client_api.patch(_url(contact["_id"]), json={"title": "CTO"}))
    assert _data(client_api.delete(_url(contact["_id"]))) == updated


@pytest.mark.parametrize(
    ("method", "body"),
    [
        pytest.param("GET", None, id="get"),
        pytest.param("PATCH", {"title": "CTO"}, id="update"),
        pytest.param("DELETE", None, id="delete-again"),
    ],
)
def test_deleted_contact_is_404(
    client_api: httpx.Client, contactkit_mock: MockServer, method: str, body: Any
) -> None:
    contact = create_client_contact(client_api)
    _data(client_api.delete(_url(contact["_id"])))
    with unchanged(contactkit_mock):
        response = client_api.request(method, _url(contact["_id"]), json=body)
        [message] = assert_client_error(response, 404)
    assert contact["_id"] in message


def test_deleted_contact_leaves_the_list_and_the_total(client_api: httpx.Client) -> None:
    kept = create_client_contact(client_api, "Kept")
    dropped = create_client_contact(client_api, "Dropped")
    _data(client_api.delete(_url(dropped["_id"])))
    assert client_ids(client_api) == [kept["_id"]]
    assert client_total(client_api) == 1
    assert client_total(client_api, search="Dropped") == 0
    assert client_total(client_api, _id=[dropped["_id"]]) == 0


def test_delete_is_a_hard_delete(client_api: httpx.Client, contactkit_mock: MockServer) -> None:
    contact = create_client_contact(client_api)
    _data(client_api.delete(_url(contact["_id"])))
    dataset = contactkit_mock.state.export()["datasets"]["client-contacts"]
    assert [r for r in dataset["clientContacts"] if r["_id"] == contact["_id"]] == []


# Ids in the path ----------------------------------------------------------------------------------

ID_METHODS = [
    pytest.param("GET", None, id="get"),
    pytest.param("PATCH", {"title": "CTO"}, id="update"),
    pytest.param("DELETE", None, id="delete"),
]


@pytest.mark.parametrize(("method", "body"), ID_METHODS)
def test_uppercase_id_finds_the_contact(client_api: httpx.Client, method: str, body: Any) -> None:
    contact = create_client_contact(client_api)
    response = client_api.request(method, _url(contact["_id"].upper()), json=body)
    assert _data(response)["_id"] == contact["_id"]


MALFORMED_IDS = [
    "123",
    "60f1b2b3c9e9a1234567890",  # 23 digits
    "60f1b2b3c9e9a123456789012",  # 25 digits
    "60f1b2b3c9e9a1234567890g",
    "550e8400-e29b-41d4-a716-446655440000",
    "%20",
    "%E2%82%AC",
]


@pytest.mark.parametrize(("method", "body"), ID_METHODS)
@pytest.mark.parametrize("bad_id", MALFORMED_IDS)
def test_malformed_id_is_400_naming_id(
    client_api: httpx.Client, contactkit_mock: MockServer, method: str, body: Any, bad_id: str
) -> None:
    create_client_contact(client_api)
    with unchanged(contactkit_mock):
        response = client_api.request(method, _url(bad_id), json=body)
        assert_names(assert_client_error(response, 400), "id")
    assert response.json()["message"] == "Validation failed"


@pytest.mark.parametrize(("method", "body"), ID_METHODS)
def test_unknown_id_is_404(
    client_api: httpx.Client, contactkit_mock: MockServer, method: str, body: Any
) -> None:
    create_client_contact(client_api)
    missing = "60f1b2b3c9e9a12345678901"
    with unchanged(contactkit_mock):
        response = client_api.request(method, _url(missing), json=body)
        [message] = assert_client_error(response, 404)
    assert missing in message
    assert response.json()["errors"] == []


# Validation ---------------------------------------------------------------------------------------


def test_missing_name_is_400(client_api: httpx.Client, contactkit_mock: MockServer) -> None:
    with unchanged(contactkit_mock):
        response = client_api.post(CLIENT_CONTACTS, json={"title": "CTO"})
        assert assert_client_error(response, 400) == ["name should not be empty"]
    assert response.json()["message"] == "Validation failed"


def test_every_violation_is_listed_and_nothing_is_written(
    client_api: httpx.Client, contactkit_mock: MockServer
) -> None:
    body = {
        "name": "",
        "email": "not-an-email",
        "phone1": "1" * 33,
        "media": "https://cdn.example.com/1.jpg",
        "disabled": "yes",
        "company_namespace": [""],
    }
    with unchanged(contactkit_mock):
        messages = assert_client_error(client_api.post(CLIENT_CONTACTS, json=body), 400)
    for field in ("name", "email", "phone1", "media", "disabled", "company_namespace.0"):
        assert_names(messages, field)
    assert len(messages) == len(body)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("name", 5, id="name-number"),
        pytest.param("local_name", ["x"], id="local_name-array"),
        pytest.param("disabled", "false", id="disabled-string"),
        pytest.param("disabled", 0, id="disabled-number"),
        pytest.param("media", [1], id="media-items-numbers"),
        pytest.param("integration_meta", ["x"], id="integration_meta-array"),
        pytest.param("integration_meta", "x", id="integration_meta-string"),
        pytest.param("company_namespace", "company1", id="company_namespace-string"),
        pytest.param("extra_info", {"a": 1}, id="extra_info-object"),
    ],
)
def test_wrong_type_is_400_naming_the_field(
    client_api: httpx.Client, contactkit_mock: MockServer, field: str, value: Any
) -> None:
    contact = create_client_contact(client_api)
    with unchanged(contactkit_mock):
        body = {"name": "John", field: value}
        assert_names(assert_client_error(client_api.post(CLIENT_CONTACTS, json=body), 400), field)
        response = client_api.patch(_url(contact["_id"]), json={field: value})
        assert_names(assert_client_error(response, 400), field)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", CLIENT_CONTACTS, id="create"),
        pytest.param("PATCH", f"{CLIENT_CONTACTS}/{{id}}", id="update"),
    ],
)
def test_unknown_property_is_400(
    client_api: httpx.Client, contactkit_mock: MockServer, method: str, path: str
) -> None:
    contact = create_client_contact(client_api)
    body = {"name": "John", "organization": "Souk Digital"}
    with unchanged(contactkit_mock):
        response = client_api.request(method, path.format(id=contact["_id"]), json=body)
        assert "property organization should not exist" in assert_client_error(response, 400)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("_id", "60f1b2b3c9e9a12345678901", id="_id"),
        pytest.param("createdAt", "2023-01-15T10:30:00.000Z", id="createdAt"),
        pytest.param("updatedAt", "2023-01-15T10:30:00.000Z", id="updatedAt"),
        pytest.param("__v", 0, id="__v"),
    ],
)
def test_create_refuses_the_internal_fields(
    client_api: httpx.Client, contactkit_mock: MockServer, field: str, value: Any
) -> None:
    body = {"name": "John", field: value}
    with unchanged(contactkit_mock):
        messages = assert_client_error(client_api.post(CLIENT_CONTACTS, json=body), 400)
    assert messages == [f"property {field} should not exist"]


@pytest.mark.parametrize(
    ("email", "accepted"),
    [
        pytest.param("john.smith@example.com", True, id="address"),
        pytest.param("JOHN+tag@example.co.ma", True, id="plus-and-case"),
        pytest.param("john.smith.example.com", False, id="no-at"),
        pytest.param("not-an-email", False, id="word"),
    ],
)
def test_email_must_be_an_email(
    client_api: httpx.Client, contactkit_mock: MockServer, email: str, accepted: bool
) -> None:
    body = {"name": "John", "email": email}
    if accepted:
        assert create_client_contact(client_api, **body)["email"] == email
        return
    with unchanged(contactkit_mock):
        messages = assert_client_error(client_api.post(CLIENT_CONTACTS, json=body), 400)
    assert messages == ["email must be an email"]


def test_integration_meta_is_a_free_form_object(client_api: httpx.Client) -> None:
    meta = {"external_id": "c1", "tags": ["a", "b"], "nested": {"n": 1.5, "ok": None}}
    contact = create_client_contact(client_api, integration_meta=meta)
    assert _data(client_api.get(_url(contact["_id"])))["integration_meta"] == meta


# Limits (docs/client-contacts-design.md) --------------------------------------------------------

# (field, minLength or None, maxLength) of each string field.
STRING_LIMITS = [
    ("name", 1, 256),
    ("local_name", 0, 256),
    ("title", 0, 256),
    ("phone1", None, 32),
    ("phone2", None, 32),
    ("email", None, 254),
    ("extra_info", None, 4096),
    ("cover_photo", None, 2048),
]
# (field, maxItems, item minLength or None, item maxLength) of each array field.
ARRAY_LIMITS = [("media", 50, None, 2048), ("company_namespace", 50, 1, 128)]


def _text(field: str, length: int) -> str:
    """Return a value of `length` characters for `field` (a valid address for the email)."""
    if field == "email":
        # The length goes into the domain: a local part has at most 64 characters.
        return email(length)
    return "x" * length


def _limits(inside: bool) -> list[Any]:
    """Return pytest params (field, value) on each limit, or one step past it."""
    params = []
    for field, low, high in STRING_LIMITS:
        for name, bound, step in (("min", low, -1), ("max", high, 1)):
            if bound is None or (not inside and bound + step < 0):
                continue
            length = bound if inside else bound + step
            label = f"{field}-{name}" if inside else f"{field}-{name}{step:+d}"
            params.append(pytest.param(field, _text(field, length), id=label))
    for field, items, low, high in ARRAY_LIMITS:
        count = items if inside else items + 1
        many = [f"{field}-{n}" for n in range(count)]
        params.append(pytest.param(field, many, id=f"{field}-maxItems{'' if inside else '+1'}"))
        long = "x" * (high if inside else high + 1)
        params.append(pytest.param(field, [long], id=f"{field}-item-max{'' if inside else '+1'}"))
        if low is not None:
            short = "x" * (low if inside else low - 1)
            label = f"{field}-item-min{'' if inside else '-1'}"
            params.append(pytest.param(field, [short], id=label))
    return params


def _field_of(field: str, value: Any) -> str:
    """Return the name a violation of `value` in `field` is reported under."""
    return field if isinstance(value, str) or len(value) > 1 else f"{field}.0"


@pytest.mark.parametrize(("field", "value"), _limits(inside=True))
def test_create_accepts_a_value_on_the_limit(
    client_api: httpx.Client, field: str, value: Any
) -> None:
    body = {"name": "John", field: value}
    contact = create_client_contact(client_api, **body)
    assert contact[field] == value
    assert _data(client_api.get(_url(contact["_id"])))[field] == value


@pytest.mark.parametrize(("field", "value"), _limits(inside=False))
def test_create_rejects_a_value_past_the_limit(
    client_api: httpx.Client, contactkit_mock: MockServer, field: str, value: Any
) -> None:
    body = {"name": "John", field: value}
    with unchanged(contactkit_mock):
        messages = assert_client_error(client_api.post(CLIENT_CONTACTS, json=body), 400)
    assert_names(messages, _field_of(field, value))


@pytest.mark.parametrize(("field", "value"), _limits(inside=True))
def test_update_accepts_a_value_on_the_limit(
    client_api: httpx.Client, field: str, value: Any
) -> None:
    contact = create_client_contact(client_api, **FULL)
    assert _data(client_api.patch(_url(contact["_id"]), json={field: value}))[field] == value


@pytest.mark.parametrize(("field", "value"), _limits(inside=False))
def test_update_rejects_a_value_past_the_limit(
    client_api: httpx.Client, contactkit_mock: MockServer, field: str, value: Any
) -> None:
    contact = create_client_contact(client_api, **FULL)
    with unchanged(contactkit_mock):
        response = client_api.patch(_url(contact["_id"]), json={field: value})
        assert_names(assert_client_error(response, 400), _field_of(field, value))


def test_limit_messages_are_worded_like_the_gomobile_mock_s(client_api: httpx.Client) -> None:
    body = {"name": "x" * 257, "media": [f"m{n}" for n in range(51)]}
    messages = assert_client_error(client_api.post(CLIENT_CONTACTS, json=body), 400)
    assert messages == [
        "media must contain no more than 50 elements",
        "name must be shorter than or equal to 256 characters",
    ]


@pytest.mark.parametrize("schema", ["ClientContactCreate", "ClientContactUpdate"])
def test_limits_table_matches_the_spec(schema: str) -> None:
    properties = client_document()["components"]["schemas"][schema]["properties"]
    for field, low, high in STRING_LIMITS:
        found = (properties[field].get("minLength", 0), properties[field]["maxLength"])
        assert found == (low or 0, high), field
    for field, items, low, high in ARRAY_LIMITS:
        prop = properties[field]
        limits = (prop["maxItems"], prop["items"].get("minLength"), prop["items"]["maxLength"])
        assert limits == (items, low, high), field
