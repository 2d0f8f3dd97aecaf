"""pytest plugin of the contract suite: options, the `contract` fixture, check selection.

Not a global `pytest11` plugin: its options and its generic markers (`api`, `writes`) belong to
runs of the suite only. `contactkit check` loads it with `-p`; teams that want the suite inside
their own pytest run load it the same way:

    pytest -p contracts.pytest_plugin --pyargs contracts.suite \
        --contactkit-base-url URL --contactkit-api-key KEY
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from contracts.apis import APIS, DEFAULT_API, api_profile
from contracts.assumptions import MODES
from contracts.context import Contract, Settings, default_checks
from contracts.errors import UsageError
from contracts.options import parse_headers
from contracts.preflight import preflight
from contracts.profile import ApiProfile, Resource
from contracts.report import Violation
from contracts.session import RunState, malformed

RUN_STATE = "contactkit-run"  # the RunState plugin's name

OPTION_ENV = {
    "api": "CONTACTKIT_API",
    "base_url": "CONTACTKIT_BASE_URL",
    "api_key": "CONTACTKIT_API_KEY",
    "other_api_key": "CONTACTKIT_OTHER_API_KEY",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the suite's options (each also read from an environment variable)."""
    group = parser.getgroup("contactkit", "contactkit contract suite")
    group.addoption(
        "--contactkit-api",
        choices=sorted(APIS),
        help=f"the API under test (env CONTACTKIT_API; default {DEFAULT_API})",
    )
    group.addoption("--contactkit-base-url", help="server under test (env CONTACTKIT_BASE_URL)")
    group.addoption("--contactkit-api-key", help="its API key (env CONTACTKIT_API_KEY)")
    group.addoption("--contactkit-other-api-key", help="a key of another organization, for tenancy")
    group.addoption("--contactkit-read-only", action="store_true", help="send only GET requests")
    group.addoption("--contactkit-checks", default="", help="comma-separated checks (all)")
    group.addoption("--contactkit-max-examples", type=int, default=10, help="Schemathesis examples")
    group.addoption("--contactkit-seed", type=int, default=0, help="seed of generated data")
    group.addoption("--contactkit-workers", type=int, default=1, help="Schemathesis processes")
    group.addoption("--contactkit-ledger", type=Path, help="file recording what the run created")
    group.addoption("--contactkit-run-id", help="the run's id, in all it creates (default: random)")
    group.addoption(
        "--contactkit-header", action="append", default=[], help="extra header 'Name: value'"
    )
    group.addoption("--contactkit-rate-limit", type=float, help="requests per second (no limit)")
    group.addoption(
        "--contactkit-request-timeout", type=float, default=30.0, help="seconds per request (30)"
    )
    group.addoption("--contactkit-deadline", type=float, help="seconds for the whole run (none)")
    group.addoption(
        "--contactkit-fuzz",
        type=int,
        metavar="SECONDS",
        help="fuzz: Schemathesis's fuzzing and stateful phases repeat for this long",
    )
    group.addoption(
        "--contactkit-assumptions",
        choices=MODES,
        default="enforce",
        help="report: violations of x-assumption decisions are listed apart and do not fail",
    )
    group.addoption(
        "--contactkit-schemathesis-report", default="", help="Schemathesis's own report formats"
    )
    group.addoption(
        "--contactkit-schemathesis-report-dir",
        type=Path,
        default=Path("schemathesis-report"),
        help="where Schemathesis's reports go, a folder per process",
    )
    group.addoption(
        "--contactkit-no-preflight", action="store_true", help="the caller checked the target"
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the suite's markers; register the run's state."""
    if config.getoption("contactkit_base_url", None) or os.environ.get(OPTION_ENV["base_url"]):
        state = RunState(
            config.getoption("contactkit_run_id"),
            config.getoption("contactkit_ledger"),
            config.getoption("contactkit_deadline"),
            config.getoption("contactkit_assumptions"),
        )
        config.pluginmanager.register(state, RUN_STATE)
    config.addinivalue_line("markers", "contract(name): the contract check a test belongs to")
    config.addinivalue_line(
        "markers", "writes: the test creates or changes data (skipped read-only)"
    )
    config.addinivalue_line("markers", "api(name): a test of one API only (deselected otherwise)")


def _option(config: pytest.Config, name: str) -> str | None:
    value = config.getoption(f"contactkit_{name}")
    return value if value is not None else os.environ.get(OPTION_ENV.get(name, ""))


def api_of(config: pytest.Config) -> ApiProfile:
    """Return the profile of the API the run checks."""
    return api_profile(_option(config, "api"))


def _checks(config: pytest.Config) -> tuple[str, ...]:
    return tuple(c.strip() for c in config.getoption("contactkit_checks").split(",") if c.strip())


def _wanted(config: pytest.Config, api: ApiProfile) -> tuple[str, ...]:
    """Return the checks the run selects (as `Settings` chooses them)."""
    if chosen := _checks(config):
        return chosen
    return default_checks(api, bool(config.getoption("contactkit_fuzz")))


def run_state(config: pytest.Config) -> RunState:
    """Return the run's state (registered when a base URL is given)."""
    state = config.pluginmanager.get_plugin(RUN_STATE)
    if not isinstance(state, RunState):
        raise UsageError("pass --contactkit-base-url (or CONTACTKIT_BASE_URL)")
    return state


def settings_from(config: pytest.Config) -> Settings:
    """Build the run's settings from the command line (and environment)."""
    base_url, api_key = _option(config, "base_url"), _option(config, "api_key")
    if not base_url or not api_key:
        raise UsageError(
            "pass --contactkit-base-url and --contactkit-api-key (or their env variables)"
        )
    state = run_state(config)
    return Settings(
        base_url=base_url,
        api_key=api_key,
        api=api_of(config).name,
        other_api_key=_option(config, "other_api_key"),
        read_only=config.getoption("contactkit_read_only"),
        seed=config.getoption("contactkit_seed"),
        max_examples=config.getoption("contactkit_max_examples"),
        workers=config.getoption("contactkit_workers"),
        checks=_checks(config),
        ledger_path=state.ledger,
        run_id=state.run_id,
        headers=tuple(parse_headers(config.getoption("contactkit_header")).items()),
        rate_limit=config.getoption("contactkit_rate_limit"),
        request_timeout=config.getoption("contactkit_request_timeout"),
        deadline_at=state.deadline_at,
        assumptions=state.mode,
        schemathesis_report=config.getoption("contactkit_schemathesis_report"),
        schemathesis_report_dir=config.getoption("contactkit_schemathesis_report_dir"),
        fuzz_seconds=config.getoption("contactkit_fuzz"),
    )


def resource_params(
    config: pytest.Config, applies: Callable[[Resource], bool] = lambda resource: True
) -> list[Any]:
    """Return one pytest.param per resource of the chosen API (those `applies` accepts)."""
    return [pytest.param(r, id=r.name) for r in api_of(config).resources if applies(r)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a check's test once per resource of the API, where it takes a `resource`.

    A module with its own `pytest_generate_tests` builds its tables, resources included.
    """
    if (
        metafunc.definition.get_closest_marker("contract")
        and "resource" in metafunc.fixturenames
        and not hasattr(metafunc.module, "pytest_generate_tests")
    ):
        metafunc.parametrize("resource", resource_params(metafunc.config))


def _unwanted(item: pytest.Item, api: ApiProfile, wanted: tuple[str, ...]) -> bool:
    check, only = item.get_closest_marker("contract"), item.get_closest_marker("api")
    if check is None:
        return False
    return check.args[0] not in wanted or (only is not None and api.name not in only.args)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the selected checks of the chosen API; skip writing tests in read-only mode."""
    api = api_of(config)
    wanted = _wanted(config, api)
    deselected = [item for item in items if _unwanted(item, api, wanted)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]
    if config.getoption("contactkit_read_only"):
        skip = pytest.mark.skip(reason="--read-only: this check writes")
        for item in items:
            if item.get_closest_marker("writes"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def contract(pytestconfig: pytest.Config) -> Iterator[Contract]:
    """The run: targets, spec, seeded data; everything created is deleted at the end."""
    settings = settings_from(pytestconfig)
    if not pytestconfig.getoption("contactkit_no_preflight"):
        preflight(settings)
    state = run_state(pytestconfig)
    run = Contract(settings)
    state.arm(run.connection.writes)
    try:
        yield run
    finally:
        state.disarm()
        state.finished(run, run.cleanup())
        run.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Show a violation (a malformed response is one) as its report block, no traceback."""
    report = yield
    error = call.excinfo.value if call.excinfo is not None else None
    contract = getattr(item, "funcargs", {}).get("contract")
    check = item.get_closest_marker("contract")
    if check is not None:
        # The run's tally counts a test under its check (its marker), not its module's name.
        setattr(report, "markers", [check])  # noqa: B010 - no such field on TestReport
    if error is not None and not isinstance(error, Violation) and contract and check:
        error = malformed(contract, check.args[0], error) or error
    if isinstance(error, Violation):
        report.longrepr = error.render()
        if (state := item.config.pluginmanager.get_plugin(RUN_STATE)) is not None:
            state.violations.append(error)
        if contract is not None:
            contract.assumptions.observe_violation(error)
            _report_only(contract, error, report)
    return report


def _report_only(contract: Contract, violation: Violation, report: pytest.TestReport) -> None:
    """In `--assumptions report`, an assumption-only violation does not fail the run."""
    if contract.settings.assumptions == "report" and violation.assumption:
        # pytest's own "expected failure": listed apart, and no failure of the session.
        report.outcome = "skipped"
        report.wasxfail = f"contradicts x-assumption {violation.assumption} (reported only)"
