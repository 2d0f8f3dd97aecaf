"""Where things are, what is measured and how long each measurement may run."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE.parent
RESULTS = HERE / "results"
LOGS = RESULTS / "logs"
BIN = Path(sys.executable).parent
SPEC = ROOT / "openapi" / "gomobile.yaml"
PRISM = HERE / "node_modules" / ".bin" / "prism"
LUA = HERE / "wrk" / "request.lua"
KEY = "test-key-org-a"
HOST = "127.0.0.1"

SIZES = {
    # label: (contacts per organization, server options). `large` seeds 100,000 contacts for
    # the organization of KEY (and 5,000 for the other one); --contacts sets every org's count.
    "1k": (1_000, ["--contacts", "1000", "--audiences", "6"]),
    "100k": (100_000, ["--profile", "large"]),
}
# (name, label); Prism answers the spec's static examples, so it runs only what needs no data.
OPERATIONS = (
    ("list", "list (page 1, limit 20)"),
    ("search_rare", "search, rare term"),
    ("search_common", "search, common term"),
    ("sort", "sort by lastName"),
    ("get", "get by id"),
    ("create", "create"),
    ("upsert", "upsert 1,000 (all new)"),
)
PRISM_OPERATIONS = ("list", "get", "create")
WRITES = ("create", "upsert")
UPSERT_BATCH = 1000
COMMON_CANDIDATES = ("ma", "ou", "el", "an", "ha", "in", "ra", "ne")


@dataclass(frozen=True)
class Budget:
    """How long each measurement may run: every loop stops at its count or its time."""

    wrk_seconds: int = 5
    wrk_upsert_seconds: int = 20
    wrk_timeout_seconds: int = 30
    connections: int = 32
    seq_reads: tuple[int, float] = (500, 5.0)  # requests, seconds
    seq_create: tuple[int, float] = (300, 4.0)
    seq_upsert: tuple[int, float] = (15, 15.0)
    warmup: int = 20
    startup_runs: int = 3
    pytest_runs: int = 3
    server_start_timeout: float = 120.0
    contract_timeout: float = 420.0


QUICK = Budget(
    wrk_seconds=1,
    wrk_upsert_seconds=2,
    seq_reads=(50, 1.0),
    seq_create=(20, 1.0),
    seq_upsert=(2, 5.0),
    warmup=5,
    startup_runs=1,
    pytest_runs=1,
    contract_timeout=300.0,
)


def log(message: str) -> None:
    """Print a progress line with the time."""
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def percentile(values: list[float], pct: float) -> float:
    """Return the nearest-rank percentile of `values` (nan if empty)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]
