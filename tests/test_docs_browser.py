"""The /docs page (Swagger UI for openapi/gomobile.yaml) works in a real browser against the mock.

Drives Debian's Chromium (`apt-get install chromium`, or `make browser`) with Playwright's Python
package pointed at that executable: Playwright's own browser download is never used. Without
Chromium or Playwright the test is skipped and says why.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mockserver.testing import MockServer

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # root in a container has no user namespace for the sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Nothing but the mock: no update checks, no sync, no component downloads.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ORG_A = "660e8400-e29b-41d4-a716-446655440001"  # the organization of test-key-org-a

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: run `make browser` or `apt-get install -y chromium` "
        "to test /docs in a browser",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is missing: pip install -e '.[dev]' (never `playwright install`)",
)


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    """Start a mock for this module (the docs page only reads)."""
    with MockServer(seed=1) as server:
        yield server


@pytest.fixture
def page() -> Iterator[Page]:
    """Return a page of a fresh headless Chromium; close the browser afterwards."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            # Every wait below is on a condition; this is its deadline.
            page.set_default_timeout(20_000)
            yield page
        finally:
            browser.close()


def test_docs_try_it_out_lists_contacts_with_the_api_key(
    mock: MockServer, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{mock.url}/docs/")

    # Authorize: the x-api-key scheme's dialog.
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input").fill(mock.api_key)
    dialog.get_by_role("button", name="Authorize", exact=True).click()
    sync_api.expect(dialog.get_by_text("Authorized")).to_be_visible()
    dialog.get_by_role("button", name="Close").click()

    # GET /api/contact: open it, Try it out, Execute.
    operation = page.locator("#operations-Contacts-listContacts")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    # The field comes pre-filled with the spec's example ("john"); a user lists everything.
    operation.get_by_placeholder("search", exact=True).fill("")
    operation.get_by_role("button", name="Execute").click()

    response = operation.locator(".live-responses-table .response")
    sync_api.expect(response.locator(".response-col_status")).to_have_text("200")
    page.screenshot(path=tmp_path / "docs-try-it-out.png")
    body = json.loads(response.locator(".highlight-code pre").first.inner_text())
    assert body["meta"]["total"] == contacts_of_org_a(mock) > 0
    assert len(body["data"]) == min(20, body["meta"]["total"])
    assert {contact["organizationId"] for contact in body["data"]} == {ORG_A}
    # And the mock saw the browser's request, with the key entered in the dialog.
    (sent,) = mock.journal(operationId="listContacts")
    assert sent["apiKey"] == mock.api_key


def contacts_of_org_a(mock: MockServer) -> int:
    """Return how many contacts organization A has, as the admin API counts them."""
    with mock.client() as api:
        info = api.get("/__admin/info").json()
    (org_a,) = (org for org in info["organizations"] if org["id"] == ORG_A)
    count: int = org_a["contacts"]
    return count
