"""The server under test, as the suite talks to it: one API key, every write recorded."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import httpx

from contracts.errors import ReadOnlyViolation, TargetUnreliable
from contracts.graceful_stop import InFlight, interrupt_main
from contracts.health import Health, Pacer
from contracts.identity import is_run_phone
from contracts.ledger import Ledger
from contracts.profile import ApiProfile
from contracts.safety import WriteScope


def _own(item: Any, api: ApiProfile, run_id: str) -> bool:
    """Tell whether a bulk answer's record is the run's: its unique phone is the run's."""
    uniques = [r.unique for r in api.resources if r.unique]
    if not isinstance(item, dict) or api.id_field not in item:
        return False
    return not uniques or any(is_run_phone(run_id, item.get(field)) for field in uniques)


def created_paths(
    method: str, path: str, response: httpx.Response, api: ApiProfile, run_id: str
) -> list[str]:
    """Return the paths of the resources a response says the run created.

    A 201 to POST /collection creates /collection/{id}, the id in the body or in its `data`
    envelope; a 201 to a bulk action such as POST /collection/upsert returns the collection's
    items in `data`, matched ones too: only those with the run's phones are the run's (an
    upsert that matched another record must not make the cleanup delete it).
    """
    if method != "POST" or response.status_code != 201:
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    data = body.get("data") if isinstance(body, dict) else None
    for item in (body, data):
        if isinstance(item, dict) and isinstance(item.get(api.id_field), str):
            return [f"{path.rstrip('/')}/{item[api.id_field]}"]
    if isinstance(data, list):
        collection = path.rstrip("/").rsplit("/", 1)[0]
        return [f"{collection}/{i[api.id_field]}" for i in data if _own(i, api, run_id)]
    return []


@dataclass
class Connection:
    """What every client of one run shares: server, extra headers, pace, health, write scope."""

    base_url: str
    run_id: str
    ledger: Ledger
    scope: WriteScope
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0
    pacer: Pacer = field(default_factory=lambda: Pacer(None))
    health: Health = field(default_factory=Health)
    last: httpx.Response | None = None  # the latest answer, for a report on a malformed one
    writes: InFlight = field(default_factory=lambda: InFlight(interrupt_main))


class Target:
    """An HTTP client for one API key: keyed writes stay in the run's scope; read-only holds."""

    def __init__(
        self,
        connection: Connection,
        api_key: str,
        *,
        api: ApiProfile,
        key_name: str = "primary",
        read_only: bool = False,
    ) -> None:
        self.connection, self.key_name, self.read_only = connection, key_name, read_only
        self.base_url, self.api, self.api_key = connection.base_url.rstrip("/"), api, api_key
        self.ledger = connection.ledger
        headers = {**connection.headers, api.key_header: api_key}
        self._client = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=connection.timeout
        )

    def _build(self, method: str, path: str, auth: bool, options: dict[str, Any]) -> httpx.Request:
        header = self.api.key_header
        if not auth:
            options["headers"] = {**options.get("headers", {}), header: ""}
        request = self._client.build_request(method, path, **options)
        if not auth:
            del request.headers[header]
        if method != "GET" and request.headers.get(header) == self.api_key:
            self.connection.scope.check(method, path)
        return request

    def request(
        self, method: str, path: str, *, auth: bool = True, **options: Any
    ) -> httpx.Response:
        """Send one request; record what it created. `auth=False` leaves the key out."""
        method = method.upper()
        if self.read_only and method != "GET":
            raise ReadOnlyViolation(f"refused to send {method} {path} in --read-only mode")
        request = self._build(method, path, auth, options)
        self.connection.pacer.wait()
        # A deadline that passes while a write is in flight waits for it to be recorded.
        with self.connection.writes if method != "GET" else contextlib.nullcontext():
            try:
                response = self._client.send(request)
            except httpx.TransportError as error:
                self.connection.health.failed(f"{method} {path}", error)
                raise TargetUnreliable(f"{method} {path} got no answer: {error}") from None
            self.connection.health.answered(response.status_code)
            self.connection.last = response
            run_id = self.connection.run_id
            for created in created_paths(method, path, response, self.api, run_id):
                self.ledger.add(self.key_name, created)
        return response

    def get(self, path: str, **options: Any) -> httpx.Response:
        """Send a GET."""
        return self.request("GET", path, **options)

    def post(self, path: str, json: Any = None, **options: Any) -> httpx.Response:
        """Send a POST with a JSON body."""
        return self.request("POST", path, json=json, **options)

    def update(self, path: str, json: Any = None, **options: Any) -> httpx.Response:
        """Send the API's update (PUT or PATCH) with a JSON body."""
        return self.request(self.api.update_method, path, json=json, **options)

    def delete(self, path: str, **options: Any) -> httpx.Response:
        """Send a DELETE."""
        return self.request("DELETE", path, **options)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()
