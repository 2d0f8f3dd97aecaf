"""Loaded into the Schemathesis process (SCHEMATHESIS_HOOKS): our check and our safety rules.

- `pagination_meta`: every list response's pagination arithmetic, in the shape of the API
  under test (CONTACTKIT_API), on every generated query.
- Safety: the API key is set by an auth provider on the methods the spec declares only, so
  an undeclared method (the coverage phase's probes) never carries a valid key; writes only
  touch resources this run created (other ids in the path or in a body's id list become
  fresh ones); generated names start with the run's tag (same length); unique phones
  become the run's reserved ones (an upsert can never match a record the run did not
  create); fields whose valid values depend on each organization are dropped (a
  schema-valid custom attribute key would be a false "valid data rejected"); every created
  resource goes to the ledger; in read-only mode nothing but GET is sent. Schemathesis has
  no option for any of these.
- Stop: at SIGTERM (the run's --deadline) a write in flight is answered and recorded in the
  ledger before the process ends (`graceful_stop`), so the cleanup can delete what it made.
- Pace: `--rate-limit` spaced evenly across all of the run's Schemathesis processes, which
  book slots in one schedule file (Schemathesis's own limiter lets each process send a
  second's requests in one burst).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import requests
import schemathesis
from requests.structures import CaseInsensitiveDict
from schemathesis import Case, CheckContext, HookContext, Response

from contracts.apis import api_profile, spec_of
from contracts.graceful_stop import InFlight, die_by_sigterm, stop_on_sigterm
from contracts.health import Pacer
from contracts.identity import SCHEMATHESIS_PHONES, run_phone
from contracts.ledger import Ledger
from contracts.target import created_paths

API = api_profile(os.environ.get("CONTACTKIT_API"))
KEY = os.environ.get("CONTACTKIT_API_KEY", "")
RUN_ID = os.environ.get("CONTACTKIT_RUN_ID", "")
READ_ONLY = os.environ.get("CONTACTKIT_READ_ONLY") == "1"
LEDGER = (
    Ledger(Path(os.environ["CONTACTKIT_LEDGER"])) if os.environ.get("CONTACTKIT_LEDGER") else None
)
# Not seeded: fresh ids and phones need not repeat between runs, only stay the run's own.
_random = random.Random()
_created: set[str] = set()  # ids this process created
UNIQUE_FIELDS = {r.unique for r in API.resources if r.unique}
MARKERS = {r.marker for r in API.resources}
TAG = f"ck{RUN_ID}"
# Schemathesis imports this module in its main thread, before the first call.
WRITES_IN_FLIGHT = InFlight(die_by_sigterm)
stop_on_sigterm(WRITES_IN_FLIGHT)


def _paced(send: Callable[..., Any], pacer: Pacer) -> Callable[..., Any]:
    def paced_send(*args: Any, **kwargs: Any) -> Any:
        pacer.wait()
        return send(*args, **kwargs)

    return paced_send


# --rate-limit, spaced evenly across the run's Schemathesis processes (one schedule file).
# Schemathesis's own limiter lets a second's requests go in one burst, and its start-up probes
# and auth checks' extra requests bypass hooks: every request goes through Session.send.
if float(os.environ.get("CONTACTKIT_RATE_LIMIT") or 0) > 0:
    _schedule = os.environ.get("CONTACTKIT_PACE_SCHEDULE")
    _rate = float(os.environ["CONTACTKIT_RATE_LIMIT"])
    _pacer = Pacer(_rate, Path(_schedule) if _schedule else None)
    requests.Session.send = _paced(requests.Session.send, _pacer)  # type: ignore[method-assign]


def _declared(case: Case) -> bool:
    return case.method.upper() == case.operation.method.upper()


@schemathesis.auth()
class RunKey:
    """The run's API key, on requests whose method the spec declares for the path."""

    def get(self, case: Case, context: Any) -> str:
        """Return the key (from the environment, never a command line)."""
        return KEY

    def set(self, case: Case, data: str, context: Any) -> None:
        """Put the key in the API's header, unless the method is undeclared."""
        if not _declared(case):
            return
        if case.headers is None:
            case.headers = CaseInsensitiveDict()
        case.headers[API.key_header] = data


def _reserved_phone(original: str) -> str:
    """Return one of the run's phones in place of a generated one."""
    phone = run_phone(RUN_ID, _random.choice(SCHEMATHESIS_PHONES))
    if 3 <= len(original) <= 20:
        return phone
    # An invalid length stays invalid (a negative case), still in the reserved range.
    return (phone + "0" * len(original))[: len(original)]


def _owned(value: Any) -> Any:
    """Return `value` if this process created it, else an id nobody has."""
    if isinstance(value, str) and value.lower() in _created:
        return value
    return API.fresh_id(_random.getrandbits(128))


def _tagged(value: Any) -> Any:
    """Start a generated name with the run's tag, keeping its length (and so its validity)."""
    if isinstance(value, str) and len(value) >= len(TAG):
        return TAG + value[len(TAG) :]
    return value


def _safe_item(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    item = {k: v for k, v in item.items() if k not in API.dropped_fields}
    item.update({field: _tagged(item[field]) for field in MARKERS if field in item})
    for field in UNIQUE_FIELDS:
        if isinstance(item.get(field), str):
            item[field] = _reserved_phone(item[field])
    for field in API.id_lists:
        if isinstance(item.get(field), list):
            item[field] = [_owned(value) for value in item[field]]
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
    sent = case.headers.get(API.key_header) if case.headers is not None else None
    if not _declared(case) and sent == KEY:
        raise RuntimeError(f"contactkit refused {case.method} {case.path} with the run's key")
    parameters = case.path_parameters or {}
    if parameters:
        case.path_parameters = {name: _owned(value) for name, value in parameters.items()}
    if case.body is not None:
        case.body = _safe_body(case.body)
    WRITES_IN_FLIGHT.begin()


@schemathesis.hook
def after_call(context: HookContext, case: Case, response: Response) -> None:
    """Record what the call created, for the cleanup."""
    try:
        as_httpx = httpx.Response(response.status_code, content=response.content)
        for path in created_paths(case.method.upper(), case.path, as_httpx, API, RUN_ID):
            _created.add(path.rsplit("/", 1)[-1].lower())
            if LEDGER is not None:
                LEDGER.add("primary", path)
    finally:
        WRITES_IN_FLIGHT.end()


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
