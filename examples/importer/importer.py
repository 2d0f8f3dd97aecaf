"""Import a CSV of customers into Gomobile contacts, then build an audience of one city.

    python importer.py customers.csv --base-url https://api.gomobile.ma --city Casablanca

The API key comes from --api-key or the GOMOBILE_API_KEY environment variable. Customers are
upserted (matched by phone) in batches, so running the import again updates the same contacts
instead of duplicating them. Requests answered 429 or 503 are retried, waiting as long as the
server's Retry-After header asks (or backing off exponentially when it does not say).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

# The API's limit for one upsert or add-contacts call.
MAX_BATCH = 1000
# Statuses that mean "not now": the request was not applied and may be sent again as is.
RETRYABLE = frozenset({429, 503})
# CSV column -> contact field; other columns are ignored.
COLUMNS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "phone": "primaryPhone",
    "email": "primaryEmail",
    "city": "city",
    "occupation": "occupation",
}

Customer = dict[str, str]
Contact = dict[str, Any]


class GomobileError(Exception):
    """The API refused a request, or kept answering 429/503 until we gave up."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a request answered 429 or 503."""

    attempts: int = 5
    backoff: float = 0.5  # the first wait when the server gives no Retry-After; doubles after
    max_wait: float = 60.0  # never wait longer than this, whatever Retry-After says


@dataclass
class ImportReport:
    """What an import did."""

    created: int = 0
    updated: int = 0
    contacts: list[Contact] = field(default_factory=list)
    audience_id: str | None = None
    audience_size: int = 0


def read_customers(path: Path) -> list[Customer]:
    """Read the customers of a CSV file as contact fields, leaving out empty cells.

    Empty cells are left out rather than sent as "": the API's minimum lengths would refuse
    the whole batch for one blank email.
    """
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        if "phone" not in (reader.fieldnames or []):
            raise ValueError(f"{path}: no 'phone' column (columns: {', '.join(COLUMNS)})")
        customers = []
        for line, row in enumerate(reader, start=2):
            customer = {
                COLUMNS[name]: value.strip()
                for name, value in row.items()
                if name in COLUMNS and value and value.strip()
            }
            if "primaryPhone" not in customer:
                raise ValueError(f"{path}:{line}: the customer has no phone")
            customers.append(customer)
        return customers


def batches(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """Yield `items` in consecutive lists of at most `size`."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Return the wait a Retry-After header asks for (seconds or an HTTP date), or None."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Gomobile:
    """A small Gomobile API client that retries what the server asks to retry."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], object] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=base_url,
            headers={"x-api-key": api_key, "user-agent": "customer-importer/1.0"},
            timeout=timeout,
        )

    def post(self, path: str, payload: Any) -> Any:
        """POST `payload` as JSON and return the decoded answer; retry on 429 and 503.

        Only statuses are retried, not timeouts: after a timeout we cannot know whether the
        server applied the request, and creating an audience twice is not harmless.
        """
        for attempt in range(1, self.retry.attempts + 1):
            response = self._http.post(path, json=payload)
            if response.status_code not in RETRYABLE or attempt == self.retry.attempts:
                break
            self._sleep(self._wait(response, attempt))
        if response.is_error:
            status, message = response.status_code, _message(response)
            raise GomobileError(f"POST {path} answered {status}: {message}")
        return response.json()

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        asked = retry_after_seconds(response.headers.get("retry-after"))
        wait = asked if asked is not None else self.retry.backoff * 2 ** (attempt - 1)
        return min(wait, self.retry.max_wait)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> Gomobile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def upsert_customers(api: Gomobile, customers: Sequence[Customer], batch_size: int) -> ImportReport:
    """Upsert the customers in batches; return the counts and the resulting contacts."""
    report = ImportReport()
    for batch in batches(customers, batch_size):
        answer = api.post("/api/contact/upsert", {"data": batch})
        report.created += answer["created"]
        report.updated += answer["updated"]
        report.contacts.extend(answer["data"])
    return report


def build_audience(
    api: Gomobile, name: str, contacts: Sequence[Contact], city: str
) -> tuple[str, list[str]]:
    """Create audience `name` holding the contacts of `city` (any case).

    Return the audience's id and its members' ids.
    """
    audience = api.post("/api/audience", {"name": name, "description": f"Customers in {city}"})
    wanted = city.casefold()
    # dict.fromkeys: a phone given twice in the CSV is one contact, and one member.
    members = list(
        dict.fromkeys(c["id"] for c in contacts if (c.get("city") or "").casefold() == wanted)
    )
    for batch in batches(members, MAX_BATCH):
        api.post(f"/api/audience/{audience['id']}/add-contacts", {"contacts": batch})
    return audience["id"], members


def run(
    base_url: str,
    api_key: str,
    csv_path: Path,
    *,
    city: str,
    audience_name: str | None = None,
    batch_size: int = 100,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> ImportReport:
    """Import the customers of `csv_path`, then build the audience of `city`."""
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValueError(f"batch size must be 1 to {MAX_BATCH}, not {batch_size}")
    customers = read_customers(csv_path)
    with Gomobile(base_url, api_key, retry=retry, sleep=sleep) as api:
        report = upsert_customers(api, customers, batch_size)
        name = audience_name or f"{city} customers"
        report.audience_id, members = build_audience(api, name, report.contacts, city)
        report.audience_size = len(members)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Run the importer from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="customers: first_name,last_name,phone,email,city")
    parser.add_argument("--base-url", required=True, help="e.g. https://api.gomobile.ma")
    parser.add_argument("--api-key", default=os.environ.get("GOMOBILE_API_KEY"))
    parser.add_argument("--city", required=True, help="the audience holds this city's customers")
    parser.add_argument("--audience-name", help="default: '<city> customers'")
    parser.add_argument("--batch-size", type=int, default=100, help=f"1 to {MAX_BATCH}")
    args = parser.parse_args(argv)
    if not args.api_key:
        parser.error("give --api-key or set GOMOBILE_API_KEY")
    try:
        report = run(
            args.base_url,
            args.api_key,
            args.csv,
            city=args.city,
            audience_name=args.audience_name,
            batch_size=args.batch_size,
        )
    except (GomobileError, ValueError, OSError, httpx.HTTPError) as error:
        print(f"import failed: {error}", file=sys.stderr)
        return 1
    print(
        f"{len(report.contacts)} customers: {report.created} created, {report.updated} updated; "
        f"audience {report.audience_id} has {report.audience_size} contacts from {args.city}"
    )
    return 0


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("message", response.text))
    except ValueError:
        return response.text


if __name__ == "__main__":
    sys.exit(main())
