"""lifecycle: create -> get -> list -> partial update -> soft delete -> gone everywhere."""

from __future__ import annotations

import pytest

from contracts.context import Contract
from contracts.probes import create_audience, create_contact

pytestmark = [pytest.mark.contract("lifecycle"), pytest.mark.writes]
PUT = "#/paths/~1api~1contact~1{id}/put"
DELETE = "#/paths/~1api~1contact~1{id}/delete"


def _listed(contract: Contract, path: str, search: str) -> tuple[list[str], int]:
    body = contract.target.get(path, params={"search": search, "limit": 100}).json()
    return [item["id"] for item in body["data"]], body["meta"]["total"]


def test_created_contact_reads_back(contract: Contract) -> None:
    """What was created is what get-by-id and the list return."""
    contact = create_contact(contract, city="Casablanca", occupation="Engineer")
    response = contract.target.get(f"/api/contact/{contact['id']}")
    contract.expect(
        response.status_code == 200,
        "lifecycle",
        "getContact",
        "200",
        response.status_code,
        response,
    )
    fields = ("primaryPhone", "firstName", "lastName", "city", "occupation", "createdAt")
    got = {f: response.json().get(f) for f in fields}
    contract.expect(
        got == {f: contact[f] for f in fields},
        "lifecycle",
        "getContact",
        "the created values",
        got,
        response,
    )
    ids, _ = _listed(contract, "/api/contact", contact["primaryPhone"])
    contract.expect(
        contact["id"] in ids, "lifecycle", "listContacts", "the new contact listed", ids
    )


def test_update_is_partial(contract: Contract) -> None:
    """PUT changes the fields given, keeps the others, moves updatedAt, keeps createdAt."""
    contact = create_contact(contract, city="Rabat", occupation="Teacher")
    response = contract.target.put(
        f"/api/contact/{contact['id']}", json={"occupation": "Principal"}
    )
    body = response.json() if response.status_code == 200 else {}
    contract.expect(
        response.status_code == 200,
        "lifecycle",
        "updateContact",
        "200",
        response.status_code,
        response,
    )
    kept = {f: body.get(f) for f in ("city", "firstName", "lastName", "primaryPhone", "createdAt")}
    contract.expect(
        kept == {f: contact[f] for f in kept},
        "lifecycle",
        "updateContact",
        "untouched fields kept",
        kept,
        response,
        PUT,
    )
    contract.expect(
        body.get("occupation") == "Principal",
        "lifecycle",
        "updateContact",
        "occupation changed",
        body.get("occupation"),
        response,
    )
    contract.expect(
        body.get("updatedAt", "") > contact["updatedAt"],
        "lifecycle",
        "updateContact",
        f"updatedAt after {contact['updatedAt']}",
        body.get("updatedAt"),
        response,
    )


def test_null_clears_a_nullable_field(contract: Contract) -> None:
    """An explicit null in PUT clears the field."""
    contact = create_contact(contract, city="Fes")
    response = contract.target.put(f"/api/contact/{contact['id']}", json={"city": None})
    seen = (
        response.json().get("city", "missing")
        if response.status_code == 200
        else response.status_code
    )
    contract.expect(seen is None, "lifecycle", "updateContact", "city null", seen, response, PUT)


def test_deleted_contact_disappears_everywhere(contract: Contract) -> None:
    """After DELETE: 404 on get and delete, gone from the list, its total and its audience."""
    contact = create_contact(contract)
    audience = create_audience(contract)
    contract.target.post(
        f"/api/audience/{audience['id']}/add-contacts", json={"contacts": [contact["id"]]}
    )
    deleted = contract.target.delete(f"/api/contact/{contact['id']}")
    body = deleted.json() if deleted.status_code == 200 else {}
    contract.expect(
        deleted.status_code == 200 and body.get("deletedAt") is not None,
        "lifecycle",
        "deleteContact",
        "200 with deletedAt set",
        deleted.status_code,
        deleted,
        DELETE,
    )
    for method in ("GET", "DELETE"):
        again = contract.target.request(method, f"/api/contact/{contact['id']}")
        operation = "getContact" if method == "GET" else "deleteContact"
        contract.expect(
            again.status_code == 404,
            "lifecycle",
            operation,
            "404 after delete",
            again.status_code,
            again,
            DELETE,
        )
    ids, total = _listed(contract, "/api/contact", contact["primaryPhone"])
    contract.expect(
        ids == [] and total == 0,
        "lifecycle",
        "listContacts",
        "not listed, total 0",
        (ids, total),
        None,
        DELETE,
    )
    members = contract.target.get(f"/api/audience/{audience['id']}/contacts").json()
    contract.expect(
        members["meta"]["total"] == 0,
        "lifecycle",
        "listAudienceContacts",
        "the audience emptied",
        members["meta"],
        None,
        DELETE,
    )
    listed = contract.target.get("/api/audience", params={"search": audience["name"]}).json()[
        "data"
    ]
    counts = [a["contactCount"] for a in listed if a["id"] == audience["id"]]
    contract.expect(
        counts == [0], "lifecycle", "listAudiences", "contactCount 0", counts, None, DELETE
    )


def test_deleted_audience_disappears(contract: Contract) -> None:
    """After DELETE of an audience: 404 on get and on its contact list, gone from the list."""
    audience = create_audience(contract)
    deleted = contract.target.delete(f"/api/audience/{audience['id']}")
    contract.expect(
        deleted.status_code == 200,
        "lifecycle",
        "deleteAudience",
        "200",
        deleted.status_code,
        deleted,
    )
    for path, operation in (
        (f"/api/audience/{audience['id']}", "getAudience"),
        (f"/api/audience/{audience['id']}/contacts", "listAudienceContacts"),
    ):
        response = contract.target.get(path)
        contract.expect(
            response.status_code == 404,
            "lifecycle",
            operation,
            "404 after delete",
            response.status_code,
            response,
        )
    ids, total = _listed(contract, "/api/audience", audience["name"])
    contract.expect(
        ids == [] and total == 0, "lifecycle", "listAudiences", "not listed", (ids, total)
    )
