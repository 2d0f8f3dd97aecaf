"""The APIs the suite knows, by the name `--api` takes; the default is the Gomobile API."""

from __future__ import annotations

from functools import cache

from contracts.client_contacts import CLIENT_CONTACTS
from contracts.errors import UsageError
from contracts.gomobile import GOMOBILE
from contracts.profile import ApiProfile
from contracts.spec import ContractSpec

APIS: dict[str, ApiProfile] = {api.name: api for api in (GOMOBILE, CLIENT_CONTACTS)}
DEFAULT_API = GOMOBILE.name


def api_profile(name: str | None) -> ApiProfile:
    """Return the profile of the API `name` (None: the default API)."""
    try:
        return APIS[name or DEFAULT_API]
    except KeyError:
        raise UsageError(f"unknown API {name!r}: choose from {', '.join(APIS)}") from None


@cache
def spec_of(name: str) -> ContractSpec:
    """Return the parsed spec of the API `name`, read once per process."""
    return ContractSpec(api_profile(name).spec)


def check_names(api: ApiProfile, checks: tuple[str, ...]) -> None:
    """Raise a UsageError naming the checks `api` does not have, and where they belong."""
    unknown = [c for c in checks if c not in api.checks]
    if not unknown:
        return
    elsewhere = {c: [a.name for a in APIS.values() if c in a.checks] for c in unknown}
    others = [f"{c} (only --api {'/'.join(apis)})" for c, apis in elsewhere.items() if apis]
    never = [c for c, apis in elsewhere.items() if not apis]
    reason = ", ".join(
        ([f"unknown check(s) {', '.join(never)}"] if never else [])
        + ([f"check(s) {', '.join(others)} not available for {api.name}"] if others else [])
    )
    raise UsageError(f"{reason}: choose from {', '.join(api.checks)}")
