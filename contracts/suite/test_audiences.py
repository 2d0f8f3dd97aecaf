"""audiences: add-contacts membership and counts; unknown ids rejected with nothing added."""

from __future__ import annotations

import pytest

from contracts.context import Contract
from contracts.gomobile import AUDIENCE, CONTACT
from contracts.probes import create

pytestmark = [pytest.mark.contract("audiences"), pytest.mark.writes]
ADD = "#/paths/~1api~1audience~1{id}~1add-contacts/post"
COUNT = "#/components/schemas/AudienceWithCountResponse"


def _count(contract: Contract, audience: dict[str, str]) -> int | None:
    listed = contract.target.get("/api/audience", params={"search": audience["name"]}).json()[
        "data"
    ]
    return next((a["contactCount"] for a in listed if a["id"] == audience["id"]), None)


def _members(contract: Contract, audience_id: str) -> list[str]:
    body = contract.target.get(
        f"/api/audience/{audience_id}/contacts", params={"limit": 100}
    ).json()
    return sorted(item["id"] for item in body["data"])


def test_added_contacts_are_members_and_counted(contract: Contract) -> None:
    """add-contacts answers 201 with the ids; the members list and contactCount follow."""
    audience = create(contract, AUDIENCE, "audiences")
    ids = [create(contract, CONTACT, "audiences")["id"] for _ in range(3)]
    response = contract.target.post(
        f"/api/audience/{audience['id']}/add-contacts", json={"contacts": ids}
    )
    contract.expect(
        response.status_code == 201 and response.json() == ids,
        "audiences",
        "addAudienceContacts",
        "201 with the ids",
        response.status_code,
        response,
        ADD,
    )
    contract.expect(
        _members(contract, audience["id"]) == sorted(ids),
        "audiences",
        "listAudienceContacts",
        "the three members",
        _members(contract, audience["id"]),
        response,
    )
    contract.expect(
        _count(contract, audience) == 3,
        "audiences",
        "listAudiences",
        "contactCount 3",
        _count(contract, audience),
        None,
        COUNT,
    )


def test_re_adding_a_member_changes_nothing(contract: Contract) -> None:
    """Adding a member again is a no-op: one membership, count unchanged."""
    audience = create(contract, AUDIENCE, "audiences")
    contact = create(contract, CONTACT, "audiences")["id"]
    for _ in range(2):
        contract.target.post(
            f"/api/audience/{audience['id']}/add-contacts", json={"contacts": [contact]}
        )
    contract.expect(
        _count(contract, audience) == 1,
        "audiences",
        "addAudienceContacts",
        "contactCount 1",
        _count(contract, audience),
        None,
        ADD,
    )


def test_unknown_contact_rejects_the_whole_request(contract: Contract) -> None:
    """One unknown id: 404 naming it, and the valid ids of the request are not added."""
    audience = create(contract, AUDIENCE, "audiences")
    known, unknown = (
        create(contract, CONTACT, "audiences")["id"],
        contract.fresh_id(),
    )
    response = contract.target.post(
        f"/api/audience/{audience['id']}/add-contacts", json={"contacts": [known, unknown]}
    )
    named = unknown in response.text
    contract.expect(
        response.status_code == 404 and named,
        "audiences",
        "addAudienceContacts",
        "404 naming the unknown id",
        response.status_code,
        response,
        ADD,
    )
    contract.expect(
        _members(contract, audience["id"]) == [],
        "audiences",
        "listAudienceContacts",
        "nothing added",
        _members(contract, audience["id"]),
        response,
        ADD,
    )


def test_unknown_audience_is_not_found(contract: Contract) -> None:
    """Adding to an audience that does not exist is 404."""
    contact = create(contract, CONTACT, "audiences")["id"]
    missing = contract.fresh_id()
    response = contract.target.post(
        f"/api/audience/{missing}/add-contacts", json={"contacts": [contact]}
    )
    contract.expect(
        response.status_code == 404,
        "audiences",
        "addAudienceContacts",
        "404",
        response.status_code,
        response,
    )
