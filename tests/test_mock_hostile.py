"""Hostile input never reaches a handler: each class of it gets a 4xx in the API's own format,
and the mock answers everything afterwards as before (both APIs, over HTTP)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from mock_helpers import (
    AUDIENCES,
    CLIENT_CONTACTS,
    CLIENT_KEY_A,
    CONTACTS,
    KEY_A,
    assert_client_error,
    assert_error,
    phone,
    unchanged,
)

from mockserver.app import AppOptions, create_app
from mockserver.testing import MockServer

pytestmark = pytest.mark.usefixtures("no_5xx")
Check = Callable[[httpx.Response, int], list[str]]


@dataclass(frozen=True)
class Target:
    """A collection a hostile body is posted to: its key, a valid body and a string field."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    field: str
    check: Check


TARGETS = [
    pytest.param(
        Target(
            CONTACTS, {"x-api-key": KEY_A}, {"primaryPhone": phone(1)}, "firstName", assert_error
        ),
        id="gomobile-contact",
    ),
    pytest.param(
        Target(AUDIENCES, {"x-api-key": KEY_A}, {"name": "Team"}, "description", assert_error),
        id="gomobile-audience",
    ),
    pytest.param(
        Target(CLIENT_CONTACTS, {"api-key": CLIENT_KEY_A}, {}, "name", assert_client_error),
        id="client-contact",
    ),
]


def _json_with(target: Target, raw_value: str) -> bytes:
    """Return the target's valid body plus `field` set to the raw JSON string `raw_value`."""
    members = [f'"{k}": "{v}"' for k, v in target.body.items()]
    members.append(f'"{target.field}": "{raw_value}"')
    return ("{" + ", ".join(members) + "}").encode()


def _post(mock: MockServer, target: Target, content: bytes) -> httpx.Response:
    headers = {**target.headers, "content-type": "application/json"}
    return httpx.post(f"{mock.url}{target.path}", content=content, headers=headers)


def _everything_still_answers(mock: MockServer, target: Target) -> None:
    """The collection, the journal and the export still answer 200 (nothing broken was kept)."""
    listing = httpx.get(f"{mock.url}{target.path}", headers=target.headers)
    assert listing.status_code == 200, listing.text
    for admin in ("/__admin/journal", "/__admin/state"):
        response = httpx.get(f"{mock.url}{admin}")
        assert response.status_code == 200, response.text


# Lone surrogates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "escape",
    [
        pytest.param("Jo\\ud800hn", id="high-alone"),
        pytest.param("Jo\\udc00hn", id="low-alone"),
        pytest.param("Jo\\ude00\\ud83dhn", id="pair-reversed"),
        pytest.param("\\uD800", id="upper-case-escape"),
    ],
)
@pytest.mark.parametrize("target", TARGETS)
def test_a_lone_surrogate_is_400_naming_the_field_and_stores_nothing(
    contactkit_mock: MockServer, target: Target, escape: str
) -> None:
    with unchanged(contactkit_mock):
        messages = target.check(_post(contactkit_mock, target, _json_with(target, escape)), 400)
    assert any("surrogate" in m and target.field in m for m in messages), messages
    _everything_still_answers(contactkit_mock, target)


@pytest.mark.parametrize("target", TARGETS)
def test_a_lone_surrogate_in_a_property_name_is_400_naming_it_escaped(
    contactkit_mock: MockServer, target: Target
) -> None:
    body = _json_with(target, "x").replace(b'"x"', b'{"in\\ud800side": 1}')
    with unchanged(contactkit_mock):
        messages = target.check(_post(contactkit_mock, target, body), 400)
    assert any(f"{target.field}.in\\ud800side" in m for m in messages), messages
    _everything_still_answers(contactkit_mock, target)


@pytest.mark.parametrize("target", TARGETS)
def test_a_surrogate_pair_is_one_character_and_is_stored(
    contactkit_mock: MockServer, target: Target
) -> None:
    response = _post(contactkit_mock, target, _json_with(target, "Jo\\ud83d\\ude00hn"))
    assert response.status_code == 201, response.text
    _everything_still_answers(contactkit_mock, target)
    assert "Jo\U0001f600hn" in httpx.get(f"{contactkit_mock.url}/__admin/state").text


