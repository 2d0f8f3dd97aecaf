"""upsert: matched by phone, counted right, all or nothing; duplicate phone on create is 409."""

from __future__ import annotations

import pytest

from contracts.context import Contract
from contracts.gomobile import CONTACT
from contracts.probes import create, new_body

pytestmark = [pytest.mark.contract("upsert"), pytest.mark.writes]
UPSERT = "#/paths/~1api~1contact~1upsert/post"
CONFLICT = "#/components/responses/Conflict"


def _with_phone(contract: Contract, phone: str) -> list[dict[str, object]]:
    body = contract.target.get("/api/contact", params={"search": phone, "limit": 100}).json()
    return [c for c in body["data"] if c["primaryPhone"] == phone]


def test_second_upsert_updates_instead_of_duplicating(contract: Contract) -> None:
    """The same phone upserted twice is one contact, updated the second time."""
    item = new_body(contract, CONTACT, firstName="First")
    first = contract.target.post("/api/contact/upsert", json={"data": [item]})
    second = contract.target.post(
        "/api/contact/upsert", json={"data": [{**item, "firstName": "Second"}]}
    )
    counts = [
        (r.json().get("created"), r.json().get("updated"))
        if r.status_code == 201
        else r.status_code
        for r in (first, second)
    ]
    contract.expect(
        counts == [(1, 0), (0, 1)],
        "upsert",
        "upsertContacts",
        "created 1 then updated 1",
        counts,
        second,
        UPSERT,
    )
    matches = _with_phone(contract, item["primaryPhone"])
    names = [m["firstName"] for m in matches]
    contract.expect(
        names == ["Second"],
        "upsert",
        "upsertContacts",
        "one contact, updated",
        names,
        second,
        UPSERT,
    )


def test_batch_results_come_in_input_order(contract: Contract) -> None:
    """A mixed batch (one existing, two new) reports counts and contacts in input order."""
    existing = create(contract, CONTACT, "upsert")
    items = [
        new_body(contract, CONTACT),
        {"primaryPhone": existing["primaryPhone"], "city": "Tangier"},
        new_body(contract, CONTACT),
    ]
    response = contract.target.post("/api/contact/upsert", json={"data": items})
    body = response.json() if response.status_code == 201 else {}
    phones = [c.get("primaryPhone") for c in body.get("data", [])]
    contract.expect(
        (body.get("created"), body.get("updated")) == (2, 1),
        "upsert",
        "upsertContacts",
        "created 2, updated 1",
        (body.get("created"), body.get("updated")),
        response,
        UPSERT,
    )
    contract.expect(
        phones == [i["primaryPhone"] for i in items],
        "upsert",
        "upsertContacts",
        "contacts in input order",
        phones,
        response,
        UPSERT,
    )
    contract.expect(
        body["data"][1]["id"] == existing["id"],
        "upsert",
        "upsertContacts",
        "the existing contact updated",
        body["data"][1]["id"],
        response,
        UPSERT,
    )


def test_one_invalid_item_writes_nothing(contract: Contract) -> None:
    """One invalid item: 400 naming its index, and the valid item is not written."""
    valid = new_body(contract, CONTACT)
    response = contract.target.post(
        "/api/contact/upsert", json={"data": [valid, {"primaryPhone": "1"}]}
    )
    named = (
        "data.1" in str(response.json().get("message", ""))
        if response.status_code == 400
        else False
    )
    contract.expect(
        response.status_code == 400 and named,
        "upsert",
        "upsertContacts",
        "400 naming data.1",
        response.status_code,
        response,
        UPSERT,
    )
    written = _with_phone(contract, valid["primaryPhone"])
    contract.expect(
        written == [], "upsert", "upsertContacts", "nothing written", written, response, UPSERT
    )


def test_same_phone_twice_in_a_batch_is_one_contact(contract: Contract) -> None:
    """Two items with one phone end as one contact with the later values."""
    item = new_body(contract, CONTACT, firstName="Early")
    response = contract.target.post(
        "/api/contact/upsert", json={"data": [item, {**item, "firstName": "Late"}]}
    )
    names = [m["firstName"] for m in _with_phone(contract, item["primaryPhone"])]
    contract.expect(
        names == ["Late"],
        "upsert",
        "upsertContacts",
        "one contact named Late",
        names,
        response,
        UPSERT,
    )


def test_duplicate_phone_on_create_is_a_conflict(contract: Contract) -> None:
    """Creating a second contact with an active contact's phone is 409."""
    existing = create(contract, CONTACT, "upsert")
    response = contract.target.post(
        "/api/contact", json=new_body(contract, CONTACT, primaryPhone=existing["primaryPhone"])
    )
    contract.expect(
        response.status_code == 409,
        "upsert",
        "createContact",
        "409",
        response.status_code,
        response,
        CONFLICT,
    )


def test_phone_taken_on_update_is_a_conflict(contract: Contract) -> None:
    """Changing a contact's phone to another active contact's is 409, and changes nothing."""
    taken, moving = create(contract, CONTACT, "upsert"), create(contract, CONTACT, "upsert")
    path = CONTACT.item_path(moving["id"])
    response = contract.target.update(path, json={"primaryPhone": taken["primaryPhone"]})
    contract.expect(
        response.status_code == 409,
        "upsert",
        "updateContact",
        "409",
        response.status_code,
        response,
        CONFLICT,
    )
    kept = contract.target.get(path).json().get("primaryPhone")
    contract.expect(
        kept == moving["primaryPhone"],
        "upsert",
        "updateContact",
        f"primaryPhone still {moving['primaryPhone']}",
        kept,
        response,
    )
