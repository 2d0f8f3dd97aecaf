"""--assumptions report: a server that differs only where the vendor documents are silent passes.

The staging-like server (`tests/servers/`) is configured to decide two things otherwise than
the spec's x-assumptions: it sorts strings by code point, and it takes up to 32 channel types.
Each is named, with its evidence, and neither fails the run in `report` mode. The same runs
write the JSON report and the Markdown summary (to `$GITHUB_STEP_SUMMARY`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from faults.runs import Run, run
from servers.staging_data import Choices
from servers.staging_like import StagingLike
from staging_helpers import LEAN, staging_check

from contracts.rules import spec_rules

DIFFERENCES = {"#/components/parameters/SortOrder", "#/components/schemas/ChannelTypes"}
CHECKS = ("--checks", "limits,search_sort")
MODES = [pytest.param("enforce", id="enforce"), pytest.param("report", id="report")]


@dataclass(frozen=True)
class ModeRun:
    """One run, and the JSON report and Markdown summary it wrote."""

    run: Run
    json: dict[str, Any]
    summary: str


def _run(server: StagingLike, mode: str, folder: Path) -> ModeRun:
    report, summary = folder / f"{mode}.json", folder / f"{mode}.md"
    command = staging_check(server, *LEAN, *CHECKS, "--assumptions", mode)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GITHUB_STEP_SUMMARY", str(summary))
        done = run([*command, "--json-report", str(report)])
    document = json.loads(report.read_text(encoding="utf-8"))
    return ModeRun(done, document, summary.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModeRun]]:
    """One run per mode against a server differing only in undocumented choices."""
    folder = tmp_path_factory.mktemp("reports")
    with StagingLike(Choices(code_point_sort=True, max_channels=32)) as server:
        yield {mode: _run(server, mode, folder) for mode in ("enforce", "report")}


def _contradicted(output: str) -> set[str]:
    return set(re.findall(r"^\s+contradicted\s+(#\S+)$", output, re.MULTILINE))


def test_enforce_fails_the_run(runs: dict[str, ModeRun]) -> None:
    assert runs["enforce"].run.returncode == 1, runs["enforce"].run.output[-3000:]


def test_report_passes_the_run(runs: dict[str, ModeRun]) -> None:
    assert runs["report"].run.returncode == 0, runs["report"].run.output[-3000:]


@pytest.mark.parametrize("mode", MODES)
def test_the_table_names_exactly_the_differences(runs: dict[str, ModeRun], mode: str) -> None:
    output = runs[mode].run.output
    assert _contradicted(output) == DIFFERENCES, output[-3000:]


def test_report_lists_the_violations_apart_with_their_evidence(runs: dict[str, ModeRun]) -> None:
    output = runs["report"].run.output
    section = output.split("assumption-only violations", 1)[-1]
    assert "[search_sort]" in section and "[limits]" in section, output[-3000:]
    assert "channels" in section and "reproduce: curl" in section


def test_the_table_shows_held_and_untested_assumptions(runs: dict[str, ModeRun]) -> None:
    output = runs["report"].run.output
    assert re.search(r"^\s+held \(\d+\)\s+#/components/parameters/Search$", output, re.MULTILINE)
    assert re.search(r"^\s+untested\s+#/components/responses/Conflict$", output, re.MULTILINE)


@pytest.mark.parametrize("mode", MODES)
def test_json_report_says_what_each_violation_rests_on(runs: dict[str, ModeRun], mode: str) -> None:
    document = runs[mode].json
    violations = document["violations"]
    assert violations and all(v["basis"] == "x-assumption" for v in violations)
    assert all(v["fails_run"] == (mode == "enforce") for v in violations)
    assert document["exit_code"] == runs[mode].run.returncode


def test_json_report_holds_the_assumptions_table(runs: dict[str, ModeRun]) -> None:
    table = runs["report"].json["assumptions"]
    contradicted = {a["assumption"] for a in table if a["verdict"] == "contradicted"}
    assert contradicted == DIFFERENCES
    channels = next(a for a in table if a["assumption"].endswith("ChannelTypes"))["evidence"]
    assert channels[0]["request"].startswith("POST ") and channels[0]["seen"] == "201"


def test_json_report_holds_run_id_timings_and_rule_coverage(runs: dict[str, ModeRun]) -> None:
    document, output = runs["report"].json, runs["report"].run.output
    assert f"contactkit: run {document['run_id']}," in output
    assert document["seconds"] > 0 and document["checks"]["limits"]["passed"] > 0
    assert document["rule_coverage"]["rules"] == len(spec_rules("gomobile"))


@pytest.mark.parametrize(
    ("mode", "headline"),
    [
        pytest.param("enforce", "contract violated (exit 1)", id="enforce"),
        pytest.param("report", "passed (exit 0)", id="report"),
    ],
)
def test_markdown_summary_goes_to_the_github_step_summary(
    runs: dict[str, ModeRun], mode: str, headline: str
) -> None:
    summary = runs[mode].summary
    assert summary.startswith(f"## contactkit check (gomobile): {headline}")
    assert "| limits |" in summary and "2 contradicted" in summary
