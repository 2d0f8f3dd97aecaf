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

from contracts.context import Settings
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

# Valid data may still meet a documented refusal: an unknown id (404), a taken phone (409).
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "404", "409"]

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "404", "409", "413", "415"]

# "Created resource not found" (ensure_resource_availability) is off: its stateful sequences
# follow the create links to DELETE and then to GET/PUT/DELETE again, whose 404 is the
# contract of a soft delete; and add-contacts with generated contact ids rightly answers 404.
# The lifecycle check asserts availability after create (and use_after_free stays on).
"""


def _phases(settings: Settings) -> list[str]:
    # The coverage phase probes undeclared methods even when methods are filtered.
    return ["examples", "fuzzing"] if settings.read_only else ["examples", "coverage", "fuzzing"]


def _checks(settings: Settings) -> str:
    chosen = [c for c in BUILT_IN_CHECKS if not (settings.read_only and c in WRITING_CHECKS)]
    return ",".join([*chosen, *OUR_CHECKS])


def command(
    settings: Settings, spec: Path, config: Path, phases: list[str], operations: list[str]
) -> list[str]:
    """Return the `schemathesis run` command line for one process."""
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
        "--checks",
        _checks(settings),
        "--workers",
        "1",
        "--no-color",
        "--request-timeout",
        str(settings.request_timeout),
        "--suppress-health-check",
        "all",
    ]
    if settings.read_only:
        cmd += ["--include-method", "GET"]
    for operation in operations:
        cmd += ["--include-operation-id", operation]
    if settings.schemathesis_report:
        # One folder per process: the processes would overwrite each other's files.
        folder = settings.schemathesis_report_dir / "-".join(phases + operations[:1])
        cmd += ["--report", settings.schemathesis_report, "--report-dir", str(folder)]
    return cmd


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


def _environment(settings: Settings, ledger: Path, processes: int) -> dict[str, str]:
    # Schemathesis's own --rate-limit lets a second's requests go in one burst, per process:
    # the hooks space them evenly instead, each process at its share of the run's rate.
    share = settings.rate_limit / processes if settings.rate_limit else 0.0
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
        "CONTACTKIT_RATE_LIMIT": repr(share),
    }


def config_text(settings: Settings) -> str:
    """Return the Schemathesis configuration file of a run."""
    pairs = [HEADER.format(name=name, number=i) for i, (name, _) in enumerate(settings.headers)]
    headers = f"headers = {{ {', '.join(pairs)} }}\n" if pairs else ""
    return headers + CONFIG


def run(settings: Settings, spec: ContractSpec, ledger: Path) -> list[Outcome]:
    """Run every planned process (in parallel, until the run's deadline); return the outcomes."""
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as handle:
        handle.write(config_text(settings))
    commands = [
        command(settings, spec.path, Path(handle.name), p, ops) for p, ops in plan(settings, spec)
    ]
    try:
        environment = _environment(settings, ledger, len(commands))
        return run_all(commands, environment, settings.deadline_at)
    finally:
        Path(handle.name).unlink(missing_ok=True)


def failures(outcome: Outcome) -> str:
    """Return the FAILURES section of a Schemathesis run's output (else its last lines)."""
    lines = outcome.output.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("=") and " FAILURES " in line]
    if not starts:
        return "\n".join(lines[-60:])
    section = lines[starts[0] + 1 :]
    ends = [i for i, line in enumerate(section) if line.startswith("=") and line.endswith("=")]
    return "\n".join(section[: ends[0] if ends else None]).strip()
