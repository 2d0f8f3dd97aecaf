"""A write-mode run against a staging server touches nothing it did not create.

The staging-like server (`tests/servers/`) holds data of its own in two organizations and
has undocumented destructive routes (bulk deletes of the collections, bulk overwrite,
PATCH, emptying an audience). One full write-mode run (every check, both keys, the
Schemathesis coverage phase that probes undeclared methods) goes against it; then:

- the pre-existing records and memberships are byte-identical;
- no request with a valid key used a method the spec does not declare; undeclared
  methods were still probed, without credentials;
- every keyed write went to a create path or a record the run created;
- what the run created carries its run id, and is deleted;
- the destructive routes are real: with a key, they do wipe an organization.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from faults.runs import Run, run
from servers.staging_like import StagingLike
from staging_helpers import KEY, LEAN, OTHER_KEY, declared, ids_in, staging_check

from contracts.identity import phone_stem

RUN_ID = "stagingsafe1"


@dataclass(frozen=True)
class StagingRun:
    """One write-mode run against the staging-like server, and the server's view of it."""

    server: StagingLike
    result: Run
    before: str  # the pre-existing records, dumped before the run
    pre_existing: set[str]


@pytest.fixture(scope="module")
def staging_run() -> Iterator[StagingRun]:
    """Run the whole suite, both keys, against a fresh staging-like server."""
    with StagingLike() as server:
        pre_existing = set(server.store.contacts) | set(server.store.audiences)
        before = server.dump(pre_existing)
        result = run(staging_check(server, *LEAN, "--run-id", RUN_ID), timeout=900)
        yield StagingRun(server, result, before, pre_existing)


def test_run_judges_the_server(staging_run: StagingRun) -> None:
    """The run completes with a verdict (this server meets the contract): exit 0."""
    assert staging_run.result.returncode == 0, staging_run.result.output[-6000:]


def test_pre_existing_data_is_byte_identical(staging_run: StagingRun) -> None:
    """Every record and membership the server had before the run is exactly as it was."""
    assert staging_run.server.dump(staging_run.pre_existing) == staging_run.before


@pytest.mark.parametrize("key", [KEY, OTHER_KEY])
def test_no_undeclared_method_carries_a_valid_key(staging_run: StagingRun, key: str) -> None:
    """Neither key ever went with a method the spec does not declare for the path."""
    sent = staging_run.server.keyed_requests(key)
    undeclared = sorted({(m, p) for m, p in sent if not declared(m, p)})
    assert sent and undeclared == []


def test_undeclared_methods_are_still_probed_without_credentials(
    staging_run: StagingRun,
) -> None:
    """The coverage phase still sends DELETE /api/contact & co., with no valid key."""
    probes = {
        (r.method, r.path)
        for r in staging_run.server.requests()
        if r.key not in (KEY, OTHER_KEY) and not declared(r.method, r.path)
    }
    assert {("DELETE", "/api/contact"), ("DELETE", "/api/audience")} <= probes


@pytest.mark.parametrize("key", [KEY, OTHER_KEY])
def test_keyed_writes_touch_only_the_runs_records(staging_run: StagingRun, key: str) -> None:
    """No keyed write named a record that existed before the run."""
    writes = [(m, p) for m, p in staging_run.server.keyed_requests(key) if m != "GET"]
    foreign = [(m, p) for m, p in writes if ids_in(p) & staging_run.pre_existing]
    assert writes and foreign == []


def _marked(contact: dict[str, str]) -> bool:
    phone, stem = contact["primaryPhone"], phone_stem(RUN_ID)
    if phone.startswith(stem):
        return True
    # The 3-character phone of the minimum-length probe cannot hold the run id; its name does.
    return len(phone) < len(stem) and f"ck{RUN_ID}" in str(contact["lastName"])


def test_what_the_run_created_carries_its_run_id(staging_run: StagingRun) -> None:
    """Every contact it created has one of the run's phones; every audience name its id."""
    store, old = staging_run.server.store, staging_run.pre_existing
    contacts = [c for i, c in store.contacts.items() if i not in old]
    names = [a["name"] for i, a in store.audiences.items() if i not in old]
    unmarked = [c["primaryPhone"] for c in contacts if not _marked(c)]
    assert contacts and unmarked == []
    # Names too short for a token ("xxx", a minimum length under test) stay as they are.
    assert names and all(RUN_ID in n for n in names if len(n) >= len(RUN_ID) + 8)


def test_nothing_the_run_created_is_left(staging_run: StagingRun) -> None:
    """After the run, each organization's active records are its pre-existing ones."""
    store = staging_run.server.store
    active = {r["id"] for r in [*store.contacts.values(), *store.audiences.values()]
              if not r["deletedAt"]}  # fmt: skip
    assert active == staging_run.pre_existing
    assert "cleanup: complete" in staging_run.result.output


def test_the_destructive_routes_are_real(staging_like: object) -> None:
    """With a key, DELETE /api/contact and /api/audience wipe the organization (the danger)."""
    with StagingLike() as server, httpx.Client(base_url=server.url) as client:
        for path in ("/api/contact", "/api/audience"):
            assert client.delete(path, headers={"x-api-key": KEY}).status_code == 200
            left = client.get(path, headers={"x-api-key": KEY}).json()["meta"]["total"]
            assert left == 0