# Deep nesting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [pytest.param(65, id="65"), pytest.param(10_000, id="10000")])
@pytest.mark.parametrize("target", TARGETS)
def test_deeply_nested_json_is_400_and_the_mock_answers_on(
    contactkit_mock: MockServer, target: Target, levels: int
) -> None:
    nested = "[" * levels + "]" * levels
    body = _json_with(target, "x").replace(b'"x"', nested.encode())
    with unchanged(contactkit_mock):
        [message] = target.check(_post(contactkit_mock, target, body), 400)
    assert "deeper than 64 levels" in message
    _everything_still_answers(contactkit_mock, target)


@pytest.mark.parametrize("target", TARGETS)
def test_an_unterminated_string_before_many_brackets_is_400(
    contactkit_mock: MockServer, target: Target
) -> None:
    body = b'{"' + target.field.encode() + b'": "x' + b"[" * 70
    with unchanged(contactkit_mock):
        target.check(_post(contactkit_mock, target, body), 400)


def test_brackets_inside_strings_are_not_nesting(api: httpx.Client) -> None:
    names = {"firstName": "[" * 30 + '\\"{' * 5 + "{" * 19, "lastName": "{" * 64}
    response = api.post(CONTACTS, json={"primaryPhone": phone(1), **names})
    assert response.status_code == 201, response.text


# Doubled slashes and redirects -------------------------------------------------------------------


def _raw(mock: MockServer, method: str, raw_path: bytes, **options: Any) -> httpx.Response:
    """Send `raw_path` exactly as given (httpx would otherwise read `//api` as a host)."""
    url = httpx.URL(mock.url).copy_with(raw_path=raw_path)
    return httpx.request(method, url, **options)


@pytest.mark.parametrize(
    ("method", "raw_path", "headers", "check"),
    [
        pytest.param("GET", b"//api/contact", {"x-api-key": KEY_A}, assert_error, id="get-api"),
        pytest.param("GET", b"/api//contact", {"x-api-key": KEY_A}, assert_error, id="inner"),
        pytest.param("POST", b"//__admin/reset", {}, assert_error, id="admin-reset"),
        pytest.param(
            "GET", b"//client-contacts", {"api-key": CLIENT_KEY_A}, assert_client_error, id="client"
        ),
    ],
)
def test_a_doubled_slash_is_404_in_the_api_s_format(
    contactkit_mock: MockServer,
    method: str,
    raw_path: bytes,
    headers: dict[str, str],
    check: Check,
) -> None:
    with unchanged(contactkit_mock):
        [message] = check(_raw(contactkit_mock, method, raw_path, headers=headers), 404)
    assert "//" in message


@pytest.mark.parametrize("path", [b"/api/contact/", b"/client-contacts/", b"/__admin/faults/"])
def test_a_trailing_slash_redirect_is_relative_whatever_the_host_header(
    contactkit_mock: MockServer, path: bytes
) -> None:
    response = _raw(contactkit_mock, "GET", path, headers={"host": "evil.test"})
    assert response.is_redirect, response.status_code
    assert response.headers["location"] == path.decode().rstrip("/")


# Stalled bodies ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def impatient_mock() -> Iterator[MockServer]:
    """A mock that waits at most half a second for each part of a request body."""
    server = MockServer(profile="empty")
    server.app = create_app(server.state, AppOptions(body_timeout=0.5))
    with server:
        yield server


def _stalled_exchange(mock: MockServer, request: str) -> tuple[bytes, float]:
    """Send headers announcing 100 bytes and the first 10 only; return the answer and its wait."""
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        head = f"{request}\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        head += "Content-Length: 100\r\n\r\n"
        connection.sendall(head.encode() + b'{"name": "')
        started, answer = time.monotonic(), b""
        while chunk := connection.recv(65536):  # until the mock closes the connection
            answer += chunk
        return answer, time.monotonic() - started


