"""What a user installs is what we test: the wheel, in a fresh virtualenv, outside the checkout.

The wheel is built from a copy of the files git tracks or would track (`git ls-files`: the
working tree's content, so an uncommitted change is tested too; never `build/`, `dist/` or
an egg-info a stale build left behind). It is installed into a new virtualenv, and every
command runs from a directory outside the checkout, so nothing can come from the source tree.
Marked `install` (about a minute): `make test` runs it, `make test-fast` skips it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from install_helpers import Installed, install_wheel

from mockserver.testing import CLIENT_KEY, DEFAULT_KEY, OTHER_CLIENT_KEY, OTHER_KEY

pytestmark = pytest.mark.install

KEYS = {"gomobile": (DEFAULT_KEY, OTHER_KEY), "client-contacts": (CLIENT_KEY, OTHER_CLIENT_KEY)}
# Lean runs: what matters here is that the installed suite loads and runs every kind of check,
# Schemathesis's subprocess (and the hooks it imports from the wheel) included.
CHECKS = {"gomobile": "lifecycle,auth,schemathesis", "client-contacts": "lifecycle,filters"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel of this tree, installed into a fresh virtualenv."""
    return install_wheel(tmp_path_factory.mktemp("install"))


@pytest.fixture(scope="module")
def mock_url(installed: Installed) -> Iterator[str]:
    """The installed `contactkit mock`, running on a free loopback port."""
    with installed.mock() as url:
        yield url


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["contactkit", "--help"], id="contactkit"),
        pytest.param(["contactkit", "mock", "--help"], id="mock"),
        pytest.param(["contactkit", "check", "--help"], id="check"),
        pytest.param(["python", "-m", "mockserver", "--help"], id="python-m-mockserver"),
    ],
)
def test_the_command_prints_its_help(installed: Installed, command: list[str]) -> None:
    result = installed.run(*command)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: contactkit")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("path", "header", "key"),
    [
        pytest.param("/api/contact", "x-api-key", DEFAULT_KEY, id="gomobile"),
        pytest.param("/client-contacts", "api-key", CLIENT_KEY, id="client-contacts"),
    ],
)
def test_the_mock_answers_both_apis(mock_url: str, path: str, header: str, key: str) -> None:
    response = httpx.get(f"{mock_url}{path}", headers={header: key})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("api", ["gomobile", "client-contacts"])
def test_check_passes_against_the_installed_mock(
    installed: Installed, mock_url: str, api: str
) -> None:
    key, other = KEYS[api]
    result = installed.run(
        "contactkit", "check", "--api", api, "--base-url", mock_url, "--api-key", key,
        "--other-api-key", other, "--checks", CHECKS[api], "--max-examples", "1",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert _passed_checks(result.stdout) == set(CHECKS[api].split(",")), result.stdout[-2000:]


def _passed_checks(output: str) -> set[str]:
    """Return the checks of `contactkit check`'s closing table with at least one test passed."""
    table = output[output.rindex("check          passed") :].splitlines()[1:]
    return {row.split()[0] for row in table if row.split()[1] != "0"}


def test_the_suite_runs_in_pytest_with_pyargs(installed: Installed, mock_url: str) -> None:
    """The README's route: `pytest -p contracts.pytest_plugin --pyargs contracts.suite ...`."""
    result = installed.run(
        "pytest", "-p", "contracts.pytest_plugin", "--pyargs", "contracts.suite", "-q",
        "--contactkit-base-url", mock_url, "--contactkit-checks", "lifecycle",
        env={"CONTACTKIT_API_KEY": DEFAULT_KEY},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    assert " passed" in result.stdout


def test_a_pytest_project_gets_the_mock_without_a_conftest(installed: Installed) -> None:
    project = installed.project(
        """
        import httpx

        def test_lists_contacts(contactkit_mock):
            response = httpx.get(
                f"{contactkit_mock.url}/api/contact",
                headers={"x-api-key": contactkit_mock.api_key},
            )
            assert response.json()["meta"]["total"] == 300
        """
    )
    result = installed.run("pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "1 passed" in result.stdout
    # Connexion's and Starlette's deprecations are ours to handle, not the user's.
    assert "warning" not in result.stdout.lower(), result.stdout


def test_other_projects_do_not_get_the_contract_suites_markers(installed: Installed) -> None:
    """Installing contactkit declares no generic markers (`api`, `writes`) in every project."""
    project = installed.project("def test_nothing():\n    pass\n")
    result = installed.run("pytest", "--markers", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "@pytest.mark.contactkit(" in result.stdout
    assert "@pytest.mark.api(" not in result.stdout
    assert "@pytest.mark.writes" not in result.stdout


def test_a_mockserver_script_prints_no_warnings(installed: Installed) -> None:
    script = textwrap.dedent(
        """
        from mockserver.testing import MockServer

        with MockServer(profile="empty") as mock, mock.client() as http:
            print(http.get("/api/contact").status_code)
        """
    )
    result = installed.run("python", "-W", "default", "-c", script)
    assert (result.returncode, result.stdout.strip()) == (0, "200"), result.stderr
    assert result.stderr == ""


def test_nothing_comes_from_the_checkout(installed: Installed) -> None:
    result = installed.run("python", "-c", "import mockserver; print(mockserver.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed.venv), result.stdout
