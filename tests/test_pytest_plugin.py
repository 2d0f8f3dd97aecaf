"""The pytest plugin as an integrator meets it, and `MockServer` without pytest.

The plugin is tested through `pytester`: each test writes a small test file into a temporary
directory and runs pytest on it in a subprocess, so that the plugin is loaded the way an
integrator gets it (the `pytest11` entry point of the installed package), and so that the
session's server thread starts and stops with that subprocess rather than with this run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
import pytest
from mock_helpers import MockProcess, free_port

from mockserver.testing import MockServer

pytest_plugins = ["pytester"]


# Installed plugins that are not under test here. Each inner run starts a fresh interpreter,
# and importing these (Hypothesis above all) doubles its start-up time; one test below keeps
# them all, as an integrator has them.
UNRELATED_PLUGINS = ("schemathesis", "hypothesispytest", "xdist")
INNER_TIMEOUT = 120.0


def run_inner(
    pytester: pytest.Pytester, source: str, *args: str, all_plugins: bool = False
) -> pytest.RunResult:
    """Write `source` as a test module and run pytest on it in a subprocess."""
    pytester.makepyfile(test_inner=source)
    disabled = [] if all_plugins else [f"-pno:{name}" for name in UNRELATED_PLUGINS]
    # -p no:cacheprovider: the inner runs leave nothing behind but pytester's temp dir. The
    # timeout is a deadline for a server thread that would not stop: fail, never hang.
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *disabled, "-q", *args, timeout=INNER_TIMEOUT
    )


# The plugin, through pytester ------------------------------------------------------------------


def test_fixture_gives_a_loopback_url_and_both_organizations_keys(
    pytester: pytest.Pytester,
) -> None:
    result = run_inner(
        pytester,
        """
        import httpx

        def test_keys(contactkit_mock):
            assert contactkit_mock.url.startswith("http://127.0.0.1:")
            a = httpx.get(f"{contactkit_mock.url}/api/contact",
                          headers={"x-api-key": contactkit_mock.api_key})
            b = httpx.get(f"{contactkit_mock.url}/api/contact",
                          headers={"x-api-key": contactkit_mock.other_api_key})
            anonymous = httpx.get(f"{contactkit_mock.url}/api/contact")
            assert (a.status_code, b.status_code, anonymous.status_code) == (200, 200, 401)
            org_a = {c["organizationId"] for c in a.json()["data"]}
            org_b = {c["organizationId"] for c in b.json()["data"]}
            assert len(org_a) == len(org_b) == 1 and org_a != org_b
        """,
    )
    result.assert_outcomes(passed=1)


def test_one_server_serves_the_whole_session(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        urls = []

        def test_first(contactkit_mock):
            urls.append(contactkit_mock.url)

        def test_second(contactkit_mock, contactkit_server):
            assert contactkit_mock is contactkit_server
            assert urls == [contactkit_mock.url]
        """,
    )
    result.assert_outcomes(passed=2)


def test_state_is_reset_before_every_test(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        PHONE = "+212699000001"

        def matches(mock):
            with mock.client() as api:
                return api.get("/api/contact", params={"search": PHONE}).json()["meta"]["total"]

        def test_creates(contactkit_mock):
            with contactkit_mock.client() as api:
                assert api.post("/api/contact", json={"primaryPhone": PHONE}).status_code == 201
            assert matches(contactkit_mock) == 1

        def test_does_not_see_it(contactkit_mock):
            assert matches(contactkit_mock) == 0
        """,
    )
    result.assert_outcomes(passed=2)


def test_marker_profile_empty_gives_no_contacts(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        import pytest

        @pytest.mark.contactkit(profile="empty")
        def test_empty(contactkit_mock):
            with contactkit_mock.client() as api:
                assert api.get("/api/contact").json()["meta"]["total"] == 0
        """,
    )
    result.assert_outcomes(passed=1)


