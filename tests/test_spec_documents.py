"""The Gomobile spec: it routes in Connexion, shows the vendor documents' examples as named
examples, and marks every decision the documents do not cover (issue 2) with `x-assumption`.

What holds for every spec (valid 3.0.3, loads in every tool, valid examples, well-formed
markers) is checked for all of them in tests/test_spec_common.py.
"""

from pathlib import Path
from typing import Any

import connexion
import pytest
from connexion.resolver import Resolver
from spec_walk import (
    HTTP_METHODS,
    Schema,
    at_pointer,
    deref,
)

from contactkit.resources import spec_file

SPEC_PATH: Path = spec_file("gomobile.yaml")
OPERATION_IDS = {
    "listContacts",
    "getContact",
    "createContact",
    "upsertContacts",
    "updateContact",
    "deleteContact",
    "listAudiences",
    "getAudience",
    "listAudienceContacts",
    "createAudience",
    "addAudienceContacts",
    "updateAudience",
    "deleteAudience",
}


# ---------------------------------------------------------------------------------------------
# It routes in Connexion
# ---------------------------------------------------------------------------------------------


def test_spec_loads_in_connexion_with_every_operation() -> None:
    resolved: set[str] = set()

    def _dummy() -> None:
        return None

    def function_resolver(operation_id: str) -> Any:
        resolved.add(operation_id)
        return _dummy

    app = connexion.AsyncApp(__name__)
    app.add_api(SPEC_PATH, resolver=Resolver(function_resolver=function_resolver))
    # Connexion builds its routes (and calls the resolver) when it serves its first request.
    with app.test_client() as client:
        client.get("/openapi.json")
    assert resolved == OPERATION_IDS


# ---------------------------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------------------------


DOCUMENTED_EXAMPLES = [
    # (operation, "requestBody" or a response status): the vendor documents show an example.
    pytest.param("listContacts", "200", id="listContacts.200"),
    pytest.param("getContact", "200", id="getContact.200"),
    pytest.param("createContact", "requestBody", id="createContact.requestBody"),
    pytest.param("createContact", "201", id="createContact.201"),
    pytest.param("upsertContacts", "requestBody", id="upsertContacts.requestBody"),
    pytest.param("updateContact", "requestBody", id="updateContact.requestBody"),
    pytest.param("updateContact", "200", id="updateContact.200"),
    pytest.param("listAudiences", "200", id="listAudiences.200"),
    pytest.param("getAudience", "200", id="getAudience.200"),
    pytest.param("listAudienceContacts", "200", id="listAudienceContacts.200"),
    pytest.param("createAudience", "requestBody", id="createAudience.requestBody"),
    pytest.param("createAudience", "201", id="createAudience.201"),
    pytest.param("addAudienceContacts", "requestBody", id="addAudienceContacts.requestBody"),
    pytest.param("addAudienceContacts", "201", id="addAudienceContacts.201"),
    pytest.param("updateAudience", "requestBody", id="updateAudience.requestBody"),
    pytest.param("updateAudience", "200", id="updateAudience.200"),
]


@pytest.mark.parametrize(("operation_id", "where"), DOCUMENTED_EXAMPLES)
def test_documented_example_is_a_named_example(
    gomobile_spec: Schema, operation_id: str, where: str
) -> None:
    operations = [
        operation
        for path_item in gomobile_spec.get("paths", {}).values()
        for method, operation in path_item.items()
        if method in HTTP_METHODS and operation.get("operationId") == operation_id
    ]
    assert len(operations) == 1, f"{operation_id} is not exactly one operation"
    operation = operations[0]
    holder = operation.get("requestBody") if where == "requestBody" else None
    if holder is None:
        responses = {str(code): response for code, response in operation["responses"].items()}
        holder = responses.get(where, {})
    media = deref(gomobile_spec, holder).get("content", {}).get("application/json", {})
    assert media.get("examples"), f"{operation_id} {where} has no named example"


# ---------------------------------------------------------------------------------------------
# Marked decisions (issue 2): pointers that must carry `x-assumption: true`. A `$ref` met on
# the way or at the end is followed, so a pointer may name the place of use (an operation's
# 409 response) while the marker sits on the shared component it references.
# ---------------------------------------------------------------------------------------------

ASSUMPTION_POINTERS = [
    # The brief's minimum:
    "/components/securitySchemes/ApiKeyAuth",
    "/components/schemas/ErrorResponse",
    "/paths/~1api~1contact/post/responses/409",
    "/paths/~1api~1contact~1{id}/put/responses/409",
    "/paths/~1api~1contact~1upsert/post",
    "/paths/~1api~1audience~1{id}~1add-contacts/post",
    "/paths/~1api~1contact~1{id}/put",
    "/paths/~1api~1audience~1{id}/put",
    "/components/parameters/Page",
    "/components/parameters/Limit",
    "/components/parameters/Search",
    "/components/parameters/SortOrder",
    # sortBy's default (createdAt) and "unknown sortBy is 400" are decisions on every list:
    "/paths/~1api~1contact/get/parameters/3",
    "/paths/~1api~1audience/get/parameters/3",
    "/paths/~1api~1audience~1{id}~1contacts/get/parameters/3",
    "/components/schemas/CreateContactRequest/properties/channels",
    "/components/schemas/ContactResponse/properties/channels/items",
    # Further decisions of issue 2:
    "/components/schemas/PaginationMeta",
    "/components/schemas/UpdateContactRequest",
    "/components/schemas/UpdateAudienceRequest",
    "/components/schemas/UpsertContactRequest/properties/data",
    "/components/schemas/UpsertContactResponse",
    "/components/schemas/AddContactsRequest/properties/contacts",
    "/components/schemas/CreateContactRequest/properties/customAttributes",
    "/components/schemas/ContactResponse/properties/createdAt",
    "/components/schemas/AudienceWithCountResponse/allOf/1",
    "/components/parameters/ContactId",
    "/components/parameters/AudienceId",
    "/paths/~1api~1contact~1{id}/delete",
    "/paths/~1api~1audience~1{id}/delete",
    "/paths/~1api~1contact/get/responses/400",
    "/paths/~1api~1contact/get/responses/401",
    "/paths/~1api~1contact~1{id}/get/responses/404",
    "/paths/~1api~1contact/post/responses/413",
]


@pytest.mark.parametrize("pointer", [pytest.param(p, id=p) for p in ASSUMPTION_POINTERS])
def test_decision_is_marked_as_assumption(gomobile_spec: Schema, pointer: str) -> None:
    node = at_pointer(gomobile_spec, pointer)
    marked = node.get("x-assumption") is True or deref(gomobile_spec, node).get("x-assumption")
    assert marked is True, f"{pointer} carries no x-assumption: true"
