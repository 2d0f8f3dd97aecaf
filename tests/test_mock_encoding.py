"""Responses carry what was stored, whatever the fast encoder refuses (mockserver/jsonify.py)."""

from __future__ import annotations

import httpx
import pytest
from mock_helpers import CONTACTS, create_contact, ok

pytestmark = pytest.mark.usefixtures("no_5xx")


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(2**64 + 1, id="beyond-64-bits"),
        pytest.param(-(2**63) - 1, id="below-int64"),
        pytest.param(10**40, id="forty-digits"),
        pytest.param(30, id="ordinary"),
    ],
)
def test_a_stored_number_comes_back_exactly(api: httpx.Client, value: int) -> None:
    contact = create_contact(api, customAttributes={"age": value})
    fetched = ok(api.get(f"{CONTACTS}/{contact['id']}"))
    assert {a["name"]: a["value"] for a in fetched["customAttributes"]} == {"age": value}


def test_non_ascii_text_is_sent_as_utf8(api: httpx.Client) -> None:
    contact = create_contact(api, firstName="Zoé", lastName="محمد")
    response = api.get(f"{CONTACTS}/{contact['id']}")
    assert "Zoé".encode() in response.content
    assert "محمد".encode() in response.content
