"""Schemathesis as the suite runs it: a lean, safe, reproducible `schemathesis run`.

It runs as subprocesses of Schemathesis's own CLI (its most stable interface): several
processes rather than its `--workers` threads, because those intermittently crash inside
Hypothesis on CPython 3.11.7 (CPython gh-106905).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from contracts import phase_summary
from contracts.context import Settings
from contracts.phase_summary import PhaseSummary
from contracts.processes import Outcome, run_all
from contracts.spec import ContractSpec

BUILT_IN_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
    "unsupported_method",
)
OUR_CHECKS = ("pagination_meta",)
# Schemathesis's own report formats (`schemathesis run --report`), passed through as they are.
REPORT_FORMATS = ("junit", "vcr", "har", "ndjson", "json", "html", "allure", "pytest", "wfc")
# Sends methods the spec does not declare: never in read-only mode.
WRITING_CHECKS = ("unsupported_method",)

# Extra headers (-H) come from the environment, so they never show on a command line; the
# key is set by the auth provider of `schemathesis_hooks`, on declared methods only.
HEADER = '"{name}" = "${{CONTACTKIT_HEADER_{number}}}"'
CONFIG = """\
# Methods the spec does not declare go without a valid key (see schemathesis_hooks): on a
# real server they may reach an undocumented bulk delete of the collection.
[cache]
enabled = false

[generation]
database = "none"

# Schemathesis infers links the spec does not declare (for example audience create ->
# add-contacts with random contact ids, where 404 is the contract): the spec's links only.
[phases.stateful.inference]
algorithms = []

# "Created resource not found" (ensure_resource_availability) follows the spec's links from a
# create; a 404 after the run deleted the resource is expected, and Schemathesis does not flag
# it. Adding contacts to a created audience is the exception: its 404 also means "unknown
# contact ids", which a generated body nearly always has (the safety hooks turn ids the run
# did not create into fresh ones). An operation's setting loses to `--checks`, so the checks
# are chosen here rather than on the command line.
[[operations]]
include-operation-id = "addAudienceContacts"
checks.ensure_resource_availability.enabled = false

