"""--assumptions report: a server that differs only where the vendor documents are silent passes.

The staging-like server (`tests/servers/`) is configured to decide two things otherwise than
the spec's x-assumptions: it sorts strings by code point, and it takes up to 32 channel types.
Each is named, with its evidence, and neither fails the run in `report` mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from faults.runs import Run, run
from servers.staging_data import Choices
from servers.staging_like import StagingLike
from staging_helpers import LEAN, staging_check

DIFFERENCES = {"#/components/parameters/SortOrder", "#/components/schemas/ChannelTypes"}
CHECKS = ("--checks", "limits,search_sort")
MODES = [pytest.param("enforce", id="enforce"), pytest.param("report", id="report")]


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, Run]]:
    """One run per mode against a server differing only in undocumented choices."""
    with StagingLike(Choices(code_point_sort=True, max_channels=32)) as server:
        yield {
            mode: run(staging_check(server, *LEAN, *CHECKS, "--assumptions", mode))
            for mode in ("enforce", "report")
        }


def _contradicted(output: str) -> set[str]:
    return set(re.findall(r"^\s+contradicted\s+(#\S+)$", output, re.MULTILINE))


def test_enforce_fails_the_run(runs: dict[str, Run]) -> None:
    assert runs["enforce"].returncode == 1, runs["enforce"].output[-3000:]


def test_report_passes_the_run(runs: dict[str, Run]) -> None:
    assert runs["report"].returncode == 0, runs["report"].output[-3000:]


@pytest.mark.parametrize("mode", MODES)
def test_the_table_names_exactly_the_differences(runs: dict[str, Run], mode: str) -> None:
    assert _contradicted(runs[mode].output) == DIFFERENCES, runs[mode].output[-3000:]


def test_report_lists_the_violations_apart_with_their_evidence(runs: dict[str, Run]) -> None:
    output = runs["report"].output
    section = output.split("assumption-only violations", 1)[-1]
    assert "[search_sort]" in section and "[limits]" in section, output[-3000:]
    assert "channels" in section and "reproduce: curl" in section


def test_the_table_shows_held_and_untested_assumptions(runs: dict[str, Run]) -> None:
    output = runs["report"].output
    assert re.search(r"^\s+held \(\d+\)\s+#/components/parameters/Search$", output, re.MULTILINE)
    assert re.search(r"^\s+untested\s+#/components/responses/Conflict$", output, re.MULTILINE)
