"""The server under test, as the suite talks to it: one API key, every write recorded."""

from __future__ import annotations

from typing import Any

import httpx

from contracts.errors import ReadOnlyViolation
from contracts.ledger import Ledger

ID_FIELD = "id"


def created_paths(method: str, path: str, response: httpx.Response) -> list[str]:
    """Return the paths of the resources a response says it created.

    A 201 to POST /collection creates /collection/{id}; a 201 to a bulk action such as
    POST /collection/upsert returns the collection's items in `data`.
    """
    if method != "POST" or response.status_code != 201:
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    if isinstance(body, dict) and isinstance(body.get(ID_FIELD), str):
        return [f"{path.rstrip('/')}/{body[ID_FIELD]}"]
    items = body.get("data") if isinstance(body, dict) else None
    if isinstance(items, list):
        collection = path.rstrip("/").rsplit("/", 1)[0]
        return [
            f"{collection}/{i[ID_FIELD]}" for i in items if isinstance(i, dict) and ID_FIELD in i
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
        key_name: str = "primary",
        read_only: bool = False,
        timeout: float = 30.0,
    ) -> None:
        self.base_url, self.key_name, self.read_only = base_url.rstrip("/"), key_name, read_only
        self.ledger = ledger
        self.key_variable = (
            "CONTACTKIT_API_KEY" if key_name == "primary" else "CONTACTKIT_OTHER_API_KEY"
        )
        self._client = httpx.Client(
            base_url=self.base_url, headers={"x-api-key": api_key}, timeout=timeout
        )

    def request(
        self, method: str, path: str, *, auth: bool = True, **options: Any
    ) -> httpx.Response:
        """Send one request; record what it created. `auth=False` leaves the key out."""
        method = method.upper()
        if self.read_only and method != "GET":
            raise ReadOnlyViolation(f"refused to send {method} {path} in --read-only mode")
        if not auth:
            options["headers"] = {**options.get("headers", {}), "x-api-key": ""}
        request = self._client.build_request(method, path, **options)
        if not auth:
            del request.headers["x-api-key"]
        response = self._client.send(request)
        for created in created_paths(method, path, response):
            self.ledger.add(self.key_name, created)
        return response

    def get(self, path: str, **options: Any) -> httpx.Response:
        """Send a GET."""
        return self.request("GET", path, **options)

    def post(self, path: str, json: Any = None, **options: Any) -> httpx.Response:
        """Send a POST with a JSON body."""
        return self.request("POST", path, json=json, **options)

    def put(self, path: str, json: Any = None, **options: Any) -> httpx.Response:
        """Send a PUT with a JSON body."""
        return self.request("PUT", path, json=json, **options)

    def delete(self, path: str, **options: Any) -> httpx.Response:
        """Send a DELETE."""
        return self.request("DELETE", path, **options)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()
