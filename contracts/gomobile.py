"""The Gomobile contacts & audiences API as the suite sees it (`openapi/gomobile.yaml`)."""

from __future__ import annotations

import uuid
from typing import Any

from contracts.profile import ApiProfile, Body, Maker, Paging, Resource

# Mixed case, a repeat and nulls in the sort fields: the cases a wrong order shows on.
FIRST_NAMES = ["alpha", "Bravo", None, "charlie", "Bravo"]
EMAILS = [None, "zulu@example.com", "Yankee@example.com", "x@example.com", None]


def contact_body(maker: Maker) -> Body:
    """Return a valid create body for a contact of this run (tagged, reserved phone)."""
    return {
        "primaryPhone": maker.phone(),
        "firstName": "Contract",
        "lastName": maker.name("Check")[:64],
    }


def audience_body(maker: Maker) -> Body:
    """Return a valid create body for an audience of this run."""
    return {"name": maker.name("Audience")[:64]}


def sortable_contacts(maker: Maker, tag: str) -> list[Body]:
    """Return five contact bodies, all with `tag` in fullName, whose sort fields vary."""
    bodies = []
    for first, email in zip(FIRST_NAMES, EMAILS, strict=True):
        body: dict[str, Any] = {
            **contact_body(maker),
            "fullName": f"{tag} Sort",
            "lastName": f"{maker.token()} {first}",
            "firstName": first,
            "primaryEmail": email,
        }
        bodies.append({k: v for k, v in body.items() if v is not None})
    return bodies


def _links(page: int, pages: int) -> Body:
    return {"hasNextPage": page < pages, "hasPreviousPage": page > 1}


def _sort(field: str, descending: bool) -> dict[str, str]:
    return {"sortBy": field, "sortOrder": "desc" if descending else "asc"}


def _fresh_id(number: int) -> str:
    return str(uuid.UUID(int=number % 2**128, version=4))


CONTACT = Resource(
    name="contact",
    path="/api/contact",
    noun="Contact",
    body=contact_body,
    marker="fullName",
    extra={"city": "Rabat", "occupation": "Teacher"},
    update={"occupation": "Principal"},
    term=lambda item: str(item["primaryPhone"]),
    sorting=sortable_contacts,
    unsearched="city",
    unique="primaryPhone",
)
AUDIENCE = Resource(
    name="audience",
    path="/api/audience",
    noun="Audience",
    body=audience_body,
    marker="name",
    extra={"description": "Made by the contract suite"},
    update={"description": "Changed by the contract suite"},
    term=lambda item: str(item["name"]),
)
GOMOBILE = ApiProfile(
    name="gomobile",
    spec="gomobile.yaml",
    key_header="x-api-key",
    preflight_path="/api/contact",
    id_field="id",
    item_key=None,
    error_key="message",
    paging=Paging("meta", "page", "limit", "total", "totalPages", _links),
    size_param="limit",
    sort_param="sortBy",
    sort_params=_sort,
    update_method="PUT",
    soft_delete="deletedAt",
    resources=(CONTACT, AUDIENCE),
    checks=(
        "pagination",
        "limits",
        "lifecycle",
        "upsert",
        "search_sort",
        "audiences",
        "auth",
        "requests",
        "schemathesis",
    ),
    fresh_id=_fresh_id,
    dropped_fields=("customAttributes",),
    id_lists=("contacts",),
    refs={
        "pagination": "#/components/schemas/PaginationMeta",
        "sort": "#/components/parameters/SortOrder",
        "search": "#/components/parameters/Search",
        "auth": "#/components/securitySchemes/ApiKeyAuth",
        "not_found": "#/components/responses/NotFound",
        "bad_request": "#/components/responses/BadRequest",
        "media_type": "#/components/responses/UnsupportedMediaType",
        "too_large": "#/components/responses/PayloadTooLarge",
    },
)