@pytest.mark.parametrize(
    ("request_line", "error_format"),
    [
        pytest.param(
            f"POST {AUDIENCES} HTTP/1.1\r\nx-api-key: {KEY_A}", b'"statusCode": 408', id="gomobile"
        ),
        pytest.param(
            f"POST {CLIENT_CONTACTS} HTTP/1.1\r\napi-key: {CLIENT_KEY_A}",
            b'"success": false',
            id="client-contacts",
        ),
        pytest.param("PUT /__admin/state HTTP/1.1", b'"statusCode": 408', id="admin-import"),
    ],
)
def test_a_stalled_body_is_408_and_the_connection_is_closed(
    impatient_mock: MockServer, request_line: str, error_format: bytes
) -> None:
    answer, waited = _stalled_exchange(impatient_mock, request_line)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert b"connection: close" in answer.lower()
    assert error_format in answer
    assert waited < 5


# Cross-origin admin requests ---------------------------------------------------------------------


def _own_origin(mock: MockServer) -> str:
    return mock.url


FOREIGN = [
    pytest.param({"origin": "http://evil.test"}, id="foreign-site"),
    pytest.param({"origin": "http://localhost:1"}, id="other-local-port"),
    pytest.param({"origin": "null"}, id="opaque-origin"),
    pytest.param({"sec-fetch-site": "cross-site"}, id="sec-fetch-cross-site"),
    pytest.param({"sec-fetch-site": "same-site"}, id="sec-fetch-same-site"),
]


@pytest.mark.parametrize("headers", FOREIGN)
def test_an_admin_call_from_a_foreign_origin_is_403_and_changes_nothing(
    contactkit_mock: MockServer, api: httpx.Client, headers: dict[str, str]
) -> None:
    api.post(CONTACTS, json={"primaryPhone": phone(1)}).raise_for_status()
    with unchanged(contactkit_mock):
        response = httpx.post(f"{contactkit_mock.url}/__admin/reset", headers=headers)
        [message] = assert_error(response, 403)
    assert "cross-origin" in message
    assert "access-control-allow-origin" not in response.headers


def test_a_dns_rebound_name_is_a_foreign_origin(contactkit_mock: MockServer) -> None:
    port = contactkit_mock.url.rsplit(":", 1)[1]
    rebound = {"host": f"evil.test:{port}", "origin": f"http://evil.test:{port}"}
    assert_error(httpx.post(f"{contactkit_mock.url}/__admin/reset", headers=rebound), 403)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-origin-curl"),
        pytest.param({"sec-fetch-site": "same-origin"}, id="sec-fetch-same-origin"),
        pytest.param({"sec-fetch-site": "none"}, id="typed-in-the-address-bar"),
    ],
)
def test_an_admin_call_from_no_or_the_own_origin_is_served(
    contactkit_mock: MockServer, headers: dict[str, str]
) -> None:
    response = httpx.post(f"{contactkit_mock.url}/__admin/reset", headers=headers)
    assert response.status_code == 200, response.text


def test_an_admin_call_from_the_mock_s_own_page_is_served(contactkit_mock: MockServer) -> None:
    headers = {"origin": _own_origin(contactkit_mock), "sec-fetch-site": "same-origin"}
    response = httpx.post(f"{contactkit_mock.url}/__admin/reset", headers=headers)
    assert response.status_code == 200, response.text


def test_the_admin_api_answers_no_cors_preflight(contactkit_mock: MockServer) -> None:
    preflight = {"origin": "http://evil.test", "access-control-request-method": "PUT"}
    response = httpx.options(f"{contactkit_mock.url}/__admin/state", headers=preflight)
    assert response.status_code >= 400
    assert not any(name.startswith("access-control-") for name in response.headers)


@pytest.mark.parametrize("path", [CONTACTS, CLIENT_CONTACTS])
def test_the_vendor_apis_still_answer_cors(contactkit_mock: MockServer, path: str) -> None:
    preflight = {"origin": "http://app.test", "access-control-request-method": "POST"}
    response = httpx.options(f"{contactkit_mock.url}{path}", headers=preflight)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


# Faults ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [100, 101, 200, 204, 302, 399])
def test_a_fault_that_is_not_an_error_status_is_400(
    contactkit_mock: MockServer, status: int
) -> None:
    fault = {"operationId": "listContacts", "status": status}
    messages = assert_error(httpx.post(f"{contactkit_mock.url}/__admin/faults", json=fault), 400)
    assert messages == ["status must not be less than 400"]
    assert contactkit_mock.state.faults.all() == []
