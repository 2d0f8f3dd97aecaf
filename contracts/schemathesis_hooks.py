"""Loaded into the Schemathesis process (SCHEMATHESIS_HOOKS): our check and our safety rules.

- `pagination_meta`: every list response's pagination arithmetic, in the shape of the API
  under test (CONTACTKIT_API), on every generated query.
- Safety: writes only touch resources this run created (other ids become fresh ones),
  unique phones become reserved ones (an upsert can never match a real contact), fields
  whose valid values depend on each organization are dropped (a schema-valid custom
  attribute key would be a false "valid data rejected"), every created resource goes to the
  ledger, and in read-only mode nothing but GET is ever sent. Schemathesis has no option for
  any of these.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from schemathesis import Case, CheckContext, HookContext, Response

from contracts.apis import api_profile, spec_of
from contracts.ledger import Ledger
from contracts.target import created_paths

API = api_profile(os.environ.get("CONTACTKIT_API"))

READ_ONLY = os.environ.get("CONTACTKIT_READ_ONLY") == "1"
LEDGER = (
    Ledger(Path(os.environ["CONTACTKIT_LEDGER"])) if os.environ.get("CONTACTKIT_LEDGER") else None
)
# Not seeded: phones must differ between runs, in case an earlier run could not clean up.
_random = random.Random()
_created: set[str] = set()
UNIQUE_FIELDS = {r.unique for r in API.resources if r.unique}


def _reserved_phone() -> str:
    return f"+999{_random.randrange(10**11):011d}"


def _safe_item(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    item = {k: v for k, v in item.items() if k not in API.dropped_fields}
    for field in UNIQUE_FIELDS:
        if isinstance(item.get(field), str) and 3 <= len(item[field]) <= 20:
            item[field] = _reserved_phone()
    return item


def _safe_body(body: Any) -> Any:
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return {**body, "data": [_safe_item(item) for item in body["data"]]}
    return _safe_item(body)


@schemathesis.hook
def before_call(context: HookContext, case: Case, kwargs: dict[str, Any]) -> None:
    """Keep every write inside what this run created; send nothing but GET when read-only."""
    if READ_ONLY and case.method.upper() != "GET":
        raise RuntimeError(f"contactkit refused {case.method} {case.path}: --read-only")
    if case.method.upper() == "GET":
        return
    path_id = (case.path_parameters or {}).get("id")
    if isinstance(path_id, str) and "{id}" in case.path:
        prefix = case.path.split("{id}")[0]
        if f"{prefix}{path_id}".lower() not in _created:
            fresh = API.fresh_id(_random.getrandbits(128))
            case.path_parameters = {**case.path_parameters, "id": fresh}
    if case.body is not None:
        case.body = _safe_body(case.body)


@schemathesis.hook
def after_call(context: HookContext, case: Case, response: Response) -> None:
    """Record what the call created, for the cleanup."""
    as_httpx = httpx.Response(response.status_code, content=response.content)
    for path in created_paths(case.method.upper(), case.path, as_httpx, API.id_field):
        _created.add(path.lower())
        if LEDGER is not None:
            LEDGER.add("primary", path)


def _query_int(case: Case, name: str, default: int) -> int | None:
    value = (case.query or {}).get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@schemathesis.check
def pagination_meta(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """List responses: the pagination object's figures and the page's length agree."""
    raw = case.operation.definition.raw
    if "x-searchable-fields" not in raw or response.status_code != 200:
        return None
    size_schema = spec_of(API.name).query_parameter(raw["operationId"], API.size_param)
    page = _query_int(case, "page", 1)
    size = _query_int(case, API.size_param, size_schema["default"])
    if page is None or size is None or size < 1:
        return None
    paging = API.paging.check(response.json(), page, size)
    if paging.seen != paging.expected:
        raise AssertionError(
            f"{API.paging.key} (x-assumption): expected {paging.expected} for total "
            f"{paging.total}, got {paging.seen}"
        )
    if paging.count != paging.on_page:
        raise AssertionError(
            f"expected {paging.on_page} items on page {page} (total {paging.total}, "
            f"{API.size_param} {size}), got {paging.count}"
        )
    return True
