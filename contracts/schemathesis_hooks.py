"""Loaded into the Schemathesis process (SCHEMATHESIS_HOOKS): our check and our safety rules.

- `pagination_meta`: every list response's meta arithmetic, on every generated query.
- Safety: writes only touch resources this run created (other ids become fresh UUIDs),
  phones become reserved ones (an upsert can never match a real contact), custom attribute
  keys are dropped (they depend on each organization's definitions, so a schema-valid key
  would be a false "valid data rejected"), every created resource goes to the ledger, and in
  read-only mode nothing but GET is ever sent. Schemathesis has no option for any of these.
"""

from __future__ import annotations

import math
import os
import random
import uuid
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from schemathesis import Case, CheckContext, HookContext, Response

from contracts.ledger import Ledger
from contracts.target import created_paths

READ_ONLY = os.environ.get("CONTACTKIT_READ_ONLY") == "1"
LEDGER = (
    Ledger(Path(os.environ["CONTACTKIT_LEDGER"])) if os.environ.get("CONTACTKIT_LEDGER") else None
)
# Not seeded: phones must differ between runs, in case an earlier run could not clean up.
_random = random.Random()
_created: set[str] = set()
PHONE_FIELD = "primaryPhone"


def _reserved_phone() -> str:
    return f"+999{_random.randrange(10**11):011d}"


def _safe_item(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    item = {k: v for k, v in item.items() if k != "customAttributes"}
    phone = item.get(PHONE_FIELD)
    if isinstance(phone, str) and 3 <= len(phone) <= 20:
        item[PHONE_FIELD] = _reserved_phone()
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
            case.path_parameters = {**case.path_parameters, "id": str(uuid.uuid4())}
    if case.body is not None:
        case.body = _safe_body(case.body)


@schemathesis.hook
def after_call(context: HookContext, case: Case, response: Response) -> None:
    """Record what the call created, for the cleanup."""
    as_httpx = httpx.Response(response.status_code, content=response.content)
    for path in created_paths(case.method.upper(), case.path, as_httpx):
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
    """List responses: totalPages, hasNextPage, hasPreviousPage, page, limit and length agree."""
    if "x-searchable-fields" not in case.operation.definition.raw or response.status_code != 200:
        return None
    page, limit = _query_int(case, "page", 1), _query_int(case, "limit", 20)
    if page is None or limit is None or limit < 1:
        return None
    body = response.json()
    meta, total = body["meta"], body["meta"]["total"]
    pages = math.ceil(total / limit) if total > 0 else 0
    expected = {
        "page": page,
        "limit": limit,
        "totalPages": pages,
        "hasNextPage": page < pages,
        "hasPreviousPage": page > 1,
    }
    seen = {key: meta.get(key) for key in expected}
    if seen != expected:
        raise AssertionError(
            f"PaginationMeta (x-assumption): expected {expected} for total {total}, got {seen}"
        )
    on_page = max(0, min(limit, total - (page - 1) * limit))
    if len(body["data"]) != on_page:
        raise AssertionError(
            f"expected {on_page} items on page {page} (total {total}, limit {limit}), "
            f"got {len(body['data'])}"
        )
    return True
