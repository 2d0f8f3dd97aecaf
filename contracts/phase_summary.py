"""What each Schemathesis phase of a run did: cases sent, failures found, why it stopped.

Read from the JSON report each Schemathesis process writes (`--report-json-path`): the
suite runs one process per phase group (see `schemathesis_run.plan`), so a process's
counts are its phases' counts. The summary is printed at the end of a run and goes into
`--json-report`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# Why a Schemathesis process stopped, in words ("max_time" is the --fuzz budget spent).
STOP_REASONS = {
    "completed": "done",
    "max_time": "budget spent",
    "failure_limit": "stopped at a failure",
    "interrupted": "interrupted",
    "server_unavailable": "server unavailable",
}


@dataclass(frozen=True)
class PhaseSummary:
    """One Schemathesis process: its phases, cases sent, failures found, how it stopped."""

    phases: str  # comma-separated, e.g. "fuzzing" or "stateful"
    operations: str  # "all" or the share of a --workers split
    cases: int
    failures: tuple[str, ...]  # "ST302 Created resource not found @ POST /api/audience"
    stop_reason: str
    seconds: float

    def as_json(self) -> dict[str, Any]:
        """Return the summary as a JSON object."""
        return {**asdict(self), "failures": list(self.failures)}


def read(report: Path, phases: list[str], operations: list[str]) -> PhaseSummary | None:
    """Return the summary of one process from its JSON report (None when it wrote none)."""
    try:
        body = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    failures = tuple(
        f"{item['code']} {item['title']} @ {operation}"
        for item in body.get("failures", [])
        for operation in item.get("operations", [])
    )
    return PhaseSummary(
        phases=",".join(phases),
        operations=",".join(operations) or "all",
        cases=int(body.get("test_cases", {}).get("generated", 0)),
        failures=failures,
        stop_reason=str(body.get("stop_reason", "")),
        seconds=round(float(body.get("running_time") or 0.0), 1),
    )


def table(summaries: list[PhaseSummary]) -> str:
    """Return the per-phase table printed at the end of a run."""
    rows = [f"{'Schemathesis phases':<32} cases  cases/s  failures  stopped"]
    for item in summaries:
        rate = item.cases / item.seconds if item.seconds else 0.0
        stopped = STOP_REASONS.get(item.stop_reason, item.stop_reason)
        name = item.phases if item.operations == "all" else f"{item.phases} ({item.operations})"
        rows.append(f"{name:<32} {item.cases:>5}  {rate:>7.1f}  {len(item.failures):>8}  {stopped}")
        rows += [f"    found: {failure}" for failure in item.failures]
    return "\n".join(rows)
