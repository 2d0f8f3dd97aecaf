"""`format: email` is checked as the vendor means "valid email": both APIs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from mock_helpers import (
    CLIENT_CONTACTS,
    CONTACTS,
    assert_client_error,
    assert_error,
    phone,
    unchanged,
)

from mockserver.testing import MockServer

pytestmark = pytest.mark.usefixtures("no_5xx")

VALID = [
    pytest.param("john@example.com", id="plain"),
    pytest.param("john.smith@example.com", id="dotted-local-part"),
    pytest.param("first+tag@mail.example.co.uk", id="plus-tag-and-subdomains"),
    pytest.param("o'brien@example.ie", id="apostrophe"),
    pytest.param("user_name-1@my-domain.org", id="underscore-and-hyphens"),
    pytest.param("!#$%&'*+/=?^_`{|}~-@example.com", id="every-atom-symbol"),
    pytest.param("JOHN@EXAMPLE.COM", id="upper-case"),
    pytest.param("x@a.io", id="shortest-labels"),
    pytest.param("1@2.3", id="digits"),
    pytest.param("l" * 64 + "@example.com", id="local-part-64"),
    pytest.param("a@" + ".".join(["d" * 63] * 3) + "." + "e" * 60, id="address-254"),
]
INVALID = [
    pytest.param("a@b", id="dotless-domain"),
    pytest.param("@example.com", id="no-local-part"),
    pytest.param("john@", id="no-domain"),
    pytest.param("jo hn@example.com", id="space"),
    pytest.param("a@@example.com", id="two-at-signs"),
    pytest.param("john.example.com", id="no-at-sign"),
    pytest.param(".john@example.com", id="leading-dot"),
    pytest.param("john.@example.com", id="trailing-dot"),
    pytest.param("jo..hn@example.com", id="doubled-dot"),
    pytest.param("john@-example.com", id="label-starts-with-hyphen"),
    pytest.param("john@example-.com", id="label-ends-with-hyphen"),
    pytest.param("john@example..com", id="empty-label"),
    pytest.param("john@exam_ple.com", id="underscore-in-domain"),
    pytest.param('"john"@example.com', id="quoted-local-part"),
    pytest.param("jöhn@example.com", id="non-ascii"),
    pytest.param("john@example.com ", id="trailing-space"),
    pytest.param("john@example.com\n", id="trailing-newline"),
    pytest.param("l" * 65 + "@example.com", id="local-part-65"),
    pytest.param("a@" + "d" * 64 + ".com", id="label-64"),
    pytest.param("a@" + ".".join(["d" * 63] * 3) + "." + "e" * 61, id="address-255"),
]

Check = Callable[[httpx.Response, int], list[str]]


@dataclass(frozen=True)
class EmailField:
    """Where an API takes an email address: its collection, the field and a valid body."""

    api: str
    path: str
    field: str
    body: dict[str, str]
    check: Check


@pytest.fixture(
    params=[
        EmailField("gomobile", CONTACTS, "primaryEmail", {"primaryPhone": phone(1)}, assert_error),
        EmailField(
            "client-contacts", CLIENT_CONTACTS, "email", {"name": "Jo"}, assert_client_error
        ),
    ],
    ids=["gomobile", "client-contacts"],
)
def email_field(request: pytest.FixtureRequest) -> EmailField:
    """Each API's email field, in turn."""
    found: EmailField = request.param
    return found


def _create(mock: MockServer, where: EmailField, address: str) -> httpx.Response:
    with mock.client(api=where.api) as client:
        return client.post(where.path, json={**where.body, where.field: address})


@pytest.mark.parametrize("address", VALID)
def test_a_valid_email_is_accepted(
    contactkit_mock: MockServer, email_field: EmailField, address: str
) -> None:
    response = _create(contactkit_mock, email_field, address)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("address", INVALID)
def test_an_invalid_email_is_400_naming_the_field(
    contactkit_mock: MockServer, email_field: EmailField, address: str
) -> None:
    with unchanged(contactkit_mock):
        messages = email_field.check(_create(contactkit_mock, email_field, address), 400)
    assert f"{email_field.field} must be an email" in messages
