"""Benchmark the export -> import round trip of the `large` profile (100,000 contacts) over HTTP.

Run: .venv/bin/python benchmarks/bench_state_roundtrip.py [--runs N]

Starts a real mock on a free loopback port with the `large` profile, then per run: GET
/__admin/state (the export), PUT /__admin/state with exactly those bytes (the import: decoded,
every record validated, indexes rebuilt), and GET again to check that the round trip changed
nothing. Prints the document's size and the time of each step (median over the runs).
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx

from mockserver.testing import MockServer

TIMEOUT = 600.0


def _timed(call: httpx.Request, client: httpx.Client) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = client.send(call)
    return response, time.perf_counter() - started


def round_trip(client: httpx.Client) -> dict[str, float]:
    """Export, import the export, export again; return the seconds of each step and the size."""
    exported, export_s = _timed(client.build_request("GET", "/__admin/state"), client)
    exported.raise_for_status()
    headers = {"content-type": "application/json"}
    put = client.build_request("PUT", "/__admin/state", content=exported.content, headers=headers)
    imported, import_s = _timed(put, client)
    if imported.status_code != 200:
        raise SystemExit(f"import failed: {imported.status_code} {imported.text[:500]}")
    again = client.get("/__admin/state")
    if again.content != exported.content:
        raise SystemExit("the round trip changed the state")
    return {"export_s": export_s, "import_s": import_s, "mb": len(exported.content) / 1e6}


def main() -> None:
    """Run the round trip `--runs` times against a fresh `large` mock and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    started = time.perf_counter()
    with MockServer(profile="large", validate_responses=False, start_timeout=300) as mock:
        print(f"mock with the large profile up in {time.perf_counter() - started:.1f} s")
        with httpx.Client(base_url=mock.url, timeout=TIMEOUT) as client:
            contacts = sum(
                o.get("contacts", 0) for o in client.get("/__admin/info").json()["organizations"]
            )
            results = [round_trip(client) for _ in range(runs)]
    print(f"{contacts:,} active contacts, state document {results[0]['mb']:.1f} MB, {runs} runs")
    for step in ("export_s", "import_s"):
        values = [r[step] for r in results]
        print(
            f"  {step[:-2]:<7} median {statistics.median(values):6.2f} s  max {max(values):6.2f} s"
        )
    total = [r["export_s"] + r["import_s"] for r in results]
    print(f"  round trip median {statistics.median(total):6.2f} s")


if __name__ == "__main__":
    main()
