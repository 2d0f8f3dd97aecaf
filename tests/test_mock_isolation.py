"""Organizations are isolated, and every operation needs a known API key."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mock_helpers import (
    AUDIENCES,
    CONTACTS,
    KEY_A_SUPPORT,
    add_contacts,
    assert_error,
    create_audience,
    create_contact,
    first_page,
    gomobile_document,
    ok,
    phone,
    random_id,
    total,
    unchanged,
)

from mockserver.testing import MockServer

pytestmark = pytest.mark.usefixtures("no_5xx")

# Every operation, with a request that organization A's key would have answered with a 2xx.
# {contact} and {audience} are an existing contact and audience of organization A.
OPERATIONS: dict[str, tuple[str, str, Any]] = {
    "listContacts": ("GET", "/api/contact", None),
    "createContact": ("POST", "/api/contact", {"primaryPhone": phone(99)}),
    "upsertContacts": ("POST", "/api/contact/upsert", {"data": [{"primaryPhone": phone(98)}]}),
    "getContact": ("GET", "/api/contact/{contact}", None),
    "updateContact": ("PUT", "/api/contact/{contact}", {"city": "Rabat"}),
    "deleteContact": ("DELETE", "/api/contact/{contact}", None),
    "listAudiences": ("GET", "/api/audience", None),
    "createAudience": ("POST", "/api/audience", {"name": "New audience"}),
    "getAudience": ("GET", "/api/audience/{audience}", None),
    "updateAudience": ("PUT", "/api/audience/{audience}", {"name": "Renamed"}),
    "deleteAudience": ("DELETE", "/api/audience/{audience}", None),
    "listAudienceContacts": ("GET", "/api/audience/{audience}/contacts", None),
    "addAudienceContacts": (
        "POST",
        "/api/audience/{audience}/add-contacts",
        {"contacts": ["{contact}"]},
    ),
}


def _spec_operations() -> set[str]:
    return {
        operation["operationId"]
        for item in gomobile_document()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


@pytest.fixture
def ids_of_a(api: httpx.Client) -> dict[str, str]:
    """An existing contact and audience of organization A, by placeholder name."""
    return {
        "contact": first_page(api, CONTACTS, limit=1)["data"][0]["id"],
        "audience": first_page(api, AUDIENCES, limit=1)["data"][0]["id"],
    }


def test_the_table_covers_every_operation_of_the_spec() -> None:
    assert set(OPERATIONS) == _spec_operations()


# API keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "not-a-key", "TEST-KEY-ORG-A", "test-key-org-a2"])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_missing_or_unknown_key_is_401(
    contactkit_mock: MockServer, ids_of_a: dict[str, str], operation: str, key: str | None
) -> None:
    method, path, body = OPERATIONS[operation]
    headers = {} if key is None else {"x-api-key": key}
    with unchanged(contactkit_mock), httpx.Client(base_url=contactkit_mock.url) as client:
        response = client.request(
            method, path.format(**ids_of_a), json=_fill(body, ids_of_a), headers=headers
        )
        [message] = assert_error(response, 401)
    assert "API key" in message


def test_the_same_requests_succeed_with_the_key(
    api: httpx.Client, ids_of_a: dict[str, str]
) -> None:
    # The deletes last, so that every other request still finds its resource.
    for operation, (method, path, body) in sorted(
        OPERATIONS.items(), key=lambda item: item[1][0] == "DELETE"
    ):
        response = api.request(method, path.format(**ids_of_a), json=_fill(body, ids_of_a))
        assert response.status_code in (200, 201), (operation, response.text)


def test_another_key_of_the_same_organization_sees_its_data(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    contact = create_contact(api)
    with contactkit_mock.client(KEY_A_SUPPORT) as support:
        assert ok(support.get(f"{CONTACTS}/{contact['id']}"))["id"] == contact["id"]
        assert total(support, CONTACTS) == total(api, CONTACTS)


# Organizations -----------------------------------------------------------------------------------

OTHER_ORG_REQUESTS = [
    pytest.param("GET", "/api/contact/{id}", None, "contact", id="get-contact"),
    pytest.param("PUT", "/api/contact/{id}", {"city": "Rabat"}, "contact", id="update-contact"),
    pytest.param("DELETE", "/api/contact/{id}", None, "contact", id="delete-contact"),
    pytest.param("GET", "/api/audience/{id}", None, "audience", id="get-audience"),
    pytest.param(
        "PUT", "/api/audience/{id}", {"name": "Renamed"}, "audience", id="update-audience"
    ),
    pytest.param("DELETE", "/api/audience/{id}", None, "audience", id="delete-audience"),
    pytest.param("GET", "/api/audience/{id}/contacts", None, "audience", id="audience-contacts"),
    pytest.param(
        "POST", "/api/audience/{id}/add-contacts", "own", "audience", id="add-to-audience"
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "kind"), OTHER_ORG_REQUESTS)
def test_another_organization_s_resource_is_404_exactly_like_a_missing_one(
    contactkit_mock: MockServer,
    api: httpx.Client,
    api_b: httpx.Client,
    ids_of_a: dict[str, str],
    method: str,
    path: str,
    body: Any,
    kind: str,
) -> None:
    if body == "own":
        body = {"contacts": [first_page(api_b, CONTACTS, limit=1)["data"][0]["id"]]}
    theirs, missing = ids_of_a[kind], random_id()
    with unchanged(contactkit_mock):
        foreign = api_b.request(method, path.format(id=theirs), json=body)
        assert_error(foreign, 404)
    absent = api_b.request(method, path.format(id=missing), json=body)
    assert_error(absent, 404)
    assert foreign.json() == {
        **absent.json(),
        "message": absent.json()["message"].replace(missing, theirs),
    }
    assert foreign.headers.get("content-type") == absent.headers.get("content-type")


def test_adding_another_organization_s_contacts_is_404_naming_them(
    contactkit_mock: MockServer, api: httpx.Client, api_b: httpx.Client
) -> None:
    audience_b = create_audience(api_b)
    own = first_page(api_b, CONTACTS, limit=1)["data"][0]["id"]
    theirs = first_page(api, CONTACTS, limit=1)["data"][0]["id"]
    with unchanged(contactkit_mock):
        response = api_b.post(
            f"{AUDIENCES}/{audience_b['id']}/add-contacts", json={"contacts": [own, theirs]}
        )
        [message] = assert_error(response, 404)
    assert theirs in message and own not in message


def test_lists_show_only_the_organization_s_resources(
    api: httpx.Client, api_b: httpx.Client
) -> None:
    contacts_a = {c["id"] for c in first_page(api, CONTACTS, limit=100)["data"]}
    contacts_b = {c["id"] for c in first_page(api_b, CONTACTS, limit=100)["data"]}
    assert contacts_a and contacts_b and not contacts_a & contacts_b
    audiences_a = {a["id"] for a in first_page(api, AUDIENCES, limit=100)["data"]}
    audiences_b = {a["id"] for a in first_page(api_b, AUDIENCES, limit=100)["data"]}
    assert audiences_a and audiences_b and not audiences_a & audiences_b


def test_totals_differ_per_organization(api: httpx.Client, api_b: httpx.Client) -> None:
    before_b = total(api_b, CONTACTS)
    assert total(api, CONTACTS) != before_b
    create_contact(api, 1)
    create_audience(api)
    assert total(api_b, CONTACTS) == before_b
    info = [o for o in ok(api.get("/__admin/info"))["organizations"] if o["api"] == "gomobile"]
    assert [org["contacts"] for org in info] == [total(api, CONTACTS), total(api_b, CONTACTS)]
    assert [org["audiences"] for org in info] == [total(api, AUDIENCES), total(api_b, AUDIENCES)]


def test_search_does_not_reach_another_organization(api: httpx.Client, api_b: httpx.Client) -> None:
    contact = create_contact(api, 1, firstName="Quokkaname")
    assert total(api_b, CONTACTS, search="Quokkaname") == 0
    assert total(api_b, CONTACTS, search=contact["primaryPhone"]) == 0
    assert total(api, CONTACTS, search="Quokkaname") == 1


def test_audience_members_of_another_organization_stay_hidden(
    api: httpx.Client, api_b: httpx.Client
) -> None:
    audience = create_audience(api)
    add_contacts(api, audience["id"], [create_contact(api, 1)["id"]])
    assert_error(api_b.get(f"{AUDIENCES}/{audience['id']}/contacts"), 404)
    assert all(a["id"] != audience["id"] for a in first_page(api_b, AUDIENCES, limit=100)["data"])
