"""Before a run: is the target a working server of the API, and are the keys usable?

Each problem found here is a usage or target error (exit 2) with a line that says how to
fix it, instead of a whole run of misleading "contract violated" reports.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from contracts.apis import api_profile
from contracts.context import Settings
from contracts.errors import (
    KeyRejected,
    SameOrganization,
    TargetUnhealthy,
    TargetUnreachable,
    WrongBaseUrl,
)
from contracts.profile import ApiProfile

# Ids of the first records each key lists, per resource: enough to tell two tenants apart.
SAMPLE = 20


def _get(client: httpx.Client, path: str, api: ApiProfile, key: str) -> httpx.Response:
    try:
        return client.get(path, params={api.size_param: SAMPLE}, headers={api.key_header: key})
    except httpx.HTTPError as error:
        raise TargetUnreachable(
            f"cannot reach {client.base_url}: {error}; is the server running?"
        ) from None


def _wrong_base_url(settings: Settings, api: ApiProfile, url: str) -> WrongBaseUrl:
    base_path = urlsplit(settings.base_url).path.rstrip("/")
    first = "/" + api.preflight_path.strip("/").split("/")[0]
    hint = (
        f"; drop {first!r} from --base-url, the suite adds {api.preflight_path} itself"
        if base_path.endswith(first)
        else f"; --base-url must be the server root under which {api.preflight_path} lives"
    )
    return WrongBaseUrl(f"GET {url} answers 404{hint}")


def _usable(
    response: httpx.Response, settings: Settings, api: ApiProfile, option: str
) -> list[str]:
    """Return the ids the key lists, or raise the usage error its answer means."""
    url, status = str(response.request.url.copy_with(query=None)), response.status_code
    if status == 401:
        which = "other API key" if option == "--other-api-key" else "API key"
        raise KeyRejected(f"{settings.base_url} answers 401 to the {which}: check {option}")
    if status == 404:
        raise _wrong_base_url(settings, api, url)
    if status >= 500:
        raise TargetUnhealthy(f"GET {url} answers {status}: the target is not healthy, try later")
    try:
        items = response.json().get("data")
    except (ValueError, AttributeError):
        items = None
    if status != 200 or not isinstance(items, list):
        raise TargetUnhealthy(
            f"GET {url} answers {status} {response.text[:120]!r}, not the API's list: "
            "is --base-url a server of this API?"
        )
    return [str(item.get(api.id_field)) for item in items if isinstance(item, dict)]


def preflight(settings: Settings) -> None:
    """Fail fast with a usage error when the target or the keys cannot serve a run."""
    api = api_profile(settings.api)
    with httpx.Client(
        base_url=settings.base_url.rstrip("/"),
        headers=dict(settings.headers),
        timeout=settings.request_timeout,
    ) as client:
        mine = [
            _usable(_get(client, r.path, api, settings.api_key), settings, api, "--api-key")
            for r in api.resources
        ]
        if not settings.other_api_key:
            return
        theirs = [
            _usable(
                _get(client, r.path, api, settings.other_api_key), settings, api, "--other-api-key"
            )
            for r in api.resources
        ]
    if mine == theirs and any(mine):
        raise SameOrganization(
            "--api-key and --other-api-key list the same records: they belong to one "
            "organization; pass a key of another organization as --other-api-key"
        )
