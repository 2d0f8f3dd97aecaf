"""The workload: paths, search terms and ids picked from the seeded data; fresh phones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from harness.config import COMMON_CANDIDATES, KEY


@dataclass
class Workload:
    """What the requests of one data size ask for."""

    size: str
    contacts: int
    ids: list[str]
    rare: str
    rare_total: int
    common: str
    common_total: int
    sort_total: int
    paths: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        def listing(**params: Any) -> str:
            return "/api/contact?" + urlencode({"page": 1, "limit": 20, **params})

        self.paths = {
            "list": [listing()],
            "search_rare": [listing(search=self.rare)],
            "search_common": [listing(search=self.common)],
            "sort": [listing(sortBy="lastName", sortOrder="asc")],
            "get": [f"/api/contact/{contact_id}" for contact_id in self.ids],
            "create": ["/api/contact"],
            "upsert": ["/api/contact/upsert"],
        }

    def summary(self) -> dict[str, Any]:
        """Return the workload's figures and terms, without its paths and ids."""
        return {k: v for k, v in vars(self).items() if k not in ("paths", "ids")}


def _listing(client: httpx.Client, **params: Any) -> dict[str, Any]:
    """Return the body of GET /api/contact (page 1, limit 100 unless `params` say otherwise)."""
    response = client.get("/api/contact", params={"page": 1, "limit": 100, **params})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def _total(client: httpx.Client, **params: Any) -> int:
    """Return how many contacts a list request with `params` matches."""
    total: int = _listing(client, limit=1, **params)["meta"]["total"]
    return total


def discover(size: str, base_url: str) -> Workload:
    """Pick the ids and search terms of `size` from the server's seeded data."""
    with httpx.Client(base_url=base_url, headers={"x-api-key": KEY}, timeout=30) as client:
        first = _listing(client)
        items = first["data"]
        # A full phone number matches one contact (its digits could match a few more).
        rare = items[37 % len(items)]["primaryPhone"]
        common, common_total = max(
            ((term, _total(client, search=term)) for term in COMMON_CANDIDATES),
            key=lambda pair: pair[1],
        )
        return Workload(
            size=size,
            contacts=first["meta"]["total"],
            ids=[item["id"] for item in items],
            rare=rare,
            rare_total=_total(client, search=rare),
            common=common,
            common_total=common_total,
            sort_total=_total(client, sortBy="lastName", sortOrder="asc"),
        )


class Phones:
    """Hands out blocks of reserved phones (+999 and 11 digits): every create is new."""

    BLOCK = 10**9

    def __init__(self) -> None:
        self._next = 1

    def block(self) -> int:
        """Return the first number of a block no other measurement uses."""
        base = self._next * self.BLOCK
        self._next += 1
        if self._next >= 100:
            raise RuntimeError("out of reserved phone blocks")
        return base


def contact_body(phone: int) -> dict[str, Any]:
    """Return a minimal new contact with the reserved phone `phone`."""
    return {"primaryPhone": f"+999{phone:011d}", "firstName": "Bench", "lastName": "Load"}