def test_marker_applies_only_to_the_marked_test(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        import pytest

        @pytest.mark.contactkit(profile="empty")
        def test_empty(contactkit_mock):
            with contactkit_mock.client() as api:
                assert api.get("/api/contact").json()["meta"]["total"] == 0

        def test_unmarked_is_back_to_the_session_data(contactkit_mock):
            with contactkit_mock.client() as api:
                assert api.get("/api/contact").json()["meta"]["total"] > 0
        """,
    )
    result.assert_outcomes(passed=2)


def test_marker_same_seed_gives_the_same_first_contact(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        import pytest

        seen = {}

        def first_contact(mock):
            with mock.client() as api:
                page = api.get("/api/contact", params={"limit": 1, "sortBy": "primaryPhone"})
                contact = page.json()["data"][0]
                return contact["primaryPhone"], contact["firstName"], contact["lastName"]

        @pytest.mark.contactkit(seed=7)
        def test_seed_7(contactkit_mock):
            seen["first"] = first_contact(contactkit_mock)

        @pytest.mark.contactkit(seed=8)
        def test_seed_8_differs(contactkit_mock):
            assert first_contact(contactkit_mock) != seen["first"]

        @pytest.mark.contactkit(seed=7)
        def test_seed_7_again_is_the_same(contactkit_mock):
            assert first_contact(contactkit_mock) == seen["first"]
        """,
    )
    result.assert_outcomes(passed=3)


def test_settings_override_in_conftest_changes_the_session_data(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def contactkit_settings():
            return {"seed": 3, "profile": "empty"}
        """
    )
    result = run_inner(
        pytester,
        """
        import httpx

        def test_session_data(contactkit_mock):
            info = httpx.get(f"{contactkit_mock.url}/__admin/info").json()
            assert info["settings"]["seed"] == 3
            with contactkit_mock.client() as api:
                assert api.get("/api/contact").json()["meta"]["total"] == 0
        """,
    )
    result.assert_outcomes(passed=1)


def test_journal_sees_what_the_test_sent_as_soon_as_it_has_the_answer(
    pytester: pytest.Pytester,
) -> None:
    # Several calls, each followed at once by a journal read: the entry of a request must be
    # there as soon as its client has the response, not some time later.
    result = run_inner(
        pytester,
        """
        def test_journal(contactkit_mock):
            with contactkit_mock.client() as api:
                for n in range(20):
                    phone = f"+2126990{n:05d}"
                    assert api.post("/api/contact", json={"primaryPhone": phone}).status_code == 201
                    last = contactkit_mock.journal(operationId="createContact")[-1]
                    assert last["body"] == {"primaryPhone": phone}
                    assert (last["method"], last["path"]) == ("POST", "/api/contact")
                    assert (last["status"], last["apiKey"]) == (201, contactkit_mock.api_key)
            assert len(contactkit_mock.journal(operationId="createContact")) == 20
        """,
    )
    result.assert_outcomes(passed=1)


def test_injected_fault_with_times_1_fails_exactly_one_call(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        def test_fault(contactkit_mock):
            contactkit_mock.inject_fault("listContacts", 503, times=1)
            with contactkit_mock.client() as api:
                statuses = [api.get("/api/contact").status_code for _ in range(3)]
            assert statuses == [503, 200, 200]
        """,
    )
    result.assert_outcomes(passed=1)


