"""Tests of the importer against the contactkit mock: what it sent, what it left, how it retries.

The `contactkit_mock` fixture comes from the pytest plugin installed with contactkit: a real
HTTP server on a loopback port, reset before every test.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import importer
import pytest

from mockserver.testing import MockServer

CUSTOMERS = Path(__file__).with_name("customers.csv")

# Start every test from an organization without contacts, so that counts are exact.
pytestmark = pytest.mark.contactkit(profile="empty")


def customers_of(city: str) -> set[str]:
    """Return the phones of the sample customers in `city` (any case)."""
    with CUSTOMERS.open(newline="", encoding="utf-8") as stream:
        rows = csv.DictReader(stream)
        return {row["phone"] for row in rows if row["city"].casefold() == city.casefold()}


def no_wait(seconds: float) -> None:
    """Fail the test: the importer waited though nothing asked it to retry."""
    pytest.fail(f"the importer waited {seconds} s, though no request was to be retried")


def run_import(
    mock: MockServer,
    waits: list[float] | None = None,
    csv_path: Path = CUSTOMERS,
    **options: Any,
) -> importer.ImportReport:
    """Run the importer against the mock; record its waits instead of sleeping them."""
    sleep = waits.append if waits is not None else no_wait
    return importer.run(mock.url, mock.api_key, csv_path, city="Casablanca", sleep=sleep, **options)


def test_upserts_the_customers_in_batches_of_the_batch_size(contactkit_mock: MockServer) -> None:
    run_import(contactkit_mock, batch_size=10)

    sent = contactkit_mock.journal(operationId="upsertContacts")
    assert [len(entry["body"]["data"]) for entry in sent] == [10, 10, 3]
    assert [entry["status"] for entry in sent] == [201, 201, 201]


def test_sends_the_api_key_on_every_request(contactkit_mock: MockServer) -> None:
    run_import(contactkit_mock)

    sent = contactkit_mock.journal()
    assert sent, "the importer sent nothing"
    assert {entry["apiKey"] for entry in sent} == {contactkit_mock.api_key}


def test_leaves_out_empty_cells_instead_of_sending_empty_strings(
    contactkit_mock: MockServer,
) -> None:
    run_import(contactkit_mock)

    (upsert,) = contactkit_mock.journal(operationId="upsertContacts")
    salma = next(c for c in upsert["body"]["data"] if c["primaryPhone"] == "+212612000003")
    assert salma == {
        "firstName": "Salma",
        "lastName": "Chraibi",
        "primaryPhone": "+212612000003",
        "city": "Casablanca",
        "occupation": "Architect",
    }


def test_running_twice_updates_the_contacts_instead_of_duplicating_them(
    contactkit_mock: MockServer,
) -> None:
    first = run_import(contactkit_mock)
    second = run_import(contactkit_mock)

    assert (first.created, first.updated) == (23, 0)
    assert (second.created, second.updated) == (0, 23)
    with contactkit_mock.client() as api:
        assert api.get("/api/contact").json()["meta"]["total"] == 23


def test_audience_holds_exactly_the_customers_of_the_city(contactkit_mock: MockServer) -> None:
    report = run_import(contactkit_mock)

    with contactkit_mock.client() as api:
        page = api.get(f"/api/audience/{report.audience_id}/contacts", params={"limit": 100})
    members = {contact["primaryPhone"] for contact in page.json()["data"]}
    # "casablanca" in lower case counts too: cities are compared without case.
    assert members == customers_of("Casablanca")
    assert report.audience_size == len(members) == 9


def test_retries_an_upsert_answered_503_after_the_retry_after_wait(
    contactkit_mock: MockServer,
) -> None:
    contactkit_mock.inject_fault("upsertContacts", 503, times=1)
    waits: list[float] = []

    report = run_import(contactkit_mock, waits, batch_size=10)

    sent = contactkit_mock.journal(operationId="upsertContacts")
    assert [entry["status"] for entry in sent] == [503, 201, 201, 201]
    assert waits == [1.0]  # the mock's Retry-After: 1
    # The refused first batch was sent again: every customer went through once, in order.
    applied = [c["primaryPhone"] for entry in sent[1:] for c in entry["body"]["data"]]
    assert applied == [customer["primaryPhone"] for customer in importer.read_customers(CUSTOMERS)]
    assert report.created == 23


def test_retries_add_contacts_answered_429(contactkit_mock: MockServer) -> None:
    contactkit_mock.inject_fault("addAudienceContacts", 429, times=1)
    waits: list[float] = []

    report = run_import(contactkit_mock, waits)

    sent = contactkit_mock.journal(operationId="addAudienceContacts")
    assert [entry["status"] for entry in sent] == [429, 201]
    assert waits == [1.0]
    assert report.audience_size == 9


def test_gives_up_after_the_last_attempt_with_the_status_in_the_error(
    contactkit_mock: MockServer,
) -> None:
    contactkit_mock.inject_fault("upsertContacts", 503)  # no `times`: fails until reset
    waits: list[float] = []

    with pytest.raises(importer.GomobileError, match="answered 503"):
        run_import(contactkit_mock, waits, retry=importer.RetryPolicy(attempts=3))

    assert len(contactkit_mock.journal(operationId="upsertContacts")) == 3
    assert len(waits) == 2


def test_does_not_retry_a_batch_the_api_refuses(
    contactkit_mock: MockServer, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    # firstName needs at least 2 characters: the API answers 400, which retrying cannot fix.
    bad.write_text("first_name,phone\nA,+212612999999\n", encoding="utf-8")

    with pytest.raises(importer.GomobileError, match="answered 400"):
        run_import(contactkit_mock, [], csv_path=bad)

    assert [e["status"] for e in contactkit_mock.journal()] == [400]


def test_command_line_prints_a_summary(
    contactkit_mock: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(CUSTOMERS), "--base-url", contactkit_mock.url, "--city", "Casablanca"]

    status = importer.main([*argv, "--api-key", contactkit_mock.api_key])

    assert status == 0
    assert "23 customers: 23 created, 0 updated" in capsys.readouterr().out


def test_command_line_reports_a_refused_key_and_exits_1(
    contactkit_mock: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(CUSTOMERS), "--base-url", contactkit_mock.url, "--city", "Casablanca"]

    status = importer.main([*argv, "--api-key", "not-a-key"])

    assert status == 1
    assert "answered 401" in capsys.readouterr().err


def test_retry_after_accepts_an_http_date() -> None:
    now = datetime(2025, 1, 15, 10, 30, 0, tzinfo=UTC)

    assert importer.retry_after_seconds("Wed, 15 Jan 2025 10:30:05 GMT", now) == 5.0
