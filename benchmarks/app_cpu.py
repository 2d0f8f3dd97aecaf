"""CPU per request of the mock's ASGI app alone: no HTTP server, no client, no network.

`wrk` numbers on a 2-core machine mix the server, the client and the machine's load; this
drives the app in-process with ready-made ASGI messages and reports, per request kind, the
CPU microseconds (process time, median of rounds) and the Python function calls per request
(a count that does not depend on the machine's load). Run it before and after a change:

    .venv/bin/python benchmarks/app_cpu.py --label before
    .venv/bin/python benchmarks/app_cpu.py --label after

Writes benchmarks/results/app-cpu-<label>.md and prints the table.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mockserver.app import create_app
from mockserver.state import SeedSettings, State

KEY = b"test-key-org-a"
RESULTS = Path(__file__).parent / "results"
Message = dict[str, Any]


def _scope(method: str, path: str, query: str = "", body: bytes = b"") -> Message:
    headers = [(b"host", b"127.0.0.1"), (b"x-api-key", KEY), (b"accept", b"application/json")]
    if body:
        headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(body)).encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 3000),
        "extensions": {},
    }


async def _call(app: Any, scope: Message, body: bytes) -> int:
    """Send one request through the app; return its status."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(dict(scope, extensions={}), receive, send)
    return int(sent[0]["status"])


def _requests(state: State) -> dict[str, Callable[[], tuple[Message, bytes]]]:
    """Return request makers per kind: list, get, create (each create a new phone)."""
    some_id = state.export()["datasets"]["gomobile"]["contacts"][0]["id"]
    phones = itertools.count(10_000_000)

    def create() -> tuple[Message, bytes]:
        contact = {"firstName": "Bench", "lastName": "Mark", "primaryPhone": f"+3859{next(phones)}"}
        body = json.dumps(contact).encode()
        return _scope("POST", "/api/contact", body=body), body

    return {
        "list": lambda: (_scope("GET", "/api/contact", "page=1&limit=20"), b""),
        "get": lambda: (_scope("GET", f"/api/contact/{some_id}"), b""),
        "create": create,
    }


async def _measure(app: Any, make: Callable[[], tuple[Message, bytes]], count: int) -> float:
    """Return the CPU microseconds per request of `count` requests."""
    started = time.process_time()
    for _ in range(count):
        status = await _call(app, *make())
        if status >= 300:
            raise SystemExit(f"the benchmark's request got {status}: fix the request")
    return (time.process_time() - started) / count * 1e6


def _calls(run: Callable[[], Awaitable[float]]) -> int:
    """Return how many Python function calls `run` makes."""
    counted = [0]

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            counted[0] += 1

    sys.setprofile(profile)
    try:
        asyncio.run(run())
    finally:
        sys.setprofile(None)
    return counted[0]


def measure(contacts: int, count: int, rounds: int) -> dict[str, dict[str, float]]:
    """Return CPU µs and calls per request for each request kind."""
    state = State(settings=SeedSettings(1, "default", contacts, None))
    app = create_app(state)
    results = {}
    for kind, make in _requests(state).items():
        asyncio.run(_measure(app, make, 50))  # warm up: caches, first-use imports
        cpu = [asyncio.run(_measure(app, make, count)) for _ in range(rounds)]
        calls = _calls(functools.partial(_measure, app, make, 10)) / 10
        results[kind] = {"cpu_us": statistics.median(cpu), "calls": calls}
    return results


def table(label: str, results: dict[str, dict[str, float]], contacts: int) -> str:
    """Return the results as a Markdown table."""
    lines = [
        f"### App CPU per request: {label} ({contacts:,} contacts, in-process, no HTTP server)",
        "",
        "| request | CPU µs | Python calls |",
        "|---|--:|--:|",
    ]
    for kind, row in results.items():
        lines.append(f"| {kind} | {row['cpu_us']:.0f} | {row['calls']:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Measure and write benchmarks/results/app-cpu-<label>.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="now")
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--count", type=int, default=400, help="requests per round (400)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = measure(args.contacts, args.count, args.rounds)
    text = table(args.label, results, args.contacts)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"app-cpu-{args.label}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