def test_unknown_marker_argument_is_a_clear_error(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        import pytest

        @pytest.mark.contactkit(sede=7)
        def test_typo(contactkit_mock):
            pass
        """,
    )
    result.assert_outcomes(errors=1)
    # The message names the marker, the wrong argument and the right ones, so that the typo is
    # found without reading the plugin's source.
    result.stdout.fnmatch_lines(["*contactkit*sede*seed*profile*"])


def test_strict_markers_accepts_the_contactkit_marker(pytester: pytest.Pytester) -> None:
    result = run_inner(
        pytester,
        """
        import pytest

        @pytest.mark.contactkit(profile="empty", seed=7)
        def test_marked(contactkit_mock):
            pass
        """,
        "--strict-markers",
        all_plugins=True,
    )
    result.assert_outcomes(passed=1)


# Against an external mock (--contactkit-url): one sandbox per session -------------------------

SESSION_TESTS = """
    import os
    import time

    def contacts(mock):
        with mock.client() as api:
            return api.get("/api/contact").json()["meta"]["total"]

    def test_writes_and_still_sees_only_its_own_after_a_while(contactkit_mock):
        with contactkit_mock.client() as api:
            for n in range(5):
                response = api.post("/api/contact", json={"primaryPhone": f"+21269900000{n}"})
                assert response.status_code == 201, response.text
        time.sleep(float(os.environ["WAIT"]))  # the other session writes and resets meanwhile
        assert contacts(contactkit_mock) == 5
        assert len(contactkit_mock.journal(operationId="createContact")) == 5

    def test_the_reset_before_a_test_empties_this_sessions_data(contactkit_mock):
        assert contacts(contactkit_mock) == 0
"""


@pytest.fixture
def external(spawn_mock: Callable[..., MockProcess]) -> MockProcess:
    """A mock started with the empty profile, as a shared CI mock would run.

    A test takes it before `pytester`: pytester drops after a test the modules imported during
    it, and httpx imports its transport (httpcore) on the first request; dropped, httpcore's
    errors stop being httpx's for every later test of this process.
    """
    return spawn_mock("--profile", "empty")


@pytest.fixture
def external_with_token(spawn_mock: Callable[..., MockProcess]) -> MockProcess:
    """The same, started with --admin-token s3cret (taken before `pytester` as well)."""
    return spawn_mock("--profile", "empty", "--admin-token", "s3cret")


def test_two_sessions_against_one_external_mock_never_collide(
    external: MockProcess, pytester: pytest.Pytester
) -> None:
    pytester.makeconftest(
        "import pytest\n\n@pytest.fixture(scope='session')\n"
        "def contactkit_settings():\n    return {'profile': 'empty'}\n"
    )
    pytester.makepyfile(test_inner=SESSION_TESTS)
    disabled = [f"-pno:{name}" for name in UNRELATED_PLUGINS]
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *disabled, "-q"]
    # One session names the mock on its command line and waits long; the other in the
    # environment, and resets its sandbox while the first one waits.
    sessions = [
        subprocess.Popen(
            [*command, *option],
            cwd=pytester.path,
            env={**os.environ, "WAIT": wait, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for option, wait, env in [
            (["--contactkit-url", external.url], "4", {}),
            ([], "0", {"CONTACTKIT_URL": external.url}),
        ]
    ]
    outputs = [session.communicate(timeout=INNER_TIMEOUT)[0] for session in sessions]
    assert [session.returncode for session in sessions] == [0, 0], outputs
    assert all("2 passed" in output for output in outputs), outputs
    listing = httpx.get(f"{external.url}/__admin/sandboxes").json()
    assert listing == {"sandboxes": []}  # each session dropped its own at the end
    default = httpx.get(f"{external.url}/api/contact", headers={"x-api-key": "test-key-org-a"})
    assert default.json()["meta"]["total"] == 0


def test_the_ini_file_names_an_external_mock_and_its_admin_token(
    external_with_token: MockProcess, pytester: pytest.Pytester
) -> None:
    external = external_with_token
    pytester.makeini(
        f"[pytest]\ncontactkit_url = {external.url}\ncontactkit_admin_token = s3cret\n"
    )
    result = run_inner(
        pytester,
        f"""
        def test_uses_a_sandbox_of_the_external_mock(contactkit_mock):
            assert contactkit_mock.url == "{external.url}"
            with contactkit_mock.client() as api:
                assert api.get("/api/contact").status_code == 200
            assert [e["path"] for e in contactkit_mock.journal()] == ["/api/contact"]
        """,
    )
    result.assert_outcomes(passed=1)


def test_an_unreachable_external_mock_is_an_error_naming_it(pytester: pytest.Pytester) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run_inner(
        pytester, "def test_any(contactkit_mock):\n    pass\n", "--contactkit-url", url
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*the mock at {url} does not answer*"])


# MockServer, without pytest's help -------------------------------------------------------------


def test_mock_server_context_manager_serves_the_api_with_its_settings() -> None:
    with MockServer(seed=7, profile="empty") as mock, mock.client() as api:
        response = api.get("/api/contact")
    assert response.status_code == 200
    assert response.json()["meta"]["total"] == 0


def test_mock_server_stop_frees_the_port() -> None:
    with MockServer(profile="empty") as mock:
        url = mock.url
        assert httpx.get(f"{url}/__admin/info").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/__admin/info")
    # Another server can listen there again (SO_REUSEADDR, as servers set it: the closed
    # connections may linger in TIME_WAIT).
    port = urlsplit(url).port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
