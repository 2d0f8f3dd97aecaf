"""The staging-like server's undocumented routes: bulk deletes and overwrites.

What a real staging server may have beside its documented API, and a suite must never send
a valid key to: each wipes or rewrites records of the caller's organization.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse, Response

from servers.staging_data import CONTACT_FIELDS, Store

Query = dict[str, str]
Handler = Callable[[str, dict[str, str], Query, Any], Response]


def undocumented(handler: Handler) -> Handler:
    """Mark a route the spec does not show (the server skips spec validation for it)."""
    handler.documented = False  # type: ignore[attr-defined]
    return handler


class Destructive:
    """The undocumented routes over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def routes(self) -> dict[str, dict[str, Handler]]:
        """Return path -> method -> handler, for paths the documented API also has."""
        return {
            "/api/contact": {"DELETE": self.wipe_contacts, "PUT": self.overwrite_contacts},
            "/api/audience": {"DELETE": self.wipe_audiences},
            "/api/contact/{id}": {"PATCH": self.patch_contact},
            "/api/audience/{id}/contacts": {"DELETE": self.empty_audience},
        }

    @undocumented
    def wipe_contacts(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """DELETE /api/contact: deletes every contact of the organization."""
        gone = [self.store.soft_delete(c) for c in self.store.active(self.store.contacts, org)]
        return JSONResponse({"deleted": len(gone)})

    @undocumented
    def wipe_audiences(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """DELETE /api/audience: deletes every audience of the organization."""
        gone = [self.store.soft_delete(a) for a in self.store.active(self.store.audiences, org)]
        return JSONResponse({"deleted": len(gone)})

    @undocumented
    def overwrite_contacts(
        self, org: str, params: dict[str, str], query: Query, body: Any
    ) -> Response:
        """PUT /api/contact: sets the body's fields on every contact of the organization."""
        changes = {k: v for k, v in (body if isinstance(body, dict) else {}).items()
                   if k in CONTACT_FIELDS}  # fmt: skip
        for contact in self.store.active(self.store.contacts, org):
            self.store.touch(contact, changes or {"city": "Overwritten"})
        return JSONResponse({"updated": True})

    @undocumented
    def patch_contact(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """PATCH /api/contact/{id}: changes one contact, unvalidated."""
        found = self.store.contacts.get(params["id"])
        if found is None or found["organizationId"] != org:
            return JSONResponse({"statusCode": 404, "message": "Contact not found"}, 404)
        self.store.touch(found, {"occupation": "Patched"})
        return JSONResponse({"id": found["id"], "patched": True})

    @undocumented
    def empty_audience(self, org: str, params: dict[str, str], query: Query, body: Any) -> Response:
        """DELETE /api/audience/{id}/contacts: removes every member of the audience."""
        self.store.members = {m for m in self.store.members if m[0] != params["id"]}
        return JSONResponse({"emptied": True})
