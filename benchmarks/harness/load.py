"""Load generation: one sequential httpx client, then wrk at 32 connections, per operation."""

from __future__ import annotations

import contextlib
import json
import math
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from harness.config import (
    KEY,
    LUA,
    OPERATIONS,
    PRISM_OPERATIONS,
    SIZES,
    UPSERT_BATCH,
    WRITES,
    Budget,
    log,
    percentile,
)
from harness.servers import Server, baseline_command, mock_command, pin, prism_command, server
from harness.workload import Phones, Workload, contact_body, discover


class _Caller:
    """Makes one call of an operation: a GET of its paths in turn, or a create or an upsert."""

    def __init__(self, op: str, workload: Workload, phones: Phones) -> None:
        self.op = op
        self.paths = workload.paths[op]
        self.next_phone = phones.block()

    def __call__(self, client: httpx.Client, index: int) -> int:
        """Make the call number `index`; return its status code."""
        if self.op == "create":
            self.next_phone += 1
            return client.post(self.paths[0], json=contact_body(self.next_phone)).status_code
        if self.op == "upsert":
            first = self.next_phone + 1
            data = [contact_body(phone) for phone in range(first, first + UPSERT_BATCH)]
            self.next_phone += UPSERT_BATCH
            return client.post(self.paths[0], json={"data": data}).status_code
        return client.get(self.paths[index % len(self.paths)]).status_code


def _stats(durations: list[float], errors: int) -> dict[str, Any]:
    """Return the request count, errors, p50, p99 and mean of `durations` (ms)."""
    return {
        "requests": len(durations),
        "errors": errors,
        "p50_ms": percentile(durations, 50),
        "p99_ms": percentile(durations, 99),
        "mean_ms": statistics.fmean(durations) if durations else math.nan,
    }


def sequential(
    base_urls: Sequence[str], op: str, workload: Workload, phones: Phones, budget: Budget
) -> dict[str, Any]:
    """Time one client's sequential calls of `op` (keep-alive): p50/p99 in ms.

    With several base URLs (replicas) the calls go to each in turn, one connection to each.
    """
    budgets = {"create": budget.seq_create, "upsert": budget.seq_upsert}
    count, seconds = budgets.get(op, budget.seq_reads)
    expected = 201 if op in WRITES else 200
    call = _Caller(op, workload, phones)
    durations: list[float] = []
    errors = 0
    with contextlib.ExitStack() as stack:
        clients = [
            stack.enter_context(httpx.Client(base_url=url, headers={"x-api-key": KEY}, timeout=60))
            for url in base_urls
        ]
        for index in range(2 if op == "upsert" else budget.warmup):
            call(clients[index % len(clients)], index)
        deadline = time.perf_counter() + seconds
        for index in range(count):
            began = time.perf_counter()
            status = call(clients[index % len(clients)], index)
            ended = time.perf_counter()
            durations.append((ended - began) * 1000)
            errors += status != expected
            if ended > deadline:
                break
    return _stats(durations, errors)


def _wrk_command(base_url: str, seconds: int, budget: Budget) -> list[str]:
    """Return wrk's command line: one thread on core 0, budget.connections connections."""
    return [
        *pin(0),
        "wrk",
        "-t1",
        f"-c{budget.connections}",
        f"-d{seconds}s",
        f"--timeout={budget.wrk_timeout_seconds}s",
        "-s",
        str(LUA),
        base_url,
    ]


def _wrk_env(op: str, paths_file: Path, out_file: Path, phones: Phones) -> dict[str, str]:
    """Return the environment that configures wrk/request.lua for `op`."""
    return {
        **os.environ,
        "BENCH_KIND": op if op in WRITES else "get",
        "BENCH_PATHS": str(paths_file),
        "BENCH_KEY": KEY,
        "BENCH_PHONE_BASE": str(phones.block()),
        "BENCH_BATCH": str(UPSERT_BATCH),
        "BENCH_OUT": str(out_file),
    }


def _wrk_stats(raw: dict[str, Any]) -> dict[str, Any]:
    """Return req/s, errors and latency in ms from request.lua's JSON summary."""
    duration = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / duration if duration else math.nan,
        "errors": errors + raw["status_errors"],
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "mean_ms": raw["mean_us"] / 1000,
    }


def wrk(
    base_url: str, op: str, workload: Workload, phones: Phones, budget: Budget
) -> dict[str, Any]:
    """Run wrk at 32 connections (one thread, core 0) against `op`: req/s, p50/p99 in ms."""
    seconds = budget.wrk_upsert_seconds if op == "upsert" else budget.wrk_seconds
    with tempfile.TemporaryDirectory() as scratch:
        paths_file, out_file = Path(scratch, "paths"), Path(scratch, "out.json")
        paths_file.write_text("\n".join(workload.paths[op]) + "\n")
        completed = subprocess.run(
            _wrk_command(base_url, seconds, budget),
            env=_wrk_env(op, paths_file, out_file, phones),
            capture_output=True,
            text=True,
            timeout=seconds + budget.wrk_timeout_seconds + 30,
            check=False,
        )
        if completed.returncode != 0 or not out_file.exists():
            raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr[-500:]}")
        return _wrk_stats(json.loads(out_file.read_text()))


def _log_op(name: str, op: str, seq: dict[str, Any], load: dict[str, Any]) -> None:
    """Log one operation's figures on one line."""
    errors = seq["errors"] + load["errors"]
    log(
        f"  {name:<14} {op:<14} 1 client p50 {seq['p50_ms']:7.2f} p99 {seq['p99_ms']:7.2f}"
        f" ms | 32 conns {load['rps']:8.1f} req/s p50 {load['p50_ms']:8.2f}"
        f" p99 {load['p99_ms']:8.2f} ms"
        + (f" | ERRORS {seq['errors']}+{load['errors']}" if errors else "")
    )


def measure_server(
    srv: Server, ops: tuple[str, ...], workload: Workload, phones: Phones, budget: Budget
) -> dict[str, Any]:
    """Run every op against one server: sequential first (it warms up), then wrk."""
    results: dict[str, Any] = {"startup_s": srv.startup_s, "ops": {}}
    for op in ops:
        seq = sequential([srv.url], op, workload, phones, budget)
        load = wrk(srv.url, op, workload, phones, budget)
        results["ops"][op] = {"seq": seq, "wrk": load}
        _log_op(srv.name, op, seq, load)
    results["rss_after_mb"] = srv.rss_mb()
    return results


def section_load(budget: Budget) -> dict[str, Any]:
    """The mock, the Starlette baseline (each at both sizes) and Prism."""
    phones = Phones()
    results: dict[str, Any] = {"workload": {}, "servers": {}}
    workloads: dict[str, Workload] = {}
    all_ops = tuple(op for op, _ in OPERATIONS)
    for size, (_, options) in SIZES.items():
        for kind, command in (("mock", mock_command), ("starlette", baseline_command)):
            name = f"{kind}-{size}"
            log(f"load: starting {name}")
            with server(name, command(options), budget.server_start_timeout) as srv:
                if size not in workloads:
                    workloads[size] = discover(size, srv.url)
                    results["workload"][size] = workloads[size].summary()
                    log(f"  workload {size}: {results['workload'][size]}")
                results["servers"][name] = measure_server(
                    srv, all_ops, workloads[size], phones, budget
                )
    log("load: starting prism")
    with server("prism", prism_command(), budget.server_start_timeout) as srv:
        results["servers"]["prism"] = measure_server(
            srv, PRISM_OPERATIONS, workloads["1k"], phones, budget
        )
    return results
