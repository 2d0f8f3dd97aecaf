"""Seed data through HTTP: deterministic per seed, empty when asked, realistic by default."""

from __future__ import annotations

import httpx
import pytest
from mock_helpers import AUDIENCES, CONTACTS, first_page, ok, total

from mockserver.testing import MockServer

pytestmark = pytest.mark.usefixtures("no_5xx")

LISTS = [
    pytest.param(CONTACTS, {}, id="contacts"),
    pytest.param(CONTACTS, {"sortBy": "lastName", "sortOrder": "asc"}, id="contacts-by-name"),
    pytest.param(AUDIENCES, {}, id="audiences"),
]


@pytest.mark.parametrize(("path", "params"), LISTS)
def test_the_same_seed_serves_the_same_first_page(
    contactkit_mock: MockServer, api: httpx.Client, path: str, params: dict[str, str]
) -> None:
    contactkit_mock.reset(seed=11)
    first = api.get(path, params={"limit": 100, **params}).content
    contactkit_mock.reset(seed=12)
    assert api.get(path, params={"limit": 100, **params}).content != first
    contactkit_mock.reset(seed=11)
    assert api.get(path, params={"limit": 100, **params}).content == first


def test_the_same_seed_serves_the_same_audience_members(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    def members() -> bytes:
        audience = first_page(api, AUDIENCES, limit=1)["data"][0]["id"]
        return api.get(f"{AUDIENCES}/{audience}/contacts", params={"limit": 100}).content

    contactkit_mock.reset(seed=11)
    first = members()
    contactkit_mock.reset(seed=11)
    assert members() == first


@pytest.mark.contactkit(profile="empty")
def test_the_empty_profile_has_no_data(api: httpx.Client, api_b: httpx.Client) -> None:
    for client in (api, api_b):
        for path in (CONTACTS, AUDIENCES):
            body = first_page(client, path)
            assert body["data"] == []
            assert body["meta"]["total"] == 0
            assert body["meta"]["totalPages"] == 0


@pytest.mark.parametrize("key", ["api", "api_b"])
def test_the_default_profile_has_contacts_and_audiences_with_members(
    request: pytest.FixtureRequest, key: str
) -> None:
    client: httpx.Client = request.getfixturevalue(key)
    assert total(client, CONTACTS) >= 100
    audiences = first_page(client, AUDIENCES, limit=100)["data"]
    assert audiences
    with_members = [a for a in audiences if a["contactCount"] > 0]
    assert with_members
    for audience in with_members:
        members = first_page(client, f"{AUDIENCES}/{audience['id']}/contacts")
        assert members["meta"]["total"] == audience["contactCount"]


def test_seed_contacts_are_realistic(api: httpx.Client) -> None:
    contacts = first_page(api, CONTACTS, limit=100)["data"]
    assert all(c["primaryPhone"].startswith("+212") for c in contacts)
    assert all(len(c["primaryPhone"]) == 13 for c in contacts)
    assert sum(c["firstName"] is not None for c in contacts) > 50
    assert sum(c["primaryEmail"] is not None for c in contacts) > 10
    assert len({c["primaryPhone"] for c in contacts}) == len(contacts)


def test_seed_contacts_have_valid_custom_attributes(api: httpx.Client) -> None:
    contacts = first_page(api, CONTACTS, limit=30)["data"]
    attributes = [ok(api.get(f"{CONTACTS}/{c['id']}"))["customAttributes"] for c in contacts]
    assert any(attributes)
    names = ["age", "interests", "company_size", "accountBalance", "vip", "preferred_language"]
    for found in attributes:
        order = [names.index(a["name"]) for a in found]
        assert order == sorted(order)


@pytest.mark.contactkit(contacts=1500, audiences=2)
def test_a_bulk_seed_reads_and_takes_writes_like_any_data(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    # Over a thousand rows a seed or an import is a bulk load (on PostgreSQL: rows written
    # frozen into the emptied table, then analyzed); the data behaves as if written one by one.
    assert total(api, CONTACTS) == 1500
    first = first_page(api, CONTACTS, sortBy="lastName", sortOrder="asc")["data"][0]
    ok(api.delete(f"{CONTACTS}/{first['id']}"))
    assert total(api, CONTACTS) == 1499
    assert first_page(api, CONTACTS, sortBy="lastName")["data"][0]["id"] != first["id"]
    exported = ok(httpx.get(f"{contactkit_mock.url}/__admin/state", timeout=60))
    ok(httpx.put(f"{contactkit_mock.url}/__admin/state", json=exported, timeout=60))
    assert total(api, CONTACTS) == 1499
    renamed = first_page(api, CONTACTS)["data"][0]["id"]
    ok(api.put(f"{CONTACTS}/{renamed}", json={"firstName": "Zyzzyva"}))
    assert [c["id"] for c in first_page(api, CONTACTS, search="zyzzyva")["data"]] == [renamed]
