"""auth: no key or a bad key is 401; one organization sees nothing of another."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.context import Contract
from contracts.probes import create_audience, create_contact
from contracts.spec import ContractSpec
from contracts.target import Target

pytestmark = pytest.mark.contract("auth")
AUTH = "#/components/securitySchemes/ApiKeyAuth"
NOT_FOUND = "#/components/responses/NotFound"
OPERATIONS = ContractSpec().operations


def _path(template: str) -> str:
    # A fresh UUID: nothing of anybody's, so a server that ignored auth would still write nothing.
    return template.replace("{id}", str(uuid.uuid4()))


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize(
    "key", [pytest.param(None, id="no-key"), pytest.param("contactkit-not-a-key", id="bad-key")]
)
def test_requests_without_a_valid_key_are_unauthorized(
    contract: Contract, operation: str, key: str | None
) -> None:
    """Every operation answers 401 to a missing or unknown key, before anything else."""
    method, template, _ = OPERATIONS[operation]
    if contract.settings.read_only and method != "GET":
        pytest.skip("--read-only: only GET requests")
    body: Any = {} if method in ("POST", "PUT") else None
    headers = {"x-api-key": key} if key else {}
    response = contract.target.request(
        method, _path(template), auth=key is not None, json=body, headers=headers
    )
    contract.expect(
        response.status_code == 401, "auth", operation, "401", response.status_code, response, AUTH
    )


def _other(contract: Contract) -> Target:
    if contract.other is None:
        pytest.skip("tenancy needs --other-api-key")
    return contract.other


def test_other_organization_cannot_read_existing_contacts(contract: Contract) -> None:
    """(Read-only safe) contacts listed with one key are 404 and unlisted with the other."""
    other = _other(contract)
    listed = contract.target.get("/api/contact", params={"limit": 5}).json()["data"]
    for contact in listed:
        response = other.get(f"/api/contact/{contact['id']}")
        contract.expect(
            response.status_code == 404,
            "auth",
            "getContact",
            "404 across organizations",
            response.status_code,
            response,
            AUTH,
        )
        found = other.get("/api/contact", params={"search": contact["primaryPhone"]}).json()["data"]
        leaked = [c["id"] for c in found if c["id"] == contact["id"]]
        contract.expect(
            leaked == [],
            "auth",
            "listContacts",
            "not listed across organizations",
            leaked,
            None,
            AUTH,
        )


@pytest.mark.writes
def test_other_organization_cannot_touch_contacts(contract: Contract) -> None:
    """Update, delete and add-contacts through the other key are 404 and change nothing."""
    other = _other(contract)
    contact, audience = create_contact(contract), create_audience(contract)
    theirs = other.post("/api/audience", json={"name": contract.name("Other")[:64]}).json()
    attempts = [
        ("updateContact", other.put(f"/api/contact/{contact['id']}", json={"city": "Elsewhere"})),
        ("deleteContact", other.delete(f"/api/contact/{contact['id']}")),
        ("getAudience", other.get(f"/api/audience/{audience['id']}")),
        ("listAudienceContacts", other.get(f"/api/audience/{audience['id']}/contacts")),
        (
            "addAudienceContacts",
            other.post(
                f"/api/audience/{theirs['id']}/add-contacts", json={"contacts": [contact["id"]]}
            ),
        ),
        ("deleteAudience", other.delete(f"/api/audience/{audience['id']}")),
    ]
    for operation, response in attempts:
        contract.expect(
            response.status_code == 404,
            "auth",
            operation,
            "404 across organizations",
            response.status_code,
            response,
            NOT_FOUND,
        )
    after = contract.target.get(f"/api/contact/{contact['id']}")
    unchanged = after.status_code == 200 and after.json().get("city") == contact.get("city")
    contract.expect(
        unchanged, "auth", "getContact", "the contact untouched", after.status_code, after, AUTH
    )
