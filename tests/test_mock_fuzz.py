"""Schemathesis against the live mock, both APIs: positive and negative cases, never a 5xx.

Positive cases must also get responses that conform to the spec (the mock validates its own
responses too, and would answer a drift with a 500, which the first check catches).

The schema is loaded eagerly (one test per operation) and each case is sent to the session's
mock, whose port is only known at run time. (`schemathesis.pytest.from_fixture` would bind the
schema to a fixture, but Schemathesis 4.32's lazy loader sets `request.node._nodeid`, which
pytest 9 no longer has.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from schemathesis import Case, CheckFunction, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from contactkit.resources import spec_file
from mockserver.testing import MockServer

MAX_EXAMPLES = 25


def _schema(name: str) -> Any:
    """Load openapi/`name` for fuzzing: both modes, any Unicode text (NUL included)."""
    loaded = schemathesis.openapi.from_path(spec_file(name))
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=MAX_EXAMPLES,
        database="none",
        codec="utf-8",
        allow_x00=True,
    )
    return loaded


gomobile = _schema("gomobile.yaml")
client_contacts = _schema("client-contacts.yaml")


@pytest.fixture(scope="module")
def fuzzed_mock(contactkit_server: MockServer, contactkit_settings: dict[str, Any]) -> MockServer:
    """The session's mock, reset to its seed once for the module.

    Module-scoped: Hypothesis refuses function-scoped fixtures, which it could not reset
    between the generated cases anyway.
    """
    contactkit_server.reset(**{"contacts": None, "audiences": None, **contactkit_settings})
    return contactkit_server


def _call_and_check(case: Case, mock: MockServer, headers: dict[str, str]) -> None:
    response = case.call(base_url=mock.url, headers=headers, timeout=30)
    checks: list[CheckFunction] = [not_a_server_error]
    if case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE:
        checks.append(response_schema_conformance)
    case.validate_response(response, checks=checks)


@gomobile.parametrize()
def test_no_generated_gomobile_request_gets_a_server_error(
    case: Case, fuzzed_mock: MockServer
) -> None:
    _call_and_check(case, fuzzed_mock, {"x-api-key": fuzzed_mock.api_key})


@client_contacts.parametrize()
def test_no_generated_client_contacts_request_gets_a_server_error(
    case: Case, fuzzed_mock: MockServer
) -> None:
    _call_and_check(case, fuzzed_mock, {"api-key": fuzzed_mock.client_api_key})
