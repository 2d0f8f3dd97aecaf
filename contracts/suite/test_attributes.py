"""limits, custom attributes: each value of its attribute's type kept, another type or name a 400.

An organization's custom attributes (names and types) are not in the spec: the check learns
them from the organization's contacts, whose `getContact` lists them, and skips when none has
one (an empty organization teaches nothing).
"""

from __future__ import annotations

from typing import Any

import pytest

from contracts.context import Contract
from contracts.gomobile import CONTACT
from contracts.probes import new_body

pytestmark = [pytest.mark.contract("limits"), pytest.mark.writes, pytest.mark.api("gomobile")]
VALUES = "#/components/schemas/CustomAttributeValues"
SAMPLED = 20  # contacts read to learn the attributes from
# Per documented type: a value of that type, and one of another type.
GOOD = {"string": "contactkit", "number": 7, "boolean": True, "array": ["contactkit"]}
WRONG = {"string": 7, "number": "7", "boolean": "true", "array": "contactkit"}


@pytest.fixture(scope="module")
def attributes(contract: Contract) -> dict[str, str]:
    """Return name -> type of the custom attributes the organization's contacts show."""
    listed = contract.target.get(CONTACT.path, params={"limit": SAMPLED}).json()["data"]
    found: dict[str, str] = {}
    for item in listed:
        shown = contract.target.get(CONTACT.item_path(item["id"])).json()
        found |= {a["name"]: a["type"] for a in shown.get("customAttributes") or []}
    # Only the documented types have a known form; another type's values cannot be judged.
    known = {name: kind for name, kind in found.items() if kind in GOOD}
    if not known:
        pytest.skip(f"none of the first {SAMPLED} contacts shows a custom attribute to learn from")
    return known


def _create(contract: Contract, values: dict[str, Any]) -> Any:
    return contract.target.post(
        CONTACT.path, json=new_body(contract, CONTACT, customAttributes=values)
    )


def test_custom_attribute_values_of_their_type_are_kept(
    contract: Contract, attributes: dict[str, str]
) -> None:
    """A contact created with a value of each attribute's type reads back with those values."""
    sent = {name: GOOD[kind] for name, kind in attributes.items()}
    response = _create(contract, sent)
    contract.expect(
        response.status_code == 201,
        "limits",
        "createContact",
        "201",
        response.status_code,
        response,
        VALUES,
    )
    shown = contract.target.get(CONTACT.item_path(response.json()["id"])).json()
    seen = {a["name"]: a["value"] for a in shown.get("customAttributes") or []}
    contract.expect(
        seen == sent, "limits", "getContact", f"customAttributes {sent}", seen, response, VALUES
    )


def test_custom_attribute_value_of_another_type_is_rejected(
    contract: Contract, attributes: dict[str, str]
) -> None:
    """A value of another type than its attribute's is a 400 naming the attribute."""
    for name, kind in attributes.items():
        response = _create(contract, {name: WRONG[kind]})
        _expect_rejected(contract, response, name, f"a {kind} attribute given {WRONG[kind]!r}")


def test_unknown_custom_attribute_is_rejected(contract: Contract) -> None:
    """A name that is no custom attribute of the organization is a 400 naming it."""
    name = f"contactkit_{contract.token()}"
    response = _create(contract, {name: "x"})
    _expect_rejected(contract, response, name, "an unknown attribute")


def _expect_rejected(contract: Contract, response: Any, name: str, what: str) -> None:
    messages = contract.api.errors(response.json()) if response.status_code == 400 else []
    contract.expect(
        any(f"customAttributes.{name}" in message for message in messages),
        "limits",
        "createContact",
        f"400 naming customAttributes.{name} for {what}",
        response.status_code,
        response,
        VALUES,
    )
