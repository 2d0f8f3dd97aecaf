"""How the fault tests and the kill-rate script run `contactkit check` and plain Schemathesis.

Both run as subprocesses of this interpreter, against a mock served from this process: the
faults patched into the mock here are live for the subprocess's HTTP calls.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contactkit.resources import spec_file
from mockserver.testing import MockServer

# One row of the per-check table `contactkit check` prints last: name, passed, failed, skipped.
_TABLE_ROW = re.compile(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    """What one subprocess printed, how it ended and how long it took."""

    command: list[str]
    returncode: int
    output: str
    seconds: float

    def failed_counts(self) -> dict[str, int]:
        """Return check -> failed, from the per-check table of a `contactkit check` run."""
        return {m[1]: int(m[3]) for m in _TABLE_ROW.finditer(self.output)}


def run(command: Sequence[str], timeout: float = 900, cwd: Path | None = None) -> Run:
    """Run `command`, capturing stdout and stderr together."""
    started = time.monotonic()
    done = subprocess.run(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
    return Run(list(command), done.returncode, done.stdout, time.monotonic() - started)


def check_command(
    mock: MockServer,
    checks: Sequence[str] | None = None,
    max_examples: int | None = None,
    *extra: str,
    api: str = "gomobile",
    base_url: str | None = None,
) -> list[str]:
    """Return the `contactkit check` command against `mock`'s `api`, with both organizations' keys.

    `checks` None and `max_examples` None mean the defaults: the whole default suite;
    `base_url` another server with the same keys (a replica on `mock`'s database).
    """
    client = api == "client-contacts"
    command = [
        sys.executable,
        "-m",
        "contactkit.cli",
        "check",
        "--api",
        api,
        "--base-url",
        base_url or mock.url,
        "--api-key",
        mock.client_api_key if client else mock.api_key,
        "--other-api-key",
        mock.other_client_api_key if client else mock.other_api_key,
    ]
    if checks is not None:
        command += ["--checks", ",".join(checks)]
    if max_examples is not None:
        command += ["--max-examples", str(max_examples)]
    return [*command, *extra]


def lean_check_command(
    mock: MockServer, checks: Sequence[str], *extra: str, api: str = "gomobile"
) -> list[str]:
    """Return the lean `contactkit check`: only `checks`, five Schemathesis examples each."""
    return check_command(mock, checks, 5, *extra, api=api)


# Per API: its spec file and how its key is sent.
PLAIN_TARGETS = {
    "gomobile": ("gomobile.yaml", "x-api-key"),
    "client-contacts": ("client-contacts.yaml", "api-key"),
}


def plain_schemathesis_command(
    mock: MockServer, max_examples: int = 20, api: str = "gomobile"
) -> list[str]:
    """Return a plain `schemathesis run --checks all`, as a user would type it (no hooks)."""
    spec, header = PLAIN_TARGETS[api]
    key = mock.client_api_key if api == "client-contacts" else mock.api_key
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(spec_file(spec)),
        "--url",
        mock.url,
        "-H",
        f"{header}: {key}",
        "--checks",
        "all",
        "--max-examples",
        str(max_examples),
        "--seed",
        "0",
        "--generation-database",
        "none",
        "--no-color",
    ]


@dataclass(frozen=True)
class PlainRun:
    """A plain Schemathesis run and the failures its JSON report lists."""

    run: Run
    # "ST202 Schema-valid request rejected @ PUT /api/contact/{id}", one per failing operation.
    failures: frozenset[str]


def plain_schemathesis(mock: MockServer, max_examples: int = 20, api: str = "gomobile") -> PlainRun:
    """Run plain Schemathesis against `mock`; read its failures from its JSON report.

    It runs in a fresh directory: Schemathesis writes `.hypothesis` and `.schemathesis` into
    its working directory, and nothing of one run may reach the next.
    """
    with tempfile.TemporaryDirectory(prefix="plain-schemathesis-") as folder:
        report = Path(folder) / "report.json"
        command = [
            *plain_schemathesis_command(mock, max_examples, api),
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ]
        done = run(command, cwd=Path(folder))
        body = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    failures = frozenset(
        f"{failure['code']} {failure['title']} @ {operation}"
        for failure in body.get("failures", [])
        for operation in failure.get("operations", [])
    )
    return PlainRun(done, failures)
