"""The client contacts API as the suite sees it (`openapi/client-contacts.yaml`)."""

from __future__ import annotations

from typing import Any

from contracts.profile import ApiProfile, Body, Maker, Paging, Resource

# Mixed case, a repeat and absent values in the sort fields: the cases a wrong order shows on.
VARIANTS = ["alpha", "Bravo", None, "charlie", "Bravo"]
EMAILS = [None, "zulu@example.com", "Yankee@example.com", "x@example.com", None]


def client_contact_body(maker: Maker) -> Body:
    """Return a valid create body for a client contact of this run (its name carries the tag)."""
    return {"name": maker.name("Client")}


def sortable_client_contacts(maker: Maker, tag: str) -> list[Body]:
    """Return five bodies, all with `tag` in name, whose sort fields vary (absent included)."""
    bodies = []
    for i, (variant, email) in enumerate(zip(VARIANTS, EMAILS, strict=True)):
        body: dict[str, Any] = {
            "name": f"{tag} {variant or 'delta'}",
            "local_name": variant,
            "title": VARIANTS[-1 - i],
            "email": email,
        }
        bodies.append({k: v for k, v in body.items() if v is not None})
    return bodies


def _links(page: int, pages: int) -> Body:
    return {"pre_page": page - 1, "next_page": page + 1 if page < pages else 0}


def _sort(field: str, descending: bool) -> dict[str, str]:
    return {"sort": f"-{field}" if descending else field}


def _fresh_id(number: int) -> str:
    return f"{number % 16**24:024x}"


CLIENT_CONTACT = Resource(
    name="client-contact",
    path="/client-contacts",
    noun="ClientContact",
    body=client_contact_body,
    marker="name",
    extra={"title": "Buyer", "phone1": "+212612345678", "company_namespace": ["contract"]},
    update={"title": "Head buyer"},
    term=lambda item: str(item["name"]),
    sorting=sortable_client_contacts,
    unsearched="title",
    version="__v",
)
CLIENT_CONTACTS = ApiProfile(
    name="client-contacts",
    spec="client-contacts.yaml",
    key_header="api-key",
    preflight_path="/client-contacts",
    id_field="_id",
    item_key="data",
    error_key="errors",
    paging=Paging("pagination", "page", "per_page", "total", "total_page", _links),
    size_param="per_page",
    sort_param="sort",
    sort_params=_sort,
    update_method="PATCH",
    soft_delete=None,
    resources=(CLIENT_CONTACT,),
    checks=(
        "pagination",
        "limits",
        "lifecycle",
        "search_sort",
        "filters",
        "auth",
        "requests",
        "schemathesis",
    ),
    fresh_id=_fresh_id,
    refs={
        "pagination": "#/components/schemas/Pagination",
        "sort": "#/components/parameters/Sort",
        "search": "#/components/parameters/Search",
        "auth": "#/components/securitySchemes/ClientApiKey",
        "not_found": "#/components/responses/NotFound",
        "bad_request": "#/components/responses/BadRequest",
        "media_type": "#/components/responses/UnsupportedMediaType",
        "too_large": "#/components/responses/PayloadTooLarge",
    },
)
