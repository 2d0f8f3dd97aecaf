"""The staging-like server's operations: what each route does to the store, and its answer.

Requests arrive authenticated and validated against the spec (see `staging_like`); each
handler takes (organization, path parameters, query, body) and returns the response.
"""

from __future__ import annotations

import math
from typing import Any

from starlette.responses import JSONResponse, Response

from servers.staging_data import ATTRIBUTES, CONTACT_FIELDS, Choices, Record, Store
from servers.staging_destructive import Destructive, Handler, Query

CONTACT_SEARCH = ("firstName", "lastName", "fullName", "primaryPhone", "primaryEmail")
MEMBER_FIELDS = ("id", "organizationId", "firstName", "lastName", "primaryPhone",
                 "primaryEmail", "createdAt", "updatedAt")  # fmt: skip
HIDDEN = ("customAttributes",)
REASONS = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
           409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type",
           500: "Internal Server Error", 503: "Service Unavailable"}  # fmt: skip


def error(status: int, message: str | list[str]) -> JSONResponse:
    """Return the API's error body (NestJS style)."""
    body = {"statusCode": status, "message": message, "error": REASONS.get(status, "Error")}
    return JSONResponse(body, status_code=status)


def _json(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def contact_view(record: Record, attributes: bool = False) -> Record:
    """Render a contact; `attributes` adds its custom attributes (get by id)."""
    view = {k: v for k, v in record.items() if k not in HIDDEN}
    view["channels"] = [
        {"type": kind, "value": record["primaryPhone"], "isPrimary": i == 0}
        for i, kind in enumerate(record["channels"])
    ]
    if attributes:
        view["customAttributes"] = [
            {"name": n, "displayName": n.title(), "description": None, "type": "string",
             "value": v, "isLocked": False}
            for n, v in record["customAttributes"].items()
        ]  # fmt: skip
    return view


def _sort_key(value: Any, fold: bool) -> tuple[Any, ...]:
    if value is None:
        return (2,)
    if isinstance(value, str):
        return (1, value.casefold() if fold else value)
    return (0, value)


def page_of(
    items: list[Record], query: Query, searched: tuple[str, ...], fold: bool = True
) -> Record:
    """Search, sort (strings case-folded when `fold`) and paginate `items` as the query says."""
    term = query.get("search", "").casefold()
    if term:
        items = [i for i in items if any(term in str(i.get(f) or "").casefold() for f in searched)]
    field, descending = query.get("sortBy", "createdAt"), query.get("sortOrder", "desc") == "desc"
    items = sorted(
        items, key=lambda i: (_sort_key(i.get(field), fold), i["id"]), reverse=descending
    )
    page, limit = int(query.get("page", 1)), int(query.get("limit", 20))
    pages = math.ceil(len(items) / limit) if items else 0
    meta = {"page": page, "limit": limit, "total": len(items), "totalPages": pages,
            "hasNextPage": page < pages, "hasPreviousPage": page > 1}  # fmt: skip
    return {"data": items[(page - 1) * limit : page * limit], "meta": meta}


def _bad_attributes(body: Record) -> list[str]:
    values = body.get("customAttributes") or {}
    return [
        f"customAttributes.{name} is not an attribute of the organization, or of another type"
        for name, value in values.items()
        if name not in ATTRIBUTES or not isinstance(value, ATTRIBUTES[name])
    ]


class Rules:
    """The operations of the Gomobile API over one store."""

    def __init__(self, store: Store, choices: Choices) -> None:
        self.store, self.choices = store, choices
        self.audience_search = ("name", "description")
        self.fold = not choices.code_point_sort

    def routes(self, destructive: bool) -> dict[str, dict[str, Handler]]:
        """Return path -> method -> handler (the undocumented ones when `destructive`)."""
        table: dict[str, dict[str, Handler]] = {
            "/api/contact": {"GET": self.list_contacts, "POST": self.create_contact},
            "/api/contact/upsert": {"POST": self.upsert},
            "/api/contact/{id}": {"GET": self.get_contact, "PUT": self.update_contact,
                                  "DELETE": self.delete_contact},
            "/api/audience": {"GET": self.list_audiences, "POST": self.create_audience},
            "/api/audience/{id}": {"GET": self.get_audience, "PUT": self.update_audience,
                                   "DELETE": self.delete_audience},
            "/api/audience/{id}/contacts": {"GET": self.audience_contacts},
            "/api/audience/{id}/add-contacts": {"POST": self.add_contacts},
        }  # fmt: skip
        if destructive:
            for path, handlers in Destructive(self.store).routes().items():
                table[path].update(handlers)
        return table

    # Contacts ----------------------------------------------------------------------------

    def _listed(self, found: Record) -> Response:
        if self.choices.lists_without_meta:
            return _json({"data": found["data"]})
        return _json(found)

    def list_contacts(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """GET /api/contact."""
        found = page_of(
            self.store.active(self.store.contacts, org), query, CONTACT_SEARCH, self.fold
        )
        return self._listed({**found, "data": [contact_view(c) for c in found["data"]]})

    def create_contact(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """POST /api/contact."""
        if problems := _bad_attributes(body):
            return error(400, problems)
        if self.store.by_phone(org, body["primaryPhone"]):
            return error(409, f"a contact with primaryPhone {body['primaryPhone']} exists")
        return _json(contact_view(self.store.new_contact(org, body)), 201)

    def upsert(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """POST /api/contact/upsert: match by phone, all items or none."""
        problems = [f"data.{i}.{p}" for i, item in enumerate(body["data"])
                    for p in _bad_attributes(item)]  # fmt: skip
        if problems:
            return error(400, problems)
        created = updated = 0
        results = []
        for item in body["data"]:
            found = self.store.by_phone(org, item["primaryPhone"])
            if found is None:
                found, created = self.store.new_contact(org, item), created + 1
            else:
                self.store.touch(found, {k: v for k, v in item.items() if k in CONTACT_FIELDS})
                updated += 1
            results.append(contact_view(found))
        return _json({"created": created, "updated": updated, "data": results}, 201)

    def _contact(self, org: str, params: dict[str, str]) -> Record | None:
        return self.store.find(self.store.contacts, org, params["id"])

    def get_contact(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """GET /api/contact/{id}."""
        found = self._contact(org, params)
        return _json(contact_view(found, True)) if found else error(404, "Contact not found")

    def update_contact(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """PUT /api/contact/{id}: a partial update; null clears."""
        found = self._contact(org, params)
        if found is None:
            return error(404, "Contact not found")
        if problems := _bad_attributes(body):
            return error(400, problems)
        owner = self.store.by_phone(org, body.get("primaryPhone", found["primaryPhone"]))
        if owner is not None and owner is not found:
            return error(409, f"a contact with primaryPhone {body['primaryPhone']} exists")
        changes = {k: v for k, v in body.items() if k in (*CONTACT_FIELDS, "channels")}
        return _json(contact_view(self.store.touch(found, {**changes, "channels":
                     changes.get("channels") or found["channels"]})))  # fmt: skip

    def delete_contact(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """DELETE /api/contact/{id}: a soft delete."""
        found = self._contact(org, params)
        return (
            _json(contact_view(self.store.soft_delete(found)))
            if found
            else error(404, "Contact not found")
        )

    # Audiences ---------------------------------------------------------------------------

    def _audience_view(self, record: Record) -> Record:
        return {**record, "contactCount": self.store.member_count(record["id"])}

    def list_audiences(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """GET /api/audience."""
        found = page_of(
            self.store.active(self.store.audiences, org), query, self.audience_search, self.fold
        )
        return self._listed({**found, "data": [self._audience_view(a) for a in found["data"]]})

    def create_audience(
        self, org: str, params: dict[str, str], query: Query, body: Any
    ) -> Response:
        """POST /api/audience."""
        return _json(self.store.new_audience(org, body), 201)

    def _audience(self, org: str, params: dict[str, str]) -> Record | None:
        return self.store.find(self.store.audiences, org, params["id"])

    def get_audience(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """GET /api/audience/{id}."""
        found = self._audience(org, params)
        return _json(found) if found else error(404, "Audience not found")

    def update_audience(
        self, org: str, params: dict[str, str], query: Query, body: Any
    ) -> Response:
        """PUT /api/audience/{id}."""
        found = self._audience(org, params)
        return _json(self.store.touch(found, body)) if found else error(404, "Audience not found")

    def delete_audience(
        self, org: str, params: dict[str, str], query: Query, body: Any
    ) -> Response:
        """DELETE /api/audience/{id}: a soft delete."""
        found = self._audience(org, params)
        return _json(self.store.soft_delete(found)) if found else error(404, "Audience not found")

    def audience_contacts(
        self, org: str, params: dict[str, str], query: Query, body: Any
    ) -> Response:
        """GET /api/audience/{id}/contacts."""
        if self._audience(org, params) is None:
            return error(404, "Audience not found")
        members = [self.store.contacts[c] for a, c in self.store.members if a == params["id"]]
        active = [c for c in members if not c["deletedAt"]]
        found = page_of(active, query, ("firstName", "lastName", "primaryPhone"), self.fold)
        data = [{f: c[f] for f in MEMBER_FIELDS} for c in found["data"]]
        return self._listed({**found, "data": data})

    def add_contacts(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """POST /api/audience/{id}/add-contacts: all ids or none."""
        if self._audience(org, params) is None:
            return error(404, "Audience not found")
        ids = body["contacts"]
        unknown = [i for i in ids if self.store.find(self.store.contacts, org, i) is None]
        if unknown:
            return error(404, f"contacts not found: {', '.join(unknown)}")
        self.store.members.update((params["id"], i) for i in ids)
        return _json(ids, 201)
