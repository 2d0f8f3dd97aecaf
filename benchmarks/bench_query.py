"""Benchmark the store and the list layer over 100,000 contacts of one tenant.

Run: .venv/bin/python benchmarks/bench_query.py

Prints the load time, then p50 and p99 over 200 runs of the list requests that must stay fast
(the whole HTTP request has a p99 budget of 20 ms; this is the store's and query layer's share),
then the time of 1,000 inserts. The table is configured like the Gomobile contacts table
(mockserver/gomobile/data.py).

A search the table has answered lately is answered from its live results (kept current by every
write), so the same term searched 200 times measures that; the "new term" rows search a term the
table has not seen lately each run (200 rare terms, 64 common ones in turn), which scans.
"""

import gc
import random
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import cycle

from mockserver.query import ListQuery, Page, run
from mockserver.store import Record
from mockserver.store.memory import MemoryTable

TENANT = "00000000-0000-4000-8000-000000000001"
RECORDS = 100_000
RUNS = 200
SYLLABLES = ["ma", "ri", "yo", "ka", "se", "lu", "na", "to", "be", "di", "ha", "mo", "za", "fi"]


def contacts_table() -> MemoryTable:
    """Return an empty table configured like the Gomobile contacts table."""
    return MemoryTable(
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


def common_terms(records: list[Record], count: int) -> list[str]:
    """Return the `count` two-letter terms found in the most names."""
    found: Counter[str] = Counter()
    for record in records[:2000]:
        name = record["fullName"].casefold()
        found.update({name[i : i + 2] for i in range(len(name) - 1)} - {" "})
    return [term for term, _ in found.most_common() if " " not in term][:count]


def requests(table: MemoryTable, records: list[Record]) -> dict[str, Callable[[], Page]]:
    """Return the requests to time, by label: each call runs one list request."""
    rare = records[12_345]["primaryPhone"][-7:]
    audience = {record["id"] for record in random.Random(2).sample(records, 50)}
    new_rare = cycle([ListQuery(search=r["primaryPhone"][-7:]) for r in records[::500][:RUNS]])
    new_common = cycle([ListQuery(search=term) for term in common_terms(records, 64)])
    updated = cycle(records[:RUNS])

    def query(query: ListQuery, within: set[str] | None = None) -> Callable[[], Page]:
        return lambda: run(table, TENANT, query, within=within)

    def after_update() -> Page:
        record = next(updated)
        table.update(TENANT, record["id"], {"lastName": record["lastName"][::-1]})
        return run(table, TENANT, ListQuery(search="ma"))

    return {
        "page 1, limit 20, createdAt desc": query(ListQuery()),
        f"search rare {rare!r}": query(ListQuery(search=rare)),
        "search common 'ma'": query(ListQuery(search="ma")),
        "search common 'ma', page 50": query(ListQuery(search="ma", page=50)),
        "search rare, a new term each run": lambda: run(table, TENANT, next(new_rare)),
        "search common, a new term each run": lambda: run(table, TENANT, next(new_common)),
        "update one, then search 'ma'": after_update,
        "page 50, lastName asc": query(ListQuery(page=50, sort_by="lastName", descending=False)),
        "within 50 ids, lastName asc": query(
            ListQuery(sort_by="lastName", descending=False), audience
        ),
    }


def time_inserts(table: MemoryTable, count: int) -> float:
    """Return how long `count` single inserts of new contacts take, in milliseconds."""
    records = contacts(count, random.Random(3))
    for index, record in enumerate(records):
        record["primaryPhone"] = f"+999{index:011d}"
    began = time.perf_counter()
    for record in records:
        table.insert(record)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    """Load the contacts, time the requests and print a table."""
    records = contacts(RECORDS, random.Random(1))
    table = contacts_table()
    began = time.perf_counter()
    table.load(records)
    print(f"load {RECORDS:,} records: {(time.perf_counter() - began) * 1000:.0f} ms\n")
    # As the server does after seeding (mockserver/state.py): no GC pass rescans the records.
    gc.freeze()
    print(f"{'request':<38} {'total':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for label, request in requests(table, records).items():
        total = request().total
        durations = timings(request)
        p50 = statistics.median(durations)
        p99 = statistics.quantiles(durations, n=100)[98]
        print(f"{label:<38} {total:>7,} {p50:>8.2f} {p99:>8.2f}")
    print(f"\n1,000 inserts, one by one: {time_inserts(table, 1000):.0f} ms")


if __name__ == "__main__":
    main()
