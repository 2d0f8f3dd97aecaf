"""Records as the Gomobile API shows them: responses, projections and pagination meta."""

from __future__ import annotations

from typing import Any

from mockserver.errors import reason_phrase
from mockserver.fixtures import AttributeDefinition
from mockserver.query import Page
from mockserver.store import Record

CONTACT_FIELDS = (
    "id",
    "organizationId",
    "firstName",
    "lastName",
    "fullName",
    "primaryEmail",
    "primaryPhone",
    "address",
    "city",
    "state",
    "zip",
    "occupation",
    "preferredChannel",
    "gender",
    "channels",
    "createdAt",
    "updatedAt",
    "deletedAt",
    "createdBy",
    "updatedBy",
    "deletedBy",
)
AUDIENCE_FIELDS = (
    "id",
    "organizationId",
    "name",
    "description",
    "createdAt",
    "updatedAt",
    "deletedAt",
    "createdBy",
    "updatedBy",
    "deletedBy",
)
AUDIENCE_CONTACT_FIELDS = (
    "id",
    "organizationId",
    "firstName",
    "lastName",
    "primaryPhone",
    "primaryEmail",
    "createdAt",
    "updatedAt",
)


def channels(record: Record) -> list[dict[str, Any]]:
    """Render the stored channel types as ContactChannel objects (the spec's mapping)."""
    rendered = []
    for kind in record["channels"]:
        value = record["primaryEmail"] if kind == "email" else record["primaryPhone"]
        if value is not None:
            primary = kind == record["preferredChannel"]
            rendered.append({"type": kind, "value": value, "isPrimary": primary})
    return rendered


def contact(record: Record) -> dict[str, Any]:
    """Render a ContactResponse (no custom attributes: lists and writes leave them out)."""
    body = {field: record[field] for field in CONTACT_FIELDS}
    body["channels"] = channels(record)
    return body


def contact_with_attributes(
    record: Record, definitions: tuple[AttributeDefinition, ...]
) -> dict[str, Any]:
    """Render a ContactWithAttributesResponse: attributes in the organization's order."""
    values = record["customAttributes"]
    body = contact(record)
    body["customAttributes"] = [
        {
            "name": d.name,
            "displayName": d.display_name,
            "description": d.description,
            "type": d.type,
            "value": values[d.name],
            "isLocked": d.is_locked,
        }
        for d in definitions
        if d.name in values
    ]
    return body


def audience(record: Record) -> dict[str, Any]:
    """Render an AudienceResponse."""
    return {field: record[field] for field in AUDIENCE_FIELDS}


def audience_contact(record: Record) -> dict[str, Any]:
    """Render the short projection of a contact in an audience's contact list."""
    return {field: record[field] for field in AUDIENCE_CONTACT_FIELDS}


def meta(page: Page) -> dict[str, Any]:
    """Render PaginationMeta."""
    return {
        "page": page.page,
        "limit": page.limit,
        "total": page.total,
        "totalPages": page.total_pages,
        "hasNextPage": page.has_next,
        "hasPreviousPage": page.has_previous,
    }


def error_body(status: int, messages: str | list[str]) -> dict[str, Any]:
    """Render the NestJS error body: statusCode, message (one or one per violation), error."""
    return {"statusCode": status, "message": messages, "error": reason_phrase(status)}
