"""Records as the client contacts API shows them: the envelope, the pagination object, errors."""

from __future__ import annotations

from typing import Any

from mockserver.query import Page
from mockserver.store import Record

# The vendor document's field order. Optional fields that were never set are left out, as a
# Mongo document leaves them out; the organization is the mock's own and is never shown.
FIELDS = (
    "_id",
    "creator",
    "editor",
    "name",
    "local_name",
    "phone1",
    "phone2",
    "email",
    "title",
    "extra_info",
    "disabled",
    "media",
    "cover_photo",
    "integration_meta",
    "company_namespace",
    "createdAt",
    "updatedAt",
    "__v",
)
# What every stored record has (the rest is optional).
REQUIRED = (
    "_id",
    "organizationId",
    "creator",
    "editor",
    "name",
    "disabled",
    "media",
    "company_namespace",
    "createdAt",
    "updatedAt",
    "__v",
)


def contact(record: Record) -> dict[str, Any]:
    """Render a ClientContact."""
    return {field: record[field] for field in FIELDS if record.get(field) is not None}


def envelope(data: Any) -> dict[str, Any]:
    """Wrap a response's data in the API's envelope."""
    return {"success": True, "data": data}


def pagination(page: Page) -> dict[str, Any]:
    """Render the pagination object: 0 stands for "no such page" in pre_page and next_page."""
    return {
        "page": page.page,
        "per_page": page.limit,
        "pre_page": page.page - 1,
        "next_page": page.page + 1 if page.has_next else 0,
        "total": page.total,
        "total_page": page.total_pages,
    }


def error_body(status: int, messages: str | list[str]) -> dict[str, Any]:
    """Render an error: one sentence in `message`, every violation in `errors`."""
    if isinstance(messages, str):
        return {"success": False, "message": messages, "errors": []}
    summary = "Validation failed" if status == 400 else "; ".join(messages)
    return {"success": False, "message": summary, "errors": list(messages)}
