"""The server under test, as the suite talks to it: one API key, every write recorded."""

from __future__ import annotations

from typing import Any

import httpx

from contracts.errors import ReadOnlyViolation
from contracts.ledger import Ledger
from contracts.profile import ApiProfile


def created_paths(method: str, path: str, response: httpx.Response, id_field: str) -> list[str]:
    """Return the paths of the resources a response says it created.

    A 201 to POST /collection creates /collection/{id}, the id in the body or in its `data`
    envelope; a 201 to a bulk action such as POST /collection/upsert returns the collection's
    items in `data`.
    """
    if method != "POST" or response.status_code != 201:
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    data = body.get("data") if isinstance(body, dict) else None
    for item in (body, data):
        if isinstance(item, dict) and isinstance(item.get(id_field), str):
            return [f"{path.rstrip('/')}/{item[id_field]}"]
    if isinstance(data, list):
        collection = path.rstrip("/").rsplit("/", 1)[0]
        return [
            f"{collection}/{i[id_field]}" for i in data if isinstance(i, dict) and id_field in i
        ]
    return []


class Target:
    """An HTTP client for one API key that refuses writes in read-only mode."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        ledger: Ledger,
        api: ApiProfile,
        key_name: str = "primary",
        read_only: bool = False,
        timeout: float = 30.0,
    ) -> None:
        self.base_url, self.key_name, self.read_only = base_url.rstrip("/"), key_name, read_only
        self.ledger, self.api = ledger, api
        self._client = httpx.Client(
            base_url=self.base_url, headers={api.key_header: api_key}, timeout=timeout
        )

    def request(
        self, method: str, path: str, *, auth: bool = True, **options: Any
    ) -> httpx.Response:
        """Send one request; record what it created. `auth=False` leaves the key out."""
        method = method.upper()
        if self.read_only and method != "GET":
            raise ReadOnlyViolation(f"refused to send {method} {path} in --read-only mode")
        header = self.api.key_header
        if not auth:
            options["headers"] = {**options.get("headers", {}), header: ""}
        request = self._client.build_request(method, path, **options)
        if not auth:
            del request.headers[header]
        response = self._client.send(request)
        for created in created_paths(method, path, response, self.api.id_field):
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
