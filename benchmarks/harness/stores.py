"""The `stores` section: the mock on memory, on PostgreSQL, and as two PostgreSQL replicas.

Every setup serves the `large` profile (100,000 contacts for the measured organization) and is
timed on the load section's operations but the upsert, with one sequential client and with wrk
at 32 connections. Two replicas share one database: the sequential client alternates between
them request by request, and two wrk processes (16 connections each, both on core 0) load one
replica each at the same time, their req/s added up; there is no balancer in between.

PostgreSQL is a throwaway cluster of the tests' (tests/postgres_cluster.py: initdb, loopback
only, fsync off, so writes are faster than on a durable server), not pinned to a core; the mock
processes are pinned to core 1 as in the load section, so two replicas share that core.

Seeding is timed twice per store: the first start on empty storage (to the first 200: imports,
seeding, binding) and `POST /__admin/reseed` of the `large` profile (seeding alone, over HTTP).
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from harness.config import ROOT, SIZES, Budget, log
from harness.load import sequential, wrk
from harness.servers import mock_command, server
from harness.workload import Phones, Workload, discover

STORE_OPS = ("list", "search_rare", "search_common", "sort", "get", "create")
LARGE = SIZES["100k"][1]
RESEED = {"seed": 1, "profile": "large"}
RESEED_TIMEOUT = 600.0


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Any]:
    """Start the tests' throwaway PostgreSQL cluster; remove it when the block ends."""
    sys.path.insert(0, str(ROOT / "tests"))
    from postgres_cluster import PostgresCluster, missing_reason

    reason = missing_reason()
    if reason is not None:
        raise RuntimeError(f"no PostgreSQL for the stores section: {reason}")
    cluster = PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


def reseed_s(base_url: str) -> float:
    """Time `POST /__admin/reseed` of the large profile: seeding alone, over HTTP (s)."""
    began = time.perf_counter()
    response = httpx.post(f"{base_url}/__admin/reseed", json=RESEED, timeout=RESEED_TIMEOUT)
    response.raise_for_status()
    return time.perf_counter() - began


def combined(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return the figures of simultaneous wrk runs as one: req/s added, the worst latency."""
    requests = sum(part["requests"] for part in parts)
    return {
        "requests": requests,
        "rps": sum(part["rps"] for part in parts),
        "errors": sum(part["errors"] for part in parts),
        "p50_ms": max(part["p50_ms"] for part in parts),
        "p99_ms": max(part["p99_ms"] for part in parts),
        "mean_ms": sum(p["mean_ms"] * p["requests"] for p in parts) / max(requests, 1),
        "parts": list(parts),
    }


def loaded(
    urls: Sequence[str], op: str, workload: Workload, phones: Phones, budget: Budget
) -> dict[str, Any]:
    """Run wrk at budget.connections against `op`, split evenly over `urls` at once."""
    if len(urls) == 1:
        return wrk(urls[0], op, workload, phones, budget)
    share = dataclasses.replace(budget, connections=budget.connections // len(urls))
    with ThreadPoolExecutor(len(urls)) as pool:
        parts = list(pool.map(lambda url: wrk(url, op, workload, phones, share), urls))
    return combined(parts)


def measure_setup(name: str, urls: Sequence[str], phones: Phones, budget: Budget) -> dict[str, Any]:
    """Reseed through the first URL, then time every operation: one client, then wrk."""
    results: dict[str, Any] = {"reseed_s": reseed_s(urls[0]), "ops": {}}
    workload = discover("100k", urls[0])
    results["workload"] = workload.summary()
    for op in STORE_OPS:
        seq = sequential(urls, op, workload, phones, budget)
        load = loaded(urls, op, workload, phones, budget)
        results["ops"][op] = {"seq": seq, "wrk": load}
        log(
            f"  {name:<13} {op:<14} 1 client p50 {seq['p50_ms']:8.2f} p99 {seq['p99_ms']:8.2f} ms"
            f" | 32 conns {load['rps']:8.1f} req/s"
            + (
                f" | ERRORS {seq['errors']}+{load['errors']}"
                if seq["errors"] + load["errors"]
                else ""
            )
        )
    return results


def section_stores(budget: Budget) -> dict[str, Any]:
    """The mock at 100,000 contacts on memory, on PostgreSQL, and as two replicas on it."""
    phones = Phones()
    setups: dict[str, Any] = {}
    timeout = max(budget.server_start_timeout, RESEED_TIMEOUT)
    log("stores: memory")
    with server("stores-memory", mock_command(LARGE), timeout) as srv:
        setups["memory"] = {"startup_s": srv.startup_s}
        setups["memory"] |= measure_setup("memory", [srv.url], phones, budget)
    with postgres_cluster() as cluster:
        store = ["--store", cluster.new_database()]
        log("stores: PostgreSQL, one replica (it seeds the empty database)")
        with server("stores-postgresql-1", mock_command([*LARGE, *store]), timeout) as first:
            setups["postgresql-1"] = {"startup_s": first.startup_s}
            setups["postgresql-1"] |= measure_setup("postgresql-1", [first.url], phones, budget)
            log("stores: PostgreSQL, a second replica (it joins the data)")
            with server("stores-postgresql-2", mock_command([*LARGE, *store]), timeout) as second:
                setups["postgresql-2"] = {"startup_s": second.startup_s}
                urls = [first.url, second.url]
                setups["postgresql-2"] |= measure_setup("postgresql-2", urls, phones, budget)
    log(f"stores: reseed of the large profile: { {n: s['reseed_s'] for n, s in setups.items()} }")
    return {"setups": setups, "connections": budget.connections}
