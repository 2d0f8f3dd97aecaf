"""Benchmark the store and the list layer over 100,000 contacts of one tenant.

Run: .venv/bin/python benchmarks/bench_query.py

Prints the load time, then p50 and p99 over 200 runs of the list requests that must stay fast
(the whole HTTP request has a p99 budget of 20 ms; this is the store's and query layer's share).
The table is configured like the Gomobile contacts table (mockserver/gomobile/data.py).
"""

import gc
import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

from mockserver.query import ListQuery, Page, run
from mockserver.store import Record, Table

TENANT = "00000000-0000-4000-8000-000000000001"
RECORDS = 100_000
RUNS = 200
SYLLABLES = ["ma", "ri", "yo", "ka", "se", "lu", "na", "to", "be", "di", "ha", "mo", "za", "fi"]


def contacts_table() -> Table:
    """Return an empty table configured like the Gomobile contacts table."""
    return Table(
        "contacts",
        sort_fields=("firstName", "lastName", "primaryPhone", "primaryEmail", "createdAt"),
        search_profiles={
            "default": ("firstName", "lastName", "fullName", "primaryPhone", "primaryEmail"),
            "audience": ("firstName", "lastName", "primaryPhone"),
        },
        unique_fields=("primaryPhone",),
    )


def name(rng: random.Random) -> str:
    """Return a random name of two to four syllables."""
    return "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))).capitalize()


def contacts(count: int, rng: random.Random) -> list[Record]:
    """Return `count` synthetic contacts, created five minutes apart from 2023 on."""
    start = datetime(2023, 1, 1, tzinfo=UTC)
    records = []
    for index, phone in enumerate(rng.sample(range(10**8), count)):
        created = (start + timedelta(minutes=index * 5)).isoformat().replace("+00:00", "Z")
        first, last = name(rng), name(rng)
        records.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "organizationId": TENANT,
                "firstName": first,
                "lastName": last,
                "fullName": f"{first} {last}",
                "primaryPhone": f"+2126{phone:08d}",
                # One contact in four has no email: None sorts last.
                "primaryEmail": f"{first}.{last}@example.com".lower() if index % 4 else None,
                "createdAt": created,
                "updatedAt": created,
                "deletedAt": None,
            }
        )
    return records


def timings(request: Callable[[], Page]) -> list[float]:
    """Return the durations of RUNS calls of `request`, in milliseconds."""
    durations = []
    for _ in range(RUNS):
        began = time.perf_counter()
        request()
        durations.append((time.perf_counter() - began) * 1000)
    return durations


def main() -> None:
    """Load the contacts, time the requests and print a table."""
    records = contacts(RECORDS, random.Random(1))
    table = contacts_table()
    began = time.perf_counter()
    table.load(records)
    print(f"load {RECORDS:,} records: {(time.perf_counter() - began) * 1000:.0f} ms\n")
    # As the server does after seeding (mockserver/state.py): no GC pass rescans the records.
    gc.freeze()

    rare = records[12_345]["primaryPhone"][-7:]
    common = "ma"
    audience = {record["id"] for record in random.Random(2).sample(records, 50)}
    requests: dict[str, tuple[ListQuery, set[str] | None]] = {
        "page 1, limit 20, createdAt desc": (ListQuery(), None),
        f"search rare {rare!r}": (ListQuery(search=rare), None),
        f"search common {common!r}": (ListQuery(search=common), None),
        f"search common {common!r}, page 50": (ListQuery(search=common, page=50), None),
        "page 50, lastName asc": (ListQuery(page=50, sort_by="lastName", descending=False), None),
        "within 50 ids, lastName asc": (ListQuery(sort_by="lastName", descending=False), audience),
    }
    print(f"{'request':<38} {'total':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for label, (query, within) in requests.items():
        total = run(table, TENANT, query, within=within).total
        durations = timings(partial(run, table, TENANT, query, within=within))
        p50 = statistics.median(durations)
        p99 = statistics.quantiles(durations, n=100)[98]
        print(f"{label:<38} {total:>7,} {p50:>8.2f} {p99:>8.2f}")


if __name__ == "__main__":
    main()