[checks]
enabled = false
"""
# Settings of the chosen checks, beside `enabled = true`.
CHECK_SETTINGS = {
    # Valid data may still meet a documented refusal: an unknown id (404), a taken phone (409).
    "positive_data_acceptance": 'expected-statuses = ["2xx", "404", "409"]',
    "negative_data_rejection": 'expected-statuses = ["400", "401", "404", "409", "413", "415"]',
}
# The phases of a --fuzz run: they repeat until its budget is spent (Schemathesis's --max-time).
FUZZ_PHASES = ["fuzzing"]


def _phases(settings: Settings) -> list[str]:
    if settings.fuzz_seconds:
        return FUZZ_PHASES
    # The coverage phase probes undeclared methods even when methods are filtered.
    return ["examples", "fuzzing"] if settings.read_only else ["examples", "coverage", "fuzzing"]


def _checks(settings: Settings) -> list[str]:
    chosen = [c for c in BUILT_IN_CHECKS if not (settings.read_only and c in WRITING_CHECKS)]
    return [*chosen, *OUR_CHECKS]


def command(
    settings: Settings, spec: Path, config: Path, phases: list[str], operations: list[str]
) -> list[str]:
    """Return the `schemathesis run` command line for one process (its phases, its share)."""
    cmd = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        str(spec),
        "--url",
        settings.base_url,
        "--max-examples",
        str(settings.max_examples),
        "--seed",
        str(settings.seed),
        "--phases",
        ",".join(phases),
        "--workers",
        "1",
        "--no-color",
        "--request-timeout",
        str(settings.request_timeout),
        "--suppress-health-check",
        "all",
    ]
    if settings.fuzz_seconds:
        cmd += ["--max-time", str(settings.fuzz_seconds)]
    if settings.read_only:
        cmd += ["--include-method", "GET"]
    for operation in operations:
        cmd += ["--include-operation-id", operation]
    if settings.schemathesis_report:
        # One folder per process: the processes would overwrite each other's files.
        cmd += [
            "--report",
            settings.schemathesis_report,
            "--report-dir",
            str(_folder(settings, phases, operations)),
        ]
    return cmd


def _folder(settings: Settings, phases: list[str], operations: list[str]) -> Path:
    """Return where one process's own reports go: the processes would overwrite each other's."""
    return settings.schemathesis_report_dir / "-".join(phases + operations[:1])


def plan(settings: Settings, spec: ContractSpec) -> list[tuple[list[str], list[str]]]:
    """Split the run into (phases, operations) per process: operations dealt to workers."""
    # Read-only deals out GET operations only: Schemathesis ORs its include filters, so a
    # writing operation named to a worker would be generated (and refused by the hooks).
    operations = sorted(
        name
        for name, (method, _, _) in spec.operations.items()
        if method.upper() == "GET" or not settings.read_only
    )
    workers = max(1, min(settings.workers, len(operations)))
    shares = [operations[i::workers] for i in range(workers)]
    runs = (
        [(_phases(settings), share) for share in shares]
        if workers > 1
        else [(_phases(settings), [])]
    )
    if not settings.read_only:
        runs.append((["stateful"], []))
    return runs


def _environment(settings: Settings, ledger: Path, schedule: Path) -> dict[str, str]:
    # Schemathesis's own --rate-limit lets a second's requests go in one burst, per process:
    # the hooks space them evenly instead, every process booking slots in one `schedule`.
    headers = {f"CONTACTKIT_HEADER_{i}": v for i, (_, v) in enumerate(settings.headers)}
    return {
        **os.environ,
        **headers,
        "SCHEMATHESIS_HOOKS": "contracts.schemathesis_hooks",
        "CONTACTKIT_API": settings.api,
        "CONTACTKIT_LEDGER": str(ledger),
        "CONTACTKIT_API_KEY": settings.api_key,
        "CONTACTKIT_RUN_ID": settings.run_id,
        "CONTACTKIT_SEED": str(settings.seed),
        "CONTACTKIT_READ_ONLY": "1" if settings.read_only else "0",
        "CONTACTKIT_RATE_LIMIT": repr(settings.rate_limit or 0.0),
        "CONTACTKIT_PACE_SCHEDULE": str(schedule),
    }


def config_text(settings: Settings) -> str:
    """Return the Schemathesis configuration file of a run."""
    pairs = [HEADER.format(name=name, number=i) for i, (name, _) in enumerate(settings.headers)]
    headers = f"headers = {{ {', '.join(pairs)} }}\n" if pairs else ""
    checks = [
        f"\n[checks.{name}]\nenabled = true\n{CHECK_SETTINGS.get(name, '')}"
        for name in _checks(settings)
    ]
    return headers + CONFIG + "".join(checks)


def _json_report(
    settings: Settings, folder: Path, index: int, phases: list[str], operations: list[str]
) -> Path:
    """Return where one process writes the JSON report its phase summary is read from."""
    if "json" in settings.schemathesis_report.split(","):
        # Asked for by the user too: it stays in the process's report folder.
        return _folder(settings, phases, operations) / "report.json"
    return folder / f"report-{index}.json"


def run(
    settings: Settings, spec: ContractSpec, ledger: Path
) -> tuple[list[Outcome], list[PhaseSummary]]:
    """Run every planned process (in parallel, until the run's deadline); return what each did."""
    with tempfile.TemporaryDirectory(prefix="contactkit-schemathesis-") as folder:
        config = Path(folder) / "schemathesis.toml"
        config.write_text(config_text(settings), encoding="utf-8")
        planned = plan(settings, spec)
        reports = [_json_report(settings, Path(folder), i, *run) for i, run in enumerate(planned)]
        commands = [
            [*command(settings, spec.path, config, p, ops), "--report-json-path", str(report)]
            for (p, ops), report in zip(planned, reports, strict=True)
        ]
        environment = _environment(settings, ledger, Path(folder) / "pace")
        outcomes = run_all(commands, environment, settings.deadline_at)
        summaries = [
            phase_summary.read(report, p, ops)
            for (p, ops), report in zip(planned, reports, strict=True)
        ]
    return outcomes, [item for item in summaries if item is not None]


def failures(outcome: Outcome) -> str:
    """Return the FAILURES section of a Schemathesis run's output (else its last lines)."""
    lines = outcome.output.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("=") and " FAILURES " in line]
    if not starts:
        return "\n".join(lines[-60:])
    section = lines[starts[0] + 1 :]
    ends = [i for i, line in enumerate(section) if line.startswith("=") and line.endswith("=")]
    return "\n".join(section[: ends[0] if ends else None]).strip()
