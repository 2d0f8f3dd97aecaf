"""The run's reports for CI tools: a JSON document and a Markdown summary of it.

The JSON holds the run id, the target, the timings, per-check counts, every violation (with
what it rests on), the assumptions table and the rule coverage of the API's spec; the
Markdown summary (for `$GITHUB_STEP_SUMMARY`) is written from the same document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts.assumptions import Verdict
from contracts.phase_summary import PhaseSummary
from contracts.report import Violation, shorten
from contracts.rules import coverage

Document = dict[str, Any]
VERDICTS = {0: "passed", 1: "contract violated", 2: "cannot vouch"}


@dataclass(frozen=True)
class RunFacts:
    """What a finished run knows of itself, as the CLI gathers it."""

    run_id: str
    api: str
    base_url: str
    mode: str
    exit_code: int
    started: str  # ISO 8601 UTC
    seconds: float
    checks: dict[str, dict[str, int | float]]  # check -> passed, failed, skipped, seconds
    violations: list[Violation]
    verdicts: list[Verdict]
    problems: list[str]
    phases: list[PhaseSummary]  # what each Schemathesis process sent and found


def violation_entry(violation: Violation, mode: str) -> Document:
    """Return one violation as JSON: what, where, expected, seen, and what it rests on."""
    response = violation.response
    return {
        "check": violation.check,
        "operation": violation.operation,
        "basis": violation.basis,
        "assumption": violation.assumption,
        "fails_run": mode == "enforce" or not violation.assumption,
        "expected": violation.expected,
        "seen": shorten(violation.seen, violation.seen_limit),
        "request": f"{response.request.method} {response.request.url}" if response else None,
        "status": response.status_code if response is not None else None,
        "reproduce": violation.reproduce,
    }


def _coverage(api: str) -> Document:
    items = coverage(api)
    uncovered = [{"rule": item.rule.name} for item in items if not item.checks]
    return {"rules": len(items), "covered": len(items) - len(uncovered), "uncovered": uncovered}


def document(facts: RunFacts) -> Document:
    """Return the JSON report of a run."""
    return {
        "run_id": facts.run_id,
        "api": facts.api,
        "base_url": facts.base_url,
        "assumptions_mode": facts.mode,
        "exit_code": facts.exit_code,
        "verdict": VERDICTS.get(facts.exit_code, "cannot vouch"),
        "started": facts.started,
        "seconds": round(facts.seconds, 2),
        "checks": facts.checks,
        "violations": [violation_entry(v, facts.mode) for v in facts.violations],
        "assumptions": [
            {
                "assumption": item.marker,
                "verdict": item.verdict,
                "held": item.held,
                "evidence": [violation_entry(v, facts.mode) for v in item.evidence],
            }
            for item in facts.verdicts
        ],
        "rule_coverage": _coverage(facts.api),
        "schemathesis_phases": [item.as_json() for item in facts.phases],
        "problems": facts.problems,
    }


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")[:200]


def _violations(doc: Document) -> list[str]:
    lines = [f"### Violations ({len(doc['violations'])})", ""]
    for entry in doc["violations"]:
        basis = f"x-assumption `{entry['assumption']}`" if entry["assumption"] else "contract"
        note = "" if entry["fails_run"] else " (reported only)"
        lines.append(
            f"- **[{entry['check']}] {entry['operation']}**{note}, rests on {basis}: expected "
            f"{_cell(entry['expected'])}; seen {_cell(entry['seen'])}"
        )
    return [*lines, ""]


def _phases(doc: Document) -> list[str]:
    lines = ["| Schemathesis phases | cases | failures | stopped |", "|---|---|---|---|"]
    for item in doc["schemathesis_phases"]:
        found = "<br>".join(_cell(failure) for failure in item["failures"]) or "0"
        lines.append(f"| {item['phases']} | {item['cases']} | {found} | {item['stop_reason']} |")
    return [*lines, ""]


def _assumptions(doc: Document) -> list[str]:
    items = doc["assumptions"]
    counts = {v: sum(1 for i in items if i["verdict"] == v) for v in ("held", "contradicted")}
    untested = len(items) - counts["held"] - counts["contradicted"]
    lines = [
        f"### Assumptions: {counts['held']} held, {counts['contradicted']} contradicted, "
        f"{untested} untested",
        "",
        "| assumption | verdict | evidence |",
        "|---|---|---|",
    ]
    for item in items:
        first = item["evidence"][0] if item["evidence"] else None
        evidence = f"{first['request']}: expected {first['expected']}" if first else ""
        lines.append(f"| `{item['assumption']}` | {item['verdict']} | {_cell(evidence)} |")
    return [*lines, ""]


def markdown(doc: Document) -> str:
    """Return the Markdown summary of a run's JSON report."""
    lines = [
        f"## contactkit check ({doc['api']}): {doc['verdict']} (exit {doc['exit_code']})",
        "",
        f"Target {doc['base_url']}, run `{doc['run_id']}`, {doc['seconds']} s, "
        f"assumptions {doc['assumptions_mode']}.",
        "",
        "| check | passed | failed | skipped | seconds |",
        "|---|---|---|---|---|",
    ]
    for name, n in sorted(doc["checks"].items()):
        lines.append(
            f"| {name} | {n['passed']:g} | {n['failed']:g} | {n['skipped']:g} | {n['seconds']:g} |"
        )
    lines += ["", *(f"- {problem}" for problem in doc["problems"])]
    lines += _phases(doc) if doc["schemathesis_phases"] else []
    lines += _violations(doc) if doc["violations"] else []
    rules = doc["rule_coverage"]
    lines += _assumptions(doc)
    lines.append(
        f"Rule coverage of the spec: {rules['covered']} of {rules['rules']} rules checked."
    )
    return "\n".join(lines) + "\n"


def write(doc: Document, json_path: Path | None, summary_path: Path | None) -> None:
    """Write the JSON report and append the Markdown summary, where asked."""
    if json_path is not None:
        json_path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    if summary_path is not None:
        with summary_path.open("a", encoding="utf-8") as handle:
            handle.write(markdown(doc))
